"""Rehearsing shared decision making: scenarios, the observer's scale, the event log and the
debrief. No UI here: the app shows them, the CLI loads them, tests run them in microseconds.

- `scenario`: the scenario model and its strict loader (format in docs/rehearsal.md).
- `option5`: the Observer OPTION-5 items and an observer's scores.
- `event_log`: stages entered and left, and every change to the consultation, with times.
- `debrief`: what the debrief shows, as JSON-safe data, Markdown and files.
- `check`: scenario files in `sdm-tui check`.
"""

from sdm_tui.rehearsal.check import ScenarioReport, check_scenario_files, is_scenario_file
from sdm_tui.rehearsal.debrief import build_debrief, render_debrief_markdown, write_debrief
from sdm_tui.rehearsal.event_log import EventLog, LogEvent
from sdm_tui.rehearsal.option5 import ITEMS, ObserverScores
from sdm_tui.rehearsal.scenario import (
    Scenario,
    bundled_scenarios_folder,
    load_scenario,
    load_scenarios,
    scenario_files,
)

__all__ = [
    "ITEMS",
    "EventLog",
    "LogEvent",
    "ObserverScores",
    "Scenario",
    "ScenarioReport",
    "build_debrief",
    "bundled_scenarios_folder",
    "check_scenario_files",
    "is_scenario_file",
    "load_scenario",
    "load_scenarios",
    "render_debrief_markdown",
    "scenario_files",
    "write_debrief",
]
