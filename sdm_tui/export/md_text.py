"""Put typed text into Markdown so that it shows as typed and can do nothing else.

Whatever a patient, clinician or aid author wrote may contain HTML, links, headings or
table pipes. Renderers pass raw HTML through, so `<`, `>` and `&` become entities.
Characters with a meaning anywhere in a line (emphasis, code, links, tables,
strikethrough, math) are always backslash-escaped; those that only mean something at the
start of a line (headings, list items, setext underlines, thematic breaks) are escaped
there. CommonMark lets any ASCII punctuation be escaped, and the escape shows the
character itself. Bare URLs are kept from being auto-linked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from sdm_tui.export.timefmt import from_iso
from sdm_tui.store.text import neutralise

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ALWAYS = "\\`*_{}[]()|~$"
_TRANSLATION = str.maketrans({**{ch: "\\" + ch for ch in _ALWAYS}, **_ENTITIES})
# At a line start (after any indent): ATX heading, list item, setext underline, "1." list.
_LINE_START = re.compile(r"^([ \t]*)([#+=-]|\d+\.(?=[ \t]|$))", re.MULTILINE)
_AUTOLINK = re.compile(r"(://|(?<![\w.])www\.)", re.IGNORECASE)
_WHITESPACE_RUN = re.compile(r"[ \t]*\n\s*")


def _line_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    return f"{indent}{marker[:-1]}\\{marker[-1]}"


def _autolink(match: re.Match[str]) -> str:
    found = match.group()
    return found.replace(":", "\\:") if found == "://" else found[:-1] + "\\."


def _escape(text: str) -> str:
    text = text.translate(_TRANSLATION)
    text = _LINE_START.sub(_line_start, text)
    return _AUTOLINK.sub(_autolink, text)


def md_escape(text: str) -> str:
    """`text` made inert in Markdown: no HTML, links, emphasis, headings, lists or tables.

    Control and bidi characters are neutralised first; line breaks are kept (see
    `md_inline` and `md_block` for places where they would matter).
    """
    return _escape(neutralise(str(text)))


def md_inline(text: str) -> str:
    """Escaped text on one line: for table cells, list items and headings."""
    return _escape(_WHITESPACE_RUN.sub(" ", neutralise(str(text)).strip()))


def md_block(text: str) -> str:
    """Escaped free text as a block quote, its line breaks kept as hard breaks."""
    lines = [line.strip() for line in md_escape(str(text).strip()).split("\n")]
    return "  \n".join(f"> {line}" if line else ">" for line in lines)


def md_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table of cells that are already escaped (use `md_inline`)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def md_time(value: str | None) -> str:
    """A record time as "2026-11-26 04:12 UTC" (escaped as typed if it is not a time)."""
    if value is None:
        return "not recorded"
    try:
        moment: datetime = from_iso(value)
    except (TypeError, ValueError):
        return md_inline(str(value))
    return moment.strftime("%Y-%m-%d %H:%M UTC")
