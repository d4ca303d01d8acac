"""The persona card on the learner's screen: who the patient is and what they say first.

F3 shows and hides it. What the learner must discover (the hidden leaning, ratings, the
role in deciding, the concerns and cues) is not on this screen: it is in the observer's own
view (`sdm-tui observe`, in another terminal), where concerns are marked drawn out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from sdm_tui.app.plain import plain
from sdm_tui.app.training.mode import training_session
from sdm_tui.i18n import _

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp
    from sdm_tui.app.training.session import TrainingSession


def heading(text: str) -> Static:
    return Static(Content(text), classes="card-heading")


def labelled(label: str, text: str) -> Content:
    return Content.assemble(Content(label).stylize("bold"), plain(text))


class PersonaCardScreen(ModalScreen[None]):
    CSS_PATH = "persona_card.tcss"
    BINDINGS = [
        Binding(
            "f3,escape", "hide", _("Hide card"), id="hide-card", tooltip=_("Hide the persona card")
        ),
    ]

    @property
    def session(self) -> TrainingSession:
        session = training_session(cast("SdmApp", self.app))
        assert session is not None, "the persona card is shown only in a rehearsal"
        return session

    def compose(self) -> ComposeResult:
        persona = self.session.scenario.persona
        with Vertical(id="card"):
            yield Static(
                plain(
                    _("TRAINING · Persona card: {name}, {age} (fictional)").format(
                        name=persona.name, age=persona.age
                    )
                ),
                id="card-title",
            )
            with VerticalScroll(id="card-body"):
                yield Static(plain(persona.situation))
                yield Static(labelled(_("Opening line: "), persona.opening_line))
                if persona.manner:
                    yield Static(labelled(_("How to play: "), persona.manner))
                yield heading(_("Hidden from this screen"))
                yield Static(
                    Content(
                        _(
                            "What the learner must discover (the leaning, what matters, the "
                            "role in deciding, the concerns and the cues) is in the observer's "
                            "view: run `sdm-tui observe` in another terminal. Concerns are "
                            "marked drawn out there."
                        )
                    ),
                    id="hidden-elsewhere",
                )
            yield Button(Content(_("Hide card (F3)")), id="hide-card")

    def on_mount(self) -> None:
        self.query_one("#card-body").focus()

    @on(Button.Pressed, "#hide-card")
    def action_hide(self) -> None:
        self.dismiss(None)
