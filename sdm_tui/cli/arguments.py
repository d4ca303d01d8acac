"""What several commands share: a date argument, and stopping at a usage mistake."""

from __future__ import annotations

import argparse
from datetime import date
from typing import NoReturn

from sdm_tui.i18n import _


def iso_date(text: str) -> date:
    """An argparse type: a day written YYYY-MM-DD (used by `check` and `report`)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a date like 2027-01-31").format(text=repr(text))
        ) from None


def usage_mistake(args: argparse.Namespace, message: str) -> NoReturn:
    """Print the command's usage and `message` to stderr; exit 2.

    The command's `configure` sets `usage_error` (its parser's `error`) as a default."""
    args.usage_error(message)
    raise SystemExit(2)  # argparse's error() has already exited
