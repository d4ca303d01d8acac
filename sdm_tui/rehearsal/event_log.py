"""What happened in a rehearsal, and when: stages entered and left, and every data change.

The app reports stage changes (`stage_entered`, `stage_left`); `attach` subscribes the log
to the consultation's observers, so that ratings, notes, the leaning, the decision, the
plan and confirmations are logged as they happen. The log keeps ids, numbers and option
ids, never what anybody typed: the typed text is in the consultation record.

Time per stage comes from the enter/leave pairs (a stage still open counts until "now");
stages group into the talks of the three-talk model (Elwyn G, Frosch D, Thomson R, et al.
Shared decision making: a model for clinical practice. J Gen Intern Med 2012;27(10):1361-7;
revised in BMJ 2017;359:j4891): team talk is the team stage; option talk, comparing the
options, is the options stage; decision talk, forming and eliciting informed preferences
and reaching a decision, is what matters, weigh up, decide and the summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sdm_tui.consultation.record import Clock, Consultation
from sdm_tui.consultation.sure import sure_score
from sdm_tui.export.timefmt import from_iso, to_iso
from sdm_tui.i18n import N_, _

TALKS: dict[str, str] = {
    "team": N_("Team talk"),
    "option": N_("Option talk"),
    "decision": N_("Decision talk"),
}
"""The three talks, in order: key -> label (English, as the debrief's data keeps them; shown
translated, `_(label)`)."""

STAGE_LABELS: dict[str, str] = {
    "library": N_("Choose the aid"),
    "team": N_("Team talk"),
    "options": N_("The options"),
    "values": N_("What matters"),
    "weigh": N_("Weigh up"),
    "decide": N_("Decide together"),
    "summary": N_("Summary"),
}
"""The app's stage keys (sdm_tui.app.stages) -> labels, in the consultation's order (English,
as data keeps them: `stage_words` gives them in the language in force)."""

STAGE_TALK: dict[str, str] = {
    "team": "team",
    "options": "option",
    "values": "decision",
    "weigh": "decision",
    "decide": "decision",
    "summary": "decision",
}
"""Stage key -> talk key. Choosing the aid is preparation, in no talk."""

BURST_SECONDS = 5.0
"""Changes of one kind this close together are one burst: typing a name is one event."""
COALESCED = frozenset({"participants_changed", "note_added", "note_cleared", "plan_changed"})
"""Kinds logged once per burst (with the time of its last change), not once per key."""

STAGE_ENTERED = "stage_entered"
STAGE_LEFT = "stage_left"
CONCERN_REVEALED = "concern_revealed"


@dataclass(frozen=True, slots=True)
class LogEvent:
    at: datetime
    """Timezone-aware, UTC."""
    kind: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"at": to_iso(self.at), "kind": self.kind, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class StageVisit:
    """One stretch of time on one stage; `left` is None while the stage is open."""

    key: str
    entered: datetime
    left: datetime | None

    def seconds(self, now: datetime) -> float:
        end = self.left if self.left is not None else _utc(now)
        return max(0.0, (end - self.entered).total_seconds())


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("event log times must be timezone-aware")
    return moment.astimezone(timezone.utc)


def stage_label(key: str) -> str:
    """The stage's label in English, as the debrief's data keeps it."""
    return STAGE_LABELS.get(key, key)


def stage_words(key: str) -> str:
    """The stage's label in the language in force (an unknown key as it is)."""
    return _(STAGE_LABELS[key]) if key in STAGE_LABELS else key


class EventLog:
    """Events in the order they were recorded."""

    def __init__(self) -> None:
        self.events: list[LogEvent] = []
        self.current_stage: str | None = None

    def record(self, kind: str, detail: str, at: datetime) -> LogEvent:
        """Add an event at `at` (timezone-aware; kept in UTC)."""
        event = LogEvent(_utc(at), kind, detail)
        self.events.append(event)
        return event

    def record_burst(self, kind: str, detail: str, at: datetime) -> LogEvent:
        """As `record`, but the same change again within BURST_SECONDS of the last event
        (nothing else between) moves that event to `at` instead of adding one: a name
        typed key by key is one "Who is present changed"."""
        last = self.events[-1] if self.events else None
        moment = _utc(at)
        if (
            last is not None
            and (last.kind, last.detail) == (kind, detail)
            and 0 <= (moment - last.at).total_seconds() <= BURST_SECONDS
        ):
            self.events[-1] = LogEvent(moment, kind, detail)
            return self.events[-1]
        return self.record(kind, detail, at)

    # -- stages ---------------------------------------------------------------------------

    def stage_entered(self, key: str, at: datetime) -> None:
        """The app shows stage `key`. An open stage is left first; re-entering it is a no-op."""
        if key == self.current_stage:
            return
        if self.current_stage is not None:
            self.stage_left(self.current_stage, at)
        self.record(STAGE_ENTERED, key, at)
        self.current_stage = key

    def stage_left(self, key: str, at: datetime) -> bool:
        """The app leaves stage `key`; returns False (and logs nothing) if it was not open."""
        if key != self.current_stage:
            return False
        self.record(STAGE_LEFT, key, at)
        self.current_stage = None
        return True

    def concern_revealed(self, concern_id: str, at: datetime) -> None:
        """The actor marks a scenario concern as drawn out (once; later marks are ignored)."""
        if concern_id not in self.revealed_concerns():
            self.record(CONCERN_REVEALED, concern_id, at)

    def revealed_concerns(self) -> list[str]:
        return [e.detail for e in self.events if e.kind == CONCERN_REVEALED]

    def visits(self) -> list[StageVisit]:
        """Every stretch on a stage, in order; the last one may still be open."""
        visits: list[StageVisit] = []
        open_key: str | None = None
        opened: datetime | None = None
        for event in self.events:
            if event.kind == STAGE_ENTERED:
                if open_key is not None and opened is not None:
                    visits.append(StageVisit(open_key, opened, event.at))
                open_key, opened = event.detail, event.at
            elif event.kind == STAGE_LEFT and event.detail == open_key and opened is not None:
                visits.append(StageVisit(open_key, opened, event.at))
                open_key, opened = None, None
        if open_key is not None and opened is not None:
            visits.append(StageVisit(open_key, opened, None))
        return visits

    def stage_seconds(self, now: datetime) -> dict[str, float]:
        """Seconds per stage key: the app's stages in order, then any others as first seen."""
        totals: dict[str, float] = {}
        for visit in self.visits():
            totals[visit.key] = totals.get(visit.key, 0.0) + visit.seconds(now)
        known = [key for key in STAGE_LABELS if key in totals]
        return {key: totals[key] for key in [*known, *(k for k in totals if k not in known)]}

    def talk_seconds(self, now: datetime) -> dict[str, float]:
        """Seconds per talk (team, option, decision), every talk present."""
        totals = dict.fromkeys(TALKS, 0.0)
        for key, seconds in self.stage_seconds(now).items():
            talk = STAGE_TALK.get(key)
            if talk is not None:
                totals[talk] += seconds
        return totals

    def as_list(self) -> list[dict[str, str]]:
        return [event.as_dict() for event in self.events]

    # -- the consultation -----------------------------------------------------------------

    def attach(self, c: Consultation, clock: Clock | None = None) -> Callable[[], None]:
        """Log the consultation's changes from now on; returns a function that stops it.

        `clock` (default: the consultation's) stamps each event.
        """
        observer = _ConsultationObserver(self, c, clock or c.clock)
        c.observers.append(observer)

        def detach() -> None:
            if observer in c.observers:
                c.observers.remove(observer)

        return detach


_PLAN_EVENTS = {
    "add_plan_step": N_("step added"),
    "update_plan_step": N_("step changed"),
    "remove_plan_step": N_("step removed"),
    "set_review": N_("review"),
    "set_success_measure": N_("success measure"),
}
"""Logged in English (data); the debrief words them in its language."""
PLAN_CHANGES = frozenset(_PLAN_EVENTS.values())
_WITHDRAWING = {"set_decision", "clear_decision", *_PLAN_EVENTS}
"""Changes to what was confirmed: each withdraws both confirmations (consultation.decision)."""
_TEAM_EVENTS = {
    "set_participant",
    "add_other_participant",
    "update_other_participant",
    "remove_other_participant",
}


class _ConsultationObserver:
    """Turns the consultation's event names into log events (kind, detail)."""

    def __init__(self, log: EventLog, c: Consultation, clock: Clock) -> None:
        self.log, self.c, self.clock = log, c, clock
        self.confirmed = set(c.confirmations)

    def __call__(self, name: str) -> None:
        at = self.clock()
        kind, detail = self.describe(name)
        if kind in COALESCED:
            self.log.record_burst(kind, detail, at)
        else:
            self.log.record(kind, detail, at)
        still = set(self.c.confirmations)
        if name.startswith(("confirm:", "withdraw:")):
            self.confirmed = still
            return
        if name in _WITHDRAWING:
            still = set()  # the rules withdraw both confirmations just after announcing these
        for role in sorted(self.confirmed - still):
            self.log.record("withdrawn", f"{role} (by the change)", at)  # i18n: not shown (data)
        self.confirmed = still

    def describe(self, name: str) -> tuple[str, str]:
        c = self.c
        event, __, arg = name.partition(":")
        if event == "set_rating":
            entry = c.ratings.get(arg)
            return "rating_changed", f"{arg}={entry.value}" if entry else f"{arg} cleared"
        if event == "set_own_words":
            return ("note_added" if arg in c.own_words else "note_cleared"), f"own_words:{arg}"
        if event == "set_clinician_view":
            return ("note_added" if c.clinician_view else "note_cleared"), "clinician_view"
        if event == "set_leaning":
            return "leaning_set", c.leaning.value if c.leaning else "cleared"
        if event == "set_preferred_role":
            return "preferred_role_set", c.preferred_role.value if c.preferred_role else "cleared"
        if event == "set_decision" and c.decision is not None:
            decision = c.decision.value
            if decision.option_id is None:
                return "decision_set", f"not yet: {decision.not_yet_reason}"  # i18n: not shown
            return "decision_set", decision.option_id
        if event == "clear_decision":
            return "decision_cleared", ""
        if event in _PLAN_EVENTS:
            return "plan_changed", _PLAN_EVENTS[event]
        if event in ("confirm", "withdraw"):
            return ("confirmed" if event == "confirm" else "withdrawn"), arg
        if event == "set_sure":
            score = sure_score(c)
            answered = f"{len(c.sure)} of 4 answered"
            return "sure_answered", answered if score is None else f"score {score} of 4"
        if event == "set_collaborate":  # the patient's own rating: which item, never the score
            has_answer = arg in getattr(c, "collaborate", {})
            return ("collaborate_answered" if has_answer else "collaborate_cleared"), arg
        if event == "answer_check":
            return "check_answered", f"{len(c.check_answers)} answered"
        if event in _TEAM_EVENTS:
            return "participants_changed", ""
        return "changed", name


def log_from_list(items: list[dict[str, Any]]) -> EventLog:
    """Read back `EventLog.as_list()` (ValueError on nonsense)."""
    log = EventLog()
    for item in items:
        if not isinstance(item, dict):
            raise ValueError("each logged event is a table")
        log.record(
            str(item.get("kind", "")),
            str(item.get("detail", "")),
            from_iso(str(item.get("at", ""))),
        )
        if item.get("kind") == STAGE_ENTERED:
            log.current_stage = str(item.get("detail", ""))
        elif item.get("kind") == STAGE_LEFT and log.current_stage == item.get("detail"):
            log.current_stage = None
    return log
