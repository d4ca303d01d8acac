"""The SURE test of decisional conflict (Légaré et al. 2010; see record.SURE_ITEMS)."""

from __future__ import annotations

from sdm_tui.consultation.entries import changed, make_entry
from sdm_tui.consultation.record import SURE_KEYS, Consultation, Contributor
from sdm_tui.i18n import N_, _

SURE_FLAG_AT_OR_BELOW = 3
"""A score of 3 or less (any "no") screens positive for decisional conflict."""


def set_sure(
    c: Consultation, key: str, yes: bool | None, contributor: Contributor = "patient"
) -> None:
    """Answer one SURE item yes (True) or no (False); None clears the answer."""
    if key not in SURE_KEYS:
        raise ValueError(
            _("unknown SURE item {key}; expected one of {keys}").format(
                key=repr(key), keys=SURE_KEYS
            )
        )
    if yes is None:
        if c.sure.pop(key, None) is not None:
            changed(c, "set_sure")
        return
    if not isinstance(yes, bool):
        raise ValueError(
            _("a SURE answer is True, False or None, not {answer}").format(answer=repr(yes))
        )
    c.sure[key] = make_entry(c, yes, contributor)
    changed(c, "set_sure")


def sure_score(c: Consultation) -> int | None:
    """The number of "yes" answers, or None until all four items are answered."""
    if any(key not in c.sure for key in SURE_KEYS):
        return None
    return sum(1 for key in SURE_KEYS if c.sure[key].value)


def sure_flag(c: Consultation) -> bool:
    """True when the test is complete and screens positive for decisional conflict."""
    score = sure_score(c)
    return score is not None and score <= SURE_FLAG_AT_OR_BELOW


# What usually helps when a SURE answer is "no": the decisional needs of the Ottawa Personal
# Decision Guide (O'Connor AM, Stacey D, Jacobsen MJ; Ottawa Hospital Research Institute),
# whose SURE items are these four, each answered "no" pointing to one need: knowledge
# (more information), values (clarify what matters most) and support; "not sure" to all
# of them. Wording ours, after the guide's steps "identify your decision-making needs" and
# "plan the next steps based on your needs".
# Translators: the stage names in brackets are the app's own (Options, What matters, Weigh
# up): use the same words as the app's stage names.
SURE_HELP: dict[str, str] = {
    "sure": N_("Not sure yet: take the time the decision needs, and look at the needs below."),
    "understand": N_(
        "More information: go over the options' benefits and risks again, and "
        "how likely each is (the Options stage); write down questions to ask."
    ),
    "risk_benefit": N_(
        "Clarify values: go back over which benefits and risks matter most to "
        "the patient (What matters, Weigh up)."
    ),
    "encouragement": N_(
        "Support: find who can help (family, friends, others who faced the "
        "choice) and agree the part each will take; check for pressure from others."
    ),
}
"""Marked: `sure_help` gives them in the language in force."""
SURE_HELP_SOURCE = N_("Ottawa Personal Decision Guide (O'Connor, Stacey, Jacobsen; OHRI)")
"""Marked: `_(SURE_HELP_SOURCE)` where shown."""


def sure_help(c: Consultation) -> list[str]:
    """What usually helps, one line per SURE item answered "no", when the score is 3 or
    less; [] otherwise. In the language in force."""
    if not sure_flag(c):
        return []
    return [_(SURE_HELP[key]) for key in SURE_KEYS if not c.sure[key].value]
