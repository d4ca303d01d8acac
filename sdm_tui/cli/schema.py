"""`sdm-tui schema [-o FILE]`: the JSON Schema of the aid format, printed or written.

Exit status: 0 printed or written, 1 the file could not be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sdm_tui.i18n import _


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui schema` on `parser` (a sub-command's parser)."""
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help=_("write it to FILE"))


def run(args: argparse.Namespace) -> int:
    """Print the schema, or write it to `--output`."""
    from sdm_tui.aid.json_schema import schema_text

    text = schema_text()
    if args.output is None:
        print(text, end="")
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        print(
            _("sdm-tui schema: cannot write {file}: {reason}").format(
                file=args.output, reason=error.strerror
            ),
            file=sys.stderr,
        )
        return 1
    print(_("wrote {file}").format(file=args.output), file=sys.stderr)
    return 0
