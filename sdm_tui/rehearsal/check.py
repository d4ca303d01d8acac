"""Scenario files for `sdm-tui check`: reports shaped like the aid check's `FileReport`.

`sdm_tui.aid.check.format_text` and `format_json` read `.path`, `.problems`, `.errors`,
`.warnings` and `.aid` of each report, so `ScenarioReport`s can join a `CheckReport`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import Problem
from sdm_tui.rehearsal.scenario import Aids, Scenario, load_scenario_files, unrated_values
from sdm_tui.store.safe_files import read_regular_file

if TYPE_CHECKING:
    import datetime as dt

    from sdm_tui.aid.check import CheckReport
    from sdm_tui.aid.lint import LintSettings

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
        text = read_regular_file(path).decode("utf-8", errors="replace")
    except OSError:  # a pipe, a loop, a folder: loading it as an aid will say why
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


def expand_check_paths(paths: Iterable[Path]) -> list[Path]:
    """`sdm_tui.aid.check.expand_paths`, where a folder brings its `scenarios/` folder too.

    So `sdm-tui check decision_aids/` checks the bundled scenarios beside the aids.
    """
    from sdm_tui.aid.check import expand_paths

    given = [Path(p) for p in paths]
    extra = [p / "scenarios" for p in given if p.is_dir() and (p / "scenarios").is_dir()]
    return expand_paths(given + extra)


def check_aids_and_scenarios(
    files: list[Path],
    settings: LintSettings | None = None,
    today: dt.date | None = None,
    aids_folder: Path | None = None,
) -> CheckReport:
    """Aid files checked as aids; scenario files checked against the aids.

    A scenario's aid is looked up among the aids checked in the same run first, then in
    the library of `aids_folder` (default: the bundled aids, or $SDM_TUI_AIDS).
    """
    from sdm_tui.aid.check import check_files
    from sdm_tui.aid.library import load_library

    aid_paths, scenario_paths = split_check_paths(files)
    report = check_files(aid_paths, settings, today)
    if scenario_paths:
        aids = {aid.id: aid for aid in load_library(aids_folder).aids}
        aids.update({f.aid.id: f.aid for f in report.files if f.aid is not None})
        reports = check_scenario_files(scenario_paths, aids)
        report.files.extend(reports)
    return report
