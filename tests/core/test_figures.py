"""Outcome figures in words and icon arrays: pure text, checked without a terminal."""

from __future__ import annotations

import dataclasses

import pytest

from sdm_tui.aid.figures import (
    AFFECTED,
    BOTH_AFFECTED,
    MAX_ICONS,
    NONE_AFFECTED,
    NOT_KNOWN,
    NOT_KNOWN_LONG,
    TOP_AFFECTED,
    UNAFFECTED,
    count_phrase,
    difference_phrase,
    drawn_people,
    format_count,
    icon_grid,
    icon_lines,
    icons_affected,
    kind_words,
    option_heading,
    outcome_type_words,
    people_phrase,
    rounding_note,
    timeframe_note,
)
from sdm_tui.aid.model import DecisionAid, Option, Outcome


def icons(lines: list[str]) -> str:
    return "".join(lines).replace(" ", "")


@pytest.mark.parametrize(
    ("count", "written"),
    [(8, "8"), (8.0, "8"), (0, "0"), (1.3, "1.3"), (0.125, "0.125"), (1 / 3, "0.3333")],
)
def test_format_count_keeps_the_authors_figure(count: float, written: str) -> None:
    assert format_count(count) == written


@pytest.mark.parametrize(
    ("count", "per", "filled"),
    [(0, 100, 0), (0.4, 100, 0), (0.5, 100, 1), (2.5, 100, 3), (8, 100, 8), (100, 100, 100)],
)
def test_icons_affected_rounds_half_up_within_per(count: float, per: int, filled: int) -> None:
    assert icons_affected(count, per) == filled


def test_phrases_are_absolute_counts_or_not_known() -> None:
    assert count_phrase(8, 100) == "8 out of 100"
    assert people_phrase(8, 100) == "8 out of 100 people"
    assert people_phrase(1.3, 1000) == "1.3 out of 1000 people"
    assert count_phrase(None, 100) == NOT_KNOWN == "not known"
    assert people_phrase(None, 100) == NOT_KNOWN_LONG
    assert "not known" in NOT_KNOWN_LONG
    assert "%" not in people_phrase(8, 100) + count_phrase(1.5, 1000)


def test_rounding_note_only_when_the_picture_rounds() -> None:
    assert rounding_note(8, 100) == ""
    assert rounding_note(None, 100) == ""
    assert rounding_note(1.3, 1000) == "(the picture shows 1, rounded)"
    assert rounding_note(2.5, 100) == "(the picture shows 3, rounded)"


def test_icon_grid_for_100_is_ten_spaced_rows_of_ten() -> None:
    grid = icon_grid(100)
    assert grid is not None
    assert (grid.rows, grid.columns, grid.spaced, grid.width) == (10, 10, True, 19)


def test_icon_grid_for_1000_is_compact_ten_lines_of_100_that_fit_80_columns() -> None:
    grid = icon_grid(1000)
    assert grid is not None
    assert (grid.rows, grid.columns, grid.spaced, grid.width) == (10, 50, False, 54)
    assert (grid.per_cell, grid.block_rows) == (2, 5)


@pytest.mark.parametrize("per", [0, -1, MAX_ICONS + 1, 1_000_000])
def test_no_picture_beyond_what_a_terminal_can_show(per: int) -> None:
    assert icon_grid(per) is None
    assert icon_lines(1, per) == []


def test_icon_lines_for_8_out_of_100() -> None:
    lines = icon_lines(8, 100)
    assert len(lines) == 10
    assert lines[0] == " ".join([AFFECTED] * 8 + [UNAFFECTED] * 2)
    assert all(line == " ".join([UNAFFECTED] * 10) for line in lines[1:])


def test_icon_lines_for_1000_are_compact_blocks_of_100() -> None:
    lines = icon_lines(5, 1000)
    assert len(lines) == 11  # not 21: the PSA aid's two arrays no longer stack 40+ rows
    assert lines[5] == ""
    both, top, none = BOTH_AFFECTED, TOP_AFFECTED, NONE_AFFECTED
    assert lines[0] == both * 2 + top + none * 7 + (" " + none * 10) * 4
    assert {len(line) for line in lines if line} == {54}
    assert drawn_people(lines) == (5, 995)


@pytest.mark.parametrize("per", [1, 7, 10, 12, 100])
def test_every_count_draws_per_icons_with_count_affected_first(per: int) -> None:
    for count in {0, 1, per // 3, per // 2, per - 1, per}:
        drawn = icons(icon_lines(count, per))
        assert len(drawn) == per
        assert drawn == AFFECTED * count + UNAFFECTED * (per - count)


@pytest.mark.parametrize("per", [101, 250, 999, 1000])
def test_compact_arrays_draw_per_people_with_count_affected_first(per: int) -> None:
    for count in {0, 1, 2, 3, per // 3, per // 2, per - 1, per}:
        lines = icon_lines(count, per)
        assert drawn_people(lines) == (count, per - count)
        drawn = icons(lines)
        # Reading order: full pairs, at most one mixed pair, then none affected.
        assert drawn.count(TOP_AFFECTED) <= 1
        assert (
            drawn.rstrip(NONE_AFFECTED + UNAFFECTED)
            .rstrip(TOP_AFFECTED + AFFECTED)
            .strip(BOTH_AFFECTED)
            == ""
        )


def test_fractional_count_draws_the_rounded_number() -> None:
    drawn = icons(icon_lines(1.5, 100))
    assert drawn.count(AFFECTED) == 2
    assert len(drawn) == 100


def test_affected_and_unaffected_differ_by_shape() -> None:
    assert AFFECTED != UNAFFECTED
    assert AFFECTED.strip() and UNAFFECTED.strip()


def outcome(**chance: float) -> Outcome:
    return Outcome(
        id="x", label="X", type="benefit", per=100, timeframe="1 year", source="s", chance=chance
    )


A = Option(id="a", label="Tablet", summary="")
B = Option(id="b", label="No tablet", summary="", kind="no_action")


def test_difference_phrase_in_absolute_numbers() -> None:
    assert difference_phrase(outcome(a=8, b=10), A, B) == (
        "2 fewer out of 100 with “Tablet” than with “No tablet”."
    )
    assert difference_phrase(outcome(a=12, b=10), A, B).startswith("2 more out of 100")
    assert difference_phrase(outcome(a=1.3, b=1), A, B).startswith("0.3 more out of 100")
    assert difference_phrase(outcome(a=5, b=5), A, B) == (
        "The same number out of 100 with either option."
    )
    assert difference_phrase(outcome(a=5), A, B) == ""


def test_option_heading_is_the_authors_label_alone() -> None:
    # Nothing is appended to a no-action label: "watchful waiting" is wrong for "No screening".
    assert option_heading(A) == "Tablet"
    assert option_heading(B) == "No tablet"
    assert "watchful" not in kind_words(B)


def test_benefit_and_harm_carry_a_word_and_a_symbol(minimal_aid: DecisionAid) -> None:
    better, sick = minimal_aid.outcomes
    assert outcome_type_words(better) == "✓ Benefit"
    assert outcome_type_words(sick) == "⚠ Harm"
    assert outcome_type_words(dataclasses.replace(better, type="harm")) == "⚠ Harm"


def test_a_timeframe_the_label_says_is_not_printed_again() -> None:
    assert timeframe_note("Heart attack or stroke in 10 years", "10 years") == ""
    assert timeframe_note("Heart attack in  10 Years", "10 years") == ""
    assert timeframe_note("Heart attack", "10 years") == "10 years"
    assert timeframe_note("Diabetes", "") == ""
