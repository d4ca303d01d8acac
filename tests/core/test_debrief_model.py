"""The debrief's typed model: today's files read unchanged, are written back byte for byte,
and a debrief that does not fit is refused with a place, never the text found there."""

from __future__ import annotations

import json

import pytest

from sdm_tui.rehearsal.debrief import write_debrief
from sdm_tui.rehearsal.debrief_markdown import render_debrief_markdown
from sdm_tui.rehearsal.debrief_model import (
    DebriefError,
    DebriefV1,
    debrief_from_data,
    debrief_text,
    debrief_to_data,
    read_debrief,
    schema_text,
)
from tests.builders import ROOT
from tests.debrief_inputs import V1_JSON, V1_MARKDOWN, good_debrief

SECRET = "Pat's secret worry about money"


def test_todays_debrief_file_reads_into_the_model() -> None:
    debrief = read_debrief(V1_JSON.read_bytes())
    assert isinstance(debrief, DebriefV1) and debrief.debrief_version == 1
    assert debrief.scenario.persona.name == "Alex Test"
    assert [t.seconds for t in debrief.times.talks] == [60, 90, 240]
    assert debrief.values[0].drawn_out == "no" and debrief.values_summary.no == 1
    assert debrief.leaning.choice_matches is True and debrief.option5.total == 65
    assert debrief.times.timeline[-1].left_at is None
    assert read_debrief(V1_JSON.read_text("utf-8")) == debrief


def test_the_same_input_writes_the_same_bytes_as_before_the_model(tmp_path) -> None:  # type: ignore[no-untyped-def]
    debrief = good_debrief()
    assert isinstance(debrief, DebriefV1)
    assert debrief_text(debrief) == V1_JSON.read_text("utf-8")
    markdown, saved = write_debrief(debrief, tmp_path)
    assert saved.read_bytes() == V1_JSON.read_bytes()
    assert markdown.read_bytes() == V1_MARKDOWN.read_bytes()
    assert render_debrief_markdown(json.loads(V1_JSON.read_text("utf-8"))) == (
        V1_MARKDOWN.read_text("utf-8")
    )


def test_the_model_is_frozen_and_round_trips() -> None:
    debrief = read_debrief(V1_JSON.read_bytes())
    with pytest.raises(AttributeError):
        debrief.mode = "clinical"  # type: ignore[misc]
    assert debrief_from_data(debrief_to_data(debrief)) == debrief
    assert list(debrief_to_data(debrief))[:3] == ["debrief_format", "debrief_version", "mode"]


def bad(change) -> str:  # type: ignore[no-untyped-def]
    data = json.loads(V1_JSON.read_text("utf-8"))
    change(data)
    with pytest.raises(DebriefError) as caught:
        read_debrief(json.dumps(data))
    message = str(caught.value)
    assert SECRET not in message
    return message


def test_a_debrief_that_does_not_fit_is_refused_naming_the_place_not_the_value() -> None:
    def wrong_type(d: dict) -> None:  # type: ignore[type-arg]
        d["values"][0]["statement"] = [SECRET]

    def bad_enum(d: dict) -> None:  # type: ignore[type-arg]
        d["values"][0]["drawn_out"] = SECRET

    def unknown_key(d: dict) -> None:  # type: ignore[type-arg]
        d["concerns"][0][SECRET] = 1

    def out_of_range(d: dict) -> None:  # type: ignore[type-arg]
        d["values"][0]["hidden"] = 9

    def missing(d: dict) -> None:  # type: ignore[type-arg]
        del d["leaning"]["verdict"]

    def bad_time(d: dict) -> None:  # type: ignore[type-arg]
        d["events"][0]["at"] = SECRET

    assert "$.values[0].statement" in bad(wrong_type)
    assert "$.values[0].drawn_out" in bad(bad_enum)
    assert "$.concerns[0]" in bad(unknown_key)
    assert "$.values[0].hidden" in bad(out_of_range) and "at most 4" in bad(out_of_range)
    assert "$.leaning" in bad(missing) and "'verdict'" in bad(missing)
    assert "$.events[0].at" in bad(bad_time)


def test_not_a_debrief_is_refused() -> None:
    assert "not a rehearsal debrief" in bad(lambda d: d.update(debrief_format=SECRET))
    assert "debrief_version" in bad(lambda d: d.update(debrief_version=2))
    with pytest.raises(DebriefError, match="not valid JSON"):
        read_debrief(b"{" + SECRET.encode())
    with pytest.raises(DebriefError, match="not a JSON object"):
        read_debrief(json.dumps([SECRET]))


SCHEMA_FILE = ROOT / "sdm_tui" / "rehearsal" / "debrief.schema.json"


def test_the_published_schema_is_generated_from_the_model() -> None:
    assert SCHEMA_FILE.read_text("utf-8") == schema_text(), (
        "debrief.schema.json differs from the model: run "
        ".venv/bin/python scripts/write_debrief_schema.py"
    )
    assert "sdm_tui/rehearsal/debrief.schema.json" in (ROOT / "docs" / "rehearsal.md").read_text(
        "utf-8"
    )


def test_todays_file_is_valid_against_the_published_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=None)
    assert list(validator.iter_errors(json.loads(V1_JSON.read_text("utf-8")))) == []
    wrong = json.loads(V1_JSON.read_text("utf-8"))
    wrong["values"][0]["drawn_out"] = "maybe"
    assert list(validator.iter_errors(wrong))
