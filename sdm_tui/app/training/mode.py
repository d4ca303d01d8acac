"""Training mode: a rehearsal from a scenario (see docs/rehearsal.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from sdm_tui.app.mode import AppMode
from sdm_tui.app.training.keys import TRAINING_ACTION
from sdm_tui.i18n import _

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

    from sdm_tui.app.app import SdmApp
    from sdm_tui.app.stages import Stage
    from sdm_tui.app.training.link import LearnerLink
    from sdm_tui.app.training.session import ScenarioChoice, TrainingSession
    from sdm_tui.consultation.record import Consultation, Mode


class TrainingMode(AppMode):
    """Bannered TRAINING; the scenario picker first; a stage timer, and the persona,
    observer and debrief keys while a rehearsal is in progress."""

    name: ClassVar[Mode] = "training"
    recovery_subfolder: ClassVar[str] = "training"
    """Rehearsals are kept apart: a clinic's consultation is never offered in one."""

    def __init__(self, choice: ScenarioChoice | None = None) -> None:
        self.choice = choice
        """The scenarios offered; None: no picker (the library, as in clinical use)."""
        self.session: TrainingSession | None = None
        """The rehearsal in progress: scenario, event log, observer scores."""
        self.link: LearnerLink | None = None
        """The rehearsal published for `sdm-tui observe`; None: no link."""

    def start_link(self, app: SdmApp) -> None:
        """Publish the rehearsal in progress for the observer's view (if a folder is set)."""
        from sdm_tui.app.training.link import LearnerLink

        self.stop_link()
        folder = self.choice.link_folder if self.choice is not None else None
        if folder is not None and self.session is not None:
            self.link = LearnerLink(app, self.session, folder)
            self.link.start()

    def stop_link(self) -> None:
        if self.link is not None:
            self.link.close()
            self.link = None

    def compose_title_extras(self, stage: Stage) -> ComposeResult:
        if self.session is not None:
            from sdm_tui.app.training.timer import StageTimer

            yield StageTimer(stage)

    def allows(self, action: str) -> bool:
        return action != TRAINING_ACTION or self.session is not None

    def first_screen(self) -> Screen[object] | None:
        if self.choice is None:
            return None
        from sdm_tui.app.training.picker import ScenarioPickerScreen

        return ScenarioPickerScreen(self.choice)

    def stage_entered(self, key: str) -> None:
        if self.session is not None:
            self.session.stage_entered(key)

    def unsaved_work(self) -> str:
        if self.session is None or not self.session.has_unsaved_trainer_work():
            return ""
        return _(
            "The observer's OPTION-5 scores, notes and drawn-out marks are in no exported "
            "debrief yet (F5 shows it, Ctrl+S there saves it)."
        )

    def recovery_state(self) -> dict[str, object] | None:
        return self.session.recovery_state() if self.session is not None else None

    def restore(self, app: SdmApp, state: object, consultation: Consultation) -> None:
        """Bring back the rehearsal's scores, notes, marks and log with its consultation."""
        from collections.abc import Mapping

        from sdm_tui.app.plain import notify_plain
        from sdm_tui.app.training.session import TrainingSession
        from sdm_tui.consultation.record import utc_now

        scenarios = self.choice.scenarios if self.choice is not None else []
        wanted = state.get("scenario_id") if isinstance(state, Mapping) else None
        scenario = next((s for s in scenarios if s.id == wanted), None)
        try:
            if scenario is None or not isinstance(state, Mapping):
                raise ValueError(
                    _("its scenario {scenario} is not offered here").format(scenario=repr(wanted))
                )
            session = TrainingSession.restored(scenario, state, app.clock or utc_now)
        except ValueError as error:
            notify_plain(
                app,
                _("The rehearsal's consultation is back, but not its debrief: {problem}.").format(
                    problem=error
                ),
                severity="warning",
                timeout=10,
            )
            return
        if self.session is not None:
            self.session.detach()
        self.session = session
        session.attach(consultation)
        self.start_link(app)

    def consultation_ended(self) -> None:
        self.stop_link()
        if self.session is not None:
            self.session.detach()
            self.session = None


def training_session(app: SdmApp) -> TrainingSession | None:
    """The rehearsal in progress; None outside training mode or before one starts."""
    mode = app.mode
    return mode.session if isinstance(mode, TrainingMode) else None
