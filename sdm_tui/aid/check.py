"""`sdm-tui check`: every finding of every file, for people (compiler style) and machines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sdm_tui.aid.library import aid_files, load_files
from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import Problem


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


@dataclass
class CheckReport:
    files: list[FileReport]

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
            found = aid_files(path)
        elif path.exists():
            found = [path]
        else:
            raise FileNotFoundError(str(path))
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


def check_files(files: list[Path]) -> CheckReport:
    library = load_files(files)
    reports = {path: FileReport(path, None) for path in files}
    for aid in library.aids:
        if aid.path in reports:
            reports[aid.path].aid = aid
    for failure in library.failures:
        reports[failure.path].problems.extend(failure.problems)
    return CheckReport(list(reports.values()))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_text(report: CheckReport) -> str:
    lines: list[str] = []
    for file_report in report.files:
        for problem in file_report.problems:
            lines.append(f"{problem.location()}: {problem.headline()}")
            if problem.source_line and problem.line:
                gutter = f"{problem.line:>5} | "
                lines.append(gutter + problem.source_line)
                if problem.column:
                    lines.append(" " * (len(gutter) - 2) + "| " + " " * (problem.column - 1) + "^")
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
