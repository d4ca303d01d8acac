"""Write the user's settings file: atomically, as plain `key = value` TOML lines."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

from sdm_tui.i18n import _
from sdm_tui.settings.declarations import SETTING_BY_NAME, SETTINGS
from sdm_tui.settings.resolve import (
    FileSettings,
    check_value,
    read_settings_file,
    user_settings_path,
)
from sdm_tui.store.atomic import write_atomic

# The settings file is shared by whoever uses this account, in any language: English.
HEADER = (
    "# sdm-tui settings, written by the settings screen.\n"  # i18n: not shown
    "# Every setting, its default and its environment variable: docs/settings.md\n"
)

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(
                _("{value} cannot be written to a settings file").format(value=repr(value))
            )
        return str(int(number)) if number.is_integer() else repr(number)
    if isinstance(value, (str, Path)):
        return toml_string(str(value))
    raise TypeError(f"{type(value).__name__} cannot be written to a settings file")


def settings_text(values: Mapping[str, object]) -> str:
    """The file for `values` (None: not written, so the default applies), in declared order."""
    lines = [HEADER]
    for setting in SETTINGS:
        value = values.get(setting.name)
        if value is not None:
            lines.append(f"{setting.name} = {toml_value(value)}\n")
    return "".join(lines)


def save_user_settings(values: Mapping[str, object], path: Path | None = None) -> Path:
    """Replace the user file with exactly `values` (each checked first); return its path."""
    path = user_settings_path() if path is None else path
    checked = {}
    for name, value in values.items():
        if value is not None:
            checked[name] = check_value(SETTING_BY_NAME[name], value)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(path, settings_text(checked).encode("utf-8"), overwrite=True, mode=0o600)
    return path


def update_user_settings(changes: Mapping[str, object], path: Path | None = None) -> Path:
    """Keep the user file's valid values, apply `changes` (None removes one), save."""
    path = user_settings_path() if path is None else path
    current: FileSettings = read_settings_file(path, [])
    values = {**current.values, **changes}
    return save_user_settings(values, path)
