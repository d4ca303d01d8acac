"""What an EHR needs to file the FHIR document: codes, identity, encounter, local times.

Every export (the document Bundle and the DocumentReference, with and without a clinic and
a patient identifier, of every kind of record and of the held-back version 1 files) must
validate with the R4B models, resolve every reference it makes, carry real codes only where
sdm-tui declares them, and never turn typed text into a code.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.questionnaire import Questionnaire

from sdm_tui.cli.export import configure, run
from sdm_tui.export import render_fhir, render_markdown
from sdm_tui.export.fhir_codes import DOCUMENT_TYPE, LOINC, SDM_CODES, SECTION_CODES
from sdm_tui.export.fhir_docref import render_document_reference
from sdm_tui.export.fhir_resources import FILES, load
from sdm_tui.export.fhir_resources_text import shipped_texts
from sdm_tui.export.questionnaires import canonical
from sdm_tui.settings.clinic import Clinic, clinic_now, clinic_today
from tests.builders import DATA
from tests.export_records import ALL_RECORDS, NEW_YORK_CLINIC, full_record, identified

V1 = DATA / "records" / "v1"
V1_FILES = sorted(V1.glob("*.json"))
CLINICS = {"no clinic": None, "new york": NEW_YORK_CLINIC}
ALLOWED_LOINC = {DOCUMENT_TYPE["code"], *(c["code"] for c in SECTION_CODES.values())}
"""Every LOINC code sdm-tui uses, each found on LOINC's pages (docs/record-format.md)."""


def _exports() -> Iterator[tuple[str, dict[str, Any], Clinic | None]]:
    for name, make in ALL_RECORDS.items():
        for clinic_name, clinic in CLINICS.items():
            yield f"{name}/{clinic_name}", make(), clinic
            yield f"{name}/{clinic_name}/identified", identified(make()), clinic
    for path in V1_FILES:
        yield f"v1/{path.stem}", json.loads(path.read_text(encoding="utf-8")), NEW_YORK_CLINIC


EXPORTS = {name: (record, clinic) for name, record, clinic in _exports()}


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _codings(value: Any) -> Iterator[dict[str, Any]]:
    """Every Coding: an object with a code (Identifiers, References have none)."""
    for node in _walk(value):
        if "code" in node and isinstance(node["code"], str):
            yield node


def _resources(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in bundle["entry"]]


def _of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in _resources(bundle) if r["resourceType"] == kind]


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_export_validates_and_every_reference_resolves(name: str) -> None:
    record, clinic = EXPORTS[name]
    bundle = render_fhir(record, clinic)
    Bundle.model_validate(bundle)
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    references = [n["reference"] for n in _walk(bundle) if "reference" in n]
    assert references and all(reference in urls for reference in references)
    document = render_document_reference(record, clinic)
    DocumentReference.model_validate(document)
    contained = {f"#{r['id']}" for r in document["contained"]}
    inner = [n["reference"] for n in _walk(document) if "reference" in n]
    assert set(inner) == contained  # every reference resolves, every contained one is used


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_real_codes_only_where_declared(name: str) -> None:
    record, clinic = EXPORTS[name]
    bundle = render_fhir(record, clinic)
    defined = {c["code"] for c in load("codesystem-sdm-tui.json")["concept"]}
    for coding in _codings(bundle):
        system = coding.get("system", "")
        if system == LOINC:
            assert coding["code"] in ALLOWED_LOINC
        elif system == SDM_CODES:
            assert coding["code"] in defined, coding
    composition = bundle["entry"][0]["resource"]
    assert composition["type"]["coding"] == [DOCUMENT_TYPE]
    for section in composition["section"]:
        (code,) = section["code"]["coding"]
        assert code["system"] in (LOINC, SDM_CODES)


def _typed_everywhere(marker: str) -> dict[str, Any]:
    """The full record with `marker` in every text a patient or clinician typed."""
    record = identified(full_record())
    record["participants"] = [
        {**p, "name": f"{marker} name", "detail": f"{marker} detail"}
        for p in record["participants"]
    ]
    for words in record["own_words"].values():
        words["text"] = f"{marker} words"
    record["clinician_view"]["text"] = f"{marker} view"
    for step in record["plan"]:
        step.update(what=f"{marker} what", by_when=f"{marker} when")
    record["review"]["text"] = f"{marker} review"
    record["success_measure"]["text"] = f"{marker} measure"
    record["decision"]["differs_reason"] = f"{marker} differs"
    record["patient_identifier"]["value"] = f"{marker}-1"
    return record


def test_no_typed_text_reaches_a_coded_field() -> None:
    marker = "TYPED7Q"
    clinic = Clinic.in_zone(
        "America/New_York",
        name=f"{marker} clinic",
        identifier=f"{marker}-org",
        phone=f"{marker} phone",
        address=f"{marker} street",
    )
    bundle = render_fhir(_typed_everywhere(marker), clinic)
    text = json.dumps(bundle)
    assert text.count(marker) > 10  # the typed text is there, in text elements
    for coding in _codings(bundle):
        for key in ("system", "code", "version"):
            assert marker not in str(coding.get(key, "")), coding
    for node in _walk(bundle):
        assert marker not in str(node.get("valueCode", ""))
    not_yet = render_fhir(
        {
            **_typed_everywhere(marker),
            "decision": {
                **full_record()["decision"],
                "status": "not_yet",
                "option_id": None,
                "not_yet_reason": "other",
                "not_yet_reason_label": "Another reason",
                "reason_text": f"{marker} reason",
            },
        },
        clinic,
    )
    for coding in _codings(not_yet):
        assert marker not in json.dumps({k: coding.get(k) for k in ("system", "code")})


def test_identity_custodian_and_encounter() -> None:
    bundle = render_fhir(identified(full_record()), NEW_YORK_CLINIC)
    composition = bundle["entry"][0]["resource"]
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    custodian = by_url[composition["custodian"]["reference"]]
    assert custodian["resourceType"] == "Organization"
    assert custodian["name"] == "Riverside Family Practice"
    assert custodian["identifier"] == [
        {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}
    ]
    (patient,) = _of_type(bundle, "Patient")
    assert patient["identifier"] == [
        {"use": "usual", "system": "https://riverside.example.org/mrn", "value": "MRN-004211"}
    ]
    assert "text" not in patient  # named and identified: nothing to warn about
    (encounter,) = _of_type(bundle, "Encounter")
    assert encounter["period"] == {
        "start": "2026-11-25T23:12:30-05:00",
        "end": "2026-11-25T23:28:30-05:00",
    }
    assert encounter["class"]["code"] == "AMB"
    assert by_url[composition["encounter"]["reference"]] == encounter
    assert composition["date"] == bundle["timestamp"] == "2026-11-25T23:28:30-05:00"


def test_a_patient_without_identifier_says_so() -> None:
    record = full_record()
    patient = _of_type(render_fhir(record), "Patient")[0]
    absent = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
    assert patient["identifier"] == [{"extension": [{"url": absent, "valueCode": "unknown"}]}]
    assert "No identifier was entered for this patient" in patient["text"]["div"]


def test_decision_and_collaborate_are_structured() -> None:
    bundle = render_fhir(_rated(full_record()))
    (decision,) = _of_type(bundle, "Observation")
    (coding,) = decision["valueCodeableConcept"]["coding"]
    assert coding == {
        "system": "https://sdm-tui.example.org/fhir/CodeSystem/aid-options/minimal",
        "version": "1.0.0",
        "code": "tablet",
        "display": "Take the tablet",
    }
    responses = {
        r["questionnaire"]: r
        for r in _of_type(bundle, "QuestionnaireResponse")
        if "questionnaire" in r
    }
    collaborate = responses[canonical("collaborate")]
    assert [i["linkId"] for i in collaborate["item"]] == [
        "understand",
        "listen",
        "include",
        "top-score",
    ]


def test_shipped_resources_are_current_and_valid() -> None:
    assert set(shipped_texts()) == set(FILES)
    for name, text in shipped_texts().items():
        path = Path(load.__code__.co_filename).parent / name
        assert path.read_text(encoding="utf-8") == text, (
            f"{name} is stale: run scripts/write_fhir_resources.py"
        )
        data = load(name)
        model = CodeSystem if data["resourceType"] == "CodeSystem" else Questionnaire
        model.model_validate(data)


@pytest.mark.parametrize("name", ["sure", "collaborate"])
def test_responses_answer_the_shipped_questionnaires(name: str) -> None:
    questionnaire = load(f"questionnaire-{name}.json")
    items = {i["linkId"]: i["text"] for i in questionnaire["item"]}
    bundle = render_fhir(_rated(full_record()))
    (response,) = [
        r
        for r in _of_type(bundle, "QuestionnaireResponse")
        if r.get("questionnaire") == canonical(name)
    ]
    assert response["questionnaire"] == f"{questionnaire['url']}|{questionnaire['version']}"
    for item in response["item"]:
        assert item["linkId"] in items
        if name == "sure":
            assert item["text"] == items[item["linkId"]]


def _rated(record: dict[str, Any]) -> dict[str, Any]:
    """The record with the patient's CollaboRATE answers (4, every effort, on all three)."""
    from sdm_tui.consultation.collaborate import COLLABORATE_ITEMS, COLLABORATE_LABELS

    items = [
        {
            "key": key,
            "question": question,
            "score": 4,
            "label": COLLABORATE_LABELS[4],
            "contributor": "patient",
            "at": record["generated_at"],
        }
        for key, question in COLLABORATE_ITEMS
    ]
    return {**record, "collaborate": {"items": items, "top_score": True, "skipped": False}}


def _export(*argv: str | Path) -> int:
    parser = argparse.ArgumentParser(prog="sdm-tui export")
    configure(parser)
    return run(parser.parse_args([str(a) for a in argv]))


@pytest.mark.parametrize("path", V1_FILES, ids=lambda p: p.stem)
def test_a_held_back_v1_record_exports_to_a_document_an_ehr_can_file(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _export(path, "--format", "fhir", "-o", tmp_path) == 0
    (written,) = tmp_path.glob("*-fhir.json")
    bundle = json.loads(written.read_text(encoding="utf-8"))
    Bundle.model_validate(bundle)
    composition = bundle["entry"][0]["resource"]
    assert composition["type"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "18776-5",
        "display": "Plan of care note",
    }
    assert all(section["code"]["coding"] for section in composition["section"])
    assert len(_of_type(bundle, "Encounter")) == 1
    (patient,) = _of_type(bundle, "Patient")
    assert "value" not in patient["identifier"][0]  # v1 records have none: said so
    record = json.loads(path.read_text(encoding="utf-8"))
    sure = [
        r
        for r in _of_type(bundle, "QuestionnaireResponse")
        if r.get("questionnaire") == canonical("sure")
    ]
    assert len(sure) == (1 if record["sure"]["items"] else 0)
    # The same record with an identifier, as team talk now records one.
    with_id = tmp_path / "with-id.json"
    with_id.write_text(json.dumps(identified(record)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert _export(with_id, "--format", "fhir", "--document-reference", "-o", out) == 0
    names = sorted(p.name for p in out.iterdir())
    assert [n.rsplit("-", 1)[-1] for n in names] == ["docref.json", "fhir.json"]
    assert not any("MRN" in n for n in names)  # never in a file name
    bundle = json.loads((out / names[1]).read_text(encoding="utf-8"))
    (patient,) = _of_type(bundle, "Patient")
    assert patient["identifier"][0]["value"] == "MRN-004211"
    DocumentReference.model_validate_json((out / names[0]).read_text(encoding="utf-8"))


def _clinic_markdown(tmp_path: Path) -> str:
    source = V1 / "v1-full.json"
    assert _export(source, "--format", "md", "-o", tmp_path) == 0
    (written,) = tmp_path.glob("*-clinic.md")
    return written.read_text(encoding="utf-8")


def test_clinic_markdown_in_new_york_time_from_tz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    text = _clinic_markdown(tmp_path)
    # started 04:12 UTC on 26 November: 23:12 the evening before in New York
    assert "Date: 2026-11-25 23:12 UTC-05:00" in text
    assert "| Times shown in | America/New\\_York |" in text
    assert "04:12 UTC" not in text


def test_clinic_markdown_in_new_york_time_from_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_home: Path
) -> None:
    settings = private_home / ".config" / "sdm-tui" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('timezone = "America/New_York"\nclinic_name = "Riverside"\n')
    text = _clinic_markdown(tmp_path)  # TZ is UTC: the setting wins
    assert "Date: 2026-11-25 23:12 UTC-05:00" in text and "| Clinic | Riverside |" in text
    (written,) = tmp_path.glob("*.md")
    assert written.name == "sdm-2026-11-26T0428Z-minimal-clinic.md"  # names stay UTC


def test_the_json_record_keeps_utc() -> None:
    record = full_record()
    assert record["started_at"].endswith("Z")
    markdown = render_markdown(record, "clinic", NEW_YORK_CLINIC)
    assert "2026-11-25 23:12 UTC-05:00" in markdown


def test_now_and_today_in_the_clinic_time_zone() -> None:
    from datetime import datetime, timezone

    late = datetime(2026, 11, 26, 3, 30, tzinfo=timezone.utc)
    assert clinic_today(NEW_YORK_CLINIC, lambda: late).isoformat() == "2026-11-25"
    assert clinic_now(NEW_YORK_CLINIC, lambda: late).isoformat() == "2026-11-25T22:30:00-05:00"
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
    assert clinic_now(NEW_YORK_CLINIC, lambda: summer).utcoffset().total_seconds() == -4 * 3600


def test_the_patient_copy_gives_the_clinic_contact_not_the_identifier() -> None:
    copy = render_markdown(identified(full_record()), "patient", NEW_YORK_CLINIC)
    assert "## Your clinic" in copy and "+1 212 555 0100" in copy
    assert "MRN-004211" not in copy
    clinic = render_markdown(identified(full_record()), "clinic", NEW_YORK_CLINIC)
    assert "Patient identifier: MRN-004211" in clinic


def test_a_document_reference_is_for_the_clinic_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    source = V1 / "v1-full.json"
    assert _export(source, "--audience", "patient", "--document-reference", "-o", out) == 2
    assert "--document-reference wraps the clinic's copy" in capsys.readouterr().err
    assert list(out.iterdir()) == []
