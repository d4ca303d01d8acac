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
    category: str = ""
    """For a row made from a practical issue (format 2): its SHARE-IT category."""


@dataclass(frozen=True, slots=True)
class Input:
    """Something about the patient the aid's numbers depend on (format 2), entered by the
    clinician: a number (a 10-year risk, an age) or a choice (a risk band)."""

    id: str
    label: str
    kind: str
    """"number" or "choice"."""
    help: str = ""
    unit: str = ""
    per: int | None = None
    """For a number that is a count of people out of `per` (a risk): it can be a baseline."""
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    choices: Mapping[str, str] = field(default_factory=dict)
    """Choice value to its label, in the author's order."""
    default: float | str | None = None
    required: bool = True

    @property
    def is_number(self) -> bool:
        return self.kind == "number"


@dataclass(frozen=True, slots=True)
class Baseline:
    """The count without the relative effects: from an input, or a fixed count with its
    source. It is the count of `option` (usually the no-action option)."""

    option: str
    input: str = ""
    count: float | None = None
    per: int | None = None
    """The fixed count's denominator (default: the outcome's `per`)."""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Stratum:
    """One row of a table by strata of an input: a number range [low, high) or a choice."""

    chance: Mapping[str, float]
    low: float | None = None
    high: float | None = None
    value: str = ""
    chance_low: Mapping[str, float] = field(default_factory=dict)
    chance_high: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Method:
    """How a format-2 outcome's counts are computed from the inputs (`evidence.py`)."""

    kind: str
    """"relative" (baseline x rr) or "strata" (a table by an input)."""
    baseline: Baseline | None = None
    rr: Mapping[str, float] = field(default_factory=dict)
    rr_low: Mapping[str, float] = field(default_factory=dict)
    rr_high: Mapping[str, float] = field(default_factory=dict)
    strata_by: str = ""
    strata: tuple[Stratum, ...] = ()

    @property
    def inputs(self) -> tuple[str, ...]:
        """The inputs the counts depend on."""
        if self.kind == "strata":
            return (self.strata_by,)
        if self.baseline is not None and self.baseline.input:
            return (self.baseline.input,)
        return ()


@dataclass(frozen=True, slots=True)
class PracticalIssue:
    """A SHARE-IT practical issue (format 2): shown as a row of the comparison grid."""

    category: str
    answers: Mapping[str, str]
    text: str = ""


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
    # -- format 2 (personalised evidence) --
    method: Method | None = None
    """How the counts are computed from the inputs; None for fixed counts."""
    other_frame: str = ""
    """The label worded the other way round ("No heart attack ..."): shown as per - N."""
    chance_low: Mapping[str, float] = field(default_factory=dict)
    """The low end of each option's range, once computed (`evidence.personalise`)."""
    chance_high: Mapping[str, float] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    """Required inputs not entered yet: the counts cannot be shown (chance is empty)."""
    authored_per: int = 0
    """The author's `per`, when the counts are shown at a finer one (0: as written)."""

    @property
    def is_benefit(self) -> bool:
        return self.type == "benefit"

    @property
    def is_computed(self) -> bool:
        return self.method is not None

    def range_for(self, option_id: str) -> tuple[float, float] | None:
        """The option's range (low, high), where the source gives one."""
        low, high = self.chance_low.get(option_id), self.chance_high.get(option_id)
        return None if low is None or high is None else (low, high)

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
class TranslationOf:
    """What a translation translates: its original's language and version (same `id`)."""

    language: str
    version: str


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
    inputs: tuple[Input, ...] = ()
    """Format 2: what the numbers depend on, entered by the clinician."""
    practical: tuple[PracticalIssue, ...] = ()
    """Format 2: SHARE-IT practical issues (also rows of `questions`)."""
    translation_of: TranslationOf | None = None
    """Set in a translation: the original is the library's aid with the same id."""
    path: Path | None = field(default=None, compare=False)
    sha256: str = ""
    """Hash of the file's bytes, recorded with every consultation that uses it."""

    @property
    def needs_banner(self) -> bool:
        """Draft and example content is bannered on every screen and in every export."""
        return self.status in ("draft", "example")

    @property
    def is_translation(self) -> bool:
        return self.translation_of is not None

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

    def input(self, input_id: str) -> Input | None:
        return next((i for i in self.inputs if i.id == input_id), None)

    @property
    def is_personalised(self) -> bool:
        """Whether some counts depend on the patient's inputs (format 2)."""
        return any(outcome.is_computed for outcome in self.outcomes)

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
