"""Rehearsal scenarios: a fictional patient for an actor to play, with what they will reveal.

A scenario file (TOML, format in docs/rehearsal.md, declared in `scenario_schema`) names
the decision aid it uses, the persona, the persona's hidden ratings of the aid's values and
hidden leaning, concerns and cues to reveal only when asked, and learning objectives.

Loading is strict, like an aid's: every problem of a file at once, each with the file, the
line, the key path and a fix, in one `AidLoadError`. Given the aids, a scenario is also
checked against its aid (see `scenario_checks`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sdm_tui.aid.library import LoadFailure
from sdm_tui.aid.loader import check_document, load_document, parse_toml
from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import AidLoadError
from sdm_tui.rehearsal import scenario_schema as spec
from sdm_tui.rehearsal.scenario_checks import (
    Aids,
    ScenarioMeaning,
    aids_by_id,
    duplicate_id,
    unrated_values,
)
from sdm_tui.store.text import neutralise

__all__ = [
    "Aids",
    "Concern",
    "Cue",
    "Persona",
    "Scenario",
    "bundled_scenarios_folder",
    "load_scenario",
    "load_scenario_files",
    "load_scenarios",
    "parse_scenario",
    "scenario_files",
    "unrated_values",
]


@dataclass(frozen=True, slots=True)
class Persona:
    """The fictional patient, as the actor's card shows them."""

    name: str
    age: int
    situation: str
    opening_line: str
    manner: str = ""
    preferred_role: str | None = None
    """A ROLES_IN_DECIDING key: what they answer if asked how they want to decide."""


@dataclass(frozen=True, slots=True)
class Concern:
    """A worry the patient says only when the clinician asks (`reveal_when`)."""

    id: str
    text: str
    reveal_when: str


@dataclass(frozen=True, slots=True)
class Cue:
    """Something the actor says or does that hints at a concern."""

    text: str
    when: str = ""
    concern: str = ""


@dataclass(frozen=True, slots=True)
class Scenario:
    format: int
    id: str
    title: str
    aid_id: str
    summary: str
    objectives: tuple[str, ...]
    persona: Persona
    hidden_leaning: str
    """An option id of the aid, or "unsure"."""
    hidden_ratings: Mapping[str, int]
    """Value id -> 0..4, in the file's order."""
    leaning_reason: str = ""
    concerns: tuple[Concern, ...] = ()
    cues: tuple[Cue, ...] = ()
    path: Path | None = field(default=None, compare=False)
    sha256: str = ""
    aid: DecisionAid | None = field(default=None, compare=False, repr=False)
    """The aid, when the scenario was loaded against a library that has it."""

    def hidden_rating(self, value_id: str) -> int | None:
        return self.hidden_ratings.get(value_id)

    def concern(self, concern_id: str) -> Concern | None:
        return next((c for c in self.concerns if c.id == concern_id), None)


# -- building -----------------------------------------------------------------------------


def _text(value: object) -> str:
    return neutralise(value) if isinstance(value, str) else ""


def _build(data: Mapping[str, Any], path: Path, digest: str, aid: DecisionAid | None) -> Scenario:
    persona, hidden = data["persona"], data["hidden"]
    return Scenario(
        format=data["format"],
        id=data["id"],
        title=_text(data["title"]),
        aid_id=data["aid"],
        summary=_text(data["summary"]),
        objectives=tuple(_text(o) for o in data["objectives"]),
        persona=Persona(
            name=_text(persona["name"]),
            age=persona["age"],
            situation=_text(persona["situation"]),
            opening_line=_text(persona["opening_line"]),
            manner=_text(persona.get("manner")),
            preferred_role=persona.get("preferred_role"),
        ),
        hidden_leaning=hidden["leaning"],
        hidden_ratings=dict(hidden["ratings"]),
        leaning_reason=_text(hidden.get("reason")),
        concerns=tuple(
            Concern(c["id"], _text(c["text"]), _text(c["reveal_when"]))
            for c in data.get("concerns", ())
        ),
        cues=tuple(
            Cue(_text(c["text"]), _text(c.get("when")), c.get("concern", ""))
            for c in data.get("cues", ())
        ),
        path=path,
        sha256=digest,
        aid=aid,
    )


def parse_scenario(raw: bytes, path: Path, aids: Aids | None = None) -> Scenario:
    """Validate and build a scenario from a file's bytes; raises `AidLoadError`."""
    data, source = parse_toml(raw, path, what=spec.WHAT, codes=spec.CODES)
    problems = check_document(data, spec.SCENARIO, path, source, spec.CODES)
    meaning = ScenarioMeaning(path, source)
    meaning.concerns(data)
    by_id = aids_by_id(aids)
    if by_id is not None:
        meaning.against(data, by_id)
    problems += meaning.problems
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise AidLoadError(path, problems)
    aid = by_id.get(data["aid"]) if by_id is not None else None
    return _build(data, path, hashlib.sha256(raw).hexdigest(), aid)


def load_scenario(path: Path, library_or_aids: Aids | None = None) -> Scenario:
    """Load one scenario file strictly; raises `AidLoadError` listing every problem.

    With `library_or_aids`, it is also checked against its aid, which it then carries.
    """
    return load_document(
        Path(path),
        lambda raw, where: parse_scenario(raw, where, library_or_aids),
        what=spec.WHAT,
        guide=spec.GUIDE,
        codes=spec.CODES,
    )


# -- folders ------------------------------------------------------------------------------


def bundled_scenarios_folder() -> Path:
    """`decision_aids/scenarios/` beside the package."""
    return Path(__file__).resolve().parents[2] / "decision_aids" / "scenarios"


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files of a folder: `*.toml` at its top level, in name order."""
    folder = Path(folder)
    return sorted(p for p in folder.glob("*.toml") if p.is_file()) if folder.is_dir() else []


def load_scenario_files(
    paths: Iterable[Path], aids: Aids | None
) -> tuple[list[Scenario], list[LoadFailure]]:
    """Load each file; a broken one never stops the others. Duplicate ids name both files."""
    scenarios: list[Scenario] = []
    failures: list[LoadFailure] = []
    by_id: dict[str, Scenario] = {}
    for path in paths:
        try:
            scenario = load_scenario(path, aids)
        except AidLoadError as error:
            failures.append(LoadFailure(path, tuple(error.problems)))
            continue
        first = by_id.get(scenario.id)
        if first is not None:
            failures.append(LoadFailure(path, (duplicate_id(path, scenario.id, first.path),)))
            continue
        by_id[scenario.id] = scenario
        scenarios.append(scenario)
    return scenarios, failures


def load_scenarios(
    folder: Path | None = None, library: Aids | None = None
) -> tuple[list[Scenario], list[LoadFailure]]:
    """Every scenario of `folder` (default: the bundled ones), checked against `library`."""
    folder = Path(folder) if folder is not None else bundled_scenarios_folder()
    return load_scenario_files(scenario_files(folder), library)
