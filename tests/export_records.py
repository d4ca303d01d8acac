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
from sdm_tui.settings.clinic import Clinic
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


NEW_YORK_CLINIC = Clinic.in_zone(
    "America/New_York",
    name="Riverside Family Practice",
    identifier_system="http://hl7.org/fhir/sid/us-npi",
    identifier="1234567893",
    phone="+1 212 555 0100",
    web="https://riverside.example.org",
    address="12 River Road, New York, NY 10001",
    patient_identifier_system="https://riverside.example.org/mrn",
)
"""A clinic with every setting given, in a time zone five hours behind UTC in November."""


def identified(record: Record) -> Record:
    """The record with the patient's record number, as team talk would add it."""
    identifier = {
        "value": "MRN-004211",
        "system": "https://riverside.example.org/mrn",
        "contributor": "clinician",
        "at": record["started_at"],
    }
    return {**record, "patient_identifier": identifier}


def updating_golden() -> bool:
    return os.environ.get("SDM_UPDATE_GOLDEN", "") not in ("", "0")


def dumps(data: Any) -> str:
    """JSON as the golden files keep it: two-space indent, UTF-8, a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
