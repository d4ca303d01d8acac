"""CollaboRATE: the patient's own rating, in the core, the record and the clinic's copy."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import Any

import jsonschema
import pytest

from sdm_tui.consultation import (
    COLLABORATE_ITEMS,
    COLLABORATE_LABELS,
    Consultation,
    collaborate_top_score,
    has_unsaved_work,
    is_empty,
    mark_exported,
    new_consultation,
    set_collaborate,
)
from sdm_tui.consultation.collaborate import (
    COLLABORATE_CITATION,
    COLLABORATE_KEYS,
    MAX_COLLABORATE,
)
from sdm_tui.export import RecordError, dumps_fhir, from_record, render_markdown
from sdm_tui.export.html import render_html
from sdm_tui.export.record_file import record_schema
from tests.builders import HOSTILE, T0, FixedClock, minimal_aid
from tests.export_records import full_record, record_data

HEADING = "Patient's rating of the consultation (CollaboRATE)"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def c(clock: FixedClock) -> Consultation:
    return new_consultation(minimal_aid(), clock=clock)


def _rate(c: Consultation, *scores: int) -> None:
    for key, score in zip(COLLABORATE_KEYS, scores, strict=False):
        set_collaborate(c, key, score)


# -- the measure --------------------------------------------------------------------------


def test_the_three_questions_and_the_five_answers() -> None:
    assert COLLABORATE_KEYS == ("understand", "listen", "include")
    understand, listen, include = (question for _, question in COLLABORATE_ITEMS)
    assert "understand your health issues" in understand
    assert "listen to the things that matter most to you" in listen
    assert "include what matters most to you in choosing what to do next" in include
    assert COLLABORATE_LABELS[0] == "No effort was made"
    assert COLLABORATE_LABELS[MAX_COLLABORATE] == "Every effort was made"
    assert len(COLLABORATE_LABELS) == 5  # the 5-point (0-4) version
    assert "Elwyn G" in COLLABORATE_CITATION and "2013;93(1):102-7" in COLLABORATE_CITATION


def test_an_answer_is_the_patients_with_a_time(c: Consultation, clock: FixedClock) -> None:
    events: list[str] = []
    c.observers.append(events.append)
    clock.now = T0 + timedelta(minutes=30)
    set_collaborate(c, "listen", 3)
    entry = c.collaborate["listen"]
    assert (entry.value, entry.contributor, entry.at) == (3, "patient", clock.now)
    assert events == ["set_collaborate:listen"]


def test_none_clears_and_clearing_nothing_is_no_change(c: Consultation) -> None:
    events: list[str] = []
    c.observers.append(events.append)
    set_collaborate(c, "include", None)
    assert events == []
    set_collaborate(c, "include", 2)
    set_collaborate(c, "include", None)
    assert "include" not in c.collaborate
    assert events == ["set_collaborate:include", "set_collaborate:include"]


@pytest.mark.parametrize("bad", [-1, 5, True, 2.0, "4"])
def test_answers_outside_the_scale_are_refused(c: Consultation, bad: object) -> None:
    with pytest.raises(ValueError, match=r"0\.\.4"):
        set_collaborate(c, "understand", bad)  # type: ignore[arg-type]
    assert c.collaborate == {}


def test_an_unknown_question_is_refused(c: Consultation) -> None:
    with pytest.raises(ValueError, match="unknown CollaboRATE question"):
        set_collaborate(c, "sure", 4)


@pytest.mark.parametrize(
    ("scores", "top"),
    [((), None), ((4, 4), None), ((4, 4, 4), True), ((4, 4, 3), False), ((0, 0, 0), False)],
)
def test_top_score(c: Consultation, scores: tuple[int, ...], top: bool | None) -> None:
    _rate(c, *scores)
    assert collaborate_top_score(c) is top


def test_a_rating_is_work_to_save(c: Consultation) -> None:
    assert is_empty(c)
    set_collaborate(c, "understand", 4)
    assert not is_empty(c) and has_unsaved_work(c)
    mark_exported(c)
    set_collaborate(c, "understand", 3)
    assert has_unsaved_work(c)


def test_a_rating_does_not_withdraw_confirmations() -> None:
    record = full_record()
    assert record["confirmations"]["patient"] is not None
    c = from_record(record, minimal_aid(), clock=FixedClock(T0 + timedelta(hours=1)))
    set_collaborate(c, "understand", 4)
    assert set(c.confirmations) == {"patient", "clinician"}


# -- the record ---------------------------------------------------------------------------


def test_record_of_a_skipped_rating(c: Consultation) -> None:
    assert record_data(c)["collaborate"] == {"items": [], "top_score": None, "skipped": True}


def test_record_of_a_rating(c: Consultation) -> None:
    _rate(c, 4, 4, 4)
    rating = record_data(c)["collaborate"]
    assert rating["top_score"] is True and rating["skipped"] is False
    assert [i["key"] for i in rating["items"]] == list(COLLABORATE_KEYS)
    first = rating["items"][0]
    assert first == {
        "key": "understand",
        "question": COLLABORATE_ITEMS[0][1],
        "score": 4,
        "label": "Every effort was made",
        "contributor": "patient",
        "at": "2026-11-26T04:12:30Z",
    }


@pytest.mark.parametrize("scores", [(), (2,), (4, 4, 4), (1, 2, 3)])
def test_records_with_a_rating_fit_the_schema(c: Consultation, scores: tuple[int, ...]) -> None:
    _rate(c, *scores)
    jsonschema.Draft202012Validator(record_schema()).validate(record_data(c))


def test_the_schema_refuses_a_rating_by_anyone_but_the_patient(c: Consultation) -> None:
    _rate(c, 4)
    record = record_data(c)
    record["collaborate"]["items"][0]["contributor"] = "clinician"
    assert not jsonschema.Draft202012Validator(record_schema()).is_valid(record)


def test_round_trip(c: Consultation) -> None:
    _rate(c, 4, 1)
    back = from_record(record_data(c), minimal_aid())
    assert back.collaborate == c.collaborate


def test_a_record_from_before_the_rating_reads_back(c: Consultation) -> None:
    record = record_data(c)
    del record["collaborate"]
    assert from_record(record, minimal_aid()).collaborate == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # the patient's own: no one else may have given it
        (
            lambda item: item.update(contributor="clinician"),
            r"at \$\.collaborate\.items\[0\]\.contributor: expected one of \"patient\"$",
        ),
        (
            lambda item: item.update(score=7),
            r"at \$\.collaborate\.items\[0\]\.score: expected a number of at most 4",
        ),
        (
            lambda item: item.update(score=True),
            r"at \$\.collaborate\.items\[0\]\.score: expected int, got bool",
        ),
        (
            lambda item: item.update(key="sure"),
            r"at \$\.collaborate\.items\[0\]\.key: expected one of .*\"understand\"",
        ),
    ],
)
def test_from_record_refuses_a_bad_rating(c: Consultation, change: Any, message: str) -> None:
    _rate(c, 4)
    record = copy.deepcopy(record_data(c))
    change(record["collaborate"]["items"][0])
    with pytest.raises(RecordError, match=message):
        from_record(record, minimal_aid())


# -- the documents --------------------------------------------------------------------------


def _rated_record(*scores: int) -> dict[str, Any]:
    c = new_consultation(minimal_aid(), clock=FixedClock())
    _rate(c, *scores)
    return record_data(c)


def test_the_clinic_copy_shows_the_rating_and_the_patient_copy_does_not() -> None:
    record = _rated_record(4, 4, 4)
    clinic = render_markdown(record, "clinic")
    assert f"## {HEADING}" in clinic.replace("\\", "")
    assert "4 – Every effort was made" in clinic
    assert "Top score: every effort was made, on all three questions." in clinic
    assert "entered by patient, 2026-11-26 04:12 UTC" in clinic
    patient = render_markdown(record, "patient")
    assert "CollaboRATE" not in patient and "effort" not in patient
    assert "CollaboRATE" not in render_html(record, "patient")
    assert "CollaboRATE" in render_html(record, "clinic")


@pytest.mark.parametrize(
    ("scores", "says"),
    [((4, 3, 4), "Not a top score"), ((2,), "Incomplete: 1 of 3 questions answered.")],
)
def test_the_clinic_copy_says_what_the_rating_adds_up_to(
    scores: tuple[int, ...], says: str
) -> None:
    assert says in render_markdown(_rated_record(*scores), "clinic")


def test_no_section_when_skipped_or_from_before_the_rating() -> None:
    skipped = _rated_record()
    older = copy.deepcopy(skipped)
    del older["collaborate"]
    for record in (skipped, older):
        assert "CollaboRATE" not in render_markdown(record, "clinic")


def test_rating_text_from_disk_is_escaped() -> None:
    record = _rated_record(4)
    record["collaborate"]["items"][0]["question"] = HOSTILE
    record["collaborate"]["items"][0]["label"] = "[x](javascript:alert(1))"
    clinic = render_markdown(record, "clinic")
    assert "<script>" not in clinic and "&lt;script&gt;" in clinic
    assert "](javascript" not in clinic
    page = render_html(record, "clinic")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


def test_the_fhir_document_carries_the_section_as_narrative() -> None:
    bundle = json.loads(dumps_fhir(_rated_record(4, 4, 4)))
    composition = bundle["entry"][0]["resource"]
    titles = [section["title"] for section in composition["section"]]
    assert HEADING in titles
