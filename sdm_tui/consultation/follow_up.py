"""The follow-up visit: the earlier decision reviewed together, and its rules.

A follow-up is a Consultation (same aid, same rules: SURE again, values again, the
decision now, a new review) with `follow_up` set: what the earlier record said (`Earlier`,
read by sdm_tui/export/follow_up_start.py) and what is asked about how it went, each answer
an Entry saying who gave it and when:

- each earlier plan step: done, partly, not done, not due yet;
- the success measure: met, partly, not met, too early to tell;
- whether the decision was acted on;
- the decision now: kept, changed (to which option, and why), still undecided, or decided
  now after an earlier "not yet" (`decision_now`, from the Consultation's decision);
- the Decision Regret Scale (Brehaut JC, O'Connor AM, Wood TJ, et al. "Validation of a
  decision regret scale". Med Decis Making 2003;23(4):281-92), asked only when a decision
  was made and acted on;
- a new review date, or "no further review" (decision.set_no_review).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sdm_tui.consultation.decision import decide, decide_not_yet
from sdm_tui.consultation.entries import changed, check_contributor, clean, is_int, make_entry
from sdm_tui.consultation.record import Consultation, Contributor, Entry
from sdm_tui.i18n import N_, _

__all__ = [
    "ACTED_ON",
    "DECISION_NOW",
    "MEASURE_MET",
    "REGRET_HIGH_ABOVE",
    "REGRET_ITEMS",
    "REGRET_LABELS",
    "REGRET_PROMPT",
    "STEP_OUTCOMES",
    "AidNow",
    "Earlier",
    "EarlierStep",
    "FollowUp",
    "change_decision",
    "decision_now",
    "keep_decision",
    "regret_asked",
    "regret_score",
    "set_acted_on",
    "set_decision_why",
    "set_measure_met",
    "set_regret",
    "set_step_outcome",
    "still_undecided",
]

# The answers' labels: marked with N_(), kept in English in the record, translated where
# shown (`_(label)`).
STEP_OUTCOMES: dict[str, str] = {
    "done": N_("Done"),
    "partly": N_("Partly done"),
    "not_done": N_("Not done"),
    "not_due": N_("Not due yet"),
}
MEASURE_MET: dict[str, str] = {
    "met": N_("Met"),
    "partly": N_("Partly met"),
    "not_met": N_("Not met"),
    "too_early": N_("Too early to tell"),
}
ACTED_ON: dict[str, str] = {
    "yes": N_("Yes, it was acted on"),
    "no": N_("No, not acted on (yet)"),
}
DECISION_NOW: dict[str, str] = {
    "kept": N_("Kept"),
    "changed": N_("Changed"),
    "undecided": N_("Still undecided"),
    "decided": N_("Decided now (it was 'not yet')"),
}

# The Decision Regret Scale (Brehaut et al. 2003; Ottawa Hospital Research Institute).
# The item wording is as retrieved from a public questionnaire that reproduces the scale;
# the scale's own user manual could not be retrieved, and may word items 4 and 5 "The
# choice did me a lot of harm" and "It was a wise decision": check against it before
# clinical use (docs/record-format.md). Each is answered 1 (strongly agree) .. 5
# (strongly disagree). Items 2 and 4 are reverse-scored;
# every item is then moved to 0..100 ((answer - 1) x 25) and the five averaged: 0 no
# regret, 100 high regret. A score above 25 is the usual cut-off for more than mild regret.
# The prompt says "after talking to your [clinician]" as the published prompt does (and as
# the exported FHIR Questionnaire words it).
# Translators: own wording; replace with the published Spanish Decision Regret
# Scale (Calderon et al., J Pain Symptom Manage 2019,
# doi:10.1016/j.jpainsymman.2018.11.017).
REGRET_PROMPT = N_(
    "Please think about the decision you made after talking to your clinician. Show "
    "how strongly you agree or disagree with each statement."
)
REGRET_ITEMS: tuple[tuple[int, str, bool], ...] = (
    (
        1,
        # Translators: own wording; replace with the published Spanish Decision Regret
        # Scale (Calderon et al., J Pain Symptom Manage 2019,
        # doi:10.1016/j.jpainsymman.2018.11.017).
        N_("It was the right decision."),
        False,
    ),
    (
        2,
        # Translators: own wording; replace with the published Spanish Decision Regret
        # Scale (Calderon et al., J Pain Symptom Manage 2019,
        # doi:10.1016/j.jpainsymman.2018.11.017).
        N_("I regret the choice that was made."),
        True,
    ),
    (
        3,
        # Translators: own wording; replace with the published Spanish Decision Regret
        # Scale (Calderon et al., J Pain Symptom Manage 2019,
        # doi:10.1016/j.jpainsymman.2018.11.017).
        N_("I would go for the same choice if I had to do it over again."),
        False,
    ),
    (
        4,
        # Translators: own wording; replace with the published Spanish Decision Regret
        # Scale (Calderon et al., J Pain Symptom Manage 2019,
        # doi:10.1016/j.jpainsymman.2018.11.017).
        N_("The decision did me a lot of harm."),
        True,
    ),
    (
        5,
        # Translators: own wording; replace with the published Spanish Decision Regret
        # Scale (Calderon et al., J Pain Symptom Manage 2019,
        # doi:10.1016/j.jpainsymman.2018.11.017).
        N_("The decision was a wise one."),
        False,
    ),
)
"""(number, statement (marked: `_(statement)` where shown), reverse-scored)."""
REGRET_LABELS: dict[int, str] = {
    # Translators: own wording; replace with the published Spanish Decision Regret
    # Scale (Calderon et al., J Pain Symptom Manage 2019,
    # doi:10.1016/j.jpainsymman.2018.11.017).
    1: N_("Strongly agree"),
    # Translators: own wording; published: Calderon et al. 2019 (see the first answer)
    2: N_("Agree"),
    # Translators: own wording; published: Calderon et al. 2019 (see the first answer)
    3: N_("Neither agree nor disagree"),
    # Translators: own wording; published: Calderon et al. 2019 (see the first answer)
    4: N_("Disagree"),
    # Translators: own wording; published: Calderon et al. 2019 (see the first answer)
    5: N_("Strongly disagree"),
}
REGRET_HIGH_ABOVE = 25
"""A Decision Regret score above this is more than mild regret (the report's share)."""


@dataclass(frozen=True, slots=True)
class EarlierStep:
    """A step of the earlier plan, as the earlier record has it."""

    what: str
    who: str
    by_when: str
    by_date: date | None


@dataclass(frozen=True, slots=True)
class AidNow:
    """The aid as the library has it at the follow-up, when it was found there."""

    version: str
    sha256: str
    changed: bool
    """The version or the file's SHA-256 differs from the earlier record's."""


@dataclass(frozen=True, slots=True)
class Earlier:
    """What the follow-up needs of the earlier record (the decision reviewed)."""

    consultation_id: str
    id_derived: bool
    """The earlier record had no id: `consultation_id` is derived from its content."""
    chain_id: str
    """The id of the first consultation of the chain (itself, unless a follow-up)."""
    visit: int
    """0: the earlier record is the first consultation; n: its n-th follow-up."""
    started_at: datetime
    file_name: str
    option_id: str | None
    """The option chosen then, or None ("not yet", or no decision)."""
    not_yet: bool
    plan: tuple[EarlierStep, ...]
    success_measure: str
    review_date: date | None
    record: object = field(repr=False, compare=False)
    """The earlier record itself (sdm_tui.export.record_model.AnyRecord), for the writer."""


@dataclass(slots=True)
class FollowUp:
    """The answers of a follow-up visit, each with who gave it and when."""

    earlier: Earlier
    aid_now: AidNow | None = None
    steps: dict[int, Entry] = field(default_factory=dict)
    """Earlier plan step index -> a STEP_OUTCOMES key."""
    measure_met: Entry | None = None
    acted_on: Entry | None = None
    decision_why: Entry | None = None
    """Why the decision changed (or is kept, or still open), in words."""
    regret: dict[int, Entry] = field(default_factory=dict)
    """Decision Regret item number (1..5) -> answer 1..5."""

    @property
    def visit(self) -> int:
        """This visit's place in the chain: 1 for the first follow-up."""
        return self.earlier.visit + 1


def _follow_up(c: Consultation) -> FollowUp:
    if c.follow_up is None:
        raise ValueError(_("this consultation is not a follow-up"))
    return c.follow_up


def _keyed(
    c: Consultation, key: str | None, allowed: dict[str, str], contributor: str
) -> Entry | None:
    if key is None:
        return None
    if key not in allowed:
        raise ValueError(
            _("unknown answer {key}; expected one of {keys}").format(
                key=repr(key), keys=list(allowed)
            )
        )
    return make_entry(c, key, check_contributor(contributor))


def set_step_outcome(
    c: Consultation, index: int, outcome: str | None, contributor: Contributor = "both"
) -> None:
    """Whether earlier plan step `index` happened (a STEP_OUTCOMES key); None clears."""
    f = _follow_up(c)
    if not is_int(index) or not 0 <= index < len(f.earlier.plan):
        raise ValueError(_("no earlier plan step {index}").format(index=repr(index)))
    entry = _keyed(c, outcome, STEP_OUTCOMES, contributor)
    if entry is None:
        f.steps.pop(index, None)
    else:
        f.steps[index] = entry
    changed(c, "set_step_outcome")


def set_measure_met(c: Consultation, met: str | None, contributor: Contributor = "both") -> None:
    """Whether the success measure is met (a MEASURE_MET key); None clears."""
    f = _follow_up(c)
    f.measure_met = _keyed(c, met, MEASURE_MET, contributor)
    changed(c, "set_measure_met")


def set_acted_on(c: Consultation, acted: str | None, contributor: Contributor = "patient") -> None:
    """Whether the decision was acted on (an ACTED_ON key); None clears. Answering "no"
    clears the Decision Regret answers: the scale is not asked then."""
    f = _follow_up(c)
    f.acted_on = _keyed(c, acted, ACTED_ON, contributor)
    if not regret_asked(c):
        f.regret.clear()
    changed(c, "set_acted_on")


def keep_decision(c: Consultation, contributor: Contributor = "both") -> bool:
    """The decision made then is kept; returns whether confirmations were withdrawn."""
    option_id = _follow_up(c).earlier.option_id
    if option_id is None:
        raise ValueError(_("no option was chosen then: there is no decision to keep"))
    return decide(c, option_id, "", contributor)


def change_decision(c: Consultation, option_id: str, contributor: Contributor = "both") -> bool:
    """Another option now (or, after "not yet", the first choice)."""
    _follow_up(c)
    return decide(c, option_id, "", contributor)


def still_undecided(
    c: Consultation, reason_key: str, text: str = "", contributor: Contributor = "both"
) -> bool:
    """Still no decision: what is needed first (a NOT_YET_REASONS key)."""
    _follow_up(c)
    return decide_not_yet(c, reason_key, text, contributor)


def set_decision_why(c: Consultation, text: str, contributor: Contributor = "both") -> None:
    """Why the decision changed, is kept or is still open, in words; empty clears."""
    f = _follow_up(c)
    text = clean(text)
    f.decision_why = make_entry(c, text, contributor) if text else None
    changed(c, "set_decision_why")


def decision_now(c: Consultation) -> str | None:
    """kept, changed, undecided or decided (a DECISION_NOW key); None until answered."""
    f = _follow_up(c)
    if c.decision is None:
        return None
    now = c.decision.value
    if now.is_not_yet:
        return "undecided"
    then = f.earlier.option_id
    if then is None:
        return "decided"
    return "kept" if now.option_id == then else "changed"


def regret_asked(c: Consultation) -> bool:
    """Whether the Decision Regret Scale is asked: an option was chosen then and the
    decision was acted on."""
    f = _follow_up(c)
    acted = f.acted_on is not None and f.acted_on.value == "yes"
    return f.earlier.option_id is not None and acted


def set_regret(
    c: Consultation, number: int, answer: int | None, contributor: Contributor = "patient"
) -> None:
    """Answer Decision Regret item `number` (1..5): 1 strongly agree .. 5 strongly
    disagree; None clears."""
    f = _follow_up(c)
    if not is_int(number) or number not in {n for n, _statement, _reverse in REGRET_ITEMS}:
        raise ValueError(_("no Decision Regret item {number}").format(number=repr(number)))
    if answer is None:
        f.regret.pop(number, None)
    elif not regret_asked(c):
        raise ValueError(_("the Decision Regret Scale is asked once a decision was acted on"))
    elif not is_int(answer) or answer not in REGRET_LABELS:
        raise ValueError(
            _("a Decision Regret answer is 1..5, not {answer}").format(answer=repr(answer))
        )
    else:
        f.regret[number] = make_entry(c, answer, contributor)
    changed(c, "set_regret")


def regret_item_score(number: int, answer: int) -> int:
    """One item on 0..100: reverse-scored items turned round first."""
    reverse = next(r for n, _statement, r in REGRET_ITEMS if n == number)
    scored = 6 - answer if reverse else answer
    return (scored - 1) * 25


def regret_score_of(answers: dict[int, int]) -> int | None:
    """The Decision Regret score 0..100 (the mean of the items on 0..100), or None unless
    all five are answered. Always a whole number (a multiple of 5)."""
    if set(answers) != {n for n, _statement, _reverse in REGRET_ITEMS}:
        return None
    return sum(regret_item_score(n, a) for n, a in answers.items()) // len(REGRET_ITEMS)


def regret_score(c: Consultation) -> int | None:
    """The follow-up's Decision Regret score, or None until all five are answered."""
    return regret_score_of({n: e.value for n, e in _follow_up(c).regret.items()})
