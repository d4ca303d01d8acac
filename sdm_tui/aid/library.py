"""A folder of decision aids: every good aid loaded, every broken one kept with its problems."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import AidLoadError, Problem

AIDS_ENV = "SDM_TUI_AIDS"
"""Environment variable naming a clinic's own library folder."""


@dataclass(frozen=True)
class LoadFailure:
    """An aid file that could not be offered, and why."""

    path: Path
    problems: tuple[Problem, ...]


@dataclass
class Library:
    folder: Path | None
    aids: list[DecisionAid] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)

    def offered(self, include_retired: bool = False) -> list[DecisionAid]:
        """Aids to show in the library list; retired ones only when asked for."""
        return [a for a in self.aids if include_retired or not a.is_retired]

    def search(self, query: str, include_retired: bool = False) -> list[DecisionAid]:
        return [a for a in self.offered(include_retired) if a.matches(query)]

    def get(self, aid_id: str) -> DecisionAid | None:
        return next((a for a in self.aids if a.id == aid_id), None)


def bundled_aids_folder() -> Path:
    """`decision_aids/` beside the package (a source checkout or an editable install)."""
    return Path(__file__).resolve().parents[2] / "decision_aids"


def default_aids_folder() -> Path:
    configured = os.environ.get(AIDS_ENV)
    return Path(configured).expanduser() if configured else bundled_aids_folder()


def aid_files(folder: Path) -> list[Path]:
    """The aid files of a folder: `*.toml` at its top level, in name order."""
    return sorted(p for p in folder.glob("*.toml") if p.is_file())


def load_files(paths: list[Path], folder: Path | None = None) -> Library:
    """Load each file; a broken one never stops the others. Duplicate ids name both files."""
    library = Library(folder)
    by_id: dict[str, DecisionAid] = {}
    for path in paths:
        try:
            aid = load_aid(path)
        except AidLoadError as error:
            library.failures.append(LoadFailure(path, tuple(error.problems)))
            continue
        first = by_id.get(aid.id)
        if first is not None:
            line, text = _id_line(path)
            problem = Problem(
                file=path,
                line=line,
                column=1 if line else None,
                path="id",
                message=f'id "{aid.id}" is already used by {first.path}',
                fix="give one of the two files another id (ids are unique in a library)",
                code="SDM016",
                name="duplicate-aid-id",
                source_line=text,
            )
            library.failures.append(LoadFailure(path, (problem,)))
            continue
        by_id[aid.id] = aid
        library.aids.append(aid)
    return library


def _id_line(path: Path) -> tuple[int | None, str]:
    """The line number and text of a file's top-level `id = ...`, for the report."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None, ""
    for number, text in enumerate(lines, 1):
        if text.replace(" ", "").startswith("id="):
            return number, text
    return None, ""


def load_library(folder: Path | None = None) -> Library:
    folder = Path(folder) if folder else default_aids_folder()
    if not folder.is_dir():
        problem = Problem(
            folder,
            None,
            None,
            "",
            "is not a folder of decision aids",
            "check --aids",
            "SDM013",
            "no-such-folder",
        )
        return Library(folder, failures=[LoadFailure(folder, (problem,))])
    return load_files(aid_files(folder), folder)
