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
from sdm_tui.i18n import N_, _

# Translators: own wording; replace with the published Spanish CollaboRATE
# (Forcino et al., PLoS ONE 2016, doi:10.1371/journal.pone.0168538), items and
# answers from the same source.
COLLABORATE_INTRO = N_("Thinking about the consultation you have just had:")
"""Shown above the three questions (marked: `_(COLLABORATE_INTRO)` where shown)."""

COLLABORATE_ITEMS: tuple[tuple[str, str], ...] = (
    (
        "understand",
        # Translators: own wording; replace with the published Spanish CollaboRATE
        # (Forcino et al., PLoS ONE 2016, doi:10.1371/journal.pone.0168538), items and
        # answers from the same source.
        N_("How much effort was made to help you understand your health issues?"),
    ),
    (
        "listen",
        # Translators: own wording; replace with the published Spanish CollaboRATE
        # (Forcino et al., PLoS ONE 2016, doi:10.1371/journal.pone.0168538), items and
        # answers from the same source.
        N_(
            "How much effort was made to listen to the things that matter most to you about "
            "your health issues?"
        ),
    ),
    (
        "include",
        # Translators: own wording; replace with the published Spanish CollaboRATE
        # (Forcino et al., PLoS ONE 2016, doi:10.1371/journal.pone.0168538), items and
        # answers from the same source.
        N_(
            "How much effort was made to include what matters most to you in choosing what to "
            "do next?"
        ),
    ),
)
COLLABORATE_KEYS: tuple[str, ...] = tuple(key for key, _question in COLLABORATE_ITEMS)

COLLABORATE_LABELS: tuple[str, ...] = (
    # Translators: own wording; replace with the published Spanish CollaboRATE
    # (Forcino et al., PLoS ONE 2016, doi:10.1371/journal.pone.0168538), items and
    # answers from the same source.
    N_("No effort was made"),
    # Translators: own wording; published: Forcino et al. 2016 (see the first answer)
    N_("A little effort was made"),
    # Translators: own wording; published: Forcino et al. 2016 (see the first answer)
    N_("Some effort was made"),
    # Translators: own wording; published: Forcino et al. 2016 (see the first answer)
    N_("A lot of effort was made"),
    # Translators: own wording; published: Forcino et al. 2016 (see the first answer)
    N_("Every effort was made"),
)
"""The answers 0..4 (the 5-point version)."""
MAX_COLLABORATE = len(COLLABORATE_LABELS) - 1

# Translators: a reference: keep it as it is.
COLLABORATE_CITATION = N_(
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
            _("unknown CollaboRATE question {key}; expected one of {keys}").format(
                key=repr(key), keys=COLLABORATE_KEYS
            )
        )
    if score is None:
        if c.collaborate.pop(key, None) is not None:
            changed(c, f"set_collaborate:{key}")
        return
    if not is_int(score) or not 0 <= score <= MAX_COLLABORATE:
        raise ValueError(
            _("a CollaboRATE answer is a whole number 0..{top}, not {score}").format(
                top=MAX_COLLABORATE, score=repr(score)
            )
        )
    c.collaborate[key] = make_entry(c, score, "patient")
    changed(c, f"set_collaborate:{key}")


def collaborate_top_score(c: Consultation) -> bool | None:
    """Whether all three answers are 4 (every effort); None until all three are answered."""
    if any(key not in c.collaborate for key in COLLABORATE_KEYS):
        return None
    return all(c.collaborate[key].value == MAX_COLLABORATE for key in COLLABORATE_KEYS)
