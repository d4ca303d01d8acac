"""The debrief after a rehearsal: JSON-safe data, rendered as Markdown and saved as files.

It brings together what the scenario hid (the persona's ratings and leaning), what the
consultation recorded (`sdm_tui.export.record_json.to_record`), what the observer scored
(OPTION-5) and what the log timed (stages and talks).
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from sdm_tui.consultation.record import RATING_LABELS, ROLES_IN_DECIDING, UNSURE
from sdm_tui.export.document import banners
from sdm_tui.export.files import ExportError, _message, _remove, _stamp, _write_new, slug
from sdm_tui.export.record_model import AnyRecord, record_from_data
from sdm_tui.export.timefmt import to_iso, to_iso_or_none
from sdm_tui.i18n import N_, SOURCE_LANGUAGE, _, in_language
from sdm_tui.rehearsal.debrief_markdown import render_debrief_markdown
from sdm_tui.rehearsal.debrief_model import (
    DEBRIEF_FORMAT,
    DEBRIEF_VERSION,
    Debrief,
    debrief_from_data,
    debrief_text,
)
from sdm_tui.rehearsal.event_log import STAGE_TALK, TALKS, EventLog, stage_label
from sdm_tui.rehearsal.option5 import ObserverScores
from sdm_tui.rehearsal.scenario import Scenario

TRAINING_BANNER = N_("TRAINING – a rehearsal with a fictional patient; not a clinical record")
FICTIONAL_NOTE = N_("The patient is a fictional person, played from a written scenario.")
"""The debrief's data keeps the program's own words in English (a saved debrief reads the same
in any language); the Markdown and the screen show them translated."""

__all__ = [
    "DEBRIEF_FORMAT",
    "DEBRIEF_VERSION",
    "TRAINING_BANNER",
    "build_debrief",
    "debrief_base_name",
    "render_debrief_markdown",
    "write_debrief",
]

Record = AnyRecord

YES, NO, NOT_ASKED, NO_HIDDEN = "yes", "no", "not asked", "no hidden rating"


def _rating_label(rating: int | None) -> str | None:
    return None if rating is None or not 0 <= rating < len(RATING_LABELS) else RATING_LABELS[rating]


def _times(log: EventLog, now: datetime) -> dict[str, Any]:
    stages = log.stage_seconds(now)
    talks = log.talk_seconds(now)
    visits = log.visits()
    return {
        "talks": [
            {"key": key, "label": label, "seconds": round(talks[key])}
            for key, label in TALKS.items()
        ],
        "stages": [
            {
                "key": key,
                "label": stage_label(key),
                "talk": STAGE_TALK.get(key),
                "seconds": round(seconds),
            }
            for key, seconds in stages.items()
        ],
        "timeline": [
            {
                "key": visit.key,
                "label": stage_label(visit.key),
                "entered_at": to_iso(visit.entered),
                "left_at": to_iso_or_none(visit.left),
                "seconds": round(visit.seconds(now)),
            }
            for visit in visits
        ],
        "total_seconds": round(sum(stages.values())),
    }


def _values(scenario: Scenario, record: Record) -> list[dict[str, Any]]:
    recorded = {r.value_id: r for r in record.ratings}
    rows = []
    for value in record.aid.values:
        value_id = value.id
        hidden = scenario.hidden_rating(value_id)
        entry = recorded.get(value_id)
        rating = None if entry is None else entry.rating
        if hidden is None:
            drawn_out = NO_HIDDEN
        elif rating is None:
            drawn_out = NOT_ASKED
        else:
            drawn_out = YES if rating == hidden else NO
        rows.append(
            {
                "value_id": value_id,
                "statement": value.statement,
                "recorded": rating,
                "recorded_label": _rating_label(rating),
                "entered_by": None if entry is None else entry.contributor,
                "hidden": hidden,
                "hidden_label": _rating_label(hidden),
                "drawn_out": drawn_out,
            }
        )
    return rows


def _option_label(record: Record, option_id: str | None) -> str | None:
    if option_id is None:
        return None
    if option_id == UNSURE:
        return N_("Unsure")
    labels = {option.id: option.label for option in record.aid.options}
    return labels.get(option_id, option_id)


def _leaning(scenario: Scenario, record: Record) -> dict[str, Any]:
    hidden = scenario.hidden_leaning
    recorded = None if record.leaning is None else record.leaning.value
    decision = record.decision
    status = decision.status
    chosen = decision.option_id
    if status == "chosen":
        matches: bool | None = chosen == hidden
        verdict = (
            N_("The choice matches the patient's hidden leaning.")
            if matches
            else N_("The choice differs from the patient's hidden leaning.")
        )
    elif status == "not_yet":
        matches = True if hidden == UNSURE else None
        verdict = (
            N_("Not decided yet, as fits a patient who was unsure.")
            if matches
            else N_("Not decided yet; the patient had a hidden leaning.")
        )
    else:
        matches, verdict = None, N_("No decision was recorded.")
    return {
        "hidden": hidden,
        "hidden_label": _option_label(record, hidden),
        "reason": scenario.leaning_reason,
        "recorded": recorded,
        "recorded_label": _option_label(record, recorded),
        "recorded_matches": None if recorded is None else recorded == hidden,
        "decision_status": status,
        "choice": chosen,
        "choice_label": _option_label(record, chosen),
        "not_yet_reason_label": decision.not_yet_reason_label,
        "choice_matches": matches,
        "verdict": verdict,
    }


def _role(scenario: Scenario, record: Record) -> dict[str, Any]:
    hidden = scenario.persona.preferred_role
    recorded = None if record.preferred_role is None else record.preferred_role.value
    return {
        "hidden": hidden,
        "hidden_label": ROLES_IN_DECIDING.get(hidden or "", None),
        "recorded": recorded,
        "recorded_label": None if recorded is None else ROLES_IN_DECIDING[recorded],
        "matches": None if hidden is None or recorded is None else hidden == recorded,
    }


def _sure(record: Record) -> dict[str, Any]:
    sure = record.sure
    return {
        "score": sure.score,
        "flag": sure.flag,
        "answered": len(sure.items),
        "items": [{"key": i.key, "question": i.question, "answer": i.answer} for i in sure.items],
    }


def build_debrief(
    scenario: Scenario,
    consultation_record: AnyRecord | Mapping[str, Any],
    log: EventLog,
    scores: ObserverScores,
    now: datetime,
) -> Debrief:
    """Everything the debrief shows, as a typed Debrief (see docs/rehearsal.md).

    The record is checked by the record model first (RecordError if it does not fit)."""
    record = record_from_data(consultation_record)
    aid = record.aid
    if aid.id != scenario.aid_id:
        raise ValueError(
            _("the record is of the aid {record_aid}; the scenario uses {scenario_aid}").format(
                record_aid=repr(aid.id), scenario_aid=repr(scenario.aid_id)
            )
        )
    rows = _values(scenario, record)
    persona = scenario.persona
    with in_language(SOURCE_LANGUAGE):  # the data keeps English words (see TRAINING_BANNER)
        record_banners = banners(record)
    revealed = set(log.revealed_concerns())
    data = {
        "debrief_format": DEBRIEF_FORMAT,
        "debrief_version": DEBRIEF_VERSION,
        "mode": "training",
        "banners": [TRAINING_BANNER, *(b for b in record_banners if b.split()[0] != "TRAINING")],
        "generated_at": to_iso(now),
        "started_at": record.started_at,
        "scenario": {
            "id": scenario.id,
            "title": scenario.title,
            "summary": scenario.summary,
            "file_name": scenario.path.name if scenario.path else "",
            "sha256": scenario.sha256,
            "objectives": list(scenario.objectives),
            "persona": {"name": persona.name, "age": persona.age, "situation": persona.situation},
            "fictional": FICTIONAL_NOTE,
        },
        "aid": {k: getattr(aid, k) for k in ("id", "title", "version", "status", "sha256")},
        "times": _times(log, now),
        "option5": scores.as_dict(),
        "values": rows,
        "values_summary": {
            kind: sum(1 for row in rows if row["drawn_out"] == kind)
            for kind in (YES, NO, NOT_ASKED, NO_HIDDEN)
        },
        "leaning": _leaning(scenario, record),
        "preferred_role": _role(scenario, record),
        "concerns": [
            {"id": c.id, "text": c.text, "reveal_when": c.reveal_when, "revealed": c.id in revealed}
            for c in scenario.concerns
        ],
        "sure": _sure(record),
        "confirmations": msgspec.to_builtins(record.confirmations),
        "events": log.as_list(),
    }
    return debrief_from_data(data)


def debrief_base_name(debrief: Debrief | Mapping[str, Any]) -> str:
    """e.g. sdm-2026-03-14T0930Z-statins-wants-you-to-decide-debrief"""
    typed = debrief_from_data(debrief)
    stamp = _stamp({"generated_at": typed.generated_at})
    return f"sdm-{stamp}-{slug(typed.scenario.id)}-debrief"


def write_debrief(debrief: Debrief | Mapping[str, Any], folder: Path) -> list[Path]:
    """Write the debrief as Markdown and JSON into `folder`; returns the two paths.

    Never overwrites (a taken name gets -2, -3 ...); raises ExportError, having removed
    what it wrote, when a file cannot be saved.
    """
    debrief = debrief_from_data(debrief)  # DebriefError if a saved one does not fit
    text = debrief_text(debrief)
    documents = [
        ("md", render_debrief_markdown(debrief).encode("utf-8", errors="replace")),
        ("json", text.encode("utf-8", errors="replace")),
    ]
    try:
        target = Path(folder).resolve(strict=True)
    except OSError as error:
        raise ExportError(_message(error, Path(folder))) from error
    if not target.is_dir():
        raise ExportError(_message(NotADirectoryError(errno.ENOTDIR, "not a folder"), target))
    written: list[Path] = []
    try:
        for ext, data in documents:
            written.append(_write_new(target, debrief_base_name(debrief), ext, data))
    except OSError as error:
        _remove(written)
        raise ExportError(_message(error, target)) from error
    except ExportError:
        _remove(written)
        raise
    return written
