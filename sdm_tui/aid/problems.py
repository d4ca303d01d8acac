"""Findings about an aid file: load errors and lint warnings, one shape for both."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sdm_tui.store.safe_files import display_path, show_hidden
from sdm_tui.store.text import neutralise


@dataclass(frozen=True)
class Problem:
    """One finding, precise enough to fix the file without reading code."""

    file: Path
    line: int | None
    column: int | None
    path: str
    """Key path such as `outcomes[id="infection"].chance.surgery`; empty for the whole file."""
    message: str
    fix: str = ""
    code: str = "SDM000"
    name: str = ""
    severity: str = "error"
    """"error" (the aid is not offered) or "warning" (lint; the aid still loads)."""
    source_line: str = ""
    """The text of `line` in the file, for compiler-style reports."""
    why: str = ""
    """For a lint warning: the standard its rule comes from."""

    def __post_init__(self) -> None:
        # Messages quote the file (ids, keys, values) and `sdm-tui check` prints them to a
        # terminal: control and bidirectional characters must arrive inert.
        for name in ("path", "message", "fix", "source_line", "why"):
            object.__setattr__(self, name, neutralise(getattr(self, name)))
        # Two ids that differ by a zero-width character must not look the same.
        for name in ("path", "message"):
            object.__setattr__(self, name, show_hidden(getattr(self, name)))

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        place = display_path(self.file)
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return place

    def headline(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.severity}[{self.code}]: {where}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": str(self.file),
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "severity": self.severity,
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "fix": self.fix,
            "why": self.why,
        }


class AidLoadError(Exception):
    """The one error type that leaves the loader: every problem of one file, together."""

    def __init__(self, file: Path, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        count = len(problems)
        super().__init__(f"{file}: {count} problem{'s' if count != 1 else ''}")
