"""A FHIR R4 document from a consultation record, for the clinic's EHR (the clinic's copy).

The result is a document Bundle whose first entry is a Composition of LOINC type 18776-5
(Plan of care note), with one coded section per part of the clinic record, each with its
narrative (the same wording as the Markdown and HTML copies, from `document.build_document`)
and its structured entries:

- Patient (with the identifier the clinician entered; saying plainly, in its narrative and
  with data-absent-reason extensions, when no name or identifier was entered),
  Practitioner and PractitionerRole (the clinician's role as a code, with its text),
  RelatedPerson (per other person present), and Organization (the clinic, from the
  settings: the document's custodian);
- an Encounter: the consultation itself, from its start to the record;
- QuestionnaireResponses: what matters to the patient and the knowledge checks (aid
  specific, so without a Questionnaire); the SURE test and CollaboRATE against the
  Questionnaires sdm-tui ships (`questionnaires.py`, canonical URLs with versions);
- an Observation of the decision: the chosen option coded in the aid's option code system,
  or "not yet" with what is needed first;
- a CarePlan: the steps, each with who and by when, and the Goal of how both will know the
  decision is working;
- a Device (sdm-tui) and a Provenance naming sdm-tui and the decision aid (id, version,
  SHA-256).

Every time is on the clinic's clock with its offset (`Clinic`; UTC when none is given).
The Composition is "final" only when patient and clinician both confirmed ("preliminary"
otherwise), with an attester for each confirmation. Training and preview records carry the
HTEST security label on every resource and their banners as the first section. Codes:
`fhir_codes.py` and docs/record-format.md; text a person typed only ever goes into text
elements, never into a code.

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
    for_clinic,
)
from sdm_tui.export.fhir_codes import (
    CONFIDENTIALITY,
    DATA_ABSENT,
    DOCUMENT_TYPE,
    ENCOUNTER_CLASS,
    aid_inputs_system,
    aid_options_system,
    sdm_coding,
    section_coding,
)
from sdm_tui.export.html import narrative_div, plain_text
from sdm_tui.export.questionnaires import (
    COLLABORATE,
    DECISION_REGRET,
    REGRET_ITEMS,
    SURE,
    canonical,
)
from sdm_tui.export.record_model import AnyRecord
from sdm_tui.export.timefmt import from_iso
from sdm_tui.i18n import N_, _, current_language
from sdm_tui.settings.clinic import UTC_CLINIC, Clinic
from sdm_tui.store.text import neutralise

__all__ = ["DOCUMENT_TITLE", "dumps_fhir", "render_fhir"]

Record = AnyRecord
Resource = dict[str, Any]
Ref = dict[str, str]

DOCUMENT_TITLE = N_("Shared decision making record")
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
_SHA256 = re.compile(r"[0-9a-f]{64}")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
_OPTION_CODE = re.compile(r"[A-Za-z0-9_-]+")


def fhir_text(value: object) -> str:
    """A FHIR string: neutralised, trimmed; "" means leave the element out."""
    if value is None:
        return ""
    return _SURROGATE.sub("\ufffd", neutralise(str(value))).strip()


def put_if(resource: Resource, key: str, value: Any) -> None:
    """Set `key` unless the value is empty (FHIR allows no empty strings, lists or objects)."""
    if value not in (None, "", [], {}):
        resource[key] = value


def absent(reason: str = "unknown") -> list[Resource]:
    """The data-absent-reason extension: this element was not given, and why."""
    return [{"url": DATA_ABSENT, "valueCode": reason}]


class FhirClock:
    """Record times (UTC) as FHIR dateTimes on the clinic's clock, with the offset."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    def __call__(self, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            local = self.clinic.local(from_iso(value))
        except (TypeError, ValueError):
            return None
        return local.replace(microsecond=0).isoformat().replace("+00:00", "Z")


class FhirIds:
    """urn:uuid fullUrls made from the record, the same every time."""

    def __init__(self, key: str) -> None:
        self.key = key

    def uuid(self, name: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.key}\n{name}"))

    def url(self, name: str) -> str:
        return f"urn:uuid:{self.uuid(name)}"


class _Bundle:
    """Resources in entry order, each under a key that makes its id."""

    def __init__(self, ids: FhirIds, test_data: bool, clock: FhirClock) -> None:
        self.ids = ids
        self.test_data = test_data
        self.time = clock
        self.entries: list[tuple[str, Resource]] = []

    def make(self, key: str, resource_type: str, /, **fields: Any) -> Resource:
        """A resource whose id is made from `key`; empty fields are left out."""
        resource: Resource = {"resourceType": resource_type, "id": self.ids.uuid(key)}
        if self.test_data:
            resource["meta"] = {"security": [dict(TEST_DATA)]}
        for field, value in fields.items():
            put_if(resource, field, value)
        return resource

    def add(self, key: str, resource_type: str, /, **fields: Any) -> Ref:
        """Add a resource at the end; returns a reference to it."""
        self.entries.append((key, self.make(key, resource_type, **fields)))
        return self.ref(key)

    def ref(self, key: str, display: str = "") -> Ref:
        reference = {"reference": self.ids.url(key)}
        put_if(reference, "display", fhir_text(display))
        return reference


def record_keys(record: Record) -> tuple[str, str]:
    """The consultation's key (stable across exports) and this generated record's key."""
    aid = record.aid
    consultation = json.dumps(
        [aid.id, aid.sha256, record.started_at, record.mode], ensure_ascii=True, default=str
    )
    return consultation, f"{consultation}\n{record.generated_at}"


_NOBODY = m.Participant(role="other", name="", detail="")
"""Stands in for a patient or clinician the record does not name."""


def _narrative(*sentences: str) -> Resource:
    """A generated narrative of sdm-tui's own sentences (nothing typed: no escaping)."""
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in sentences)
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{paragraphs}</div>',  # i18n: not shown
    }


def _name(person: m.Participant) -> list[Resource]:
    """The name as typed, or a name marked absent (the record has none)."""
    name = fhir_text(person.name)
    return [{"text": name}] if name else [{"extension": absent()}]


# -- who ---------------------------------------------------------------------------------


def _clinic(bundle: _Bundle, clinic: Clinic) -> Ref | None:
    """The clinic as an Organization (the custodian); None when the settings name none."""
    if not clinic.has_identity:
        return None
    identifier: Resource = {}
    if clinic.identifier:
        identifier = {"value": fhir_text(clinic.identifier)}
        if _URI.fullmatch(clinic.identifier_system):
            identifier = {"system": clinic.identifier_system, **identifier}
    telecom = [
        {"system": system, "value": fhir_text(value)}
        for system, value in (("phone", clinic.phone), ("url", clinic.web))
        if fhir_text(value)
    ]
    address = [{"text": fhir_text(clinic.address)}] if fhir_text(clinic.address) else []
    return bundle.add(
        "organization",
        "Organization",  # i18n: not shown
        identifier=[identifier] if identifier else [],
        active=True,
        name=fhir_text(clinic.name),
        telecom=telecom,
        address=address,
    )


def patient_identifiers(record: Record) -> list[Resource]:
    found = record.patient_identifier_or_none
    if found is None:
        return [{"extension": absent("unknown")}]
    identifier: Resource = {"use": "usual"}
    if _URI.fullmatch(found.system):
        identifier["system"] = found.system
    identifier["value"] = fhir_text(found.value)
    return [identifier]


def patient_narrative(record: Record, person: m.Participant) -> Resource:
    named = bool(fhir_text(person.name))
    identified = record.patient_identifier_or_none is not None
    if named and identified:
        return {}
    if not named and not identified:
        message = _(
            "No name or identifier was entered for this patient in sdm-tui. Match this "
            "document to the patient by its encounter, clinician and time before filing it."
        )
    elif not named:
        message = _(
            "No name was entered for this patient in sdm-tui. Match this document to the "
            "patient by its encounter, clinician and time before filing it."
        )
    else:
        message = _(
            "No identifier was entered for this patient in sdm-tui. Match this document to "
            "the patient by its encounter, clinician and time before filing it."
        )
    return _narrative(message)


def _people(bundle: _Bundle, record: Record, organization: Ref | None) -> dict[str, Any]:
    """Patient, Practitioners with their roles, RelatedPersons; always at least one patient
    and one clinician."""
    participants = record.participants
    patients = [p for p in participants if p.role == "patient"] or [_NOBODY]
    clinicians = [p for p in participants if p.role == "clinician"] or [_NOBODY]
    others = [p for p in participants if p.role not in ("patient", "clinician")]
    refs: dict[str, Any] = {"patients": [], "clinicians": [], "roles": [], "others": []}
    for index, person in enumerate(patients):
        refs["patients"].append(
            bundle.add(
                f"patient/{index}",
                "Patient",  # i18n: not shown
                text=patient_narrative(record, person) if index == 0 else {},
                identifier=patient_identifiers(record) if index == 0 else [],
                name=_name(person),
            )
        )
    patient = refs["patients"][0]
    for index, person in enumerate(clinicians):
        practitioner = bundle.add(
            f"clinician/{index}",
            "Practitioner",  # i18n: not shown
            name=_name(person),
        )
        refs["clinicians"].append(practitioner)
        role = {"coding": [sdm_coding("clinician")]}
        put_if(role, "text", fhir_text(person.detail))
        refs["roles"].append(
            bundle.add(
                f"clinician-role/{index}",
                "PractitionerRole",
                active=True,
                practitioner=practitioner,
                organization=organization,
                code=[role],
            )
        )
    for index, person in enumerate(others):
        relation = fhir_text(person.detail)
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


def _encounter(
    bundle: _Bundle, record: Record, refs: Mapping[str, Any], organization: Ref | None, final: bool
) -> Ref:
    period: Resource = {}
    put_if(period, "start", bundle.time(record.started_at))
    put_if(period, "end", bundle.time(record.generated_at) if final else None)
    return bundle.add(
        "encounter",
        "Encounter",  # i18n: not shown
        status="finished" if final else "in-progress",
        **{"class": dict(ENCOUNTER_CLASS)},
        type=[{"coding": [sdm_coding("shared-decision-making")]}],
        subject=refs["patients"][0],
        participant=[{"individual": role} for role in refs["roles"]],
        period=period,
        serviceProvider=organization,
    )


# -- what was answered -------------------------------------------------------------------


def _response(
    bundle: _Bundle,
    key: str,
    items: list[Resource],
    context: Mapping[str, Any],
    questionnaire: str = "",
    source: Ref | None = None,
) -> Ref | None:
    """A QuestionnaireResponse of `items`; None when nothing was answered."""
    if not items:
        return None
    return bundle.add(
        key,
        "QuestionnaireResponse",
        questionnaire=questionnaire,
        status="completed" if context["final"] else "in-progress",
        subject=context["patient"],
        encounter=context["encounter"],
        authored=context["authored"],
        author=context["patient"] if source is None else source,
        source=context["patient"],
        item=items,
    )


def _preferences(record: Record) -> list[Resource]:
    """The preferred part in deciding, the ratings, the patient's own words."""
    items: list[Resource] = []
    role = record.preferred_role
    if role is not None and fhir_text(role.label):
        items.append(
            {
                "linkId": "preferred-role",
                "text": _("Preferred role in deciding"),
                "answer": [{"valueString": fhir_text(role.label)}],
            }
        )
    ratings = [
        {
            "linkId": f"rating/{fhir_text(r.value_id)}",
            "text": fhir_text(r.statement) or fhir_text(r.value_id),
            "answer": [{"valueInteger": r.rating}],
        }
        for r in record.ratings
    ]
    if ratings:
        text = _("How much each of these matters (0 not at all to 4 very much)")
        items.append({"linkId": "ratings", "text": text, "item": ratings})
    own_words = [
        {
            "linkId": f"own-words/{fhir_text(key)}",
            "text": fhir_text(words.label) or fhir_text(key),
            "answer": [{"valueString": fhir_text(words.text)}],
        }
        for key, words in record.own_words.items()
        if fhir_text(words.text)
    ]
    if own_words:
        items.append(
            {"linkId": "own-words", "text": _("In the patient's own words"), "item": own_words}
        )
    return items


def _checks(record: Record) -> list[Resource]:
    """The knowledge checks answered: the answer given, and whether it was right."""
    return [
        {
            "linkId": f"check/{check.index}",
            "text": fhir_text(check.question)
            or _("Question {number}").format(number=check.index + 1),
            "answer": [
                {
                    "valueString": fhir_text(check.chosen_text)
                    or _("Choice {number}").format(number=check.chosen + 1),
                    "item": [
                        {
                            "linkId": f"check/{check.index}/correct",
                            "text": _("Correct"),
                            "answer": [{"valueBoolean": check.correct}],
                        }
                    ],
                }
            ],
        }
        for check in record.knowledge_checks
    ]


def _sure(record: Record) -> list[Resource]:
    """The SURE answers, as items of the shipped SURE Questionnaire."""
    items: list[Resource] = [
        {
            "linkId": item.key,
            "text": fhir_text(item.question),
            "answer": [{"valueBoolean": item.answer}],
        }
        for item in record.sure.items
    ]
    if record.sure.score is not None:
        items.append(
            {
                "linkId": "score",
                # Translators: SURE test (Légaré et al. 2010). sdm-tui's own Spanish; replace with
                # the SURE wording of the Ottawa Personal Decision Guide's Spanish edition.
                "text": _(
                    "SURE score: the number of yes answers (3 or less: possible "
                    "decisional conflict)"
                ),
                "answer": [{"valueInteger": record.sure.score}],
            }
        )
    return items


def _collaborate(record: Record) -> list[Resource]:
    """The patient's CollaboRATE answers, as items of the shipped Questionnaire."""
    rating = record.collaborate_or_none
    if rating is None:
        return []
    items: list[Resource] = [
        {
            "linkId": item.key,
            "text": fhir_text(item.question),
            "answer": [{"valueInteger": item.score}],
        }
        for item in rating.items
    ]
    if items and rating.top_score is not None:
        items.append(
            {
                "linkId": "top-score",
                # Translators: CollaboRATE. sdm-tui's own Spanish; replace with Forcino et al.,
                # PLoS ONE 2016, doi:10.1371/journal.pone.0168538.
                "text": _("Top score: every effort was made (4) on all three questions"),
                "answer": [{"valueBoolean": rating.top_score}],
            }
        )
    return items


def _regret(record: Record) -> list[Resource]:
    """A follow-up's Decision Regret answers, as items of the shipped Questionnaire."""
    follow_up = record.follow_up_or_none
    regret = None if follow_up is None else follow_up.regret
    if regret is None:
        return []
    link_ids = [link_id for link_id, _statement in REGRET_ITEMS]
    items: list[Resource] = [
        {
            "linkId": link_ids[item.number - 1],
            "text": fhir_text(item.statement),
            "answer": [{"valueCoding": sdm_coding(f"agree-{item.answer}")}],
        }
        for item in regret.items
    ]
    if items and regret.score is not None:
        items.append(
            {
                "linkId": "score",
                # Translators: Decision Regret Scale. sdm-tui's own Spanish; replace with Calderon
                # et al., J Pain Symptom Manage 2019, doi:10.1016/j.jpainsymman.2018.11.017.
                "text": _("Decision regret score, 0 (no regret) to 100 (high regret)"),
                "answer": [{"valueInteger": regret.score}],
            }
        )
    return items


# -- what was decided --------------------------------------------------------------------


def _decision(
    bundle: _Bundle, record: Record, context: Mapping[str, Any], performer: Ref
) -> Ref | None:
    """An Observation of the decision: the option chosen (coded in the aid's option code
    system), or not yet with what is needed first; None when there is no decision."""
    decision = record.decision
    aid = record.aid
    value: Resource
    components: list[Resource] = []
    note: list[Resource] = []
    if isinstance(decision, m.DecisionChosen):
        label = fhir_text(decision.option_label)
        value = {"text": label or fhir_text(decision.option_id)}
        if _OPTION_CODE.fullmatch(decision.option_id) and _OPTION_CODE.fullmatch(aid.id):
            coding = {"system": aid_options_system(aid.id), "code": decision.option_id}
            put_if(coding, "version", fhir_text(aid.version))
            put_if(coding, "display", label)
            value["coding"] = [coding]
    elif isinstance(decision, m.DecisionNotYet):
        value = {"coding": [sdm_coding("not-yet")], "text": _("Not decided yet")}
        reason = decision.not_yet_reason.replace("_", "-")
        components.append(
            {
                "code": {"coding": [sdm_coding("not-yet-reason")]},
                "valueCodeableConcept": {
                    "coding": [sdm_coding(reason)],
                    "text": fhir_text(decision.not_yet_reason_label) or reason,
                },
            }
        )
        _put_note(note, decision.reason_text)
    else:
        return None
    if decision.differs_reason:
        _put_note(
            note,
            _("Why the choice differs from the ratings: {reason}").format(
                reason=decision.differs_reason
            ),
        )
    return bundle.add(
        "decision",
        "Observation",  # i18n: not shown
        status="final" if context["final"] else "preliminary",
        code={"coding": [sdm_coding("decision")], "text": _("Decision made together")},
        subject=context["patient"],
        encounter=context["encounter"],
        effectiveDateTime=bundle.time(decision.at),
        performer=[context["patient"], performer],
        valueCodeableConcept=value,
        note=note,
        component=components,
    )


def _put_note(notes: list[Resource], text: str) -> None:
    if fhir_text(text):
        notes.append({"text": fhir_text(text)})


def evidence_observations(bundle: _Bundle, record: Record, context: Mapping[str, Any]) -> list[Ref]:
    """The patient's inputs the personalised numbers were computed from (aid format 2), one
    Observation each, coded in the aid's input code system; the counts themselves are in
    the sections' narrative. None for a record of an aid without inputs."""
    aid = record.aid
    if not _OPTION_CODE.fullmatch(aid.id):
        return []
    system = aid_inputs_system(aid.id)
    refs: list[Ref] = []
    for given in record.inputs_or_empty:
        if not _OPTION_CODE.fullmatch(given.id):
            continue
        code: Resource = {"system": system, "code": given.id}
        put_if(code, "display", fhir_text(given.label))
        value: dict[str, Any]
        if given.kind == "number" and not isinstance(given.value, str):
            quantity: Resource = {"value": given.value}
            put_if(quantity, "unit", fhir_text(given.unit))
            value = {"valueQuantity": quantity}
        else:
            concept: Resource = {"text": fhir_text(given.shown) or str(given.value)}
            if isinstance(given.value, str) and _OPTION_CODE.fullmatch(given.value):
                choice = {"system": f"{system}/{given.id}", "code": given.value}
                put_if(choice, "display", fhir_text(given.shown))
                concept["coding"] = [choice]
            value = {"valueCodeableConcept": concept}
        performers = {
            "patient": [context["patient"]],
            "clinician": [context["clinician"]],
            "both": [context["patient"], context["clinician"]],
        }
        extra: dict[str, Any] = {}
        if given.contributor is None or given.at is None:
            extra["note"] = [{"text": _("The aid's default value: nobody entered it.")}]
        else:
            extra["effectiveDateTime"] = bundle.time(given.at)
            if given.contributor in performers:
                extra["performer"] = performers[given.contributor]
            else:
                extra["note"] = [{"text": _("Entered by someone else present.")}]
        refs.append(
            bundle.add(
                f"input-{given.id}",
                "Observation",  # i18n: not shown
                status="final" if context["final"] else "preliminary",
                code={"coding": [code], "text": fhir_text(given.label) or given.id},
                subject=context["patient"],
                encounter=context["encounter"],
                **value,
                **extra,
            )
        )
    return refs


_WHO = {"patient": ("patients",), "clinician": ("clinicians",), "both": ("patients", "clinicians")}


def _performers(step: m.PlanStep, refs: Mapping[str, Any]) -> list[Ref]:
    who = step.who
    if who in _WHO:
        return [
            {**refs[group][0], "display": _("Patient") if group == "patients" else _("Clinician")}
            for group in _WHO[who]
        ]
    shown = fhir_text(who).capitalize()
    return [{"display": shown}] if shown else []


def _goal(bundle: _Bundle, record: Record, context: Mapping[str, Any]) -> Ref | None:
    """How both will know the decision is working, as a Goal; None if not recorded."""
    measure = record.success_measure
    if measure is None or not fhir_text(measure.text):
        return None
    notes: list[Resource] = []
    if record.review is not None:
        _put_note(notes, _("When we will review this: {review}").format(review=record.review.text))
    return bundle.add(
        "goal",
        "Goal",  # i18n: not shown
        lifecycleStatus="active" if context["final"] else "proposed",
        description={"text": fhir_text(measure.text)},
        subject=context["patient"],
        startDate=(bundle.time(measure.at) or "")[:10],
        expressedBy=context["patient"] if measure.contributor == "patient" else None,
        note=notes,
    )


def _plan(
    bundle: _Bundle,
    record: Record,
    refs: Mapping[str, Any],
    context: Mapping[str, Any],
    goal: Ref | None,
    supporting: list[Ref],
) -> Ref | None:
    """The CarePlan: the steps (who, by when), its goal, the review; None if none."""
    decision = record.decision
    steps = record.plan
    notes: list[Resource] = []
    if record.review is not None:
        _put_note(notes, _("When we will review this: {review}").format(review=record.review.text))
    if isinstance(decision, m.DecisionNone) and not steps and not notes and goal is None:
        return None
    if isinstance(decision, m.DecisionChosen):
        description = _("The plan for the option chosen together: {option}").format(
            option=fhir_text(decision.option_label)
        )
        title = _("The plan for the decision made together")
    elif isinstance(decision, m.DecisionNotYet):
        reason = fhir_text(decision.not_yet_reason_label)
        description = _("Not decided yet. What is needed first: {reason}").format(reason=reason)
        title = _("The plan while the decision is not made yet")
    else:
        description, title = _("No decision was recorded."), _("The plan")
    activities = []
    for step in steps:
        detail: Resource = {"status": "not-started"}
        put_if(detail, "description", fhir_text(step.what))
        put_if(detail, "scheduledString", fhir_text(step.by_when))
        put_if(detail, "performer", _performers(step, refs))
        activities.append({"detail": detail})
    patient, clinician = refs["patients"][0], refs["clinicians"][0]
    return bundle.add(
        "plan",
        "CarePlan",
        status="active" if context["final"] else "draft",
        intent="plan",
        title=title,
        description=description,
        subject=patient,
        encounter=context["encounter"],
        created=bundle.time(decision.at) or context["authored"],
        author=clinician,
        contributor=[patient, clinician],
        supportingInfo=supporting,
        goal=[goal] if goal else [],
        activity=activities,
        note=notes,
    )


# -- the document ------------------------------------------------------------------------


def _sections(record: Record) -> Iterable[Section]:
    """The clinic record's sections, flattened, after a section of warnings if any."""
    found = banners(record)
    if found:
        blocks = tuple(Paragraph((Strong((text,)),)) for text in found)
        yield Section("warnings", (_("Warnings"),), blocks)
    document = build_document(record, "clinic")
    stack = list(reversed(document.sections))
    while stack:
        section = stack.pop()
        if section.blocks:
            yield section
        stack.extend(reversed(section.subsections))


def _aid_entity(aid: m.AidSummary) -> Resource:
    title, aid_id = fhir_text(aid.title), fhir_text(aid.id)
    version, sha256 = fhir_text(aid.version), fhir_text(aid.sha256)
    display = _("Decision aid {title} (id {id}, version {version}, SHA-256 {sha256})").format(
        title=repr(title), id=aid_id, version=version, sha256=sha256 or "–"
    )
    what: Resource = {"display": fhir_text(display)}
    if _SHA256.fullmatch(sha256):
        digest = base64.urlsafe_b64encode(bytes.fromhex(sha256)).decode("ascii").rstrip("=")
        # RFC 6920 names the aid file by its hash.
        what["identifier"] = {"system": URI_SYSTEM, "value": f"ni:///sha-256;{digest}"}
    return {"role": "source", "what": what}


def _agent(code: str, display: str, who: Ref) -> Resource:
    coding = {"system": PARTICIPANT_TYPE, "code": code, "display": display}
    return {"type": {"coding": [coding]}, "who": who}


def _composition(
    bundle: _Bundle,
    record: Record,
    refs: Mapping[str, Any],
    entries: Mapping[str, list[Ref]],
    context: Mapping[str, Any],
) -> Resource:
    patient, role = refs["patients"][0], refs["roles"][0]
    clinician = refs["clinicians"][0]
    aid = record.aid
    sections = []
    for section in _sections(record):
        part: Resource = {
            "title": plain_text(section.title),
            "code": {"coding": [section_coding(section.key)]},
            "text": {"status": "additional", "div": narrative_div(section)},
        }
        put_if(part, "entry", entries.get(section.key, []))
        sections.append(part)
    confirmed = context["confirmed"]
    attesters = []
    if confirmed["patient"]:
        attesters.append({"mode": "personal", "time": confirmed["patient"], "party": patient})
    if confirmed["clinician"]:
        attesters.append(
            {"mode": "professional", "time": confirmed["clinician"], "party": clinician}
        )
    language = current_language()
    consultation_key, _document_key = record_keys(record)
    return bundle.make(
        "composition",
        "Composition",  # i18n: not shown
        language=language,
        identifier={
            "system": URI_SYSTEM,
            "value": FhirIds(consultation_key).url("composition"),
        },
        status="final" if context["final"] else "preliminary",
        type={"coding": [dict(DOCUMENT_TYPE)], "text": _(DOCUMENT_TITLE)},
        category=[{"coding": [sdm_coding("shared-decision-making")]}],
        subject=patient,
        encounter=context["encounter"],
        date=context["authored"],
        author=[role, patient],
        title=fhir_text(
            _("{document}: {title}").format(document=_(DOCUMENT_TITLE), title=fhir_text(aid.title))
        ),
        confidentiality=CONFIDENTIALITY,
        attester=attesters,
        custodian=context["organization"],
        section=sections,
    )


def render_fhir(record: Record | Mapping[str, Any], clinic: Clinic | None = None) -> dict[str, Any]:
    """The record as a FHIR R4 document Bundle (JSON-ready data), for `clinic` (its time
    zone, and the custodian; None: UTC and no custodian).

    Raises ValueError when the record has no valid generated_at time (a document must
    have one); RecordError for parsed JSON that is not a record.
    """
    clinic = UTC_CLINIC if clinic is None else clinic
    with for_clinic(clinic):
        return _render(as_record(record), clinic)


def _render(record: Record, clinic: Clinic) -> dict[str, Any]:
    clock = FhirClock(clinic)
    generated = clock(record.generated_at)
    if generated is None:
        raise ValueError("the record has no valid generated_at time")
    _consultation_key, document_key = record_keys(record)
    confirmed = {
        "patient": clock(record.confirmations.patient),
        "clinician": clock(record.confirmations.clinician),
    }
    final = all(confirmed.values())

    bundle = _Bundle(FhirIds(document_key), record.mode != "clinical", clock)
    organization = _clinic(bundle, clinic)
    refs = _people(bundle, record, organization)
    patient = refs["patients"][0]
    encounter = _encounter(bundle, record, refs, organization, final)
    context = {
        "final": final,
        "patient": patient,
        "encounter": encounter,
        "authored": generated,
        "confirmed": confirmed,
        "organization": organization,
        "clinician": refs["roles"][0],
    }
    preferences = _response(bundle, "preferences", _preferences(record), context)
    checks = _response(bundle, "knowledge-checks", _checks(record), context)
    sure = _response(bundle, "sure", _sure(record), context, canonical(SURE))
    collaborate = _response(
        bundle, "collaborate", _collaborate(record), context, canonical(COLLABORATE)
    )
    regret = _response(bundle, "regret", _regret(record), context, canonical(DECISION_REGRET))
    decision = _decision(bundle, record, context, refs["roles"][0])
    evidence = evidence_observations(bundle, record, context)
    goal = _goal(bundle, record, context)
    supporting = [ref for ref in (decision, sure) if ref is not None]
    plan = _plan(bundle, record, refs, context, goal, supporting)

    def some(*found: Ref | None) -> list[Ref]:
        return [ref for ref in found if ref is not None]

    people = refs["patients"] + refs["roles"] + refs["clinicians"] + refs["others"]
    entries = {
        "about": some(encounter, organization),
        "participants": people,
        "preferred-role": some(preferences),
        "what-matters": some(preferences),
        "options": evidence,
        "evidence": evidence,
        "knowledge-checks": some(checks),
        "sure": some(sure),
        "decision": some(decision),
        "plan": some(plan),
        "review": some(goal, plan),
        "collaborate": some(collaborate),
        "regret": some(regret),
    }
    composition = _composition(bundle, record, refs, entries, context)
    bundle.entries.insert(0, ("composition", composition))  # a document starts with it
    device = bundle.add(
        "device",
        "Device",  # i18n: not shown
        deviceName=[{"name": "sdm-tui", "type": "user-friendly-name"}],
        type={"text": _("Shared decision making software")},
        version=[{"value": __version__}],
    )
    structured = some(
        preferences, checks, sure, collaborate, regret, decision, *evidence, goal, plan
    )
    bundle.add(
        "provenance",
        "Provenance",  # i18n: not shown
        target=[bundle.ref("composition"), *structured],
        recorded=generated,
        agent=[
            _agent("assembler", "Assembler", device),  # i18n: not shown
            _agent("author", "Author", refs["roles"][0]),  # i18n: not shown
            _agent("author", "Author", patient),  # i18n: not shown
        ],
        entity=[_aid_entity(record.aid)],
    )
    result: Resource = {
        "resourceType": "Bundle",  # i18n: not shown
        "id": bundle.ids.uuid("bundle"),
    }  # i18n: not shown
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


def dumps_fhir(record: Record | Mapping[str, Any], clinic: Clinic | None = None) -> str:
    """The FHIR document as JSON text (UTF-8 friendly, two-space indent, final newline)."""
    return json.dumps(render_fhir(record, clinic), indent=2, ensure_ascii=False) + "\n"
