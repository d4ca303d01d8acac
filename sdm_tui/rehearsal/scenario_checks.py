"""The checks of a scenario that its structure alone cannot make.

Concern ids are unique and cues name concerns; given the aids, the scenario's aid exists,
its hidden ratings name the aid's values and its hidden leaning names an option or
"unsure". A value of the aid left without a hidden rating is a warning.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeGuard

from sdm_tui.aid.library import Library
from sdm_tui.aid.loader import locate_problem
from sdm_tui.aid.locate import SourceMap
from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import Problem
from sdm_tui.aid.schema import ID_PATTERN, ITEM_ID_PATTERN
from sdm_tui.consultation.record import UNSURE
from sdm_tui.rehearsal import scenario_schema as spec

if TYPE_CHECKING:
    from sdm_tui.rehearsal.scenario import Scenario

Aids: TypeAlias = Library | Mapping[str, DecisionAid] | Iterable[DecisionAid]
"""Where a scenario's aid is looked up: a library, aids by id, or some aids."""


def aids_by_id(aids: Aids | None) -> dict[str, DecisionAid] | None:
    """The aids to check against, by id; None when no aids were given (no cross-checks)."""
    if aids is None:
        return None
    if isinstance(aids, Library):
        return {aid.id: aid for aid in aids.aids}
    if isinstance(aids, Mapping):
        return dict(aids)
    return {aid.id: aid for aid in aids}


def source_map_of(path: Path) -> SourceMap:
    """Where the keys of a file are, for a problem found after loading (empty if unreadable)."""
    try:
        return SourceMap(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return SourceMap("")


class ScenarioMeaning:
    """The checks that structure alone cannot make."""

    def __init__(self, path: Path, source: SourceMap) -> None:
        self.path, self.source = path, source
        self.problems: list[Problem] = []

    def report(
        self,
        key_path: tuple[str | int, ...],
        shown: str,
        message: str,
        fix: str,
        code: tuple[str, str],
        at_value: bool = True,
    ) -> None:
        problem = locate_problem(
            self.path, self.source, key_path, shown, message, fix, *code, at_value=at_value
        )
        self.problems.append(problem)

    def concerns(self, data: Mapping[str, Any]) -> None:
        seen: dict[str, int] = {}
        for index, concern in enumerate(_entries(data, "concerns")):
            concern_id = concern.get("id")
            if not isinstance(concern_id, str):
                continue
            if concern_id in seen:
                first, _ = self.source.find(("concerns", seen[concern_id], "id"))
                self.report(
                    ("concerns", index, "id"),
                    f'concerns[id="{concern_id}"]',
                    f'id "{concern_id}" is used twice in [[concerns]] (first on line {first})',
                    "give each concern its own id",
                    spec.DUPLICATE_CONCERN_ID,
                )
            else:
                seen[concern_id] = index
        for index, cue in enumerate(_entries(data, "cues")):
            named = cue.get("concern")
            if _is_id(named, ITEM_ID_PATTERN) and named not in seen:
                self.report(
                    ("cues", index, "concern"),
                    f"cues[{index}].concern",
                    f'concern "{named}" names no entry in [[concerns]]',
                    _one_of(named, list(seen), "a concern id", "add a [[concerns]] entry"),
                    spec.UNKNOWN_CONCERN,
                )

    def against(self, data: Mapping[str, Any], aids: Mapping[str, DecisionAid]) -> None:
        aid_id = data.get("aid")
        if not _is_id(aid_id, ID_PATTERN):  # a malformed id is reported once, as such
            return
        aid = aids.get(aid_id)
        if aid is None:
            self.report(
                ("aid",),
                "aid",
                f'aid "{aid_id}" is not in the library',
                _one_of(aid_id, sorted(aids), "an aid id", "add the aid to the library"),
                spec.UNKNOWN_AID,
            )
            return
        hidden = data.get("hidden")
        if not isinstance(hidden, Mapping):
            return
        value_ids = [value.id for value in aid.values]
        ratings = hidden.get("ratings")
        if isinstance(ratings, Mapping):
            for key in ratings:
                if key not in value_ids:
                    self.report(
                        ("hidden", "ratings", key),
                        f"hidden.ratings.{key}",
                        f'`{key}` names no value of the aid "{aid.id}"',
                        _one_of(key, value_ids, "a value id", "(the aid has no values)"),
                        spec.UNKNOWN_VALUE,
                        at_value=False,
                    )
        leaning = hidden.get("leaning")
        option_ids = [option.id for option in aid.options]
        if _is_id(leaning, ITEM_ID_PATTERN) and leaning not in [*option_ids, UNSURE]:
            self.report(
                ("hidden", "leaning"),
                "hidden.leaning",
                f'"{leaning}" is not an option of the aid "{aid.id}"',
                _one_of(leaning, [*option_ids, UNSURE], "an option id", ""),
                spec.UNKNOWN_LEANING,
            )


def duplicate_id(path: Path, scenario_id: str, first: Path | None) -> Problem:
    """A scenario whose id an earlier file already uses."""
    return locate_problem(
        path,
        source_map_of(path),
        ("id",),
        "id",
        f'id "{scenario_id}" is already used by {first}',
        "give one of the two files another id (ids are unique among scenarios)",
        *spec.DUPLICATE_SCENARIO_ID,
    )


def _is_id(value: object, pattern: str) -> TypeGuard[str]:
    return isinstance(value, str) and re.fullmatch(pattern.strip("^$"), value) is not None


def _one_of(found: str, known: list[str], kind: str, otherwise: str) -> str:
    close = difflib.get_close_matches(found, known, n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`? " if close else ""
    if not known:
        return otherwise
    return f"{hint}use {kind}: {', '.join(known)}"


def _entries(data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    value = data.get(name)
    return [e for e in value if isinstance(e, Mapping)] if isinstance(value, list) else []


def unrated_values(scenario: Scenario, aid: DecisionAid) -> list[Problem]:
    """Warnings: values of the aid that the scenario gives no hidden rating (the actor
    would have to improvise, and the debrief cannot compare)."""
    missing = [v.id for v in aid.values if v.id not in scenario.hidden_ratings]
    if not missing or scenario.path is None:
        return []
    source = source_map_of(scenario.path)
    return [
        locate_problem(
            scenario.path,
            source,
            ("hidden", "ratings"),
            f"hidden.ratings.{value_id}",
            f'the aid\'s value "{value_id}" has no hidden rating',
            f"add {value_id} = 0..4 under [hidden] ratings",
            *spec.UNRATED_VALUE,
            at_value=False,
            severity="warning",
        )
        for value_id in missing
    ]
