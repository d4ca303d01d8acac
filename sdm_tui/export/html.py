"""Printable HTML from a consultation record: one self-contained file per audience.

The content is `document.build_document`'s, the same as the Markdown copy's; only the
form differs. The file loads nothing and runs nothing: no scripts, no outside resources,
a Content-Security-Policy that forbids both, styles inline, icon arrays drawn as inline
SVG with a text equivalent. Every text is escaped with `html.escape(quote=True)` after
control and bidirectional characters are neutralised. Print styles fit A4 and US Letter.

The same block writer makes the XHTML narrative of each FHIR section (`narrative_div`):
it only uses elements that FHIR narrative allows, and leaves the pictures out.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal

from sdm_tui.aid.figures import format_count
from sdm_tui.export.document import (
    Audience,
    Banner,
    Block,
    Bullets,
    Document,
    Emphasis,
    IconArray,
    IconArrays,
    Inline,
    Paragraph,
    Quote,
    Section,
    Strong,
    Table,
    Typed,
    as_record,
    build_document,
)
from sdm_tui.export.record_model import AnyRecord
from sdm_tui.i18n import N_, _, in_language
from sdm_tui.settings.clinic import Clinic
from sdm_tui.store.text import neutralise

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "PAPER_SIZES",
    "Paper",
    "esc",
    "narrative_div",
    "plain_text",
    "render_html",
]

Record = AnyRecord
Paper = Literal["a4", "letter"]
PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"  # i18n: not shown
)
MAX_ICONS = 1000
"""Above this many people an icon array is too dense to read: the count is given in words."""
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[ \t]*\n\s*")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def _clean(text: object) -> str:
    """Text made inert: control and bidi characters visible, lone surrogates replaced."""
    return _SURROGATE.sub("\ufffd", neutralise(str(text)))


def esc(text: object) -> str:
    """Text for HTML or XHTML content or a quoted attribute value."""
    return html.escape(_clean(text), quote=True)


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", _clean(text).strip())


def plain_text(content: Inline) -> str:
    """A run of inline text as plain text (for a title or a label), not escaped."""
    parts = []
    for segment in content:
        if isinstance(segment, Typed):
            parts.append(_one_line(segment.text))
        elif isinstance(segment, (Strong, Emphasis)):
            parts.append(plain_text(segment.content))
        else:
            parts.append(segment)
    return "".join(parts)


_AID_LANGUAGE: ContextVar[str | None] = ContextVar("aid_language", default=None)
"""The aid's language while a page in another language is written (None: the same)."""


@contextmanager
def _aid_language(document: Document) -> Iterator[None]:
    """Within this block, the aid's own text is marked with its language when the page is
    in another one (a Spanish patient's copy quoting an English aid)."""
    differs = document.aid_language != document.language and _LANGUAGE.fullmatch(
        document.aid_language
    )
    token = _AID_LANGUAGE.set(document.aid_language if differs else None)
    try:
        yield
    finally:
        _AID_LANGUAGE.reset(token)


def _typed_html(segment: Typed) -> str:
    text = html.escape(_one_line(segment.text), quote=True)
    language = _AID_LANGUAGE.get() if segment.aid else None
    return (
        text
        if language is None or not text
        else f'<span lang="{esc(language)}">{text}</span>'  # i18n: not shown
    )  # i18n: not shown


def _inline(content: Inline) -> str:
    parts = []
    for segment in content:
        if isinstance(segment, Typed):
            parts.append(_typed_html(segment))
        elif isinstance(segment, Strong):
            parts.append(f"<strong>{_inline(segment.content)}</strong>")
        elif isinstance(segment, Emphasis):
            parts.append(f"<em>{_inline(segment.content)}</em>")
        else:
            parts.append(esc(segment))
    return "".join(parts)


def _quote(text: str) -> str:
    lines = [html.escape(line.strip(), quote=True) for line in _clean(text).strip().split("\n")]
    return (
        '<blockquote class="typed"><p>'  # i18n: not shown
        + "<br/>".join(lines)
        + "</p></blockquote>"  # i18n: not shown
    )  # i18n: not shown


def _table(table: Table) -> str:
    head = "".join(
        f'<th scope="col">{_inline(cell)}</th>'  # i18n: not shown
        for cell in table.headers  # i18n: not shown
    )  # i18n: not shown
    body = "\n".join(
        "<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row) + "</tr>"
        for row in table.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


# -- icon arrays -----------------------------------------------------------------------------

_CELL = 10
_GAP = 3
"""Extra space after every five rows and columns, so that marks can be counted in fives."""
_HIT = "M{x} {y}h8v8h-8z"  # a filled square: a person who has the outcome
_MISS = "M{x} {y}a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0"  # an open ring: one who does not


def _columns(per: int) -> int:
    return 10 if per <= 100 else 20 if per <= 400 else 40


def _offset(index: int) -> int:
    return index * _CELL + (index // 5) * _GAP


def _extent(count: int) -> int:
    return count * _CELL + max(0, (count - 1) // 5) * _GAP


def _within(timeframe: str) -> str:
    """ " (within 10 years)", or nothing when the label says its own timeframe."""
    if not timeframe.strip():
        return ""
    return _(" (within {timeframe})").format(timeframe=_one_line(timeframe))


def _describe(figure: IconArrays, array: IconArray) -> str:
    """The array in words: "30 out of 100 people who choose Take the tablet: Feel better
    (within 1 year)"."""
    what = _one_line(figure.label) + _within(figure.timeframe)
    option = _one_line(array.option_label)
    if array.count is None:
        return _("Not known for people who choose {option}: {outcome}").format(
            option=option, outcome=what
        )
    return _("{count} out of {per} people who choose {option}: {outcome}").format(
        count=format_count(array.count), per=array.per, option=option, outcome=what
    )


def _svg(array: IconArray, label: str) -> str:
    """PER marks in reading order, the affected first: squares, then open rings."""
    assert array.count is not None
    per, columns = array.per, _columns(array.per)
    affected = max(0, min(per, math.floor(array.count + 0.5)))
    hits = "".join(
        _HIT.format(x=_offset(i % columns) + 1, y=_offset(i // columns) + 1)
        for i in range(affected)
    )
    misses = "".join(
        _MISS.format(x=_offset(i % columns) + 1.5, y=_offset(i // columns) + 5)
        for i in range(affected, per)
    )
    width, height = _extent(columns), _extent(math.ceil(per / columns))
    paths = (f'<path class="hit" d="{hits}"/>' if hits else "") + (  # i18n: not shown
        f'<path class="miss" d="{misses}"/>' if misses else ""  # i18n: not shown
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{esc(label)}">'  # i18n: not shown
        f"<title>{esc(label)}</title>{paths}</svg>"
    )


def _icon_arrays(figure: IconArrays) -> str:
    cells = []
    for array in figure.arrays:
        label = _describe(figure, array)
        drawable = array.count is not None and 1 <= array.per <= MAX_ICONS
        picture = _svg(array, label) if drawable else ""
        words = (
            _("not known")
            if array.count is None
            else _("{count} out of {per} people").format(
                count=format_count(array.count), per=array.per
            )
        )
        cells.append(
            f'<div class="array">{picture}<p class="count"><strong>'  # i18n: not shown
            f"{_typed_html(Typed(array.option_label, aid=True))}</strong>"
            f"<br/>{esc(words)}</p></div>"
        )
    kind = _("Benefit:") if figure.kind == "benefit" else _("Harm:")
    label = _typed_html(Typed(figure.label, aid=True))
    caption = f"<strong>{esc(kind)}</strong> {label}{esc(_within(figure.timeframe))}"
    arrays = "\n".join(cells)
    return (
        f'<figure class="outcome {figure.kind}"><figcaption>{caption}</figcaption>\n'
        f'<div class="arrays">\n{arrays}\n</div></figure>'  # i18n: not shown
    )


_HIT_MARK = (
    '<svg viewBox="0 0 10 10" aria-hidden="true">'  # i18n: not shown
    '<path class="hit" d="M1 1h8v8h-8z"/></svg>'
)
_MISS_MARK = (
    '<svg viewBox="0 0 10 10" aria-hidden="true">'
    '<path class="miss" d="M1.5 5a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0"/></svg>'  # i18n: not shown
)
_LEGEND = N_(
    "In the pictures below, each mark is one person: {filled_square} a filled square is a "
    "person who has the outcome, {open_circle} an open circle is a person who does not."
)


def _legend() -> str:
    words = esc(_(_LEGEND))
    words = words.replace("{filled_square}", _HIT_MARK).replace("{open_circle}", _MISS_MARK)
    return f'<p class="legend">{words}</p>'


# -- blocks and sections ---------------------------------------------------------------------


def _block(block: Block, pictures: bool) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_inline(block.content)}</p>"
    if isinstance(block, Quote):
        return _quote(block.text)
    if isinstance(block, Bullets):
        items = "\n".join(f"<li>{_inline(item)}</li>" for item in block.items)
        return f"<ul>\n{items}\n</ul>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, IconArrays) and pictures:
        return _icon_arrays(block)
    return ""


def _blocks(section: Section, pictures: bool) -> list[str]:
    out, legend = [], False
    for block in section.blocks:
        if pictures and isinstance(block, IconArrays) and not legend:
            out.append(_legend())
            legend = True
        out.append(_block(block, pictures))
    return [part for part in out if part]


def _section(section: Section, level: int) -> str:
    parts = [f"<h{level}>{_inline(section.title)}</h{level}>", *_blocks(section, True)]
    parts += [_section(sub, level + 1) for sub in section.subsections]
    tag = "section" if level == 2 else "div"
    return (
        f'<{tag} class="part" id="{esc(section.key)}">\n'  # i18n: not shown
        + "\n".join(parts)
        + f"\n</{tag}>"  # i18n: not shown
    )  # i18n: not shown


def narrative_div(section: Section) -> str:
    """One section's blocks (not its title, not its subsections) as FHIR narrative XHTML."""
    body = "".join(_blocks(section, pictures=False)) or "<p>{}</p>".format(
        esc(_("Nothing recorded."))
    )
    return f'<div xmlns="{XHTML_NAMESPACE}">{body}</div>'  # i18n: not shown


# -- the page --------------------------------------------------------------------------------


def _css_string(text: str) -> str:
    """A CSS string literal: everything but letters, digits and spaces as CSS escapes."""
    inner = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text)
    return f'"{inner}"'


_STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { background: #fff; color: #111; }
body {
  font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans",
    sans-serif;
  font-size: 11pt; line-height: 1.45; max-width: 190mm; margin: 0 auto; padding: 10mm 8mm;
}
body.patient { font-size: 12.5pt; }
h1 { font-size: 1.65em; line-height: 1.2; margin: .2em 0 .5em; }
h2 {
  font-size: 1.3em; margin: 1.3em 0 .5em; padding-bottom: .15em;
  border-bottom: 1.5pt solid #222;
}
h3 { font-size: 1.1em; margin: 1.1em 0 .4em; }
p { margin: .45em 0; }
ul { margin: .4em 0; padding-left: 1.3em; }
.banner {
  border: 2pt solid #000; background: #fff2bf; padding: .45em .8em; margin: 0 0 .5em;
  font-weight: 700; letter-spacing: .02em;
}
.banner.mode { background: #ffd9d6; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 .9em; }
th, td { border: .75pt solid #777; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #ececec; }
blockquote.typed {
  margin: .3em 0 .8em; padding: .3em .8em; border-left: 3pt solid #555; background: #f5f5f5;
}
blockquote.typed p { margin: 0; }
.legend svg { width: 1em; height: 1em; vertical-align: -.15em; }
figure.outcome { margin: .5em 0 1em; }
figcaption { margin-bottom: .3em; }
.arrays { display: flex; flex-wrap: wrap; gap: 3mm 8mm; }
.array { width: 42mm; }
.array svg { display: block; width: 34mm; height: auto; }
.count { margin: .2em 0 0; font-size: .92em; }
.hit { fill: #1f5fa8; }
.benefit .hit { fill: #1d6b34; }
.harm .hit { fill: #a8261d; }
.miss { fill: none; stroke: #6b6b6b; stroke-width: 1.2; }
thead { display: table-header-group; }
h1, h2, h3, figcaption, .legend { break-after: avoid; page-break-after: avoid; }
tr, figure, blockquote, .banner, .legend, .array {
  break-inside: avoid; page-break-inside: avoid;
}
p, li { orphans: 3; widows: 3; }
p:has(+ blockquote.typed), p:has(+ table) { break-after: avoid; page-break-after: avoid; }
td, th, p, li, blockquote { overflow-wrap: anywhere; }
@media print {
  html, body { background: #fff; color: #000; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  body.patient { font-size: 12pt; }
  .banner, .banner.mode { background: #fff; }
  th { background: #fff; border-bottom: 1.5pt solid #000; }
  th, td { border-color: #000; }
  blockquote.typed { background: #fff; border-left-color: #000; }
  .hit, .benefit .hit, .harm .hit { fill: #000; }
  .miss { stroke: #000; }
  h2 { border-bottom-color: #000; }
}
"""  # i18n: not shown


def _page_style(document: Document, paper: str) -> str:
    top = ""
    if document.banners:
        words = _css_string("  ·  ".join(banner.text for banner in document.banners))
        top = (
            f"\n  @top-center {{ content: {words};"  # i18n: not shown
            " font: 700 9pt sans-serif; color: #000; }"
        )
    return (
        f"@page {{\n  size: {PAPER_SIZES[paper]} portrait;\n  margin: 16mm 15mm 18mm 15mm;"
        f"{top}\n  @bottom-right {{ content: {_page_numbers()};"
        " font: 9pt sans-serif; color: #000; }\n}"  # i18n: not shown
    )


def _page_numbers() -> str:
    """ "Page " counter(page) " of " counter(pages), in the language in force."""
    parts = re.split(r"(\{page\}|\{pages\})", _("Page {page} of {pages}"))
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(
        counters[part] if part in counters else '"' + part.replace('"', "") + '"'
        for part in parts
        if part
    )


def _banner(banner: Banner) -> str:
    return (
        f'<div class="banner {banner.kind}" role="note">{esc(banner.text)}</div>'  # i18n: not shown
    )


def render_html(
    record: Record | Mapping[str, Any],
    audience: Audience,
    paper: Paper = "a4",
    clinic: Clinic | None = None,
) -> str:
    """The patient's copy or the clinic's record as one self-contained, printable HTML page,
    its times on `clinic`'s clock (None: UTC, no clinic named), in the copy's language
    (`<html lang>`; the aid's own text marked with the aid's language where it differs)."""
    if paper not in PAPER_SIZES:
        raise ValueError(
            f"unknown paper size {paper!r}; expected one of {list(PAPER_SIZES)}"  # i18n: not shown
        )  # i18n: not shown
    record = as_record(record)
    document = build_document(record, audience, clinic)
    with in_language(document.language), _aid_language(document):
        return _page(document, audience, paper)


def _page(document: Document, audience: Audience, paper: Paper) -> str:
    header = [_banner(banner) for banner in document.banners]
    header.append(f"<h1>{_inline(document.title)}</h1>")
    header += [_block(block, True) for block in document.preamble]
    sections = "\n".join(_section(section, 2) for section in document.sections)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(document.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CONTENT_SECURITY_POLICY)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="sdm-tui">\n'
        f"<title>{esc(plain_text(document.title))}</title>\n"
        f"<style>{_STYLE}{_page_style(document, paper)}\n</style>\n</head>\n"
        f'<body class="{audience}">\n<header>\n'  # i18n: not shown
        + "\n".join(header)
        + "\n</header>\n"  # i18n: not shown
        f"<main>\n{sections}\n</main>\n</body>\n</html>\n"
    )
