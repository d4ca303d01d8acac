"""Consultation records for the export tests: made with a fixed clock, so always the same.

`full_record()` is the golden record: tests/data/records/full.json holds it, and every
golden document under tests/data/golden/ is rendered from it. Set SDM_UPDATE_GOLDEN=1 to
rewrite those files after a deliberate change (then review the diff).
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.model import DecisionAid
from sdm_tui.consultation import (
    Consultation,
    add_other_participant,
    add_plan_step,
    answer_check,
    confirm,
    decide,
    decide_not_yet,
    new_consultation,
    set_clinician_view,
    set_leaning,
    set_own_words,
    set_participant,
    set_preferred_role,
    set_rating,
    set_review,
    set_success_measure,
    set_sure,
)
from sdm_tui.export import to_record
from sdm_tui.export.record_model import record_to_data

DATA = Path(__file__).resolve().parent / "data"
MINIMAL = DATA / "aids" / "minimal.toml"
RECORDS = DATA / "records"
GOLDEN = DATA / "golden"
T0 = datetime(2026, 11, 26, 4, 12, 30, tzinfo=timezone.utc)
HOSTILE = "<script>alert(1)</script>"
"""What a patient might type: it must show as text and never run."""

Record = dict[str, Any]


class FixedClock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def minimal_aid() -> DecisionAid:
    return load_aid(MINIMAL)


def full_consultation(mode: str = "clinical") -> Consultation:
    """Something in every part, a hostile string typed by the patient, confirmed by both."""
    clock = FixedClock()
    c = new_consultation(minimal_aid(), mode=mode, clock=clock)  # type: ignore[arg-type]
    set_participant(c, "patient", "Ann Smith")
    set_participant(c, "clinician", "Dr Bo Chen", "GP")
    add_other_participant(c, "Cy Smith", "daughter")
    set_preferred_role(c, "decide_together")
    set_rating(c, "avoid-pills", 4)
    set_own_words(c, "matters_most", "Walking my dog every day")
    set_own_words(c, "worries", "Feeling sick at work\nand being tired")
    set_own_words(c, "questions", f"Is this safe? {HOSTILE} & <b>bold</b>")
    set_leaning(c, "none")
    set_clinician_view(c, "Either option is reasonable for you.")
    answer_check(c, 0, 1)
    for key, yes in (("sure", True), ("understand", True), ("risk_benefit", True)):
        set_sure(c, key, yes)
    set_sure(c, "encouragement", False)
    clock.now = T0 + timedelta(minutes=10)
    decide(c, "tablet", differs_reason="I want to feel better soon")
    add_plan_step(c, "Start the tablet", "patient", "Monday")
    add_plan_step(c, "Check blood test", "clinician", "in 6 weeks")
    add_plan_step(c, "Ring the surgery if sick", "someone else", "")
    set_review(c, "in 3 months")
    set_success_measure(c, "Less tired by spring")
    clock.now = T0 + timedelta(minutes=15)
    confirm(c, "patient")
    clock.now = T0 + timedelta(minutes=16)
    confirm(c, "clinician")
    return c


def record_data(c: Consultation) -> Record:
    """A consultation's record as its JSON file holds it (dicts and lists)."""
    return record_to_data(to_record(c))


def full_record(mode: str = "clinical") -> Record:
    """The record as its JSON holds it (a dict): tests change it to make bad records."""
    return record_to_data(to_record(full_consultation(mode)))


def empty_record() -> Record:
    return record_to_data(to_record(new_consultation(minimal_aid(), clock=FixedClock())))


def not_yet_record() -> Record:
    c = new_consultation(minimal_aid(), clock=FixedClock())
    set_participant(c, "patient", "")
    set_rating(c, "avoid-pills", 2)
    decide_not_yet(c, "talk_with_others", "Ask my daughter first")
    add_plan_step(c, "Talk it over at home", "patient", "this week")
    confirm(c, "patient")
    return record_to_data(to_record(c))


def training_record() -> Record:
    return full_record(mode="training")


ALL_RECORDS = {
    "empty": empty_record,
    "not-yet": not_yet_record,
    "full": full_record,
    "training": training_record,
}


def updating_golden() -> bool:
    return os.environ.get("SDM_UPDATE_GOLDEN", "") not in ("", "0")


def dumps(data: Any) -> str:
    """JSON as the golden files keep it: two-space indent, UTF-8, a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
