"""Aid format 2: inputs, computed outcomes, ranges, strata, the rounding rule, the checks of
bad files at file:line:col, and `sdm-tui facts`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from sdm_tui.aid.evidence import (
    InputError,
    example_values,
    parse_value,
    personalise,
    round_people,
)
from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.problems import AidLoadError, Problem
from sdm_tui.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "aids"
AID2 = DATA / "format2" / "personalised.toml"


def aid2_text() -> str:
    return AID2.read_text(encoding="utf-8")


def load_text(tmp_path: Path, text: str) -> list[Problem]:
    path = tmp_path / "aid.toml"
    path.write_text(text, encoding="utf-8")
    try:
        load_aid(path)
    except AidLoadError as error:
        return error.problems
    return []


def line_of(text: str, snippet: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if snippet in line)


def swap(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


# -- computing --------------------------------------------------------------------------------


def test_rounding_is_half_up_to_whole_people() -> None:
    assert [round_people(x) for x in (10.5, 10.49, 0.5, 2.5, 3.5)] == [11, 10, 1, 3, 4]


def test_baseline_times_rr_gives_this_patients_counts_and_range() -> None:
    aid = load_aid(AID2)
    stroke = {o.id: o for o in personalise(aid, {"risk": 14.0}).outcomes}["stroke"]
    # 14 in 100 without; 14 x 0.75 = 10.5 -> 11 with; range 14 x 0.6 = 8.4 -> 8 to 14 x 0.9
    # = 12.6 -> 13.
    assert dict(stroke.chance) == {"none": 14, "tablet": 11}
    assert stroke.range_for("tablet") == (8, 13) and stroke.range_for("none") is None
    other = {o.id: o for o in personalise(aid, {"risk": 25.0}).outcomes}["stroke"]
    assert dict(other.chance) == {"none": 25, "tablet": 19}  # 18.75 -> 19
    assert other.range_for("tablet") == (15, 23)  # 15.0, 22.5 -> 23


def test_a_difference_that_rounds_away_is_shown_out_of_1000() -> None:
    aid = load_aid(AID2)
    bleed = {o.id: o for o in personalise(aid, {}).outcomes}["bleed"]
    # 4.5 and 4.5 x 1.09 = 4.905 would both be 5 out of 100: out of 1000, 45 and 49.
    assert (bleed.per, bleed.authored_per) == (1000, 100)
    assert dict(bleed.chance) == {"none": 45, "tablet": 49}
    assert bleed.range_for("tablet") == (46, 53)


def test_strata_pick_the_row_of_the_input_and_wait_for_it() -> None:
    aid = load_aid(AID2)
    fall = {o.id: o for o in personalise(aid, {"age": "older"}).outcomes}["fall"]
    assert dict(fall.chance) == {"tablet": 9, "none": 7} and fall.range_for("tablet") == (7, 11)
    waiting = {o.id: o for o in personalise(aid, {}).outcomes}
    assert waiting["fall"].chance == {} and waiting["fall"].missing == ("age",)
    assert waiting["stroke"].chance == {} and waiting["stroke"].missing == ("risk",)
    assert dict(waiting["better"].chance) == {"tablet": 30, "none": 20}  # fixed counts stay


def test_number_strata_include_from_and_exclude_to(tmp_path: Path) -> None:
    text = aid2_text().replace('strata_by = "age"', 'strata_by = "risk"')
    text = text.replace('value = "younger"', "from = 1\nto = 20").replace(
        'value = "older"', "from = 20\nto = 50"
    )
    path = tmp_path / "aid.toml"
    path.write_text(text, encoding="utf-8")
    aid = load_aid(path)
    counts = [
        dict({o.id: o for o in personalise(aid, {"risk": v}).outcomes}["fall"].chance)["none"]
        for v in (1.0, 19.0, 20.0, 50.0)
    ]
    assert counts == [2, 2, 7, 7]


def test_input_values_are_checked_with_a_message() -> None:
    aid = load_aid(AID2)
    risk, age = aid.inputs
    assert parse_value(risk, " 14 ") == 14.0 and parse_value(age, "65 or over") == "older"
    for item, raw, words in (
        (risk, "abc", "is not a number"),
        (risk, "51", "out of range (from 1 to 50 in 100)"),
        (risk, "0", "out of range"),
        (risk, "14.5", "not a step of 1"),
        (risk, "nan", "expected a number"),
        (age, "old", "not one of the choices (younger, older)"),
    ):
        with pytest.raises(InputError) as caught:
            parse_value(item, raw)
        assert words in str(caught.value), str(caught.value)


def test_a_value_off_the_steps_is_told_a_value_on_them() -> None:
    """The suggestion is on the input's steps: rounding to a whole number once suggested 8
    for 8.25 with a step of 0.1, and 12 (itself refused) for 12 with a step of 5."""
    risk = load_aid(AID2).inputs[0]
    for step, raw, suggestion in (
        (0.1, "8.25", "e.g. 8.2)"),
        (0.1, "8.27", "e.g. 8.3)"),
        (5, "12", "e.g. 11)"),  # steps from the minimum, 1: 1, 6, 11, 16 ...
        (5, "49.5", "e.g. 46)"),  # 51 would be over the maximum, 50
    ):
        item = replace(risk, step=step)
        with pytest.raises(InputError) as caught:
            parse_value(item, raw)
        assert str(caught.value).endswith(suggestion), str(caught.value)
        parse_value(item, suggestion.removeprefix("e.g. ").rstrip(")"))  # accepted


def test_format_1_aids_are_not_changed_by_personalising() -> None:
    aid = load_aid(DATA / "minimal.toml")
    assert not aid.is_personalised and personalise(aid, {}) is aid
    assert example_values(aid) == {}


def test_practical_issues_are_rows_of_the_grid() -> None:
    aid = load_aid(AID2)
    (row,) = [q for q in aid.questions if q.category]
    assert (row.id, row.text, row.category) == (
        "practical-medication-routine",
        "Medication routine",
        "medication-routine",
    )


# -- bad files: a diagnostic at file:line:col ------------------------------------------------

BAD_FILES = [
    # name, edit, snippet of the line pointed at, code, words in the message
    (
        "rr-zero",
        swap("rr.tablet = 0.75", "rr.tablet = 0"),
        "rr.tablet = 0",
        "SDM014",
        "not above 0",
    ),
    (
        "rr-negative",
        swap("rr_low.tablet = 0.6", "rr_low.tablet = -0.6"),
        "rr_low.tablet = -0.6",
        "SDM014",
        "not above 0",
    ),
    (
        "rr-outside-ci",
        swap("rr.tablet = 0.75", "rr.tablet = 0.95"),
        "rr.tablet = 0.95",
        "SDM014",
        "not within rr_low..rr_high",
    ),
    (
        "baseline-over-per",
        swap("baseline.count = 4.5", "baseline.count = 140"),
        "baseline.count = 140",
        "SDM009",
        "over per (100)",
    ),
    (
        "input-max-over-per",
        swap("max = 50", "max = 150"),
        "max = 150",
        "SDM014",
        "over per (100)",
    ),
    (
        "unknown-input",
        swap('baseline.input = "risk"', 'baseline.input = "risky"'),
        'baseline.input = "risky"',
        "SDM008",
        'input "risky" names no entry',
    ),
    (
        "not-a-number",
        swap("min = 1\n", 'min = "one"\n'),
        'min = "one"',
        "SDM003",
        "must be a number",
    ),
    (
        "strata-gap",
        lambda t: (
            t.replace('strata_by = "age"', 'strata_by = "risk"')
            .replace('value = "younger"', "from = 1\nto = 20")
            .replace('value = "older"', "from = 25\nto = 50")
        ),
        "from = 25",
        "SDM014",
        "a gap between strata",
    ),
    (
        "strata-overlap",
        lambda t: (
            t.replace('strata_by = "age"', 'strata_by = "risk"')
            .replace('value = "younger"', "from = 1\nto = 20")
            .replace('value = "older"', "from = 15\nto = 50")
        ),
        "from = 15",
        "SDM014",
        "an overlap between strata",
    ),
    (
        "strata-missing-choice",
        swap('value = "older"', 'value = "younger"'),
        'value = "younger"\nchance = { tablet = 9',
        "SDM014",
        "they overlap",
    ),
    (
        "citation-to-nothing",
        swap('help = "From the clinic\'s risk calculator."', 'help = "See [@nosuch]."'),
        'help = "See [@nosuch]."',
        "SDM008",
        "[@nosuch] names no source",
    ),
    (
        "two-methods",
        swap("rr.tablet = 0.75", "rr.tablet = 0.75\nchance.tablet = 3"),
        '[[outcomes]]\nid = "stroke"',
        "SDM002",
        "exactly one way to count",
    ),
    (
        "per-not-100-or-1000",
        swap('per = 100\ntimeframe = "10 years"', 'per = 50\ntimeframe = "10 years"'),
        "per = 50",
        "SDM014",
        "format 2 counts out of 100 or 1000",
    ),
    (
        "format-1-with-inputs",
        swap("format = 2", "format = 1"),
        "[[inputs]]",
        "SDM005",
        "`inputs` is a format 2 key",
    ),
]


@pytest.mark.parametrize(
    ("name", "edit", "snippet", "code", "words"), BAD_FILES, ids=[c[0] for c in BAD_FILES]
)
def test_a_bad_format_2_file_gets_a_precise_diagnostic(
    tmp_path: Path, name: str, edit: Callable[[str], str], snippet: str, code: str, words: str
) -> None:
    text = edit(aid2_text())
    problems = load_text(tmp_path, text)
    found = [p for p in problems if p.code == code and words in p.message]
    assert found, [p.headline() for p in problems]
    problem = found[0]
    first = snippet.split("\n")[0]
    lines = text.splitlines()
    expected = [n for n, line in enumerate(lines, 1) if first in line]
    if "\n" in snippet:  # the line whose next line completes the snippet
        after = snippet.split("\n")[1]
        expected = [n for n in expected if n < len(lines) and after in lines[n]]
    assert problem.line in expected, (problem.line, expected, problem.headline())
    assert problem.column is not None and problem.fix
    assert problem.location().endswith(f"aid.toml:{problem.line}:{problem.column}")


def test_the_good_format_2_file_loads(tmp_path: Path) -> None:
    assert load_text(tmp_path, aid2_text()) == []


# -- sdm-tui facts --------------------------------------------------------------------------


def test_facts_json_has_the_inputs_and_every_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["facts", str(AID2), "--input", "risk=14", "--input", "age=older", "--format", "json"]
    )
    facts = json.loads(capsys.readouterr().out)
    assert code == 0
    risk = facts["inputs"][0]
    assert (risk["id"], risk["kind"], risk["min"], risk["max"], risk["value"]) == (
        "risk",
        "number",
        1,
        50,
        14,
    )
    stroke = facts["outcomes"][0]
    assert (stroke["id"], stroke["per"], stroke["chance"]) == (
        "stroke",
        100,
        {"tablet": 11, "none": 14},
    )
    assert stroke["range"] == {"tablet": {"low": 8, "high": 13}}
    assert [o["id"] for o in facts["outcomes"]] == ["stroke", "bleed", "fall", "better"]


def test_facts_text_says_what_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", str(AID2)]) == 0
    out = capsys.readouterr().out
    assert "Missing required inputs: risk" in out
    assert "not shown until entered: risk" in out
    assert "tablet: 49 out of 1000, between 46 and 53" in out


@pytest.mark.parametrize(
    ("pair", "words"),
    [
        ("risk=99", "out of range"),
        ("risk=abc", "is not a number"),
        ("age=7", "not one of the choices"),
        ("weight=70", "no such input (inputs: risk, age)"),
        ("risk", "write ID=VALUE"),
    ],
)
def test_facts_refuses_a_bad_input_without_a_traceback(
    capsys: pytest.CaptureFixture[str], pair: str, words: str
) -> None:
    assert main(["facts", str(AID2), "--input", pair]) == 1
    captured = capsys.readouterr()
    assert words in captured.err and "Traceback" not in captured.err
    assert captured.out == ""
