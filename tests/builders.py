"""Builders shared by the tests and the benchmarks: fixed clocks, hand-driven delays, and
the "full consultation" (something in every part, confirmed by both).

Nothing here starts the app or imports Textual, so `benchmarks/` and the core tests use it
as freely as the app tests. Import it as `tests.builders` (the repository root on sys.path).
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.model import DecisionAid
from sdm_tui.consultation import (
    Consultation,
    add_other_participant,
    add_plan_step,
    answer_check,
    confirm,
    decide,
    new_consultation,
    set_clinician_view,
    set_leaning,
    set_others_view,
    set_own_words,
    set_participant,
    set_preferred_role,
    set_rating,
    set_review,
    set_success_measure,
    set_sure,
)

TESTS = Path(__file__).resolve().parent
"""tests/: its data/ and helpers stay here when test modules move into tests/core, tests/app."""
ROOT = TESTS.parent
DATA = TESTS / "data"
MINIMAL = DATA / "aids" / "minimal.toml"

FIXED_TIME = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.timezone.utc)
"""What `fixed_clock` always says: the app tests' "now"."""
T0 = dt.datetime(2026, 11, 26, 4, 12, 30, tzinfo=dt.timezone.utc)
"""Where a `FixedClock` starts: the consultation and export tests' "now"."""
HOSTILE = "<script>alert(1)</script>"
"""What a patient might type: it must show as text and never run."""


def fixed_clock() -> dt.datetime:
    return FIXED_TIME


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: int = 1) -> dt.datetime:
        self.now += dt.timedelta(minutes=minutes)
        return self.now


def minimal_aid() -> DecisionAid:
    return load_aid(MINIMAL)


PLAN_STEPS: tuple[tuple[str, str, str], ...] = (
    ("Start the tablet", "patient", "Monday"),
    ("Check blood test", "clinician", "in 6 weeks"),
    ("Ring the surgery if sick", "someone else", ""),
)


def full_consultation(
    aid: DecisionAid | None = None,
    *,
    mode: str = "clinical",
    clock: FixedClock | None = None,
    clinician: str = "Dr Bo Chen",
    other: str = "Cy Smith",
    worries: str = "Feeling sick at work\nand being tired",
    questions: str | None = f"Is this safe? {HOSTILE} & <b>bold</b>",
    plan: Sequence[tuple[str, str, str]] = PLAN_STEPS,
) -> Consultation:
    """Something in every part, a hostile string typed by the patient, confirmed by both.

    On tests/data/aids/minimal.toml (the default) this is the golden record's consultation
    (tests/data/records/full.json). Any other aid gets every value rated, every check
    answered, a leaning towards its last option and a choice of its first. The clock moves
    on as a real consultation would: decided at +10 min, confirmed at +15 and +16.
    """
    aid = aid or minimal_aid()
    clock = clock or FixedClock()
    c = new_consultation(aid, mode=mode, clock=clock)  # type: ignore[arg-type]
    start = clock.now
    set_participant(c, "patient", "Ann Smith")
    set_participant(c, "clinician", clinician, "GP")
    add_other_participant(c, other, "daughter")
    set_preferred_role(c, "decide_together")
    for number, value in enumerate(aid.values):
        set_rating(c, value.id, 4 - number % 5)
    set_own_words(c, "matters_most", "Walking my dog every day")
    set_own_words(c, "worries", worries)
    if questions is not None:
        set_own_words(c, "questions", questions)
    set_leaning(c, aid.options[-1].id)
    set_clinician_view(c, "Either option is reasonable for you.")
    set_others_view(c, "involved", "My daughter")
    set_others_view(c, "their_views", "I would like Mum to try the tablet", "companion")
    for index, check in enumerate(aid.checks):
        answer_check(c, index, len(check.choices) - 1)
    for key, yes in (("sure", True), ("understand", True), ("risk_benefit", True)):
        set_sure(c, key, yes)
    set_sure(c, "encouragement", False)
    clock.now = start + dt.timedelta(minutes=10)
    decide(c, aid.options[0].id, differs_reason="I want to feel better soon")
    for step, who, when in plan:
        add_plan_step(c, step, who, when)
    set_review(c, "in 3 months")
    set_success_measure(c, "Less tired by spring")
    clock.now = start + dt.timedelta(minutes=15)
    confirm(c, "patient")
    clock.now = start + dt.timedelta(minutes=16)
    confirm(c, "clinician")
    return c


class ManualDelays:
    """The app's delays (`sdm_tui.app.delays.Delays`), driven by the test instead of waited
    for: nothing runs until `advance` moves the clock past its deadline.

    `make_app(delays=ManualDelays())`, then `delays.advance(0.5)` runs the autosave that a
    real app would run half a second after a change, at once and in order.
    """

    def __init__(self) -> None:
        self.now = 1000.0
        self._due: list[tuple[float, int, _ManualTimer]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return self.now

    def later(self, seconds: float, callback: Callable[[], object], name: str) -> _ManualTimer:
        timer = _ManualTimer(callback, name)
        heapq.heappush(self._due, (self.now + seconds, next(self._order), timer))
        return timer

    def pending(self, name: str) -> int:
        """How many delays of this name are set and not yet run or stopped."""
        return sum(1 for *_, timer in self._due if timer.name == name and not timer.stopped)

    def advance(self, seconds: float) -> int:
        """Move time on by `seconds`, running every delay that falls due, in order (a delay
        set by one that runs is run too if it falls due in the same span). Returns how many
        ran: what they posted to the app wants a `pilot.pause()` to be handled."""
        end = self.now + seconds
        ran = 0
        while self._due and self._due[0][0] <= end:
            deadline, _, timer = heapq.heappop(self._due)
            self.now = max(self.now, deadline)
            if not timer.stopped:
                timer.stopped = True
                timer.callback()
                ran += 1
        self.now = end
        return ran


class _ManualTimer:
    def __init__(self, callback: Callable[[], object], name: str) -> None:
        self.callback = callback
        self.name = name
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True
