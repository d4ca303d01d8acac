"""The consultation as a self-contained, JSON-safe record.

The record carries the aid's text and numbers that the documents need, so that every
document can be re-rendered from the record alone. Every entry carries "contributor"
and "at" (ISO 8601, UTC). `from_record` reads a record back (crash recovery).
"""

from __future__ import annotations

import json
from typing import Any

from sdm_tui.aid.about import about_items
from sdm_tui.aid.model import DecisionAid, Outcome
from sdm_tui.consultation.alignment import alignment, choice_differs_from_ratings
from sdm_tui.consultation.collaborate import (
    COLLABORATE_ITEMS,
    COLLABORATE_LABELS,
    collaborate_top_score,
)
from sdm_tui.consultation.entries import stamp
from sdm_tui.consultation.record import (
    CONFIRMING_ROLES,
    NOT_YET_REASONS,
    OWN_WORDS,
    RATING_LABELS,
    ROLES_IN_DECIDING,
    SURE_ITEMS,
    UNSURE,
    Consultation,
    Entry,
)
from sdm_tui.consultation.sure import sure_flag, sure_score
from sdm_tui.export.record_read import RECORD_FORMAT, RECORD_VERSION, RecordError, from_record
from sdm_tui.export.timefmt import to_iso, to_iso_or_none

__all__ = [
    "RECORD_FORMAT",
    "RECORD_VERSION",
    "RecordError",
    "dumps_record",
    "from_record",
    "to_record",
]

Record = dict[str, Any]

UNSURE_LABEL = "Unsure"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _outcome(aid: DecisionAid, outcome: Outcome) -> Record:
    source = aid.source(outcome.source)
    return {
        "id": outcome.id,
        "label": outcome.label,
        "type": outcome.type,
        "per": outcome.per,
        "timeframe": outcome.timeframe,
        "certainty": outcome.certainty,
        "source_citation": source.citation if source else "",
        "chance": {
            option.id: _number(outcome.chance[option.id])
            for option in aid.options
            if option.id in outcome.chance
        },
    }


def aid_summary(aid: DecisionAid) -> Record:
    """What the documents need to know of the aid."""
    return {
        "id": aid.id,
        "title": aid.title,
        "question": aid.question,
        "summary": aid.summary,
        "version": aid.version,
        "status": aid.status,
        "language": aid.language,
        "last_reviewed": aid.last_reviewed.isoformat(),
        "sha256": aid.sha256,
        "file_name": aid.path.name if aid.path else "",
        "options": [
            {"id": o.id, "label": o.label, "summary": o.summary, "kind": o.kind}
            for o in aid.options
        ],
        "values": [
            {
                "id": v.id,
                "statement": v.statement,
                "favours": {o.id: v.favour_for(o.id) for o in aid.options},
            }
            for v in aid.values
        ],
        "outcomes": [_outcome(aid, outcome) for outcome in aid.outcomes],
        "about": [{"heading": i.heading, "text": i.text} for i in about_items(aid)],
        "checks": [
            {
                "question": k.question,
                "choices": list(k.choices),
                "answer": k.answer,
                "explanation": k.explanation,
            }
            for k in aid.checks
        ],
    }


def _by(entry: Entry) -> Record:
    return {"contributor": entry.contributor, "at": to_iso(entry.at)}


def _text(entry: Entry | None) -> Record | None:
    return None if entry is None else {"text": entry.value, **_by(entry)}


def _option_label(aid: DecisionAid, option_id: str) -> str:
    return UNSURE_LABEL if option_id == UNSURE else aid.option(option_id).label


def _ratings(c: Consultation) -> list[Record]:
    return [
        {
            "value_id": value.id,
            "statement": value.statement,
            "rating": c.ratings[value.id].value,
            "label": RATING_LABELS[c.ratings[value.id].value],
            **_by(c.ratings[value.id]),
        }
        for value in c.aid.values
        if value.id in c.ratings
    ]


def _checks(c: Consultation) -> list[Record]:
    records = []
    for index in sorted(c.check_answers):
        check, entry = c.aid.checks[index], c.check_answers[index]
        records.append(
            {
                "index": index,
                "question": check.question,
                "chosen": entry.value,
                "chosen_text": check.choices[entry.value],
                "answer": check.answer,
                "answer_text": check.choices[check.answer],
                "correct": entry.value == check.answer,
                "explanation": check.explanation,
                **_by(entry),
            }
        )
    return records


def _sure(c: Consultation) -> Record:
    items = [
        {"key": key, "question": question, "answer": c.sure[key].value, **_by(c.sure[key])}
        for key, question in SURE_ITEMS
        if key in c.sure
    ]
    return {"items": items, "score": sure_score(c), "flag": sure_flag(c)}


def _collaborate(c: Consultation) -> Record:
    """The patient's CollaboRATE rating; `skipped` when no question was answered."""
    items = [
        {
            "key": key,
            "question": question,
            "score": c.collaborate[key].value,
            "label": COLLABORATE_LABELS[c.collaborate[key].value],
            **_by(c.collaborate[key]),
        }
        for key, question in COLLABORATE_ITEMS
        if key in c.collaborate
    ]
    return {"items": items, "top_score": collaborate_top_score(c), "skipped": not items}


def _decision(c: Consultation) -> Record:
    record: Record = {
        "status": "none",
        "option_id": None,
        "option_label": None,
        "not_yet_reason": None,
        "not_yet_reason_label": None,
        "reason_text": "",
        "differs_reason": "",
        "differs_from_ratings": False,
        "contributor": None,
        "at": None,
    }
    if c.decision is None:
        return record
    decision = c.decision.value
    record.update(_by(c.decision))
    record.update(reason_text=decision.reason_text, differs_reason=decision.differs_reason)
    if decision.option_id is None:
        record.update(
            status="not_yet",
            not_yet_reason=decision.not_yet_reason,
            not_yet_reason_label=NOT_YET_REASONS[decision.not_yet_reason],
        )
    else:
        record.update(
            status="chosen",
            option_id=decision.option_id,
            option_label=c.aid.option(decision.option_id).label,
            differs_from_ratings=choice_differs_from_ratings(c),
        )
    return record


def to_record(c: Consultation) -> Record:
    """The whole consultation as JSON-safe data, stamped with the time it was generated."""
    aid = c.aid
    role = c.preferred_role
    return {
        "record_format": RECORD_FORMAT,
        "record_version": RECORD_VERSION,
        "mode": c.mode,
        "generated_at": to_iso(stamp(c)),
        "started_at": to_iso(c.started_at),
        "aid": aid_summary(aid),
        "participants": [
            {"role": p.role, "name": p.name, "detail": p.detail} for p in c.participants
        ],
        "preferred_role": None
        if role is None
        else {"value": role.value, "label": ROLES_IN_DECIDING[role.value], **_by(role)},
        "ratings": _ratings(c),
        "own_words": {
            key: {"label": label, "text": c.own_words[key].value, **_by(c.own_words[key])}
            for key, label in OWN_WORDS.items()
            if key in c.own_words
        },
        "leaning": None
        if c.leaning is None
        else {
            "value": c.leaning.value,
            "label": _option_label(aid, c.leaning.value),
            **_by(c.leaning),
        },
        "clinician_view": _text(c.clinician_view),
        "alignment": alignment(aid, c.ratings),
        "knowledge_checks": _checks(c),
        "sure": _sure(c),
        "decision": _decision(c),
        "plan": [
            {
                "what": s.what,
                "who": s.who,
                "by_when": s.by_when,
                "contributor": s.contributor,
                "at": to_iso(s.at),
            }
            for s in c.plan
        ],
        "review": _text(c.review),
        "success_measure": _text(c.success_measure),
        "confirmations": {
            role: to_iso_or_none(c.confirmations.get(role)) for role in CONFIRMING_ROLES
        },
        "collaborate": _collaborate(c),
    }


def dumps_record(c: Consultation) -> str:
    """The record as pretty JSON text (UTF-8 friendly, keys in record order)."""
    return json.dumps(to_record(c), indent=2, ensure_ascii=False, sort_keys=False)
