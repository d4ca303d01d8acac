"""Make text from aid files and keyboards safe to show in a terminal and to export.

Terminals act on control characters: ESC starts sequences that retitle the window, write
the clipboard or clear the screen. Bidirectional controls reorder what is displayed
(Trojan Source, CVE-2021-42574). Such characters are replaced by visible stand-ins so
that what was typed is still seen, but can do nothing.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

# C0 except tab and newline, DEL, and C1.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟, e.g. ESC becomes ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def _bidi_marker(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"


def neutralise(text: str) -> str:
    """Return `text` with control and bidirectional characters made visible and inert."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(_control_picture, text)
    return _BIDI.sub(_bidi_marker, text)


def find_bidi_controls(text: str) -> list[int]:
    """Offsets of bidirectional control characters in `text`."""
    return [match.start() for match in _BIDI.finditer(text)]
