"""The FHIR R4 document: valid for the R4B models, and what those models do not check."""

from __future__ import annotations

import base64
import copy
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from sdm_tui.aid.library import bundled_aids_folder
from sdm_tui.aid.loader import load_aid
from sdm_tui.consultation import new_consultation
from sdm_tui.export import dumps_fhir, render_fhir, to_record, write_exports
from tests.builders import HOSTILE, FixedClock
from tests.export_records import (
    ALL_RECORDS,
    empty_record,
    full_record,
    not_yet_record,
    training_record,
)

XHTML = "{http://www.w3.org/1999/xhtml}"
NARRATIVE_TAGS = {
    "div", "p", "strong", "em", "br", "ul", "li", "table", "thead", "tbody", "tr", "th",
    "td", "blockquote",
}  # fmt: skip
NARRATIVE_ATTRIBUTES = {"class", "scope"}
# Value sets the models leave unchecked (FHIR R4 required bindings).
CODES = {
    ("Composition", "status"): {"preliminary", "final", "amended", "entered-in-error"},
    ("QuestionnaireResponse", "status"): {
        "in-progress", "completed", "amended", "entered-in-error", "stopped",
    },
    ("CarePlan", "status"): {
        "draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown",
    },
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
}  # fmt: skip


def _bundled_records() -> dict[str, Any]:
    records = {}
    for path in sorted(bundled_aids_folder().glob("*.toml")):
        aid = load_aid(path)
        records[aid.id] = to_record(new_consultation(aid, clock=FixedClock()))
    return records


def _resources(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in bundle["entry"]]


def _of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in _resources(bundle) if r["resourceType"] == kind]


def _one(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    (found,) = _of_type(bundle, kind)
    return found


def _references(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference":
                yield item
            else:
                yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def _resolve(bundle: dict[str, Any], reference: dict[str, str]) -> dict[str, Any]:
    (found,) = [e["resource"] for e in bundle["entry"] if e["fullUrl"] == reference["reference"]]
    return found


@pytest.fixture(scope="module")
def full() -> dict[str, Any]:
    return render_fhir(full_record())


RECORDS = {**ALL_RECORDS}


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_valid_for_the_r4b_models(name: str) -> None:
    bundle = render_fhir(RECORDS[name]())
    Bundle.model_validate(bundle)
    Bundle.model_validate_json(json.dumps(bundle))


def test_bundled_aids_give_valid_documents() -> None:
    for record in _bundled_records().values():
        Bundle.model_validate(render_fhir(record))


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_document_rules(name: str) -> None:
    record = RECORDS[name]()
    bundle = render_fhir(record)
    assert bundle["type"] == "document"
    assert bundle["timestamp"] == record["generated_at"]
    assert bundle["identifier"]["system"] == "urn:ietf:rfc:3986"
    assert bundle["identifier"]["value"].startswith("urn:uuid:")
    assert bundle["entry"][0]["resource"]["resourceType"] == "Composition"
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
        assert set(entry) == {"fullUrl", "resource"}
    for reference in _references(bundle):
        assert reference in urls, f"{reference} does not resolve within the Bundle"
    for resource in _resources(bundle):
        for (kind, field), allowed in CODES.items():
            if resource["resourceType"] == kind:
                assert resource[field] in allowed


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_every_section_has_a_narrative_in_plain_xhtml(name: str) -> None:
    composition = render_fhir(RECORDS[name]())["entry"][0]["resource"]
    assert composition["section"]
    for section in composition["section"]:
        assert section["title"]
        assert section["text"]["status"] in ("generated", "extensions", "additional", "empty")
        div = ET.fromstring(section["text"]["div"])
        assert div.tag == f"{XHTML}div"
        assert "".join(div.itertext()).strip(), section["title"]
        for element in div.iter():
            assert element.tag.startswith(XHTML)
            assert element.tag.removeprefix(XHTML) in NARRATIVE_TAGS
            assert set(element.attrib) <= NARRATIVE_ATTRIBUTES


def test_composition(full: dict[str, Any]) -> None:
    record = full_record()
    composition = full["entry"][0]["resource"]
    assert composition["status"] == "final"
    assert composition["type"] == {
        "coding": [
            {"system": "http://loinc.org", "code": "18776-5", "display": "Plan of care note"}
        ],
        "text": "Shared decision making record",
    }
    assert composition["confidentiality"] == "N"
    assert _resolve(full, composition["encounter"])["resourceType"] == "Encounter"
    assert "custodian" not in composition  # no clinic given: see test_export_fhir_coded
    assert composition["title"] == "Shared decision making record: Minimal test aid"
    assert composition["date"] == record["generated_at"]
    assert composition["language"] == "en"
    assert _resolve(full, composition["subject"])["resourceType"] == "Patient"
    assert [_resolve(full, a)["resourceType"] for a in composition["author"]] == [
        "PractitionerRole",
        "Patient",
    ]
    assert [s["title"] for s in composition["section"]] == [
        "Warnings",
        "About this record",
        "Who took part",
        "Preferred role in deciding",
        "What matters to the patient",
        "The options",
        "How the ratings line up with each option",
        "Leaning",
        "Clinician's view",
        "Others' views and any pressure",
        "Knowledge checks",
        "SURE test (decisional conflict)",
        "Decision",
        "Next steps",
        "Review",
        "Sources",
        "Confirmations",
    ]
    sections = {s["title"]: s for s in composition["section"]}
    for title, kinds in (
        ("What matters to the patient", ["QuestionnaireResponse"]),
        ("Knowledge checks", ["QuestionnaireResponse"]),
        ("SURE test (decisional conflict)", ["QuestionnaireResponse"]),
        ("Next steps", ["CarePlan"]),
        ("Decision", ["Observation"]),
        ("Review", ["Goal", "CarePlan"]),
        ("About this record", ["Encounter"]),
    ):
        assert [_resolve(full, e)["resourceType"] for e in sections[title]["entry"]] == kinds
    people = [_resolve(full, e)["resourceType"] for e in sections["Who took part"]["entry"]]
    assert people == ["Patient", "PractitionerRole", "Practitioner", "RelatedPerson"]


def test_attesters_record_both_confirmations(full: dict[str, Any]) -> None:
    attesters = full["entry"][0]["resource"]["attester"]
    assert [(a["mode"], a["time"]) for a in attesters] == [
        ("personal", "2026-11-26T04:27:30Z"),
        ("professional", "2026-11-26T04:28:30Z"),
    ]
    assert [_resolve(full, a["party"])["resourceType"] for a in attesters] == [
        "Patient",
        "Practitioner",
    ]


def test_not_confirmed_by_both_is_preliminary() -> None:
    bundle = render_fhir(not_yet_record())  # the patient alone confirmed
    composition = bundle["entry"][0]["resource"]
    assert composition["status"] == "preliminary"
    assert [a["mode"] for a in composition["attester"]] == ["personal"]
    assert _one(bundle, "CarePlan")["status"] == "draft"
    assert {r["status"] for r in _of_type(bundle, "QuestionnaireResponse")} == {"in-progress"}
    assert _one(bundle, "Encounter")["status"] == "in-progress"
    empty = render_fhir(empty_record())
    assert empty["entry"][0]["resource"]["status"] == "preliminary"
    assert "attester" not in empty["entry"][0]["resource"]
    kinds = [r["resourceType"] for r in _resources(empty)]
    assert kinds == [
        "Composition",
        "Patient",
        "Practitioner",
        "PractitionerRole",
        "Encounter",
        "Device",
        "Provenance",
    ]


def test_people(full: dict[str, Any]) -> None:
    assert _one(full, "Patient")["name"] == [{"text": "Ann Smith"}]
    practitioner = _one(full, "Practitioner")
    assert practitioner["name"] == [{"text": "Dr Bo Chen"}]
    assert "qualification" not in practitioner  # a role in this consultation, not a degree
    role = _one(full, "PractitionerRole")
    assert _resolve(full, role["practitioner"]) == practitioner
    (code,) = role["code"]
    assert code["text"] == "GP"
    assert [c["code"] for c in code["coding"]] == ["clinician"]
    related = _one(full, "RelatedPerson")
    assert related["relationship"] == [{"text": "daughter"}]
    assert _resolve(full, related["patient"])["resourceType"] == "Patient"
    unnamed = _one(render_fhir(not_yet_record()), "Patient")
    # FHIR allows no empty strings: an absent name says so, and the narrative says it plainly
    absent = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
    assert unnamed["name"] == [{"extension": [{"url": absent, "valueCode": "unknown"}]}]
    assert "No name or identifier was entered" in unnamed["text"]["div"]


def _response(bundle: dict[str, Any], key: str) -> dict[str, Any]:
    (found,) = [
        r for r in _of_type(bundle, "QuestionnaireResponse") if r["id"] == _of_id(bundle, key)
    ]
    return found


def _of_id(bundle: dict[str, Any], key: str) -> str:
    from sdm_tui.export.fhir import FhirIds, record_keys
    from sdm_tui.export.record_model import record_from_data

    return FhirIds(record_keys(record_from_data(full_record()))[1]).uuid(key)


def test_questionnaire_responses(full: dict[str, Any]) -> None:
    answers = _response(full, "preferences")
    assert answers["status"] == "completed" and "questionnaire" not in answers
    groups = {item["linkId"]: item for item in answers["item"]}
    assert list(groups) == ["preferred-role", "ratings", "own-words"]
    assert groups["ratings"]["item"] == [
        {
            "linkId": "rating/avoid-pills",
            "text": "Avoiding daily tablets",
            "answer": [{"valueInteger": 4}],
        }
    ]
    sure_response = _response(full, "sure")
    assert sure_response["questionnaire"] == (
        "https://sdm-tui.example.org/fhir/Questionnaire/sure|1.0.0"
    )
    sure = {i["linkId"]: i["answer"][0] for i in sure_response["item"]}
    assert sure == {
        "sure": {"valueBoolean": True},
        "understand": {"valueBoolean": True},
        "risk_benefit": {"valueBoolean": True},
        "encouragement": {"valueBoolean": False},
        "score": {"valueInteger": 3},
    }
    words = {i["linkId"]: i["answer"][0]["valueString"] for i in groups["own-words"]["item"]}
    assert words["own-words/questions"] == f"Is this safe? {HOSTILE} & <b>bold</b>"


def test_care_plan(full: dict[str, Any]) -> None:
    plan = _one(full, "CarePlan")
    assert (plan["status"], plan["intent"]) == ("active", "plan")
    assert plan["description"] == "The plan for the option chosen together: Take the tablet"
    assert [_resolve(full, g)["resourceType"] for g in plan["goal"]] == ["Goal"]
    goal = _one(full, "Goal")
    assert goal["description"] == {"text": "Less tired by spring"}
    assert goal["lifecycleStatus"] == "active"
    steps = [a["detail"] for a in plan["activity"]]
    assert [(s["description"], s.get("scheduledString")) for s in steps] == [
        ("Start the tablet", "Monday"),
        ("Check blood test", "in 6 weeks"),
        ("Ring the surgery if sick", None),
    ]
    assert {s["status"] for s in steps} == {"not-started"}
    assert [[p["display"] for p in s["performer"]] for s in steps] == [
        ["Patient"],
        ["Clinician"],
        ["Someone else"],
    ]
    assert _resolve(full, steps[0]["performer"][0])["resourceType"] == "Patient"
    assert "reference" not in steps[2]["performer"][0]
    assert plan["note"] == [{"text": "When we will review this: in 3 months"}]


def test_provenance_names_the_aid_and_sdm_tui(full: dict[str, Any]) -> None:
    record = full_record()
    sha256 = record["aid"]["sha256"]
    provenance = _one(full, "Provenance")
    assert provenance["recorded"] == record["generated_at"]
    targets = [_resolve(full, t)["resourceType"] for t in provenance["target"]]
    assert targets == [
        "Composition",
        "QuestionnaireResponse",
        "QuestionnaireResponse",
        "QuestionnaireResponse",
        "Observation",
        "Goal",
        "CarePlan",
    ]
    (entity,) = provenance["entity"]
    assert entity["role"] == "source"
    display = entity["what"]["display"]
    assert "'Minimal test aid'" in display and "id minimal" in display
    assert "version 1.0.0" in display and sha256 in display
    hashed = entity["what"]["identifier"]["value"].removeprefix("ni:///sha-256;")
    assert base64.urlsafe_b64decode(hashed + "=").hex() == sha256
    assembler = provenance["agent"][0]
    assert assembler["type"]["coding"][0]["code"] == "assembler"
    device = _resolve(full, assembler["who"])
    assert device["deviceName"] == [{"name": "sdm-tui", "type": "user-friendly-name"}]
    from sdm_tui import __version__

    assert device["version"] == [{"value": __version__}]


def test_training_is_labelled_test_data_everywhere() -> None:
    bundle = render_fhir(training_record())
    label = {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
        "code": "HTEST",
        "display": "test health data",
    }
    assert bundle["meta"]["security"] == [label]
    for resource in _resources(bundle):
        assert resource["meta"]["security"] == [label]
    first = bundle["entry"][0]["resource"]["section"][0]
    assert first["title"] == "Warnings"
    assert "TRAINING – not a clinical record" in first["text"]["div"]
    assert "meta" not in render_fhir(full_record())  # a clinical record is not labelled


def test_hostile_text_is_escaped_in_the_narrative(full: dict[str, Any]) -> None:
    composition = full["entry"][0]["resource"]
    (section,) = [s for s in composition["section"] if s["title"].startswith("What matters")]
    div = ET.fromstring(section["text"]["div"])
    assert HOSTILE in "".join(div.itertext())
    assert not [e for e in div.iter() if e.tag.endswith(("script", "b"))]


def test_ids_are_stable_and_the_composition_keeps_its_identifier() -> None:
    record = full_record()
    assert render_fhir(record) == render_fhir(copy.deepcopy(record))
    later = {**record, "generated_at": "2026-11-26T05:00:00Z"}
    first, second = render_fhir(record), render_fhir(later)
    assert first["identifier"] != second["identifier"]
    composition = [b["entry"][0]["resource"]["identifier"] for b in (first, second)]
    assert composition[0] == composition[1]
    other = render_fhir({**record, "started_at": "2026-11-27T09:00:00Z"})
    assert other["entry"][0]["resource"]["identifier"] != composition[0]


def test_a_record_without_a_time_cannot_make_a_document() -> None:
    with pytest.raises(ValueError, match="generated_at"):
        render_fhir({**full_record(), "generated_at": "yesterday"})


def test_dumps_and_write_exports(tmp_path: Path) -> None:
    record = full_record()
    text = dumps_fhir(record)
    assert text.endswith("}\n") and json.loads(text) == render_fhir(record)
    paths = write_exports(record, tmp_path, formats=("fhir",), audience="patient")
    assert [p.name for p in paths] == ["sdm-2026-11-26T0428Z-minimal-fhir.json"]
    assert paths[0].read_text(encoding="utf-8") == text
