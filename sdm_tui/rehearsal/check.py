"""Scenario files for `sdm-tui check`: reports shaped like the aid check's `FileReport`.

`sdm_tui.aid.check.format_text` and `format_json` read `.path`, `.problems`, `.errors`,
`.warnings` and `.aid` of each report, so `ScenarioReport`s can join a `CheckReport`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import Problem
from sdm_tui.rehearsal.scenario import Aids, Scenario, load_scenario_files, unrated_values

_SCENARIO_MARK = re.compile(r"^\s*(?:aid\s*=|\[\s*(?:persona|hidden)\s*\])", re.MULTILINE)


@dataclass
class ScenarioReport:
    path: Path
    scenario: Scenario | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def aid(self) -> DecisionAid | None:
        """The aid the scenario uses, when it loaded (what `format_json` shows as aid_id)."""
        return self.scenario.aid if self.scenario else None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def is_scenario_file(path: Path) -> bool:
    """Whether a file is a rehearsal scenario rather than a decision aid.

    A scenario has a top-level `aid = ...` key or a [persona] or [hidden] table, which no
    aid has. The text is read leniently, so that a broken scenario is still recognised.
    """
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            text = file.read(1024 * 1024)
    except OSError:
        return False
    return _SCENARIO_MARK.search(text) is not None


def split_check_paths(files: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(aid files, scenario files), each in the order given."""
    aids: list[Path] = []
    scenarios: list[Path] = []
    for path in files:
        (scenarios if is_scenario_file(path) else aids).append(path)
    return aids, scenarios


def check_scenario_files(paths: Iterable[Path], aids: Aids | None) -> list[ScenarioReport]:
    """Load each scenario against `aids`: its errors, or (when it loads) its warnings."""
    paths = list(paths)
    scenarios, failures = load_scenario_files(paths, aids)
    reports = {path: ScenarioReport(path, None) for path in paths}
    for scenario in scenarios:
        if scenario.path in reports:
            reports[scenario.path].scenario = scenario
            if scenario.aid is not None:
                reports[scenario.path].problems.extend(unrated_values(scenario, scenario.aid))
    for failure in failures:
        reports[failure.path].problems.extend(failure.problems)
    return list(reports.values())
