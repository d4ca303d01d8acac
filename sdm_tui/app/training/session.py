"""A rehearsal in progress: its scenario, event log and observer scores, held by the app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sdm_tui.consultation.record import utc_now
from sdm_tui.rehearsal.event_log import EventLog
from sdm_tui.rehearsal.option5 import ObserverScores
from sdm_tui.rehearsal.scenario import Scenario

if TYPE_CHECKING:
    from sdm_tui.aid.library import LoadFailure
    from sdm_tui.app.app import SdmApp
    from sdm_tui.consultation.record import Consultation
    from sdm_tui.rehearsal.debrief_model import Debrief


@dataclass
class TrainingSession:
    """What a rehearsal adds to a consultation. The consultation itself stays the app's."""

    scenario: Scenario
    clock: Callable[[], datetime] = utc_now
    log: EventLog = field(default_factory=EventLog)
    scores: ObserverScores = field(default_factory=ObserverScores)
    paused: bool = False
    """The trainer stopped the stage clock (F8): no stage time counts until restarted."""
    _detach: Callable[[], None] | None = field(default=None, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def attach(self, consultation: Consultation) -> None:
        """Log the consultation's changes (ratings, notes, decision, confirmations ...)."""
        self.detach()
        self._detach = self.log.attach(consultation, self.clock)

    def detach(self) -> None:
        if self._detach is not None:
            self._detach()
            self._detach = None

    def stage_entered(self, key: str) -> None:
        """The app shows stage `key`: its clock runs (unless the trainer paused it)."""
        if not self.paused:
            self.log.stage_entered(key, self.now())

    def pause(self) -> None:
        """Stop the stage clock (while the debrief is shown)."""
        if self.log.current_stage is not None:
            self.log.stage_left(self.log.current_stage, self.now())

    def toggle_pause(self, key: str) -> None:
        """The trainer's pause (F8): stop the clock, or restart it on stage `key`."""
        if self.paused:
            self.paused = False
            self.stage_entered(key)
        else:
            self.paused = True
            self.pause()

    def stage_seconds(self, key: str) -> float:
        return self.log.stage_seconds(self.now()).get(key, 0.0)


@dataclass
class ScenarioChoice:
    """What the picker offers, and the scenario to start at once (`rehearse SCENARIO`)."""

    scenarios: list[Scenario]
    failures: list[LoadFailure] = field(default_factory=list)
    start_with: Scenario | None = None


def start_rehearsal(app: SdmApp, scenario: Scenario) -> bool:
    """Open a consultation on the scenario's aid, in training mode, logged from the start.

    False (and a warning) when the library has not got the aid.
    """
    aid = scenario.aid or app.library.get(scenario.aid_id)
    if aid is None:
        app.notify(
            f"The decision aid {scenario.aid_id!r} is not in the library.",
            severity="error",
            markup=False,
        )
        return False
    from sdm_tui.app.training.mode import TrainingMode

    mode = app.mode
    if not isinstance(mode, TrainingMode):
        raise ValueError("a rehearsal starts only in training mode")
    if mode.session is not None:
        mode.session.detach()
    session = mode.session = TrainingSession(scenario, app.clock or utc_now)
    app.start_consultation(aid)
    if app.consultation is not None:
        session.attach(app.consultation)
    return True


def debrief_data(app: SdmApp) -> Debrief:
    """The debrief of the rehearsal in progress (ValueError if the aid was changed)."""
    from sdm_tui.app.training.mode import training_session
    from sdm_tui.export import to_record
    from sdm_tui.rehearsal.debrief import build_debrief

    session, consultation = training_session(app), app.consultation
    if session is None or consultation is None:
        raise ValueError("no rehearsal is in progress")
    return build_debrief(
        session.scenario, to_record(consultation), session.log, session.scores, session.now()
    )
