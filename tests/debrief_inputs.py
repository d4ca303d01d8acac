"""The rehearsal behind tests/data/debriefs/: the same input, whatever code builds the debrief.

tests/data/debriefs/v1-good-debrief.{json,md} were written by `write_debrief` as it stood
before the debrief had a typed model (commit on branch `debrief`); test_debrief_model.py
builds the debrief again from this input and compares the bytes.
"""

from __future__ import annotations

from datetime import datetime

from sdm_tui.aid.loader import load_aid
from sdm_tui.export.record_json import to_record
from sdm_tui.rehearsal.debrief import build_debrief
from sdm_tui.rehearsal.scenario import load_scenario
from tests.builders import DATA
from tests.core.test_rehearsal import Clock, observer, rehearse

DEBRIEFS = DATA / "debriefs"
V1_JSON = DEBRIEFS / "v1-good-debrief.json"
V1_MARKDOWN = DEBRIEFS / "v1-good-debrief.md"


def good_debrief():  # type: ignore[no-untyped-def]
    """The debrief of test_rehearsal's rehearsal of the minimal aid, at 09:36:40Z."""
    aid = load_aid(DATA / "debriefs" / "aid" / "minimal.toml")  # the file the fixture was made with
    scenario = load_scenario(DATA / "scenarios" / "good.toml", [aid])
    clock = Clock()
    consultation, log = rehearse(aid, clock)
    now: datetime = clock.at(400)
    return build_debrief(scenario, to_record(consultation), log, observer(), now)
