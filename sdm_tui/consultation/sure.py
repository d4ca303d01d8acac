"""The SURE test of decisional conflict (Légaré et al. 2010; see record.SURE_ITEMS)."""

from __future__ import annotations

from sdm_tui.consultation.entries import changed, make_entry
from sdm_tui.consultation.record import SURE_KEYS, Consultation, Contributor

SURE_FLAG_AT_OR_BELOW = 3
"""A score of 3 or less (any "no") screens positive for decisional conflict."""


def set_sure(
    c: Consultation, key: str, yes: bool | None, contributor: Contributor = "patient"
) -> None:
    """Answer one SURE item yes (True) or no (False); None clears the answer."""
    if key not in SURE_KEYS:
        raise ValueError(f"unknown SURE item {key!r}; expected one of {SURE_KEYS}")
    if yes is None:
        if c.sure.pop(key, None) is not None:
            changed(c, "set_sure")
        return
    if not isinstance(yes, bool):
        raise ValueError(f"a SURE answer is True, False or None, not {yes!r}")
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
