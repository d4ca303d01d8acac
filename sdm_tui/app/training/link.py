"""The rehearsal's end of the observer link (`sdm_tui.rehearsal.link`), in the app.

It publishes the rehearsal (card, stage clock, scores, marks) for `sdm-tui observe` and looks
at the observer's file every POLL_SECONDS through the app's delays (a test drives them by
hand): new scores, notes and marks from the observer are taken into the rehearsal, logged
and kept for crash recovery like the trainer's own. A link that cannot work is said once,
as a warning; the rehearsal goes on without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdm_tui.app.plain import notify_plain
from sdm_tui.i18n import _
from sdm_tui.rehearsal.link import (
    POLL_SECONDS,
    LinkError,
    RehearsalLink,
    scenario_card,
    state_data,
)

if TYPE_CHECKING:
    from pathlib import Path

    from sdm_tui.app.app import SdmApp
    from sdm_tui.app.delays import Stoppable
    from sdm_tui.app.training.session import TrainingSession


class LearnerLink:
    """Publishes one rehearsal and takes in its observer's work."""

    def __init__(self, app: SdmApp, session: TrainingSession, folder: Path) -> None:
        self.app = app
        self.session = session
        self.link = RehearsalLink(folder)
        self.card = scenario_card(session.scenario)
        self.scores_revision = 0
        """Changes made to the scores on this side (the in-app panel)."""
        self.observer_revision = 0
        """The observer's last revision taken in."""
        self._published: tuple[str, bool] | None = None
        self._timer: Stoppable | None = None
        self._warned = False
        self.open = False

    @property
    def instance(self) -> str:
        return self.link.instance

    def start(self) -> None:
        try:
            self.link.open()
        except (LinkError, OSError) as error:
            self._warn(
                _("The observer's view (sdm-tui observe) is unavailable: {problem}").format(
                    problem=error
                )
            )
            return
        self.open = True
        self.publish()
        self._schedule()

    def _warn(self, text: str) -> None:
        if not self._warned:
            self._warned = True
            notify_plain(self.app, text, severity="warning", timeout=8)

    def _schedule(self) -> None:
        self._timer = self.app.delays.later(POLL_SECONDS, self.poll, name="rehearsal-link")

    def _stage(self) -> tuple[str, bool]:
        log = self.session.log
        key = self.app.current_stage.key
        return key, not self.session.paused and log.current_stage == key

    def publish(self) -> None:
        if not self.open:
            return
        stage_key, __ = stage = self._stage()
        data = state_data(
            self.link.instance,
            self.card,
            stage_key,
            self.session.log,
            self.session.scores,
            paused=self.session.paused,
            now=self.session.now(),
            scores_revision=self.scores_revision,
            observer_revision=self.observer_revision,
        )
        try:
            self.link.publish(data)
        except OSError as error:
            self._warn(
                _("The observer's view could not be updated: {problem}").format(
                    problem=error.strerror or error
                )
            )
            return
        self._published = stage

    def learner_changed(self) -> None:
        """Scores or marks were changed on this side: the observer takes them."""
        self.scores_revision += 1
        self.publish()

    def poll(self) -> None:
        self._timer = None
        if not self.open:
            return
        try:
            update = self.link.observer_update()
        except LinkError as error:
            self._warn(_("The observer's scores were not taken: {problem}").format(problem=error))
            update = None
        changed = False
        if update is not None and update.revision > self.observer_revision:
            self.observer_revision = update.revision
            self.session.scores = update.scores
            revealed = self.session.log.revealed_concerns()
            for concern_id in update.revealed:
                if concern_id not in revealed and any(
                    c.id == concern_id for c in self.session.scenario.concerns
                ):
                    self.session.log.concern_revealed(concern_id, self.session.now())
            changed = True
        if changed:
            if self.app.autosaver is not None and self.app.consultation is not None:
                self.app.autosaver.changed("training")
            for screen in self.app.screen_stack:
                refresh = getattr(screen, "observer_changed", None)
                if callable(refresh):
                    refresh()
        if changed or self._stage() != self._published:
            self.publish()
        self._schedule()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.open:
            self.link.close()
            self.open = False
