"""The decision-aid model: plain, immutable data, built only by the loader."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    role: str = ""
    conflicts_of_interest: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    citation: str
    url: str = ""
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: str
    summary: str
    kind: str = "active"
    details: str = ""

    @property
    def is_no_action(self) -> bool:
        return self.kind == "no_action"


@dataclass(frozen=True, slots=True)
class Question:
    """A row of the comparison grid."""

    id: str
    text: str
    answers: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    label: str
    type: str
    per: int
    timeframe: str
    source: str
    chance: Mapping[str, float]
    """Option id to number of people out of `per`; a missing option is 'not known'."""
    certainty: str = ""

    @property
    def is_benefit(self) -> bool:
        return self.type == "benefit"

    def count_for(self, option_id: str) -> float | None:
        return self.chance.get(option_id)


@dataclass(frozen=True, slots=True)
class ValueStatement:
    id: str
    statement: str
    favours: Mapping[str, int]
    detail: str = ""

    def favour_for(self, option_id: str) -> int:
        return self.favours.get(option_id, 0)


@dataclass(frozen=True, slots=True)
class KnowledgeCheck:
    question: str
    choices: tuple[str, ...]
    answer: int
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class LintIgnore:
    rule: str
    reason: str


@dataclass(frozen=True, slots=True)
class DecisionAid:
    format: int
    id: str
    title: str
    question: str
    summary: str
    audience: str
    version: str
    status: str
    last_reviewed: dt.date
    authors: tuple[Author, ...]
    sources: tuple[Source, ...]
    options: tuple[Option, ...]
    language: str = "en"
    review_by: dt.date | None = None
    funding: str = ""
    update_policy: str = ""
    """When and how the aid is updated (an sdm-tui addition to format 1)."""
    tags: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    values: tuple[ValueStatement, ...] = ()
    checks: tuple[KnowledgeCheck, ...] = ()
    lint_ignores: tuple[LintIgnore, ...] = ()
    path: Path | None = field(default=None, compare=False)
    sha256: str = ""
    """Hash of the file's bytes, recorded with every consultation that uses it."""

    @property
    def needs_banner(self) -> bool:
        """Draft and example content is bannered on every screen and in every export."""
        return self.status in ("draft", "example")

    @property
    def is_retired(self) -> bool:
        return self.status == "retired"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        return self.review_by is not None and self.review_by < today

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    @property
    def benefits(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.is_benefit)

    @property
    def harms(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.is_benefit)

    def matches(self, query: str) -> bool:
        """Whether a library search for `query` finds this aid (every word must match)."""
        haystack = " ".join((self.title, self.question, self.id, *self.tags)).casefold()
        return all(word in haystack for word in query.casefold().split())
