"""Consultation records for the report tests, made through the core's own rules.

`consultation_record(...)` makes one record of the minimal aid (options "tablet" and
"none") with exactly the facts a test asks for; `write_records` puts records in a folder
as `sdm-tui export` would.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sdm_tui.aid.model import DecisionAid
from sdm_tui.consultation import (
    SURE_ITEMS,
    add_plan_step,
    decide,
    decide_not_yet,
    new_consultation,
    set_collaborate,
    set_leaning,
    set_preferred_role,
    set_review,
    set_sure,
)
from sdm_tui.consultation.collaborate import COLLABORATE_KEYS
from sdm_tui.export import to_record
from sdm_tui.export.record_model import record_to_data
from tests.builders import FixedClock, minimal_aid

T0 = datetime(2026, 11, 2, 9, 0, 0, tzinfo=timezone.utc)

Record = dict[str, Any]


def consultation_record(
    *,
    aid: DecisionAid | None = None,
    mode: str = "clinical",
    start: int = 0,
    choice: str | None = None,
    not_yet: str | None = None,
    leaning: str | None = None,
    sure: Sequence[bool] | None = None,
    collaborate: Sequence[int] | None = None,
    role: str | None = None,
    review: str = "",
    exported: int = 20,
    plan: Sequence[tuple[str, str, str]] = (),
) -> Record:
    """A record of a consultation started `start` minutes after T0 and exported
    `exported` minutes after it started; the other arguments are what was entered."""
    clock = FixedClock(T0 + timedelta(minutes=start))
    c = new_consultation(aid or minimal_aid(), mode=mode, clock=clock)  # type: ignore[arg-type]
    if role is not None:
        set_preferred_role(c, role)
    if leaning is not None:
        set_leaning(c, leaning)
    for (key, _), yes in zip(SURE_ITEMS, sure or (), strict=False):
        set_sure(c, key, yes)
    if choice is not None:
        decide(c, choice)
    if not_yet is not None:
        decide_not_yet(c, not_yet)
    for what, who, by_when in plan:
        add_plan_step(c, what, who, by_when)
    if review:
        set_review(c, review)
    for key, score in zip(COLLABORATE_KEYS, collaborate or (), strict=False):
        set_collaborate(c, key, score)
    clock.now = T0 + timedelta(minutes=start + exported)
    return record_to_data(to_record(c))


def write_records(folder: Path, records: Iterable[tuple[str, Record]]) -> list[Path]:
    """Write each (file name, record) into `folder` as pretty JSON; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, record in records:
        path = folder / name
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def follow_up_record(
    earlier: Record,
    *,
    days: int = 90,
    steps: Sequence[str | None] = (),
    now: str | None = None,
    acted: bool = True,
    regret: Sequence[int] = (),
    sure: Sequence[bool] | None = None,
    review: str = "",
    file_name: str = "earlier-record.json",
) -> Record:
    """A follow-up visit of `earlier` (a record as data), `days` after it started: the
    earlier plan's steps answered in order (None: not answered), the decision now ("kept",
    an option id to change to, or a NOT_YET_REASONS key for still undecided), the Decision
    Regret answers (1..5, in item order), SURE again and the next review."""
    from sdm_tui.consultation import NOT_YET_REASONS
    from sdm_tui.consultation import follow_up as fu
    from sdm_tui.export.follow_up_start import start_follow_up
    from sdm_tui.export.record_model import record_from_data

    typed = record_from_data(earlier)
    clock = FixedClock(datetime.fromisoformat(typed.started_at[:-1] + "+00:00"))
    clock.now += timedelta(days=days)
    c = start_follow_up(typed, file_name, clock=clock)
    for index, outcome in enumerate(steps):
        if (
            outcome is not None
            and c.follow_up is not None
            and index < len(c.follow_up.earlier.plan)
        ):
            fu.set_step_outcome(c, index, outcome)
    fu.set_acted_on(c, "yes" if acted else "no")
    if now == "kept" and c.follow_up is not None and c.follow_up.earlier.option_id:
        fu.keep_decision(c)
    elif now in NOT_YET_REASONS:
        fu.still_undecided(c, now)
    elif now is not None and now != "kept":
        fu.change_decision(c, now)
    if fu.regret_asked(c):
        for number, answer in enumerate(regret, 1):
            fu.set_regret(c, number, answer)
    for (key, _), yes in zip(SURE_ITEMS, sure or (), strict=False):
        set_sure(c, key, yes)
    if review:
        set_review(c, review)
    clock.advance(20)
    return record_to_data(to_record(c))
