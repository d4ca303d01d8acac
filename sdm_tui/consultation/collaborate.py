"""CollaboRATE: the patient's own rating of how far the decision was shared.

Three questions, answered by the patient alone after the summary; the whole rating may be
skipped. Source: Elwyn G, Barr PJ, Grande SW, Thompson R, Walsh T, Ozanne EM. Developing
CollaboRATE: a fast and frugal patient-reported measure of shared decision making in
clinical encounters. Patient Educ Couns 2013;93(1):102-7. Free to use.

CollaboRATE was published with a 10-point scale (0-9) and a 5-point scale (0-4); sdm-tui
uses the 5-point version, anchored from "No effort was made" (0) to "Every effort was
made" (4). It is scored as a *top score*: 4 on all three questions. The questions are kept
as close to the published wording as possible: a validated measure stops being the same
measure when its words change.
"""

from __future__ import annotations

from sdm_tui.consultation.entries import changed, is_int, make_entry
from sdm_tui.consultation.record import Consultation

COLLABORATE_INTRO = "Thinking about the consultation you have just had:"
"""Shown above the three questions."""

COLLABORATE_ITEMS: tuple[tuple[str, str], ...] = (
    ("understand", "How much effort was made to help you understand your health issues?"),
    (
        "listen",
        "How much effort was made to listen to the things that matter most to you about "
        "your health issues?",
    ),
    (
        "include",
        "How much effort was made to include what matters most to you in choosing what to do next?",
    ),
)
COLLABORATE_KEYS: tuple[str, ...] = tuple(key for key, _ in COLLABORATE_ITEMS)

COLLABORATE_LABELS: tuple[str, ...] = (
    "No effort was made",
    "A little effort was made",
    "Some effort was made",
    "A lot of effort was made",
    "Every effort was made",
)
"""The answers 0..4 (the 5-point version)."""
MAX_COLLABORATE = len(COLLABORATE_LABELS) - 1

COLLABORATE_CITATION = (
    "Elwyn G, Barr PJ, Grande SW, Thompson R, Walsh T, Ozanne EM. Developing CollaboRATE: a "
    "fast and frugal patient-reported measure of shared decision making in clinical "
    "encounters. Patient Educ Couns 2013;93(1):102-7."
)


def set_collaborate(c: Consultation, key: str, score: int | None) -> None:
    """The patient's answer to one CollaboRATE question, 0..4; None clears it.

    Always entered by the patient: the screen is meant for the patient alone.
    """
    if key not in COLLABORATE_KEYS:
        raise ValueError(
            f"unknown CollaboRATE question {key!r}; expected one of {COLLABORATE_KEYS}"
        )
    if score is None:
        if c.collaborate.pop(key, None) is not None:
            changed(c, f"set_collaborate:{key}")
        return
    if not is_int(score) or not 0 <= score <= MAX_COLLABORATE:
        raise ValueError(
            f"a CollaboRATE answer is a whole number 0..{MAX_COLLABORATE}, not {score!r}"
        )
    c.collaborate[key] = make_entry(c, score, "patient")
    changed(c, f"set_collaborate:{key}")


def collaborate_top_score(c: Consultation) -> bool | None:
    """Whether all three answers are 4 (every effort); None until all three are answered."""
    if any(key not in c.collaborate for key in COLLABORATE_KEYS):
        return None
    return all(c.collaborate[key].value == MAX_COLLABORATE for key in COLLABORATE_KEYS)
