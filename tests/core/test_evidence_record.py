"""Personalised evidence in the consultation, the record and the documents: inputs entered
by the clinician, the counts shown for them, and how they were worked out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdm_tui.aid.evidence import InputError
from sdm_tui.aid.loader import load_aid
from sdm_tui.consultation import new_consultation
from sdm_tui.consultation.inputs import (
    basis_sentence,
    clear_input,
    missing_inputs,
    set_input,
    shown_aid,
)
from sdm_tui.consultation.record import Consultation
from sdm_tui.export.fhir import dumps_fhir
from sdm_tui.export.html import render_html
from sdm_tui.export.markdown import render_markdown
from sdm_tui.export.record_json import to_record
from sdm_tui.export.record_model import read_record, record_text, record_to_data
from sdm_tui.export.record_read import from_record
from tests.builders import FixedClock, minimal_aid

AID2 = Path(__file__).resolve().parents[1] / "data" / "aids" / "format2" / "personalised.toml"


def consultation(risk: str | None = None) -> Consultation:
    c = new_consultation(load_aid(AID2), clock=FixedClock())
    if risk is not None:
        set_input(c, "risk", risk)
    return c


def test_an_input_is_checked_and_stamped_with_who_entered_it() -> None:
    c = consultation()
    assert [item.id for item in missing_inputs(c)] == ["risk"]
    assert basis_sentence(c) == (
        "To see the numbers for this patient, enter: 10-year risk of a stroke."
    )
    with pytest.raises(InputError, match="out of range"):
        set_input(c, "risk", "60")
    assert c.inputs == {}
    set_input(c, "risk", "14")
    entry = c.inputs["risk"]
    assert (entry.value, entry.contributor) == (14.0, "clinician")
    assert entry.at.tzinfo is not None
    assert basis_sentence(c) == (
        "Numbers for 10-year risk of a stroke: 14 in 100, as entered by the clinician; "
        "Age band: Under 65 (the aid's default)."
    )
    stroke = shown_aid(c).outcomes[0]
    assert dict(stroke.chance) == {"none": 14, "tablet": 11}
    clear_input(c, "risk")
    assert shown_aid(c).outcomes[0].chance == {}


def test_the_record_keeps_inputs_counts_ranges_and_method_and_reads_back() -> None:
    c = consultation("25")
    record = to_record(c)
    data = record_to_data(record)
    (risk, age) = data["inputs"]
    assert risk == {
        "id": "risk",
        "label": "10-year risk of a stroke",
        "kind": "number",
        "value": 25,
        "shown": "25 in 100",
        "unit": "in 100",
        "contributor": "clinician",
        "at": record.inputs_or_empty[0].at,
    }
    assert (age["value"], age["contributor"], age["at"]) == ("younger", None, None)
    stroke = data["aid"]["outcomes"][0]
    assert stroke["chance"] == {"tablet": 19, "none": 25}  # 25 x 0.75 = 18.75 -> 19
    assert stroke["ranges"] == {"tablet": {"low": 15, "high": 23}}
    method = stroke["method"]
    assert (method["baseline"], method["baseline_input"], method["rr"]) == (
        25.0,
        "risk",
        {"tablet": 0.75},
    )
    assert (method["rr_low"], method["rr_high"], method["authored_per"]) == (
        {"tablet": 0.6},
        {"tablet": 0.9},
        100,
    )
    bleed = data["aid"]["outcomes"][1]
    assert (bleed["per"], bleed["method"]["authored_per"]) == (1000, 100)
    fall = data["aid"]["outcomes"][2]["method"]
    assert (fall["strata_by"], fall["stratum"]) == (
        "age",
        {"low": None, "high": None, "value": "younger"},
    )
    again = from_record(read_record(record_text(record)), c.aid)
    assert again.inputs == c.inputs


def test_a_format_1_record_has_no_inputs() -> None:
    record = to_record(new_consultation(minimal_aid(), clock=FixedClock()))
    data = record_to_data(record)
    assert "inputs" not in data
    assert all("method" not in o and "ranges" not in o for o in data["aid"]["outcomes"])


def test_the_patient_copy_shows_only_this_patients_numbers_and_says_so() -> None:
    low, high = to_record(consultation("8")), to_record(consultation("25"))
    copy_low = render_markdown(low, "patient")
    copy_high = render_markdown(high, "patient")
    assert (
        "The numbers below are for you only, worked out from 10-year risk of a stroke: 8 in"
        in copy_low
    )
    assert "| 6 out of 100 people, between 5 and 7 | 8 out of 100 people |" in copy_low
    assert "19 out of 100 people" not in copy_low
    assert "| 19 out of 100 people, between 15 and 23 | 25 out of 100 people |" in copy_high
    assert "(certainty of the evidence: moderate)" in copy_high
    assert (
        "No stroke in 10 years: Take the tablet: 81 out of 100; No tablet: 75 out of 100"
        in copy_high
    )
    assert "entered by clinician, " not in copy_high  # no who-and-when table for the patient
    grid = copy_high.split("## Your options side by side", 1)[1]  # the one to take home
    assert "| 19 out of 100 people, between 15 and 23 | 25 out of 100 people |" in grid


def test_the_clinic_copy_and_fhir_include_the_inputs_and_the_method() -> None:
    record = to_record(consultation("14"))
    clinic = render_markdown(record, "clinic")
    assert "| 10-year risk of a stroke | 14 in 100 | entered by clinician, " in clinic
    assert "| Age band | Under 65 | the aid's default |" in clinic
    assert (
        "baseline 14 out of 100 (No tablet, from input risk); "
        "Take the tablet x 0.75 (95% CI 0.6 to 0.9)" in clinic
    )
    fhir = json.loads(dumps_fhir(record))
    narrative = json.dumps(fhir)
    assert "10-year risk of a stroke" in narrative and "14 in 100" in narrative
    html = render_html(record, "patient")
    assert "11 out of 100 people, between 8 and 13" in html


def test_missing_inputs_are_said_instead_of_numbers() -> None:
    copy = render_markdown(to_record(consultation()), "patient")
    assert (
        "| Harm: Stroke in 10 years (certainty of the evidence: moderate) "
        "| not shown: the inputs it needs were not entered |" in copy
    )


def test_the_fhir_document_carries_each_input_as_a_coded_observation() -> None:
    from fhir.resources.R4B.bundle import Bundle

    from sdm_tui.export.fhir_codes import aid_inputs_system

    record = to_record(consultation("14"))
    document = json.loads(dumps_fhir(record))
    Bundle.model_validate(document)
    by_url = {entry["fullUrl"]: entry["resource"] for entry in document["entry"]}
    system = aid_inputs_system(record.aid.id)
    inputs = {
        url: resource
        for url, resource in by_url.items()
        if resource["resourceType"] == "Observation"
        and resource["code"]["coding"][0]["system"] == system
    }
    by_code = {resource["code"]["coding"][0]["code"]: resource for resource in inputs.values()}
    assert set(by_code) == {"risk", "age"}
    risk = by_code["risk"]
    assert risk["valueQuantity"] == {"value": 14, "unit": "in 100"}
    [performer] = risk["performer"]
    assert by_url[performer["reference"]]["resourceType"] == "PractitionerRole"  # the clinician
    age = by_code["age"]["valueCodeableConcept"]
    assert age["coding"] == [{"system": f"{system}/age", "code": "younger", "display": "Under 65"}]
    assert "performer" not in by_code["age"]  # the aid's default: nobody entered it
    assert by_code["age"]["note"] == [{"text": "The aid's default value: nobody entered it."}]
    composition = document["entry"][0]["resource"]
    listed = {
        entry["reference"]
        for section in composition["section"]
        for entry in section.get("entry", [])
    }
    assert set(inputs) <= listed  # in the document's sections, so an EHR files them
