"""The consultation as a self-contained record (`record_model.Record`).

The record carries the aid's text and numbers that the documents need, so that every
document can be re-rendered from the record alone. Every entry carries "contributor"
and "at" (ISO 8601, UTC). `dumps_record` writes it as JSON; `from_record` reads a record
back (crash recovery).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, cast

import msgspec
from msgspec import UNSET, UnsetType

from sdm_tui.aid.about import about_items
from sdm_tui.aid.evidence import Value, baseline_count, stratum_for
from sdm_tui.aid.model import DecisionAid, Outcome
from sdm_tui.consultation.alignment import alignment, choice_differs_from_ratings
from sdm_tui.consultation.collaborate import (
    COLLABORATE_ITEMS,
    COLLABORATE_LABELS,
    collaborate_top_score,
)
from sdm_tui.consultation.entries import stamp
from sdm_tui.consultation.follow_up import (
    ACTED_ON,
    DECISION_NOW,
    MEASURE_MET,
    REGRET_ITEMS,
    REGRET_LABELS,
    STEP_OUTCOMES,
    FollowUp,
    decision_now,
    regret_score,
)
from sdm_tui.consultation.inputs import input_values, inputs_used, shown_aid
from sdm_tui.consultation.record import (
    CONFIRMING_ROLES,
    NOT_YET_REASONS,
    OTHERS_VIEWS,
    OWN_WORDS,
    RATING_LABELS,
    ROLES_IN_DECIDING,
    SURE_ITEMS,
    UNSURE,
    Consultation,
    Entry,
)
from sdm_tui.consultation.sure import sure_flag, sure_score
from sdm_tui.export import record_model as m
from sdm_tui.export.record_model import RECORD_FORMAT, RECORD_VERSION, Record, RecordError
from sdm_tui.export.record_read import from_record
from sdm_tui.export.timefmt import to_iso, to_iso_or_none
from sdm_tui.i18n import N_, SOURCE_LANGUAGE, in_language

__all__ = [
    "RECORD_FORMAT",
    "RECORD_VERSION",
    "Record",
    "RecordError",
    "dumps_record",
    "from_record",
    "to_record",
]

UNSURE_LABEL = N_("Unsure")
"""Kept in the record in English, like every word of the record itself."""


def _about(aid: DecisionAid) -> list[m.AboutItem]:
    """About this aid, kept in English: each copy words it in its own language."""
    with in_language(SOURCE_LANGUAGE):
        return [m.AboutItem(heading=i.heading, text=i.text) for i in about_items(aid)]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _method(aid: DecisionAid, outcome: Outcome, values: Mapping[str, Value]) -> m.OutcomeMethod:
    """How the outcome's counts were computed (it has a method)."""
    method = outcome.method
    assert method is not None
    authored = outcome.authored_per or outcome.per
    base = method.baseline
    stratum = None
    if method.kind == "strata":
        found = stratum_for(aid, method, values.get(method.strata_by))
        if found is not None:
            stratum = m.Stratum(low=found.low, high=found.high, value=found.value)
    baseline = None
    if base is not None:
        unscaled = replace(outcome, per=authored)
        baseline = baseline_count(aid, unscaled, values)
    source = aid.source(base.source) if base is not None and base.source else None
    return m.OutcomeMethod(
        kind="strata" if method.kind == "strata" else "relative",
        baseline_option=base.option if base is not None else None,
        baseline_input=(base.input or None) if base is not None else None,
        baseline=baseline,
        baseline_source_citation=source.citation if source else "",
        rr=dict(method.rr),
        rr_low=dict(method.rr_low),
        rr_high=dict(method.rr_high),
        strata_by=method.strata_by or None,
        stratum=stratum,
        authored_per=authored,
    )


def _outcome(
    aid: DecisionAid, outcome: Outcome, values: Mapping[str, Value] | None = None
) -> m.OutcomeSummary:
    summary = _fixed_outcome(aid, outcome)
    if not outcome.is_computed:
        return summary
    ranges = {
        option.id: m.CountRange(low=_number(span[0]), high=_number(span[1]))
        for option in aid.options
        if (span := outcome.range_for(option.id)) is not None
    }
    return msgspec.structs.replace(
        summary,
        ranges=ranges,
        method=_method(aid, outcome, values or {}),
        missing_inputs=list(outcome.missing),
        other_frame=outcome.other_frame or UNSET,
    )


def _fixed_outcome(aid: DecisionAid, outcome: Outcome) -> m.OutcomeSummary:
    source = aid.source(outcome.source)
    return m.OutcomeSummary(
        id=outcome.id,
        label=outcome.label,
        type=cast(m.OutcomeType, outcome.type),
        per=outcome.per,
        timeframe=outcome.timeframe,
        certainty=cast(m.Certainty, outcome.certainty),
        source_citation=source.citation if source else "",
        chance={
            option.id: _number(outcome.chance[option.id])
            for option in aid.options
            if option.id in outcome.chance
        },
    )


def aid_summary(aid: DecisionAid, values: Mapping[str, Value] | None = None) -> m.AidSummary:
    """What the documents need to know of the aid (for a format-2 aid: as personalised for
    the input `values`, see `consultation.inputs.shown_aid`)."""
    return m.AidSummary(
        id=aid.id,
        title=aid.title,
        question=aid.question,
        summary=aid.summary,
        version=aid.version,
        status=cast(m.AidStatus, aid.status),
        language=aid.language,
        last_reviewed=aid.last_reviewed.isoformat(),
        sha256=aid.sha256,
        file_name=aid.path.name if aid.path else "",
        options=[
            m.AidOption(id=o.id, label=o.label, summary=o.summary, kind=cast(m.OptionKind, o.kind))
            for o in aid.options
        ],
        values=[
            m.AidValue(
                id=v.id,
                statement=v.statement,
                favours={o.id: v.favour_for(o.id) for o in aid.options},
            )
            for v in aid.values
        ],
        outcomes=[_outcome(aid, outcome, values) for outcome in aid.outcomes],
        checks=[
            m.KnowledgeCheck(
                question=k.question,
                choices=list(k.choices),
                answer=k.answer,
                explanation=k.explanation,
            )
            for k in aid.checks
        ],
        about=_about(aid),
        sources=[
            m.Reference(id=s.id, citation=s.citation, url=s.url, year=s.year) for s in aid.sources
        ],
        questions=[
            m.AidQuestion(
                id=q.id,
                text=q.text,
                answers={o.id: q.answers[o.id] for o in aid.options if o.id in q.answers},
            )
            for q in aid.questions
        ],
    )


def _text(entry: Entry | None) -> m.TextEntry | None:
    if entry is None:
        return None
    return m.TextEntry(text=entry.value, contributor=entry.contributor, at=to_iso(entry.at))


def _option_label(aid: DecisionAid, option_id: str) -> str:
    return UNSURE_LABEL if option_id == UNSURE else aid.option(option_id).label


def _ratings(c: Consultation) -> list[m.Rating]:
    return [
        m.Rating(
            value_id=value.id,
            statement=value.statement,
            rating=c.ratings[value.id].value,
            label=RATING_LABELS[c.ratings[value.id].value],
            contributor=c.ratings[value.id].contributor,
            at=to_iso(c.ratings[value.id].at),
        )
        for value in c.aid.values
        if value.id in c.ratings
    ]


def _checks(c: Consultation) -> list[m.CheckAnswer]:
    records = []
    for index in sorted(c.check_answers):
        check, entry = c.aid.checks[index], c.check_answers[index]
        records.append(
            m.CheckAnswer(
                index=index,
                question=check.question,
                chosen=entry.value,
                chosen_text=check.choices[entry.value],
                answer=check.answer,
                answer_text=check.choices[check.answer],
                correct=entry.value == check.answer,
                explanation=check.explanation,
                contributor=entry.contributor,
                at=to_iso(entry.at),
            )
        )
    return records


def _sure(c: Consultation) -> m.Sure:
    items = [
        m.SureItem(
            key=cast(m.SureKey, key),
            question=question,
            answer=c.sure[key].value,
            contributor=c.sure[key].contributor,
            at=to_iso(c.sure[key].at),
        )
        for key, question in SURE_ITEMS
        if key in c.sure
    ]
    return m.Sure(items=items, score=sure_score(c), flag=sure_flag(c))


def _collaborate(c: Consultation) -> m.Collaborate:
    """The patient's CollaboRATE rating; `skipped` when no question was answered."""
    items = [
        m.CollaborateItem(
            key=cast(m.CollaborateKey, key),
            question=question,
            score=c.collaborate[key].value,
            label=COLLABORATE_LABELS[c.collaborate[key].value],
            contributor="patient",
            at=to_iso(c.collaborate[key].at),
        )
        for key, question in COLLABORATE_ITEMS
        if key in c.collaborate
    ]
    return m.Collaborate(items=items, top_score=collaborate_top_score(c), skipped=not items)


def _others_views(c: Consultation) -> dict[m.OthersViewKey, m.OwnWordsEntry] | UnsetType:
    """Others' views and pressure; left out of the record when none were entered."""
    if not c.others_views:
        return UNSET
    return {
        cast(m.OthersViewKey, key): m.OwnWordsEntry(
            label=label,
            text=c.others_views[key].value,
            contributor=c.others_views[key].contributor,
            at=to_iso(c.others_views[key].at),
        )
        for key, label in OTHERS_VIEWS.items()
        if key in c.others_views
    }


def _decision(c: Consultation) -> m.RecordDecision:
    if c.decision is None:
        return m.DecisionNone(
            option_id=None,
            option_label=None,
            not_yet_reason=None,
            not_yet_reason_label=None,
            reason_text="",
            differs_reason="",
            differs_from_ratings=False,
            contributor=None,
            at=None,
        )
    decision = c.decision.value
    if decision.option_id is None:
        return m.DecisionNotYet(
            option_id=None,
            option_label=None,
            not_yet_reason=decision.not_yet_reason,
            not_yet_reason_label=NOT_YET_REASONS[decision.not_yet_reason],
            reason_text=decision.reason_text,
            differs_reason=decision.differs_reason,
            differs_from_ratings=False,
            contributor=c.decision.contributor,
            at=to_iso(c.decision.at),
        )
    return m.DecisionChosen(
        option_id=decision.option_id,
        option_label=c.aid.option(decision.option_id).label,
        not_yet_reason=None,
        not_yet_reason_label=None,
        reason_text=decision.reason_text,
        differs_reason=decision.differs_reason,
        differs_from_ratings=choice_differs_from_ratings(c),
        contributor=c.decision.contributor,
        at=to_iso(c.decision.at),
    )


def _patient_identifier(c: Consultation) -> m.PatientIdentifier | UnsetType:
    entry = c.patient_identifier
    if entry is None:
        return UNSET
    return m.PatientIdentifier(
        value=entry.value.value,
        system=entry.value.system,
        contributor=entry.contributor,
        at=to_iso(entry.at),
    )


def _keyed(entry: Entry | None, labels: dict[str, str]) -> m.KeyedAnswer | None:
    if entry is None:
        return None
    return m.KeyedAnswer(
        value=entry.value,
        label=labels[entry.value],
        contributor=entry.contributor,
        at=to_iso(entry.at),
    )


def _earlier(f: FollowUp) -> tuple[m.EarlierConsultation, m.AidSummary]:
    part, aid = cast(tuple[m.EarlierConsultation, m.AidSummary], f.earlier.record)
    return part, aid


def _follow_up(c: Consultation) -> m.FollowUp | UnsetType:
    """The follow-up visit's own answers (UNSET for a first consultation)."""
    f = c.follow_up
    if f is None:
        return UNSET
    earlier, _ = _earlier(f)
    steps = [
        m.StepOutcome(
            index=index,
            what=step.what,
            who=cast(m.PlanWho, step.who),
            by_when=step.by_when,
            outcome=f.steps[index].value,
            label=STEP_OUTCOMES[f.steps[index].value],
            contributor=f.steps[index].contributor,
            at=to_iso(f.steps[index].at),
        )
        for index, step in enumerate(f.earlier.plan)
        if index in f.steps
    ]
    status = decision_now(c)
    now = None
    if status is not None:
        now = m.DecisionNow(
            status=cast(Any, status), label=DECISION_NOW[status], why=_text(f.decision_why)
        )
    regret = None
    if f.regret:
        items = [
            m.RegretItem(
                number=number,
                statement=statement,
                answer=f.regret[number].value,
                label=REGRET_LABELS[f.regret[number].value],
                contributor=f.regret[number].contributor,
                at=to_iso(f.regret[number].at),
            )
            for number, statement, _ in REGRET_ITEMS
            if number in f.regret
        ]
        regret = m.Regret(items=items, score=regret_score(c))
    aid_now = None
    if f.aid_now is not None:
        aid_now = m.AidAtFollowUp(
            version=f.aid_now.version, sha256=f.aid_now.sha256, changed=f.aid_now.changed
        )
    return m.FollowUp(
        earlier=earlier,
        visit=f.visit,
        aid_now=aid_now,
        steps=steps,
        measure_met=_keyed(f.measure_met, MEASURE_MET),
        acted_on=_keyed(f.acted_on, ACTED_ON),
        decision_now=now,
        regret=regret,
    )


def _inputs(c: Consultation) -> list[m.InputEntry]:
    """The inputs the counts were computed from, with who entered each and when."""
    entries = []
    for used in inputs_used(c):
        entry = c.inputs.get(used.item.id)
        entries.append(
            m.InputEntry(
                id=used.item.id,
                label=used.item.label,
                kind="number" if used.item.is_number else "choice",
                value=_number(used.value) if isinstance(used.value, float) else used.value,
                shown=used.phrase,
                unit=used.item.unit,
                contributor=entry.contributor if entry is not None else None,
                at=to_iso(entry.at) if entry is not None else None,
            )
        )
    return entries


def to_record(c: Consultation) -> m.RecordV2:
    """The whole consultation as a record, stamped with the time it was generated."""
    aid = shown_aid(c)
    role = c.preferred_role
    leaning = c.leaning
    summary = aid_summary(aid, input_values(c)) if c.follow_up is None else _earlier(c.follow_up)[1]
    return m.RecordV2(
        record_format=RECORD_FORMAT,
        mode=c.mode,
        generated_at=to_iso(stamp(c)),
        started_at=to_iso(c.started_at),
        aid=summary,
        participants=[
            m.Participant(role=p.role, name=p.name, detail=p.detail) for p in c.participants
        ],
        preferred_role=None
        if role is None
        else m.PreferredRole(
            value=role.value,
            label=ROLES_IN_DECIDING[role.value],
            contributor=role.contributor,
            at=to_iso(role.at),
        ),
        ratings=_ratings(c),
        own_words={
            cast(m.OwnWordsKey, key): m.OwnWordsEntry(
                label=label,
                text=c.own_words[key].value,
                contributor=c.own_words[key].contributor,
                at=to_iso(c.own_words[key].at),
            )
            for key, label in OWN_WORDS.items()
            if key in c.own_words
        },
        leaning=None
        if leaning is None
        else m.Leaning(
            value=leaning.value,
            label=_option_label(aid, leaning.value),
            contributor=leaning.contributor,
            at=to_iso(leaning.at),
        ),
        clinician_view=_text(c.clinician_view),
        alignment=alignment(aid, c.ratings),
        knowledge_checks=_checks(c),
        sure=_sure(c),
        decision=_decision(c),
        plan=[
            m.PlanStep(
                what=s.what,
                who=cast(m.PlanWho, s.who),
                by_when=s.by_when,
                contributor=s.contributor,
                at=to_iso(s.at),
                by_date=None if s.by_date is None else s.by_date.isoformat(),
            )
            for s in c.plan
        ],
        review=_text(c.review),
        success_measure=_text(c.success_measure),
        confirmations=m.Confirmations(
            **{role: to_iso_or_none(c.confirmations.get(role)) for role in CONFIRMING_ROLES}
        ),
        collaborate=_collaborate(c),
        patient_identifier=_patient_identifier(c),
        consultation_id=c.consultation_id or UNSET,
        review_date=None if c.review_date is None else c.review_date.isoformat(),
        no_review=_text(c.no_review),
        follow_up=_follow_up(c),
        others_views=_others_views(c),
        inputs=_inputs(c) if aid.inputs else UNSET,
        patient_language=c.patient_language or UNSET,
    )


def dumps_record(c: Consultation) -> str:
    """The consultation's record as pretty JSON text."""
    return m.record_text(to_record(c))
