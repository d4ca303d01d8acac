"""The follow-up visit in the core: started from a record alone, answered with who gave
each answer, scored (Decision Regret), written as a record linked to the earlier one, read
back, rendered, and followed up again (a chain)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import msgspec
import pytest

from sdm_tui.consultation import SURE_ITEMS, set_review, set_sure
from sdm_tui.consultation.decision import set_no_review
from sdm_tui.consultation.follow_up import (
    change_decision,
    decision_now,
    keep_decision,
    regret_asked,
    regret_score,
    regret_score_of,
    set_acted_on,
    set_decision_why,
    set_measure_met,
    set_regret,
    set_step_outcome,
    still_undecided,
)
from sdm_tui.export import from_record, render_markdown, to_record
from sdm_tui.export.follow_up_start import start_follow_up
from sdm_tui.export.record_model import AnyRecord, read_record, record_text
from sdm_tui.export.record_read import RecordError
from tests.builders import DATA, HOSTILE, FixedClock, full_consultation, minimal_aid

LATER = dt.datetime(2027, 2, 26, 10, 0, tzinfo=dt.timezone.utc)


def _earlier() -> AnyRecord:
    return read_record(record_text(to_record(full_consultation())))


def _answered(record: AnyRecord, clock: FixedClock | None = None):  # type: ignore[no-untyped-def]
    c = start_follow_up(record, "earlier-record.json", clock=clock or FixedClock(LATER))
    set_step_outcome(c, 0, "done", "patient")
    set_step_outcome(c, 1, "partly", "clinician")
    set_measure_met(c, "partly", "both")
    set_acted_on(c, "yes", "patient")
    keep_decision(c, "both")
    set_decision_why(c, "It suits me", "patient")
    for number, answer in zip(range(1, 6), (1, 5, 2, 4, 2), strict=True):
        set_regret(c, number, answer, "patient")
    for key, _ in SURE_ITEMS:
        set_sure(c, key, True, "patient")
    set_review(c, "in 6 months")
    return c


def test_regret_scoring_reverses_items_2_and_4() -> None:
    # No regret at all: agree with 1, 3, 5 and disagree with 2 and 4.
    assert regret_score_of({1: 1, 2: 5, 3: 1, 4: 5, 5: 1}) == 0
    assert regret_score_of({1: 5, 2: 1, 3: 5, 4: 1, 5: 5}) == 100
    assert regret_score_of({n: 3 for n in range(1, 6)}) == 50
    # "Agree" with 1, 3, 5 and "disagree" with 2 and 4: each item 25.
    assert regret_score_of({1: 2, 2: 4, 3: 2, 4: 4, 5: 2}) == 25
    assert regret_score_of({1: 1, 2: 5}) is None


def test_a_follow_up_starts_from_the_record_alone_and_keeps_who_said_what() -> None:
    earlier = _earlier()
    c = _answered(earlier)
    assert c.follow_up is not None
    assert [p.name for p in c.participants][:2] == ["Ann Smith", "Dr Bo Chen"]
    assert decision_now(c) == "kept" and regret_asked(c)
    assert regret_score(c) == 15  # items on 0..100: 0, 0 (2 reversed), 25, 25 (4 reversed), 25
    record = to_record(c)
    f = record.follow_up_or_none
    assert f is not None
    assert f.earlier.consultation_id == earlier.consultation_id and not f.earlier.id_derived
    assert f.earlier.chain_id == earlier.consultation_id and f.visit == 1
    assert record.consultation_id != earlier.consultation_id
    assert record.aid == earlier.aid  # the figures used then, carried unchanged
    assert [(s.outcome, s.contributor) for s in f.steps] == [
        ("done", "patient"),
        ("partly", "clinician"),
    ]
    assert f.decision_now is not None and f.decision_now.status == "kept"
    assert f.decision_now.why is not None and f.decision_now.why.contributor == "patient"
    assert f.regret is not None and f.regret.score == regret_score(c)
    assert record.review_date == "2027-08-26"
    # Read back: the written record is a valid record, and recovery restores the answers.
    again = read_record(record_text(record))
    assert again == record
    back = from_record(again, c.aid, FixedClock(LATER))
    assert back.follow_up is not None and back.follow_up.steps.keys() == {0, 1}
    assert regret_score(back) == regret_score(c)


def test_a_follow_up_keeps_the_patient_identifier_entered_then() -> None:
    # A follow-up has no team talk: without the identifier carried over, every follow-up
    # of an identified patient would be filed as "not entered" (issues 18 and 19).
    from sdm_tui.consultation.rules import set_patient_identifier
    from sdm_tui.export import render_fhir

    first = full_consultation()
    set_patient_identifier(first, "MRN-004211", "https://clinic.example.org/mrn")
    earlier = read_record(record_text(to_record(first)))
    c = _answered(earlier)
    record = to_record(c)
    identifier = record.patient_identifier_or_none
    assert identifier is not None and identifier.value == "MRN-004211"
    assert identifier.system == "https://clinic.example.org/mrn"
    assert identifier.contributor == "clinician"  # who gave it then, and when
    assert identifier.at == earlier.patient_identifier_or_none.at  # type: ignore[union-attr]
    assert "MRN-004211" in render_markdown(record, "clinic")
    assert "MRN-004211" not in render_markdown(record, "patient")
    bundle = render_fhir(record)
    [patient] = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert patient["identifier"][0]["value"] == "MRN-004211"
    # A follow-up of that follow-up keeps it too.
    again = start_follow_up(read_record(record_text(record)), "r.json", clock=FixedClock(LATER))
    assert to_record(again).patient_identifier_or_none == identifier


def test_the_documents_tell_the_story_then_and_now() -> None:
    record = to_record(_answered(_earlier()))
    clinic = render_markdown(record, "clinic")
    patient = render_markdown(record, "patient")
    for text in (clinic, patient):
        assert "The decision we are reviewing" in text and "How it went" in text
        assert "Looking back on the decision" in text
        assert "Less tired by spring" in text  # the success measure then
    assert "Score: " in clinic and "of 100" in clinic
    assert "Follows consultation" in clinic and "Follows consultation" not in patient


def test_an_answered_follow_up_is_unsaved_work() -> None:
    from sdm_tui.consultation import has_unsaved_work
    from sdm_tui.consultation.record import Participant

    c = start_follow_up(_earlier(), "r.json", clock=FixedClock(LATER))
    c.participants = [Participant("patient"), Participant("clinician")]  # no names
    c.success_measure = None  # nor the measure carried from then: nothing at all yet
    assert not has_unsaved_work(c)
    set_measure_met(c, "met")
    assert has_unsaved_work(c)


def test_changed_undecided_and_decided_now() -> None:
    earlier = _earlier()
    c = start_follow_up(earlier, "r.json", clock=FixedClock(LATER))
    other = minimal_aid().options[1].id
    change_decision(c, other)
    assert decision_now(c) == "changed"
    still_undecided(c, "more_information")
    assert decision_now(c) == "undecided"
    set_acted_on(c, "no")
    assert not regret_asked(c)
    with pytest.raises(ValueError, match="acted on"):
        set_regret(c, 1, 1)
    not_yet = msgspec.structs.replace(earlier, decision=to_record(_not_yet()).decision)
    d = start_follow_up(not_yet, "r.json", clock=FixedClock(LATER))
    with pytest.raises(ValueError, match="no decision to keep"):
        keep_decision(d)
    change_decision(d, other)
    assert decision_now(d) == "decided"


def _not_yet():  # type: ignore[no-untyped-def]
    from sdm_tui.consultation import decide_not_yet, new_consultation

    c = new_consultation(minimal_aid(), clock=FixedClock())
    decide_not_yet(c, "more_time")
    return c


def test_a_follow_up_of_a_follow_up_reads_as_one_chain() -> None:
    earlier = _earlier()
    first = read_record(record_text(to_record(_answered(earlier))))
    second_c = start_follow_up(
        first, "first-follow-up.json", clock=FixedClock(LATER + dt.timedelta(days=180))
    )
    set_no_review(second_c, "No further review: it is working")
    second = to_record(second_c)
    f = second.follow_up_or_none
    assert f is not None and f.visit == 2
    assert f.earlier.consultation_id == first.consultation_id
    assert f.earlier.chain_id == earlier.consultation_id
    assert f.earlier.visit == 1
    assert f.earlier.success_measure is not None  # the measure agreed at first still stands
    assert f.earlier.success_measure.text == "Less tired by spring"
    assert isinstance(second.no_review, type(first.review)) and second.review_date is None


def test_a_version_1_record_without_an_id_gets_a_derived_one_said_so() -> None:
    path = DATA / "records" / "v1" / "v1-full.json"
    v1 = read_record(path.read_bytes())
    assert not isinstance(v1.consultation_id, str)
    c = start_follow_up(v1, path.name, clock=FixedClock(LATER))
    f = to_record(c).follow_up_or_none
    assert f is not None and f.earlier.id_derived
    again = start_follow_up(v1, path.name, clock=FixedClock(LATER))
    assert to_record(again).follow_up_or_none.earlier.consultation_id == f.earlier.consultation_id  # type: ignore[union-attr]
    assert "derived from that record" in render_markdown(to_record(c), "clinic")


def test_the_aid_changed_since_is_said(tmp_path: Path) -> None:
    earlier = _earlier()
    newer = dataclasses.replace(minimal_aid(), version="9.9", sha256="f" * 64)
    c = start_follow_up(earlier, "r.json", library_aid=newer, clock=FixedClock(LATER))
    assert c.follow_up is not None and c.follow_up.aid_now is not None
    assert c.follow_up.aid_now.changed
    assert "has changed since" in render_markdown(to_record(c), "patient")
    same = start_follow_up(earlier, "r.json", library_aid=minimal_aid(), clock=FixedClock(LATER))
    assert same.follow_up is not None and same.follow_up.aid_now is not None
    assert not same.follow_up.aid_now.changed


def test_recovery_refuses_a_follow_up_of_another_aid() -> None:
    record = to_record(_answered(_earlier()))
    other = dataclasses.replace(minimal_aid(), id="other")
    with pytest.raises(RecordError):
        from_record(record, other)


def test_what_was_typed_at_a_follow_up_shows_as_text() -> None:
    from sdm_tui.export import render_html

    c = _answered(_earlier())
    set_decision_why(c, f"Because {HOSTILE} & <b>bold</b>", "patient")
    set_no_review(c, f"{HOSTILE} no review")
    record = to_record(c)
    for audience in ("patient", "clinic"):
        html = render_html(record, audience)
        assert HOSTILE not in html and "&lt;script&gt;" in html
        assert "<b>bold</b>" not in render_html(record, audience)


def test_a_follow_up_is_a_valid_fhir_document_with_its_story_in_the_narrative() -> None:
    from fhir.resources.R4B.bundle import Bundle

    from sdm_tui.export import render_fhir

    bundle = render_fhir(to_record(_answered(_earlier())))
    Bundle.model_validate(bundle)
    composition = bundle["entry"][0]["resource"]
    titles = [section["title"] for section in composition["section"]]
    assert "The decision we are reviewing" in titles and "Looking back on the decision" in titles
    responses = {
        entry["fullUrl"]: entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "QuestionnaireResponse"
        and "decision-regret" in entry["resource"]["questionnaire"]
    }
    assert len(responses) == 1
    [(url, regret)] = responses.items()
    answers = {item["linkId"]: item["answer"][0] for item in regret["item"]}
    assert [answers[key]["valueCoding"]["code"] for key in list(answers)[:5]] == [
        "agree-1",
        "agree-5",
        "agree-2",
        "agree-4",
        "agree-2",
    ]
    assert answers["score"] == {"valueInteger": 15}  # (0 + 0 + 25 + 25 + 25) / 5
    [section] = [s for s in composition["section"] if s["title"] == "Looking back on the decision"]
    assert section["entry"] == [{"reference": url}]
