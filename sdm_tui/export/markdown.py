"""Markdown documents from a consultation record: the patient's copy and the clinic's record.

What each copy says is laid out once in `document.build_document`; this module writes that
layout as Markdown. All typed text is escaped with `md_escape` so that it shows as typed
and cannot add HTML, links or structure. Icon arrays have no Markdown form: the table of
counts says the same in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sdm_tui.export.document import (
    ALIGNMENT_NOTE,
    Audience,
    Block,
    Bullets,
    Emphasis,
    Inline,
    Paragraph,
    Quote,
    Section,
    Strong,
    Table,
    Typed,
    banners,
    build_document,
)
from sdm_tui.export.md_text import md_block, md_escape, md_inline, md_table
from sdm_tui.export.record_model import AnyRecord
from sdm_tui.settings.clinic import Clinic

__all__ = ["ALIGNMENT_NOTE", "Audience", "banners", "md_escape", "render_markdown"]

Record = AnyRecord


def md_inline_run(content: Inline) -> str:
    """A run of inline text as Markdown: typed text escaped, our own wording as it is."""
    parts = []
    for segment in content:
        if isinstance(segment, Typed):
            parts.append(md_inline(segment.text))
        elif isinstance(segment, Strong):
            parts.append(f"**{md_inline_run(segment.content)}**")
        elif isinstance(segment, Emphasis):
            parts.append(f"_{md_inline_run(segment.content)}_")
        else:
            parts.append(segment)
    return "".join(parts)


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return md_inline_run(block.content)
    if isinstance(block, Quote):
        return md_block(block.text)
    if isinstance(block, Bullets):
        return "\n".join(f"- {md_inline_run(item)}" for item in block.items)
    if isinstance(block, Table):
        headers = [md_inline_run(cell) for cell in block.headers]
        return md_table(headers, ([md_inline_run(cell) for cell in row] for row in block.rows))
    return ""  # icon arrays: pictures only


def _section(blocks: list[str], section: Section, level: int) -> None:
    blocks.append("#" * level + " " + md_inline_run(section.title))
    blocks.extend(_block(block) for block in section.blocks)
    for sub in section.subsections:
        _section(blocks, sub, level + 1)


def render_markdown(
    record: Record | Mapping[str, Any], audience: Audience, clinic: Clinic | None = None
) -> str:
    """The patient's copy (plain language) or the clinic's record (who entered what, when),
    its times on `clinic`'s clock (None: UTC, no clinic named)."""
    document = build_document(record, audience, clinic)
    blocks = ["# " + md_inline_run(document.title)]
    blocks += [f"**{banner.text}**" for banner in document.banners]
    blocks += [_block(block) for block in document.preamble]
    for section in document.sections:
        _section(blocks, section, 2)
    return "\n\n".join(block for block in blocks if block) + "\n"
