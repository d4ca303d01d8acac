"""The Observer OPTION-5 scale: how much effort the clinician made to share the decision.

Elwyn G, Tsulukidze M, Edwards A, Légaré F, Newcombe R. Using a 'talk' model of shared
decision making to propose an observation-based measure: Observer OPTION 5 Item. Patient
Educ Couns 2013;93(2):265-71.

Five behaviours, each scored 0 (no effort) to 4 (exemplary effort) by an observer; the
total, 0-100, is the sum of the five rescaled: sum / 20 x 100. The item texts here are
paraphrased; the scale's own wording is in the paper.

The words are marked for translation and stored in English (`as_dict`: the debrief and the
observer's link keep English, the language of the scale); they are shown in the language in
force. No published Spanish Observer OPTION-5 was found (EACH's register of the tool,
https://each.international/reachresources/observer-option5-item/, lists Dutch and German
translations only): the Spanish wording in the catalog is this project's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sdm_tui.i18n import N_, SOURCE_LANGUAGE, _, in_language, ngettext
from sdm_tui.store.text import neutralise

# Translators: a reference to an English paper: keep its title as it is.
CITATION = N_(
    "Elwyn G, Tsulukidze M, Edwards A, Légaré F, Newcombe R. Using a 'talk' model of shared "
    "decision making to propose an observation-based measure: Observer OPTION 5 Item. "
    "Patient Educ Couns 2013;93(2):265-71."
)

SCALE: tuple[str, ...] = (
    # Translators: the Observer OPTION-5 scale, 0-4 (Elwyn et al. 2013). No published Spanish
    # version was found (EACH lists Dutch and German translations only): our own translation.
    N_("No effort"),
    N_("Minimal effort"),
    N_("Moderate effort"),
    N_("Skilled effort"),
    N_("Exemplary effort"),
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
        # Translators: the five Observer OPTION-5 behaviours, paraphrased from Elwyn et al.
        # 2013; no published Spanish version was found: this is our own translation.
        N_("Option awareness"),
        N_(
            "The clinician draws attention to the fact that there are alternative options, and "
            "that a decision is needed (or agrees when the patient raises it)."
        ),
    ),
    Option5Item(
        2,
        "deliberation_support",
        N_("Support for deliberation"),
        N_(
            "The clinician reassures the patient that they will be supported to become informed "
            "about the options and to think them through."
        ),
    ),
    Option5Item(
        3,
        "information",
        N_("Information about options"),
        N_(
            "The clinician gives information about the reasonable options (no action included), "
            "their pros and cons, or checks what the patient understands of them."
        ),
    ),
    Option5Item(
        4,
        "eliciting_preferences",
        N_("Eliciting preferences"),
        N_(
            "The clinician makes an effort to find out what the patient prefers, in response to "
            "the options described, and supports preferences the patient states."
        ),
    ),
    Option5Item(
        5,
        "integrating_preferences",
        N_("Integrating preferences"),
        N_(
            "The clinician makes an effort to take the patient's preferences into account as the "
            "decision is made."
        ),
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
    raise ValueError(
        _("no OPTION-5 item {item}; use 1-5 or one of {keys}").format(
            item=repr(number_or_key), keys=list(ITEM_BY_KEY)
        )
    )


def describe_total(total: int | None, scored: int, points: int) -> str:
    """A total (None until every item is scored) in words, or how far the scoring has got,
    in the language in force."""
    if total is not None:
        return _("{total} out of 100").format(total=total)
    if not scored:
        return _("not scored yet")
    return ngettext(
        "incomplete: {scored} of {count} items scored, {points} of {possible} points so far",
        "incomplete: {scored} of {count} items scored, {points} of {possible} points so far",
        scored,
    ).format(scored=scored, count=len(ITEMS), points=points, possible=scored * MAX_SCORE)


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
            raise ValueError(
                _("an OPTION-5 score is a whole number 0..{most}, not {score}").format(
                    most=MAX_SCORE, score=repr(score)
                )
            )
        self.scores[number] = score

    def set_note(self, number_or_key: int | str, text: str) -> None:
        """The observer's note on an item (what was said, what could be better); empty clears."""
        number = item(number_or_key).number
        if not isinstance(text, str):
            raise ValueError(_("a note is text, not {type}").format(type=type(text).__name__))
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
        return describe_total(self.total(), self.scored, self.points)

    def running_text(self) -> str:
        """The total for a running rehearsal: "OPTION-5 total: 70/100" once all five are
        scored; until then no total at all (a part would read as a poor score), only how
        many items are scored."""
        total = self.total()
        if total is not None:
            return _("OPTION-5 total: {total}/100").format(total=total)
        return _(
            "OPTION-5 total: given when all {count} are scored ({scored} of {count} scored)"
        ).format(count=len(ITEMS), scored=self.scored)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: every item with its score, label and note; the total and its words.
        The scale's words are in English, whatever the language shown (data, read back)."""
        with in_language(SOURCE_LANGUAGE):
            english_total = self.describe_total()
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
            "total_text": english_total,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ObserverScores:
        """Read back `as_dict()` (or any mapping with its "items"); ValueError on nonsense."""
        scores = cls()
        items = data.get("items") if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise ValueError(_("OPTION-5 scores need a list of items"))
        for entry in items:
            if not isinstance(entry, Mapping):
                raise ValueError(_("each OPTION-5 item is a table"))
            number = entry.get("number")
            if not isinstance(number, (int, str)):
                raise ValueError(
                    _("no OPTION-5 item {item}; use 1-5 or one of {keys}").format(
                        item=repr(number), keys=list(ITEM_BY_KEY)
                    )
                )
            scores.set_score(number, entry.get("score"))
            scores.set_note(number, entry.get("note") or "")
        return scores
