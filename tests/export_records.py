"""Consultation records for the export tests: made with a fixed clock, so always the same.

`full_record()` is the golden record: tests/data/records/full.json holds it, and every
golden document under tests/data/golden/ is rendered from it. Set SDM_UPDATE_GOLDEN=1 to
rewrite those files after a deliberate change (then review the diff).
"""

from __future__ import annotations

import json
import os
from typing import Any

from sdm_tui.consultation import (
    add_plan_step,
    confirm,
    decide_not_yet,
    new_consultation,
    set_participant,
    set_rating,
)
from sdm_tui.consultation.record import Consultation
from sdm_tui.export import to_record
from sdm_tui.export.record_model import record_to_data
from tests.builders import DATA, FixedClock, full_consultation, minimal_aid

RECORDS = DATA / "records"
GOLDEN = DATA / "golden"

Record = dict[str, Any]


def record_data(c: Consultation) -> Record:
    """A consultation's record as its JSON file holds it (dicts and lists)."""
    return record_to_data(to_record(c))


def full_record(mode: str = "clinical") -> Record:
    """The record as its JSON holds it (a dict): tests change it to make bad records."""
    return record_to_data(to_record(full_consultation(mode=mode)))


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
