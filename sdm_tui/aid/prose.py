"""An author's text as paragraphs: the one rule every screen and export follows.

In a TOML multi-line string a single line break is only where the author's editor wrapped
the line: it is read as a space. A blank line starts a new paragraph.
"""

from __future__ import annotations

import re

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs, each on one line; empty paragraphs dropped."""
    parts = _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [" ".join(part.split()) for part in parts if part.strip()]


def flow(text: str) -> str:
    """The text re-flowed: single line breaks become spaces, paragraphs are separated by
    one blank line."""
    return "\n\n".join(paragraphs(text))
