"""The options grid drawn in two parts (questions, then counts) shows exactly the lines of
the one table it replaces, for every bundled aid and every view, at several widths, and for
aids with no questions or no counts: a changed input then redraws only the counts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rich.console import Console
from rich.segment import Segment
from textual.strip import Strip

from sdm_tui.aid.library import Library
from sdm_tui.aid.model import DecisionAid
from sdm_tui.app.widgets.comparison_grid import as_row_line, grid_row_parts, grid_rows


def drawn(renderable: object, width: int) -> list[list[Segment]]:
    console = Console(width=width, color_system="truecolor", legacy_windows=False)
    options = console.options.update(width=width, highlight=False)
    return [list(Segment.simplify(line)) for line in console.render_lines(renderable, options)]


def in_parts(aid: DecisionAid, options, width: int) -> list[list[Segment]]:
    questions, counts = grid_row_parts(aid, options)
    count_lines = drawn(counts, width)
    if counts.first == 0 and count_lines:
        count_lines[0] = list(as_row_line(Strip(count_lines[0], width)))
    return drawn(questions, width) + count_lines


def views(aid: DecisionAid):
    return [aid.options, *((option,) for option in aid.options)]


def text_of(lines: list[list[Segment]]) -> list[str]:
    return ["".join(segment.text for segment in line) for line in lines]


@pytest.mark.parametrize("width", [40, 97, 158])
def test_the_parts_draw_the_one_table(bundled_library: Library, width: int) -> None:
    for aid in bundled_library.aids:
        for options in views(aid):
            whole = drawn(grid_rows(aid, options), width)
            parts = in_parts(aid, options, width)
            assert text_of(parts) == text_of(whole), (aid.id, len(options), width)
            assert parts == whole, (aid.id, len(options), width)  # and the same styles


def test_no_questions_or_no_counts_draw_the_same_too(bundled_library: Library) -> None:
    aid = bundled_library.aids[0]
    no_questions = replace(aid, questions=())
    no_counts = replace(aid, outcomes=())
    for edited in (no_questions, no_counts):
        for options in views(edited):
            whole = drawn(grid_rows(edited, options), 80)
            assert in_parts(edited, options, 80) == whole
