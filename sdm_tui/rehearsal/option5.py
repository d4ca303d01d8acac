"""The Observer OPTION-5 scale: how much effort the clinician made to share the decision.

Elwyn G, Tsulukidze M, Edwards A, Légaré F, Newcombe R. Using a 'talk' model of shared
decision making to propose an observation-based measure: Observer OPTION 5 Item. Patient
Educ Couns 2013;93(2):265-71.

Five behaviours, each scored 0 (no effort) to 4 (exemplary effort) by an observer; the
total, 0-100, is the sum of the five rescaled: sum / 20 x 100. The item texts here are
paraphrased; the scale's own wording is in the paper.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sdm_tui.store.text import neutralise

CITATION = (
    "Elwyn G, Tsulukidze M, Edwards A, Légaré F, Newcombe R. Using a 'talk' model of shared "
    "decision making to propose an observation-based measure: Observer OPTION 5 Item. "
    "Patient Educ Couns 2013;93(2):265-71."
)

SCALE: tuple[str, ...] = (
    "No effort",
    "Minimal effort",
    "Moderate effort",
    "Skilled effort",
    "Exemplary effort",
)
"""Labels of the scores 0..4."""
MAX_SCORE = len(SCALE) - 1
MAX_TOTAL = 100


@dataclass(frozen=True, slots=True)
class Option5Item:
    number: int
    key: str
    title: str
    text: str
    """What the observer looks for (paraphrased)."""


ITEMS: tuple[Option5Item, ...] = (
    Option5Item(
        1,
        "option_awareness",
        "Option awareness",
        "The clinician draws attention to the fact that there are alternative options, and "
        "that a decision is needed (or agrees when the patient raises it).",
    ),
    Option5Item(
        2,
        "deliberation_support",
        "Support for deliberation",
        "The clinician reassures the patient that they will be supported to become informed "
        "about the options and to think them through.",
    ),
    Option5Item(
        3,
        "information",
        "Information about options",
        "The clinician gives information about the reasonable options (no action included), "
        "their pros and cons, or checks what the patient understands of them.",
    ),
    Option5Item(
        4,
        "eliciting_preferences",
        "Eliciting preferences",
        "The clinician makes an effort to find out what the patient prefers, in response to "
        "the options described, and supports preferences the patient states.",
    ),
    Option5Item(
        5,
        "integrating_preferences",
        "Integrating preferences",
        "The clinician makes an effort to take the patient's preferences into account as the "
        "decision is made.",
    ),
)
ITEM_BY_KEY = {item.key: item for item in ITEMS}


def item(number_or_key: int | str) -> Option5Item:
    """An item by its number (1-5) or key; ValueError for anything else."""
    found: Option5Item | None = None
    if isinstance(number_or_key, str):
        found = ITEM_BY_KEY.get(number_or_key)
    elif isinstance(number_or_key, int) and not isinstance(number_or_key, bool):
        found = ITEMS[number_or_key - 1] if 1 <= number_or_key <= len(ITEMS) else None
    if found is not None:
        return found
    raise ValueError(f"no OPTION-5 item {number_or_key!r}; use 1-5 or one of {list(ITEM_BY_KEY)}")


@dataclass
class ObserverScores:
    """An observer's scores (0-4) and notes, item number -> value."""

    scores: dict[int, int] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)

    def set_score(self, number_or_key: int | str, score: int | None) -> None:
        """Score an item 0..4; None clears its score."""
        number = item(number_or_key).number
        if score is None:
            self.scores.pop(number, None)
            return
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= MAX_SCORE:
            raise ValueError(f"an OPTION-5 score is a whole number 0..{MAX_SCORE}, not {score!r}")
        self.scores[number] = score

    def set_note(self, number_or_key: int | str, text: str) -> None:
        """The observer's note on an item (what was said, what could be better); empty clears."""
        number = item(number_or_key).number
        if not isinstance(text, str):
            raise ValueError(f"a note is text, not {type(text).__name__}")
        text = neutralise(text).strip()
        if text:
            self.notes[number] = text
        else:
            self.notes.pop(number, None)

    def score(self, number_or_key: int | str) -> int | None:
        return self.scores.get(item(number_or_key).number)

    def note(self, number_or_key: int | str) -> str:
        return self.notes.get(item(number_or_key).number, "")

    @property
    def scored(self) -> int:
        """How many items have a score."""
        return len(self.scores)

    @property
    def points(self) -> int:
        """The sum of the scores given so far (0..20)."""
        return sum(self.scores.values())

    @property
    def is_complete(self) -> bool:
        return self.scored == len(ITEMS)

    def total(self) -> int | None:
        """The OPTION-5 total, 0-100 (sum / 20 x 100); None until all five are scored."""
        if not self.is_complete:
            return None
        return self.points * MAX_TOTAL // (MAX_SCORE * len(ITEMS))

    def describe_total(self) -> str:
        """The total in words, or how far the scoring has got."""
        total = self.total()
        if total is not None:
            return f"{total} out of 100"
        if not self.scored:
            return "not scored yet"
        return (
            f"incomplete: {self.scored} of {len(ITEMS)} items scored, "
            f"{self.points} of {self.scored * MAX_SCORE} points so far"
        )

    def running_text(self) -> str:
        """The total for a running rehearsal: "OPTION-5 total: 70/100" once all five are
        scored; until then no total at all (a part would read as a poor score), only how
        many items are scored."""
        total = self.total()
        if total is not None:
            return f"OPTION-5 total: {total}/100"
        return (
            f"OPTION-5 total: given when all {len(ITEMS)} are scored "
            f"({self.scored} of {len(ITEMS)} scored)"
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: every item with its score, label and note; the total and its words."""
        return {
            "citation": CITATION,
            "scale": list(SCALE),
            "items": [
                {
                    "number": each.number,
                    "key": each.key,
                    "title": each.title,
                    "text": each.text,
                    "score": self.scores.get(each.number),
                    "label": SCALE[self.scores[each.number]]
                    if each.number in self.scores
                    else None,
                    "note": self.notes.get(each.number, ""),
                }
                for each in ITEMS
            ],
            "scored": self.scored,
            "points": self.points,
            "total": self.total(),
            "total_text": self.describe_total(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ObserverScores:
        """Read back `as_dict()` (or any mapping with its "items"); ValueError on nonsense."""
        scores = cls()
        items = data.get("items") if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise ValueError("OPTION-5 scores need a list of items")
        for entry in items:
            if not isinstance(entry, Mapping):
                raise ValueError("each OPTION-5 item is a table")
            number = entry.get("number")
            if not isinstance(number, (int, str)):
                raise ValueError(
                    f"no OPTION-5 item {number!r}; use 1-5 or one of {list(ITEM_BY_KEY)}"
                )
            scores.set_score(number, entry.get("score"))
            scores.set_note(number, entry.get("note") or "")
        return scores
