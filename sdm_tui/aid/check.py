"""`sdm-tui check`: every finding of every file, for people (compiler style) and machines."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from sdm_tui.aid.library import aid_files, load_files
from sdm_tui.aid.lint import RULES, LintSettings, find_rule, lint_aid
from sdm_tui.aid.locate import SourceMap
from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import Problem
from sdm_tui.aid.translation import compare, out_of_date
from sdm_tui.aid.translation import problems as translation_problems
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
    """Load every file; lint each one that loads. Errors and warnings, file by file.

    A translation is checked against its original: among the files, or else the file
    beside it that its name points to (`statins.es.toml` -> `statins.toml`).
    """
    reports = {path: FileReport(path, None) for path in files}
    for folder in [path for path in files if path.is_dir()]:
        reports[folder].problems.append(_no_aid_files(folder))
    given = [path for path in files if not path.is_dir()]
    library = load_files(given + _originals_beside(given))
    loaded = list(library.aids)
    loaded += [aid for languages in library.translations.values() for aid in languages.values()]
    for aid in loaded:
        if aid.path in reports:
            reports[aid.path].aid = aid
    for failure in library.failures:
        if failure.path in reports:  # not an original read only to compare a translation
            reports[failure.path].problems.extend(failure.problems)
    for report in reports.values():
        if report.aid is not None:
            source = _source_map(report.path)
            warnings = lint_aid(report.aid, source, today or dt.date.today(), settings)
            report.problems.extend(warnings)
            original = library.original_of(report.aid) if report.aid.is_translation else None
            if original is not None:
                report.problems.extend(_translation_warnings(original, report.aid, settings))
    return CheckReport(list(reports.values()))


def _originals_beside(files: list[Path]) -> list[Path]:
    """For a translation named `NAME.LANG.toml` whose `NAME.toml` is not among `files`:
    that file, to compare the translation with."""
    named = {Path(os.path.realpath(path)) for path in files}
    found: list[Path] = []
    for path in files:
        stem, dot, language = path.stem.rpartition(".")
        original = path.with_name(f"{stem}.toml")
        if dot and stem and language and original.is_file() and _says_translation(path):
            key = Path(os.path.realpath(original))
            if key not in named:
                named.add(key)
                found.append(original)
    return found


def _says_translation(path: Path) -> bool:
    try:
        return "translation_of" in read_regular_file(path).decode("utf-8", "replace")
    except OSError:
        return False


def _translation_warnings(
    original: DecisionAid, translation: DecisionAid, settings: LintSettings | None
) -> list[Problem]:
    """SDM131 and SDM132, unless silenced (`--ignore`, or the file's `[lint] ignore`)."""
    silenced = set((settings or LintSettings()).ignore)
    for ignore in translation.lint_ignores:
        rule = find_rule(ignore.rule)
        if rule is not None:
            silenced.add(rule.id)
    found = translation_problems(
        original, translation, compare(original, translation), errors=False
    )
    found += list(out_of_date(original, translation))
    return [problem for problem in found if problem.code not in silenced]


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
