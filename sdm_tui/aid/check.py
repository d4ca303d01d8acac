"""`sdm-tui check`: every finding of every file, for people (compiler style) and machines."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from sdm_tui.aid.library import aid_files, load_files
from sdm_tui.aid.lint import RULES, LintSettings, lint_aid
from sdm_tui.aid.locate import SourceMap
from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import Problem
from sdm_tui.store.safe_files import read_regular_file


@dataclass
class FileReport:
    path: Path
    aid: DecisionAid | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class CheckedFile(Protocol):
    """What a report says of one file: an aid's `FileReport`, or a scenario's report."""

    @property
    def path(self) -> Path: ...
    @property
    def aid(self) -> DecisionAid | None: ...
    @property
    def problems(self) -> list[Problem]: ...
    @property
    def errors(self) -> list[Problem]: ...
    @property
    def warnings(self) -> list[Problem]: ...


@dataclass
class CheckReport:
    files: list[CheckedFile]

    @property
    def error_count(self) -> int:
        return sum(len(f.errors) for f in self.files)

    @property
    def warning_count(self) -> int:
        return sum(len(f.warnings) for f in self.files)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders as their `*.toml` files. Missing paths raise FileNotFoundError.

    A file named twice (`check aids aids/knee.toml`) is checked once: otherwise it would
    clash with itself as a duplicate id.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = aid_files(path) or [path]  # no aid files: `check_files` says so
        elif path.exists():
            found = [path]
        else:
            raise FileNotFoundError(str(path))
        for file in found:
            key = Path(os.path.realpath(file))  # Path.resolve raises on a symlink loop
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


def check_files(
    files: list[Path], settings: LintSettings | None = None, today: dt.date | None = None
) -> CheckReport:
    """Load every file; lint each one that loads. Errors and warnings, file by file."""
    reports = {path: FileReport(path, None) for path in files}
    for folder in [path for path in files if path.is_dir()]:
        reports[folder].problems.append(_no_aid_files(folder))
    library = load_files([path for path in files if not path.is_dir()])
    for aid in library.aids:
        if aid.path in reports:
            reports[aid.path].aid = aid
    for failure in library.failures:
        reports[failure.path].problems.extend(failure.problems)
    for report in reports.values():
        if report.aid is not None:
            source = _source_map(report.path)
            warnings = lint_aid(report.aid, source, today or dt.date.today(), settings)
            report.problems.extend(warnings)
    return CheckReport(list(reports.values()))


def _no_aid_files(folder: Path) -> Problem:
    """A folder given to check with nothing to check: a wrong path must not pass CI."""
    return Problem(
        folder,
        None,
        None,
        "",
        "holds no decision-aid files (*.toml at its top level)",
        "check the path; give the folder that holds the aid files",
        "SDM013",
        "no-aid-files",
    )


def _source_map(path: Path) -> SourceMap:
    """Where the keys of a file that just loaded are, for the warnings' lines."""
    try:
        return SourceMap(read_regular_file(path).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):  # changed since loading: warnings without lines
        return SourceMap("")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_text(report: CheckReport) -> str:
    lines: list[str] = []
    for file_report in report.files:
        for problem in file_report.problems:
            headline = f"{problem.location()}: {problem.headline()}"
            if not problem.is_error and problem.name:
                headline += f" [{problem.name}]"
            lines.append(headline)
            if problem.source_line and problem.line:
                gutter = f"{problem.line:>5} | "
                lines.append(gutter + problem.source_line)
                if problem.column:
                    lines.append(" " * (len(gutter) - 2) + "| " + " " * (problem.column - 1) + "^")
            if problem.why:
                lines.append(f"      = why: {problem.why}")
            if problem.fix:
                lines.append(f"      = fix: {problem.fix}")
            lines.append("")
    failed = sum(1 for f in report.files if f.errors)
    lines.append(
        f"checked {_plural(len(report.files), 'file')}: "
        f"{len(report.files) - failed} ok, {failed} with errors "
        f"({_plural(report.error_count, 'error')}, {_plural(report.warning_count, 'warning')})"
    )
    return "\n".join(lines)


def format_json(report: CheckReport) -> str:
    payload = {
        "files": [
            {
                "file": str(f.path),
                "aid_id": f.aid.id if f.aid else None,
                "ok": not f.errors,
                "problems": [p.as_dict() for p in f.problems],
            }
            for f in report.files
        ],
        "errors": report.error_count,
        "warnings": report.warning_count,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def format_rules_text() -> str:
    """`sdm-tui check --list-rules`: every lint rule, its standard and its fix."""
    lines: list[str] = []
    for rule in RULES:
        lines.append(f"{rule.id}  {rule.name}: {rule.summary}")
        lines.append(f"        why: {rule.why}")
        lines.append(f"        fix: {rule.fix}")
    return "\n".join(lines)


def format_rules_json() -> str:
    return json.dumps({"rules": [asdict(rule) for rule in RULES]}, indent=2, ensure_ascii=False)
