"""Start a follow-up visit from an earlier record alone: no aid file is needed.

`read_earlier(path)` reads and checks a record file (record_file.load_record: a message
naming the file and the problem, never a traceback). `start_follow_up(record, ...)` makes
the follow-up Consultation: its aid is rebuilt from the record's own copy of the aid
(options, values, outcomes, checks), so the rules work as in a consultation, and the
record's aid summary is carried into the follow-up's record unchanged. When the library
has the aid, `aid_now` says whether it changed since (version or SHA-256).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from msgspec import UnsetType

from sdm_tui.aid.model import (
    Author,
    DecisionAid,
    KnowledgeCheck,
    Option,
    Outcome,
    Source,
    ValueStatement,
)
from sdm_tui.consultation.entries import clean
from sdm_tui.consultation.follow_up import AidNow, Earlier, EarlierStep, FollowUp
from sdm_tui.consultation.identity import derived_consultation_id
from sdm_tui.consultation.record import (
    Clock,
    Consultation,
    Entry,
    Mode,
    Participant,
    PatientIdentifier,
    utc_now,
)
from sdm_tui.consultation.rules import new_consultation
from sdm_tui.export import record_model as m
from sdm_tui.export.record_file import load_record
from sdm_tui.export.record_model import AnyRecord, RecordError, record_from_data
from sdm_tui.export.timefmt import from_iso
from sdm_tui.i18n import _

__all__ = [
    "aid_from_summary",
    "earlier_from_part",
    "earlier_part",
    "read_earlier",
    "start_follow_up",
]


def read_earlier(path: Path) -> AnyRecord:
    """The record in `path`, checked; RecordError names the file and what is wrong."""
    data = load_record(path)
    record = record_from_data(data)
    if record.mode == "preview":
        raise RecordError(
            _("{path} is an author's preview, not a consultation to follow up.").format(path=path)
        )
    return record


def aid_from_summary(aid: m.AidSummary) -> DecisionAid:
    """The aid as the record describes it: enough for the consultation rules."""
    sources = [] if isinstance(aid.sources, UnsetType) else aid.sources
    by_citation = {s.citation: s.id for s in sources}
    return DecisionAid(
        format=1,
        id=aid.id,
        title=aid.title,
        question=aid.question,
        summary=aid.summary,
        audience="",
        version=aid.version,
        status=aid.status,
        last_reviewed=dt.date.fromisoformat(aid.last_reviewed),
        authors=(Author("(from the record)"),),  # i18n: not shown
        sources=tuple(Source(s.id, s.citation, s.url, s.year) for s in sources),
        options=tuple(Option(o.id, o.label, o.summary, o.kind) for o in aid.options),
        language=aid.language,
        outcomes=tuple(
            Outcome(
                o.id,
                o.label,
                o.type,
                o.per,
                o.timeframe,
                by_citation.get(o.source_citation, ""),
                {k: float(v) for k, v in o.chance.items()},
                o.certainty,
            )
            for o in aid.outcomes
        ),
        values=tuple(ValueStatement(v.id, v.statement, dict(v.favours)) for v in aid.values),
        checks=tuple(
            KnowledgeCheck(k.question, tuple(k.choices), k.answer, k.explanation)
            for k in aid.checks
        ),
        sha256=aid.sha256,
    )


def _date(text: str | UnsetType | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) else None


def earlier_part(record: AnyRecord, file_name: str) -> m.EarlierConsultation:
    """What the follow-up's record keeps of the earlier one."""
    if isinstance(record.consultation_id, str):
        own_id, derived = record.consultation_id, False
    else:
        own_id = derived_consultation_id(
            record.mode, record.aid.id, record.aid.sha256, record.started_at
        )
        derived = True
    before = record.follow_up_or_none
    return m.EarlierConsultation(
        consultation_id=own_id,
        id_derived=derived,
        chain_id=own_id if before is None else before.earlier.chain_id,
        visit=0 if before is None else before.visit,
        started_at=record.started_at,
        generated_at=record.generated_at,
        file_name=file_name,
        aid_version=record.aid.version,
        aid_sha256=record.aid.sha256,
        decision=record.decision,
        plan=record.plan,
        review=record.review,
        review_date=record.review_date if isinstance(record.review_date, str) else None,
        success_measure=record.success_measure,
        leaning=record.leaning,
        ratings=record.ratings,
        sure=record.sure,
    )


def earlier_from_part(part: m.EarlierConsultation, aid: m.AidSummary) -> Earlier:
    """The core's view of the earlier record (the part and the aid kept for the writer)."""
    decision = part.decision
    return Earlier(
        consultation_id=part.consultation_id,
        id_derived=part.id_derived,
        chain_id=part.chain_id,
        visit=part.visit,
        started_at=from_iso(part.started_at),
        file_name=part.file_name,
        option_id=decision.option_id if isinstance(decision, m.DecisionChosen) else None,
        not_yet=isinstance(decision, m.DecisionNotYet),
        plan=tuple(EarlierStep(s.what, s.who, s.by_when, _date(s.by_date)) for s in part.plan),
        success_measure="" if part.success_measure is None else part.success_measure.text,
        review_date=_date(part.review_date),
        record=(part, aid),
    )


def aid_now(record: AnyRecord, library_aid: DecisionAid | None) -> AidNow | None:
    """The library's aid against the record's: None when the library does not have it."""
    if library_aid is None or library_aid.id != record.aid.id:
        return None
    changed = library_aid.version != record.aid.version or (
        bool(library_aid.sha256 and record.aid.sha256) and library_aid.sha256 != record.aid.sha256
    )
    return AidNow(library_aid.version, library_aid.sha256, changed)


def start_follow_up(
    record: AnyRecord,
    file_name: str,
    *,
    library_aid: DecisionAid | None = None,
    clock: Clock = utc_now,
) -> Consultation:
    """A follow-up visit of `record`: the same people named (and the patient's identifier),
    nothing answered yet. The success measure agreed then still stands (so a follow-up of
    this follow-up asks about it again), kept with who gave it and when."""
    mode: Mode = record.mode
    c = new_consultation(aid_from_summary(record.aid), mode=mode, clock=clock)
    c.participants = [Participant(p.role, p.name, p.detail) for p in record.participants]
    # The same patient: the record number entered then identifies this visit's documents
    # too (the follow-up has no team talk to enter it again), kept with who gave it and when.
    if (identifier := record.patient_identifier_or_none) is not None:
        kept = PatientIdentifier(clean(identifier.value), clean(identifier.system))
        c.patient_identifier = Entry(kept, identifier.contributor, from_iso(identifier.at))
    if (measure := record.success_measure) is not None and (text := clean(measure.text)):
        c.success_measure = Entry(text, measure.contributor, from_iso(measure.at))
    earlier = earlier_from_part(earlier_part(record, file_name), record.aid)
    c.follow_up = FollowUp(earlier, aid_now(record, library_aid))
    return c
