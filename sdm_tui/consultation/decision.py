"""Decide together: the choice or "not yet", the plan, the review and the success measure.

A confirmation covers what was on screen, so every real change here withdraws both
confirmations. Each function returns True when it did, so the screen can tell the user.
Setting what is already there is not a change and returns False.

The review and each step's "by when" are free text from which a date is read (dates.py,
"in 3 months" -> a day, from today in the clinic's time zone). A "not yet" is not left
hanging: it cannot be confirmed without a review date, a named next step (who, by when) or
a reason why none is needed (`not_yet_gap`).
"""

from __future__ import annotations

from datetime import date

from sdm_tui.consultation.dates import local_today, read_when
from sdm_tui.consultation.entries import (
    changed,
    check_contributor,
    clean,
    make_entry,
    stamp,
    withdraw_confirmations,
)
from sdm_tui.consultation.record import (
    NOT_YET_REASONS,
    PLAN_WHO,
    Consultation,
    Contributor,
    Decision,
    Entry,
    PlanStep,
)
from sdm_tui.i18n import _


def _set_decision(c: Consultation, decision: Decision, contributor: str) -> bool:
    check_contributor(contributor)
    if c.decision is not None and c.decision.value == decision:
        return False
    c.decision = make_entry(c, decision, contributor)
    withdrawn = withdraw_confirmations(c)
    changed(c, "set_decision")
    return withdrawn


def decide(
    c: Consultation, option_id: str, differs_reason: str = "", contributor: Contributor = "both"
) -> bool:
    """Record the chosen option, and why it differs from the ratings if it does."""
    if option_id not in {option.id for option in c.aid.options}:
        raise ValueError(_("unknown option {option}").format(option=repr(option_id)))
    return _set_decision(c, Decision(option_id, differs_reason=clean(differs_reason)), contributor)


def decide_not_yet(
    c: Consultation, reason_key: str, reason_text: str = "", contributor: Contributor = "both"
) -> bool:
    """Record that the decision is not made yet, and why (a NOT_YET_REASONS key)."""
    if reason_key not in NOT_YET_REASONS:
        raise ValueError(
            _("unknown reason {key}; expected one of {keys}").format(
                key=repr(reason_key), keys=list(NOT_YET_REASONS)
            )
        )
    decision = Decision(None, not_yet_reason=reason_key, reason_text=clean(reason_text))
    return _set_decision(c, decision, contributor)


def clear_decision(c: Consultation) -> bool:
    """Remove the decision altogether."""
    if c.decision is None:
        return False
    c.decision = None
    withdrawn = withdraw_confirmations(c)
    changed(c, "clear_decision")
    return withdrawn


def today(c: Consultation) -> date:
    """Today in the clinic's time zone, by the consultation's clock."""
    return local_today(c.clock, c.time_zone)


def _plan_step(c: Consultation, what: str, who: str, by_when: str, contributor: str) -> PlanStep:
    what = clean(what)
    if not what:
        raise ValueError(_("a plan step needs something to do"))
    if who not in PLAN_WHO:
        raise ValueError(
            _("unknown 'who' {who}; expected one of {keys}").format(who=repr(who), keys=PLAN_WHO)
        )
    by_when = clean(by_when)
    by_date = read_when(by_when, today(c)).day if by_when else None
    return PlanStep(what, who, by_when, check_contributor(contributor), stamp(c), by_date)


def _check_index(c: Consultation, index: int) -> None:
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(c.plan):
        raise ValueError(_("no plan step {index}").format(index=repr(index)))


def add_plan_step(
    c: Consultation, what: str, who: str, by_when: str = "", contributor: Contributor = "both"
) -> bool:
    """Append a step to the plan: what, who (a PLAN_WHO entry), by when (free text)."""
    c.plan.append(_plan_step(c, what, who, by_when, contributor))
    withdrawn = withdraw_confirmations(c)
    changed(c, "add_plan_step")
    return withdrawn


def update_plan_step(
    c: Consultation,
    index: int,
    what: str,
    who: str,
    by_when: str = "",
    contributor: Contributor = "both",
) -> bool:
    _check_index(c, index)
    step = _plan_step(c, what, who, by_when, contributor)
    old = c.plan[index]
    if (old.what, old.who, old.by_when) == (step.what, step.who, step.by_when):
        return False
    c.plan[index] = step
    withdrawn = withdraw_confirmations(c)
    changed(c, "update_plan_step")
    return withdrawn


def remove_plan_step(c: Consultation, index: int) -> bool:
    _check_index(c, index)
    del c.plan[index]
    withdrawn = withdraw_confirmations(c)
    changed(c, "remove_plan_step")
    return withdrawn


def _set_text(c: Consultation, attribute: str, text: str, contributor: str) -> bool:
    text = clean(text)
    check_contributor(contributor)
    old: Entry | None = getattr(c, attribute)
    if (old.value if old else "") == text:
        return False
    setattr(c, attribute, make_entry(c, text, contributor) if text else None)
    withdrawn = withdraw_confirmations(c)
    changed(c, f"set_{attribute}")
    return withdrawn


def set_review(c: Consultation, text: str, contributor: Contributor = "both") -> bool:
    """When to review, in words ("in 3 months") or as a date; empty clears. The date read
    from it (dates.read_when) is kept beside the text in `c.review_date`."""
    withdrawn = _set_text(c, "review", text, contributor)
    c.review_date = read_when(c.review.value, today(c)).day if c.review else None
    return withdrawn


def set_no_review(c: Consultation, text: str, contributor: Contributor = "both") -> bool:
    """Why no review or next step is needed ("no further review: the course is finished");
    empty clears."""
    return _set_text(c, "no_review", text, contributor)


def not_yet_gap(c: Consultation) -> str | None:
    """Why a "not yet" cannot be confirmed as it stands, or None when it can (or when the
    decision is not "not yet"): it needs a review date, a named next step (who, and by
    when: a date, or words such as "this week"), or a reason why neither is needed."""
    if c.decision is None or not c.decision.value.is_not_yet:
        return None
    if c.review_date is not None or c.no_review is not None:
        return None
    if any(step.by_date is not None or step.by_when for step in c.plan):
        return None
    return _(
        "A 'not yet' needs a way back: a review date, a next step saying who and by when, "
        "or a reason why neither is needed."
    )


def set_success_measure(c: Consultation, text: str, contributor: Contributor = "both") -> bool:
    """How both will know the decision is working; empty clears."""
    return _set_text(c, "success_measure", text, contributor)
