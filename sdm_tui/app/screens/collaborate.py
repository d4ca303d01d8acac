"""The patient's own rating of the consultation (CollaboRATE), for the patient alone.

Nothing the clinician entered is on this screen, and the clinician is asked to look away:
the answers are the patient's, they go into the clinic record only, and they may be
skipped entirely.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from sdm_tui.app.widgets.rating import ChoiceRow
from sdm_tui.consultation.collaborate import (
    COLLABORATE_CITATION,
    COLLABORATE_INTRO,
    COLLABORATE_ITEMS,
    COLLABORATE_LABELS,
    set_collaborate,
)
from sdm_tui.i18n import _

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp
    from sdm_tui.consultation.record import Consultation


class EffortAnswer(ChoiceRow):
    """0 (no effort was made) .. 4 (every effort was made); number keys pick directly."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"choose({n})", _(COLLABORATE_LABELS[n]), show=False)
        for n in range(len(COLLABORATE_LABELS))
    ]

    @dataclass
    class Changed(Message):
        answer: EffortAnswer
        value: int | None

        @property
        def control(self) -> EffortAnswer:
            return self.answer

    def __init__(self, value: int | None = None, *, id: str | None = None) -> None:
        labels = [f"{n} {_(label)}" for n, label in enumerate(COLLABORATE_LABELS)]
        super().__init__(labels, value, id=id)

    def announce_change(self) -> None:
        self.post_message(self.Changed(self, self.value))


class CollaborateScreen(Screen[None]):
    CSS_PATH = "collaborate.tcss"
    BINDINGS = [Binding("escape", "done", _("Done"), id="collaborate-done")]

    @property
    def consultation(self) -> Consultation:
        consultation = cast("SdmApp", self.app).consultation
        assert consultation is not None, "CollaboRATE is asked during a consultation"
        return consultation

    def compose(self) -> ComposeResult:
        consultation = self.consultation
        with VerticalScroll(id="collaborate"):
            yield Static(Content(_("For you to answer")), id="for-you")
            yield Static(
                Content(
                    _(
                        "These three questions are for the patient alone: the clinician is "
                        "asked to look away. Your answers go into the clinic's record, not "
                        "your copy. You may skip any of them, or all."
                    )
                ),
                classes="muted",
            )
            yield Static(Content(_(COLLABORATE_INTRO)), classes="heading")
            for key, question in COLLABORATE_ITEMS:
                entry = consultation.collaborate.get(key)
                with Vertical(classes="item"):
                    yield Static(Content(_(question)), classes="question")
                    yield EffortAnswer(entry.value if entry else None, id=f"collaborate-{key}")
            with Horizontal(id="collaborate-buttons"):
                yield Button(Content(_("Done")), id="done", variant="primary")
            yield Static(
                Content(_("CollaboRATE: {citation}").format(citation=_(COLLABORATE_CITATION))),
                classes="muted cite",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(EffortAnswer).focus()

    @on(EffortAnswer.Changed)
    def _answered(self, event: EffortAnswer.Changed) -> None:
        key = (event.answer.id or "").removeprefix("collaborate-")
        set_collaborate(self.consultation, key, event.value)

    @on(Button.Pressed, "#done")
    def action_done(self) -> None:
        self.dismiss(None)
