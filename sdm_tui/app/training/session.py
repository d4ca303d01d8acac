"""A rehearsal in progress: its scenario, event log and observer scores, held by the app."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sdm_tui.consultation.record import utc_now
from sdm_tui.export.timefmt import from_iso, to_iso
from sdm_tui.i18n import _
from sdm_tui.rehearsal.event_log import EventLog, log_from_list
from sdm_tui.rehearsal.option5 import ObserverScores
from sdm_tui.rehearsal.scenario import Scenario

if TYPE_CHECKING:
    from pathlib import Path

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
    exported_work: str | None = None
    """The trainer's work as it was when the debrief was last exported (`trainer_work`)."""
    _detach: Callable[[], None] | None = field(default=None, repr=False)

    def trainer_work(self) -> str:
        """The observer's scores and notes and the drawn-out marks, as one comparable
        string; "" while there are none."""
        if not (self.scores.scores or self.scores.notes or self.log.revealed_concerns()):
            return ""
        return json.dumps(
            [
                sorted(self.scores.scores.items()),
                sorted(self.scores.notes.items()),
                self.log.revealed_concerns(),
            ]
        )

    def has_unsaved_trainer_work(self) -> bool:
        """Scores, notes or marks that no exported debrief holds yet."""
        work = self.trainer_work()
        return bool(work) and work != self.exported_work

    def debrief_exported(self) -> None:
        self.exported_work = self.trainer_work()

    def recovery_state(self) -> dict[str, object]:
        """What crash recovery keeps of the rehearsal beside its consultation."""
        return {
            "scenario_id": self.scenario.id,
            "saved_at": to_iso(self.now()),
            "log": self.log.as_list(),
            "option5": self.scores.as_dict(),
            "paused": self.paused,
            "debrief_exported": bool(self.trainer_work()) and not self.has_unsaved_trainer_work(),
        }

    @classmethod
    def restored(
        cls, scenario: Scenario, state: Mapping[str, Any], clock: Callable[[], datetime]
    ) -> TrainingSession:
        """The rehearsal as `recovery_state` kept it (ValueError if it does not fit). The
        stage open at the crash is closed at the last save: the time down is not counted."""
        events, option5 = state.get("log"), state.get("option5")
        if not isinstance(events, list) or not isinstance(option5, Mapping):
            raise ValueError(_("the rehearsal's log or scores are missing"))
        session = cls(scenario, clock, log_from_list(events), ObserverScores.from_dict(option5))
        if session.log.current_stage is not None:
            saved_at = from_iso(str(state.get("saved_at", "")))
            session.log.stage_left(session.log.current_stage, saved_at)
        session.paused = state.get("paused") is True
        if state.get("debrief_exported") is True:
            session.debrief_exported()
        return session

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
    link_folder: Path | None = None
    """Where rehearsals meet `sdm-tui observe` (`sdm_tui.rehearsal.link`); None: no link."""


def start_rehearsal(app: SdmApp, scenario: Scenario) -> bool:
    """Open a consultation on the scenario's aid, in training mode, logged from the start.

    False (and a warning) when the library has not got the aid.
    """
    aid = scenario.aid or app.library.get(scenario.aid_id)
    if aid is None:
        app.notify(
            _("The decision aid {aid} is not in the library.").format(aid=repr(scenario.aid_id)),
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
        mode.start_link(app)
    return True


def trainer_work_changed(app: SdmApp) -> None:
    """Scores, notes or marks changed here: save them for crash recovery soon, and tell
    the observer's view."""
    from sdm_tui.app.training.mode import TrainingMode

    if app.autosaver is not None and app.consultation is not None:
        app.autosaver.changed("training")
    if isinstance(app.mode, TrainingMode) and app.mode.link is not None:
        app.mode.link.learner_changed()


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
