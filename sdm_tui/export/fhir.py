"""A FHIR R4 document from a consultation record, for other systems (the clinic's copy).

The result is a document Bundle whose first entry is a Composition: one section per part
of the clinic record, each with its narrative (the same wording as the Markdown and HTML
copies, from `document.build_document`), and structured entries where FHIR has a place:

- Patient, Practitioner (per clinician) and RelatedPerson (per other person present);
- a QuestionnaireResponse: the preferred role, the ratings, the patient's own words and
  the SURE test;
- a CarePlan: the decision, the steps (who and by when, as text), review and how both
  will know it works;
- a Device (sdm-tui) and a Provenance naming sdm-tui and the decision aid (id, version,
  SHA-256).

The Composition is "final" only when patient and clinician both confirmed ("preliminary"
otherwise), with an attester for each confirmation: "personal" for the patient,
"professional" for the clinician. Training and preview records carry the HTEST security
label on every resource and their banners as the first section.

Every fullUrl is a urn:uuid made with uuid5 from the record, so the same record always
gives the same document. The Composition's identifier stays the same across exports of one
consultation; the Bundle's identifier differs with each generated record.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sdm_tui import __version__
from sdm_tui.export import record_model as m
from sdm_tui.export.document import (
    Paragraph,
    Section,
    Strong,
    as_record,
    banners,
    build_document,
)
from sdm_tui.export.html import narrative_div, plain_text
from sdm_tui.export.record_model import AnyRecord
from sdm_tui.export.timefmt import from_iso, to_iso
from sdm_tui.store.text import neutralise

__all__ = ["DOCUMENT_TYPE", "dumps_fhir", "render_fhir"]

Record = AnyRecord
Resource = dict[str, Any]

DOCUMENT_TYPE = "Shared decision making record"
NAMESPACE = uuid.UUID("d918e011-1472-4f99-8c2c-2ce3e9945138")
"""The uuid5 namespace of every id sdm-tui makes for FHIR. Never change it."""
URI_SYSTEM = "urn:ietf:rfc:3986"
TEST_DATA = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
    "code": "HTEST",
    "display": "test health data",
}
PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
_SURROGATE = re.compile("[\ud800-\udfff]")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_SHA256 = re.compile(r"[0-9a-f]{64}")

# Which sections point at which resources.
_SECTION_ENTRIES = {
    "participants": "people",
    "preferred-role": "answers",
    "what-matters": "answers",
    "sure": "answers",
    "decision": "plan",
    "plan": "plan",
    "review": "plan",
}


def _text(value: object) -> str:
    """A FHIR string: neutralised, trimmed; "" means leave the element out."""
    if value is None:
        return ""
    return _SURROGATE.sub("\ufffd", neutralise(str(value))).strip()


def _time(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return to_iso(from_iso(value))
    except (TypeError, ValueError):
        return None


def _put(resource: Resource, key: str, value: Any) -> None:
    """Set `key` unless the value is empty (FHIR allows no empty strings, lists or objects)."""
    if value not in (None, "", [], {}):
        resource[key] = value


class _Ids:
    """urn:uuid fullUrls made from the record, the same every time."""

    def __init__(self, key: str) -> None:
        self.key = key

    def uuid(self, name: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.key}\n{name}"))

    def url(self, name: str) -> str:
        return f"urn:uuid:{self.uuid(name)}"


class _Bundle:
    """Resources in entry order, each under a key that makes its id."""

    def __init__(self, ids: _Ids, test_data: bool) -> None:
        self.ids = ids
        self.test_data = test_data
        self.entries: list[tuple[str, Resource]] = []

    def make(self, key: str, resource_type: str, /, **fields: Any) -> Resource:
        """A resource whose id is made from `key`; empty fields are left out."""
        resource: Resource = {"resourceType": resource_type, "id": self.ids.uuid(key)}
        if self.test_data:
            resource["meta"] = {"security": [dict(TEST_DATA)]}
        for field, value in fields.items():
            _put(resource, field, value)
        return resource

    def add(self, key: str, resource_type: str, /, **fields: Any) -> dict[str, str]:
        """Add a resource at the end; returns a reference to it."""
        self.entries.append((key, self.make(key, resource_type, **fields)))
        return self.ref(key)

    def ref(self, key: str, display: str = "") -> dict[str, str]:
        reference = {"reference": self.ids.url(key)}
        _put(reference, "display", _text(display))
        return reference


def _keys(record: Record) -> tuple[str, str]:
    """The consultation's key (stable across exports) and this generated record's key."""
    aid = record.aid
    consultation = json.dumps(
        [aid.id, aid.sha256, record.started_at, record.mode], ensure_ascii=True, default=str
    )
    return consultation, f"{consultation}\n{record.generated_at}"


_NOBODY = m.Participant(role="other", name="", detail="")
"""Stands in for a patient or clinician the record does not name."""


def _name(person: m.Participant) -> list[dict[str, str]]:
    name = _text(person.name)
    return [{"text": name}] if name else []


def _people(bundle: _Bundle, record: Record) -> dict[str, Any]:
    """Patient, Practitioners and RelatedPersons; always at least one patient and clinician."""
    participants = record.participants
    patients = [p for p in participants if p.role == "patient"] or [_NOBODY]
    clinicians = [p for p in participants if p.role == "clinician"] or [_NOBODY]
    others = [p for p in participants if p.role not in ("patient", "clinician")]
    refs: dict[str, Any] = {"patients": [], "clinicians": [], "others": []}
    for index, person in enumerate(patients):
        refs["patients"].append(bundle.add(f"patient/{index}", "Patient", name=_name(person)))
    patient = refs["patients"][0]
    for index, person in enumerate(clinicians):
        detail = _text(person.detail)
        qualification = [{"code": {"text": detail}}] if detail else []
        refs["clinicians"].append(
            bundle.add(
                f"clinician/{index}",
                "Practitioner",
                name=_name(person),
                qualification=qualification,
            )
        )
    for index, person in enumerate(others):
        relation = _text(person.detail)
        refs["others"].append(
            bundle.add(
                f"other/{index}",
                "RelatedPerson",
                patient=patient,
                name=_name(person),
                relationship=[{"text": relation}] if relation else [],
            )
        )
    return refs


def _answers(bundle: _Bundle, record: Record, patient: dict[str, str], final: bool) -> Any:
    """The QuestionnaireResponse of what the patient answered; None if nothing was."""
    items: list[Resource] = []
    role = record.preferred_role
    if role is not None and _text(role.label):
        items.append(
            {
                "linkId": "preferred-role",
                "text": "Preferred role in deciding",
                "answer": [{"valueString": _text(role.label)}],
            }
        )
    ratings = [
        {
            "linkId": f"rating/{_text(r.value_id)}",
            "text": _text(r.statement) or _text(r.value_id),
            "answer": [{"valueInteger": r.rating}],
        }
        for r in record.ratings
    ]
    if ratings:
        text = "How much each of these matters (0 not at all to 4 very much)"
        items.append({"linkId": "ratings", "text": text, "item": ratings})
    own_words = [
        {
            "linkId": f"own-words/{_text(key)}",
            "text": _text(words.label) or _text(key),
            "answer": [{"valueString": _text(words.text)}],
        }
        for key, words in record.own_words.items()
        if _text(words.text)
    ]
    if own_words:
        items.append(
            {"linkId": "own-words", "text": "In the patient's own words", "item": own_words}
        )
    sure = record.sure
    sure_items = [
        {
            "linkId": f"sure/{_text(item.key)}",
            "text": _text(item.question),
            "answer": [{"valueBoolean": item.answer}],
        }
        for item in sure.items
    ]
    score = sure.score
    if score is not None:
        sure_items.append(
            {
                "linkId": "sure/score",
                "text": "SURE score: the number of yes answers (3 or less: possible "
                "decisional conflict)",
                "answer": [{"valueInteger": score}],
            }
        )
    if sure_items:
        items.append(
            {"linkId": "sure", "text": "SURE test (decisional conflict)", "item": sure_items}
        )
    if not items:
        return None
    return bundle.add(
        "answers",
        "QuestionnaireResponse",
        status="completed" if final else "in-progress",
        subject=patient,
        authored=_time(record.generated_at),
        source=patient,
        item=items,
    )


_WHO = {"patient": ("patients",), "clinician": ("clinicians",), "both": ("patients", "clinicians")}


def _performers(step: m.PlanStep, refs: Mapping[str, Any]) -> list[dict[str, str]]:
    who = step.who
    if who in _WHO:
        return [
            {**refs[group][0], "display": "Patient" if group == "patients" else "Clinician"}
            for group in _WHO[who]
        ]
    shown = _text(who).capitalize()
    return [{"display": shown}] if shown else []


def _plan(bundle: _Bundle, record: Record, refs: Mapping[str, Any], final: bool) -> Any:
    """The CarePlan: the decision, the steps, the review; None if there is none of them."""
    decision = record.decision
    steps = record.plan
    notes = []
    for entry, label in (
        (record.review, "When we will review this"),
        (record.success_measure, "How we will know it is working"),
    ):
        if entry is not None and _text(entry.text):
            notes.append({"text": f"{label}: {_text(entry.text)}"})
    if isinstance(decision, m.DecisionNone) and not steps and not notes:
        return None
    if isinstance(decision, m.DecisionChosen):
        description = f"We chose: {_text(decision.option_label)}"
        title = "The plan for the decision made together"
    elif isinstance(decision, m.DecisionNotYet):
        reason = _text(decision.not_yet_reason_label)
        description = f"We have not decided yet. What is needed first: {reason}"
        title = "The plan while the decision is not made yet"
    else:
        description, title = "No decision was recorded.", "The plan"
    activities = []
    for step in steps:
        detail: Resource = {"status": "not-started"}
        _put(detail, "description", _text(step.what))
        _put(detail, "scheduledString", _text(step.by_when))
        _put(detail, "performer", _performers(step, refs))
        activities.append({"detail": detail})
    patient, clinician = refs["patients"][0], refs["clinicians"][0]
    return bundle.add(
        "plan",
        "CarePlan",
        status="active" if final else "draft",
        intent="plan",
        title=title,
        description=description,
        subject=patient,
        created=_time(decision.at) or _time(record.generated_at),
        author=clinician,
        contributor=[patient, clinician],
        activity=activities,
        note=notes,
    )


def _sections(record: Record) -> Iterable[Section]:
    """The clinic record's sections, flattened, after a section of warnings if any."""
    found = banners(record)
    if found:
        blocks = tuple(Paragraph((Strong((text,)),)) for text in found)
        yield Section("warnings", ("Warnings",), blocks)
    document = build_document(record, "clinic")
    stack = list(reversed(document.sections))
    while stack:
        section = stack.pop()
        if section.blocks:
            yield section
        stack.extend(reversed(section.subsections))


def _aid_entity(aid: m.AidSummary) -> Resource:
    title, aid_id = _text(aid.title), _text(aid.id)
    version, sha256 = _text(aid.version), _text(aid.sha256)
    display = f"Decision aid {title!r} (id {aid_id}, version {version}, SHA-256 {sha256 or '–'})"
    what: Resource = {"display": _text(display)}
    if _SHA256.fullmatch(sha256):
        digest = base64.urlsafe_b64encode(bytes.fromhex(sha256)).decode("ascii").rstrip("=")
        # RFC 6920 names the aid file by its hash.
        what["identifier"] = {"system": URI_SYSTEM, "value": f"ni:///sha-256;{digest}"}
    return {"role": "source", "what": what}


def _agent(code: str, display: str, who: dict[str, str]) -> Resource:
    coding = {"system": PARTICIPANT_TYPE, "code": code, "display": display}
    return {"type": {"coding": [coding]}, "who": who}


def _composition(
    bundle: _Bundle,
    record: Record,
    refs: Mapping[str, Any],
    entries: Mapping[str, list[dict[str, str]]],
    confirmed: Mapping[str, str | None],
) -> Resource:
    patient, clinician = refs["patients"][0], refs["clinicians"][0]
    aid = record.aid
    sections = []
    for section in _sections(record):
        part: Resource = {
            "title": plain_text(section.title),
            "text": {"status": "additional", "div": narrative_div(section)},
        }
        _put(part, "entry", entries.get(_SECTION_ENTRIES.get(section.key, ""), []))
        sections.append(part)
    attesters = []
    if confirmed["patient"]:
        attesters.append({"mode": "personal", "time": confirmed["patient"], "party": patient})
    if confirmed["clinician"]:
        attesters.append(
            {"mode": "professional", "time": confirmed["clinician"], "party": clinician}
        )
    language = aid.language
    consultation_key, _ = _keys(record)
    return bundle.make(
        "composition",
        "Composition",
        language=language if _LANGUAGE.fullmatch(language) else "",
        identifier={
            "system": URI_SYSTEM,
            "value": _Ids(consultation_key).url("composition"),
        },
        status="final" if all(confirmed.values()) else "preliminary",
        type={"text": DOCUMENT_TYPE},
        subject=patient,
        date=_time(record.generated_at),
        author=[clinician, patient],
        title=_text(f"{DOCUMENT_TYPE}: {_text(aid.title)}"),
        attester=attesters,
        section=sections,
    )


def render_fhir(record: Record | Mapping[str, Any]) -> dict[str, Any]:
    """The record as a FHIR R4 document Bundle (JSON-ready data).

    Raises ValueError when the record has no valid generated_at time (a document must
    have one); RecordError for parsed JSON that is not a record.
    """
    record = as_record(record)
    generated = _time(record.generated_at)
    if generated is None:
        raise ValueError("the record has no valid generated_at time")
    _, document_key = _keys(record)
    confirmed = {
        "patient": _time(record.confirmations.patient),
        "clinician": _time(record.confirmations.clinician),
    }
    final = all(confirmed.values())

    bundle = _Bundle(_Ids(document_key), test_data=record.mode != "clinical")
    refs = _people(bundle, record)
    patient, clinician = refs["patients"][0], refs["clinicians"][0]
    answers = _answers(bundle, record, patient, final)
    plan = _plan(bundle, record, refs, final)
    entries = {
        "people": refs["patients"] + refs["clinicians"] + refs["others"],
        "answers": [answers] if answers else [],
        "plan": [plan] if plan else [],
    }
    composition = _composition(bundle, record, refs, entries, confirmed)
    bundle.entries.insert(0, ("composition", composition))  # a document starts with it
    device = bundle.add(
        "device",
        "Device",
        deviceName=[{"name": "sdm-tui", "type": "user-friendly-name"}],
        type={"text": "Shared decision making software"},
        version=[{"value": __version__}],
    )
    bundle.add(
        "provenance",
        "Provenance",
        target=[bundle.ref("composition"), *entries["answers"], *entries["plan"]],
        recorded=generated,
        agent=[
            _agent("assembler", "Assembler", device),
            _agent("author", "Author", clinician),
            _agent("author", "Author", patient),
        ],
        entity=[_aid_entity(record.aid)],
    )
    result: Resource = {"resourceType": "Bundle", "id": bundle.ids.uuid("bundle")}
    if bundle.test_data:
        result["meta"] = {"security": [dict(TEST_DATA)]}
    result.update(
        identifier={"system": URI_SYSTEM, "value": bundle.ids.url("bundle")},
        type="document",
        timestamp=generated,
        entry=[
            {"fullUrl": bundle.ids.url(key), "resource": resource}
            for key, resource in bundle.entries
        ],
    )
    return result


def dumps_fhir(record: Record | Mapping[str, Any]) -> str:
    """The FHIR document as JSON text (UTF-8 friendly, two-space indent, final newline)."""
    return json.dumps(render_fhir(record), indent=2, ensure_ascii=False) + "\n"
