"""The keys every stage screen has in training mode only (hidden and inert otherwise)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from sdm_tui.i18n import _

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp

TRAINING_ACTION = "training"

TRAINING_BINDINGS = [  # words fixed at import, as Textual reads them (sdm_tui.i18n)
    Binding(
        "f3",
        "training('persona')",
        _("Persona"),
        id="training-persona",
        tooltip=_("Show or hide the actor's persona card"),
    ),
    Binding(
        "f4",
        "training('observer')",
        _("Score"),
        id="training-observer",
        tooltip=_("Show or hide the observer's OPTION-5 scoring"),
    ),
    Binding(
        "f8",
        "training('pause')",
        _("Pause"),
        id="training-pause",
        tooltip=_("Stop or restart the stage clock (a break, an interruption)"),
    ),
    Binding(
        "f5",
        "training('debrief')",
        _("Debrief"),
        id="training-debrief",
        tooltip=_("End the rehearsal's clock and show the debrief"),
    ),
]


def run_training_action(app: SdmApp, what: str) -> None:
    """Open the persona card, the observer panel or the debrief over the current stage."""
    from sdm_tui.app.training.mode import training_session

    if training_session(app) is None:
        return
    if what == "persona":
        from sdm_tui.app.training.persona_card import PersonaCardScreen

        app.push_screen(PersonaCardScreen())
    elif what == "observer":
        from sdm_tui.app.training.observer_panel import ObserverPanelScreen

        app.push_screen(ObserverPanelScreen())
    elif what == "pause":
        session = training_session(app)
        if session is not None:
            session.toggle_pause(app.current_stage.key)
        for screen in app.screen_stack:  # also under a panel shown over the stage
            for timer in screen.query("StageTimer"):
                timer.show_time()  # type: ignore[attr-defined]
    elif what == "debrief":
        from sdm_tui.app.training.debrief_screen import DebriefScreen

        app.push_screen(DebriefScreen())
