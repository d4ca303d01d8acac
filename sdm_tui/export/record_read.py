"""Read a consultation record back into a Consultation (crash recovery).

The record's shape is checked by the model (`record_model.record_from_data`); what is
checked here is what the model cannot know: that the record belongs to this aid file,
that its ids are the aid's, and that free text is neutralised again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from msgspec import UnsetType

from sdm_tui.aid.evidence import parse_value
from sdm_tui.aid.model import DecisionAid
from sdm_tui.consultation.entries import check_contributor, clean
from sdm_tui.consultation.record import (
    CONFIRMING_ROLES,
    UNSURE,
    Clock,
    Consultation,
    Decision,
    Entry,
    Participant,
    PatientIdentifier,
    PlanStep,
    utc_now,
)
from sdm_tui.export import record_model as m
from sdm_tui.export.record_model import (
    RECORD_FORMAT,
    RECORD_VERSION,
    AnyRecord,
    RecordError,
    record_from_data,
)
from sdm_tui.export.timefmt import from_iso
from sdm_tui.i18n import _, available_languages

__all__ = ["RECORD_FORMAT", "RECORD_VERSION", "RecordError", "from_record"]


def _need(ok: bool, message: str) -> None:
    if not ok:
        raise RecordError(message)


def _entry(data: Any, value: Any) -> Entry:
    return Entry(value, check_contributor(data.contributor), from_iso(data.at))


def _text_entry(data: m.TextEntry | m.OwnWordsEntry | None) -> Entry | None:
    if data is None:
        return None
    text = clean(data.text)
    return _entry(data, text) if text else None


def _check(data: m.CheckAnswer, aid: DecisionAid) -> tuple[int, Entry]:
    index, chosen = data.index, data.chosen
    _need(index < len(aid.checks), f"no knowledge check {index!r}")
    _need(chosen < len(aid.checks[index].choices), f"no choice {chosen!r}")
    return index, _entry(data, chosen)


def _decision(data: m.RecordDecision, option_ids: set[str]) -> Entry | None:
    if isinstance(data, m.DecisionNone):
        return None
    reason_text, differs = clean(data.reason_text), clean(data.differs_reason)
    if isinstance(data, m.DecisionChosen):
        _need(data.option_id in option_ids, f"unknown option {data.option_id!r}")
        return _entry(data, Decision(data.option_id, None, reason_text, differs))
    return _entry(data, Decision(None, data.not_yet_reason, reason_text, differs))


def _day(text: str | UnsetType | None) -> date | None:
    return date.fromisoformat(text) if isinstance(text, str) else None


def _plan_step(data: m.PlanStep) -> PlanStep:
    return PlanStep(
        clean(data.what),
        data.who,
        clean(data.by_when),
        check_contributor(data.contributor),
        from_iso(data.at),
        _day(data.by_date),
    )


def _follow_up(record: AnyRecord, c: Consultation) -> None:
    """A follow-up visit's answers back into the consultation (crash recovery)."""
    from sdm_tui.consultation.follow_up import AidNow, FollowUp
    from sdm_tui.export.follow_up_start import earlier_from_part

    data = record.follow_up_or_none
    if data is None:
        return
    f = FollowUp(earlier_from_part(data.earlier, record.aid))
    if (now := data.aid_now) is not None:
        f.aid_now = AidNow(now.version, now.sha256, now.changed)
    for step in data.steps:
        _need(step.index < len(f.earlier.plan), f"no earlier plan step {step.index!r}")
        f.steps[step.index] = _entry(step, step.outcome)
    if (met := data.measure_met) is not None:
        f.measure_met = _entry(met, met.value)
    if (acted := data.acted_on) is not None:
        f.acted_on = _entry(acted, acted.value)
    if data.decision_now is not None:
        f.decision_why = _text_entry(data.decision_now.why)
    if data.regret is not None:
        f.regret = {item.number: _entry(item, item.answer) for item in data.regret.items}
    c.follow_up = f


def _check_aid(record: AnyRecord, aid: DecisionAid) -> None:
    _need(record.aid.id == aid.id, f"record is for aid {record.aid.id!r}")
    recorded = record.aid.sha256
    _need(
        not (recorded and aid.sha256) or recorded == aid.sha256,
        "the aid file has changed since this record was made",
    )


def _read(record: AnyRecord, aid: DecisionAid, clock: Clock) -> Consultation:
    _check_aid(record, aid)
    option_ids = {option.id for option in aid.options}
    value_ids = {value.id for value in aid.values}
    c = Consultation(aid=aid, mode=record.mode, clock=clock)
    c.started_at = from_iso(record.started_at)
    c.participants = [
        Participant(p.role, clean(p.name), clean(p.detail)) for p in record.participants
    ]
    if (role := record.preferred_role) is not None:
        c.preferred_role = _entry(role, role.value)
    for rating in record.ratings:
        _need(rating.value_id in value_ids, f"unknown value {rating.value_id!r}")
        c.ratings[rating.value_id] = _entry(rating, rating.rating)
    for key, words in record.own_words.items():
        if (entry := _text_entry(words)) is not None:
            c.own_words[key] = entry
    if (leaning := record.leaning) is not None:
        value = leaning.value
        _need(value == UNSURE or value in option_ids, f"unknown leaning {value!r}")
        c.leaning = _entry(leaning, value)
    c.clinician_view = _text_entry(record.clinician_view)
    c.check_answers = dict(_check(k, aid) for k in record.knowledge_checks)
    for item in record.sure.items:
        c.sure[item.key] = _entry(item, item.answer)
    c.decision = _decision(record.decision, option_ids)
    c.plan = [_plan_step(step) for step in record.plan]
    c.review = _text_entry(record.review)
    c.success_measure = _text_entry(record.success_measure)
    for confirming in CONFIRMING_ROLES:
        if (when := getattr(record.confirmations, confirming)) is not None:
            c.confirmations[confirming] = from_iso(when)
    for view_key, view in record.others_views_or_empty.items():
        if (entry := _text_entry(view)) is not None:
            c.others_views[view_key] = entry
    if (collaborate := record.collaborate_or_none) is not None:
        c.collaborate = {item.key: _entry(item, item.score) for item in collaborate.items}
    if (identifier := record.patient_identifier_or_none) is not None:
        kept = PatientIdentifier(clean(identifier.value), clean(identifier.system))
        c.patient_identifier = _entry(identifier, kept)
    if isinstance(record.consultation_id, str):
        c.consultation_id = record.consultation_id
    c.review_date = _day(record.review_date)
    if isinstance(record.no_review, m.TextEntry):
        c.no_review = _text_entry(record.no_review)
    _follow_up(record, c)
    if (
        isinstance(record.patient_language, str)
        and record.patient_language in available_languages()
    ):
        c.patient_language = record.patient_language
    for given in record.inputs_or_empty:
        if given.contributor is None or given.at is None:
            continue  # the aid's default: nobody entered it
        declared = aid.input(given.id)
        _need(declared is not None, f"unknown input {given.id!r}")
        assert declared is not None
        c.inputs[given.id] = _entry(given, parse_value(declared, given.value))
    return c


def from_record(
    record: AnyRecord | Mapping[str, Any], aid: DecisionAid, clock: Clock = utc_now
) -> Consultation:
    """Rebuild the consultation a record was made from, with the same aid file.

    `record` is a Record, or parsed JSON (checked by `record_from_data`). Raises
    RecordError when the record is of another format or aid, or malformed.
    The result counts as not exported.
    """
    typed = record_from_data(record)
    try:
        return _read(typed, aid, clock)
    except RecordError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise RecordError(
            _("malformed consultation record: {problem}").format(problem=type(error).__name__)
        ) from error
