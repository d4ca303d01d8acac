"""A FHIR R4 DocumentReference wrapping the clinic's HTML copy, for EHR document intake.

Many EHRs take in outside documents as a DocumentReference: a coded envelope (type, patient,
author, custodian, time) around a readable attachment. This one carries the clinic's record
as one self-contained HTML page (base64, with its size and SHA-1 as FHIR R4 asks), and the
patient, clinician and clinic as contained resources, so it stands on its own when posted
to a server. Its type is the FHIR document's (LOINC 18776-5), and its `identifier` is the
FHIR document Composition's, so both can be linked as copies of one consultation.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sdm_tui.export.document import as_record
from sdm_tui.export.fhir import (
    DOCUMENT_TITLE,
    TEST_DATA,
    URI_SYSTEM,
    FhirClock,
    FhirIds,
    absent,
    fhir_text,
    patient_identifiers,
    patient_narrative,
    put_if,
    record_keys,
)
from sdm_tui.export.fhir_codes import CONFIDENTIALITY, DOCUMENT_TYPE, sdm_coding
from sdm_tui.export.html import Paper, render_html
from sdm_tui.export.record_model import AnyRecord, Participant
from sdm_tui.i18n import _, current_language
from sdm_tui.settings.clinic import UTC_CLINIC, Clinic

__all__ = ["dumps_document_reference", "render_document_reference"]

CONFIDENTIALITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
_NOBODY = Participant(role="other", name="", detail="")


def _title(aid_title: str) -> str:
    """ "Shared decision making record: <the aid's title>", in the language in force."""
    return _("{document}: {title}").format(document=_(DOCUMENT_TITLE), title=aid_title)


def _person_name(person: Participant) -> list[dict[str, Any]]:
    name = fhir_text(person.name)
    return [{"text": name}] if name else [{"extension": absent()}]


def render_document_reference(
    record: AnyRecord | Mapping[str, Any], clinic: Clinic | None = None, paper: Paper = "a4"
) -> dict[str, Any]:
    """The clinic's HTML copy of `record` in a DocumentReference (JSON-ready data).

    Raises ValueError when the record has no valid generated_at time."""
    clinic = UTC_CLINIC if clinic is None else clinic
    typed = as_record(record)
    clock = FhirClock(clinic)
    generated = clock(typed.generated_at)
    if generated is None:
        raise ValueError("the record has no valid generated_at time")
    html = render_html(typed, "clinic", paper, clinic).encode("utf-8")
    consultation_key, document_key = record_keys(typed)
    ids = FhirIds(document_key)
    people = typed.participants
    patient = next((p for p in people if p.role == "patient"), _NOBODY)
    clinician = next((p for p in people if p.role == "clinician"), _NOBODY)
    patient_resource: dict[str, Any] = {
        "resourceType": "Patient",  # i18n: not shown
        "id": "patient",
    }
    put_if(patient_resource, "text", patient_narrative(typed, patient))
    patient_resource["identifier"] = patient_identifiers(typed)
    patient_resource["name"] = _person_name(patient)
    contained = [
        patient_resource,
        {
            "resourceType": "Practitioner",  # i18n: not shown
            "id": "clinician",
            "name": _person_name(clinician),
        },
    ]
    custodian = None
    if clinic.has_identity:
        organization: dict[str, Any] = {
            "resourceType": "Organization",  # i18n: not shown
            "id": "clinic",
        }
        if clinic.identifier:
            identifier = {"value": fhir_text(clinic.identifier)}
            if clinic.identifier_system:
                identifier = {"system": clinic.identifier_system, **identifier}
            organization["identifier"] = [identifier]
        put_if(organization, "name", fhir_text(clinic.name))
        contained.append(organization)
        custodian = {"reference": "#clinic"}
    confirmed = typed.confirmations.patient and typed.confirmations.clinician
    labels = [{"system": CONFIDENTIALITY_SYSTEM, "code": CONFIDENTIALITY, "display": "normal"}]
    if typed.mode != "clinical":
        labels.append(dict(TEST_DATA))
    attachment: dict[str, Any] = {"contentType": "text/html"}
    attachment["language"] = current_language()
    attachment.update(
        data=base64.b64encode(html).decode("ascii"),
        size=len(html),
        hash=base64.b64encode(hashlib.sha1(html).digest()).decode("ascii"),
        title=fhir_text(_title(typed.aid.title)),
        creation=generated,
    )
    period: dict[str, Any] = {}
    put_if(period, "start", clock(typed.started_at))
    put_if(period, "end", generated)
    resource: dict[str, Any] = {"resourceType": "DocumentReference", "id": ids.uuid("docref")}
    if typed.mode != "clinical":
        resource["meta"] = {"security": [dict(TEST_DATA)]}
    resource.update(
        contained=contained,
        masterIdentifier={"system": URI_SYSTEM, "value": ids.url("docref")},
        identifier=[{"system": URI_SYSTEM, "value": FhirIds(consultation_key).url("composition")}],
        status="current",
        docStatus="final" if confirmed else "preliminary",
        type={"coding": [dict(DOCUMENT_TYPE)], "text": _(DOCUMENT_TITLE)},
        category=[{"coding": [sdm_coding("shared-decision-making")]}],
        subject={"reference": "#patient"},
        date=generated,
        author=[{"reference": "#clinician"}],
    )
    put_if(resource, "custodian", custodian)
    resource.update(
        description=fhir_text(_title(typed.aid.title)),
        securityLabel=[{"coding": [label]} for label in labels],
        content=[{"attachment": attachment}],
        context={"period": period},
    )
    return resource


def dumps_document_reference(
    record: AnyRecord | Mapping[str, Any], clinic: Clinic | None = None, paper: Paper = "a4"
) -> str:
    """The DocumentReference as JSON text (two-space indent, final newline)."""
    resource = render_document_reference(record, clinic, paper)
    return json.dumps(resource, indent=2, ensure_ascii=False) + "\n"
