"""The observer's panel: the five Observer OPTION-5 behaviours, each 0-4 with a note.

F4 shows and hides it, docked at the right so the stage stays in view. Scores and notes
are kept in the rehearsal (`TrainingSession.scores`) as they are entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from sdm_tui.app.training.mode import training_session
from sdm_tui.app.training.session import trainer_work_changed
from sdm_tui.app.widgets.rating import ChoiceRow
from sdm_tui.rehearsal.option5 import CITATION, ITEMS, SCALE, ObserverScores

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp


def running_total(scores: ObserverScores) -> str:
    """ "OPTION-5 total: 70/100"; no total until all five items are scored."""
    return scores.running_text()


class ScoreRow(ChoiceRow):
    """0 No effort ... 4 Exemplary effort; keys 0-4 pick, Delete clears."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"choose({n})", SCALE[n], show=False) for n in range(len(SCALE))
    ]
    UNSET_TEXT = "– not scored yet"

    @dataclass
    class Changed(Message):
        row: ScoreRow
        value: int | None

        @property
        def control(self) -> ScoreRow:
            return self.row

    def __init__(self, number: int, value: int | None) -> None:
        labels = [f"{n} {label}" for n, label in enumerate(SCALE)]
        super().__init__(labels, value, id=f"score-{number}", classes="score")
        self.number = number

    def announce_change(self) -> None:
        self.post_message(self.Changed(self, self.value))


class ObserverPanelScreen(ModalScreen[None]):
    CSS_PATH = "observer_panel.tcss"
    BINDINGS = [
        Binding("f4,escape", "hide", "Hide panel", id="hide-panel", tooltip="Hide the panel"),
    ]

    @property
    def scores(self) -> ObserverScores:
        session = training_session(cast("SdmApp", self.app))
        assert session is not None, "the observer panel is shown only in a rehearsal"
        return session.scores

    def compose(self) -> ComposeResult:
        scores = self.scores
        with Vertical(id="observer"):
            yield Static(Content("TRAINING · Observer OPTION-5"), id="observer-title")
            yield Static(Content(running_total(scores)), id="option5-total")
            with VerticalScroll(id="observer-items"):
                for each in ITEMS:
                    yield Static(Content(f"{each.number}. {each.title}"), classes="item-title")
                    yield Static(Content(each.text), classes="item-text")
                    yield ScoreRow(each.number, scores.score(each.number))
                    yield Input(
                        scores.note(each.number),
                        placeholder="Note: what was said, what could be better",
                        id=f"note-{each.number}",
                        classes="note",
                        compact=True,
                    )
                yield Static(
                    Content(f"0-4 each; total = sum / 20 x 100. Paraphrased from: {CITATION}"),
                    id="citation",
                )
            yield Button(Content("Hide panel (F4)"), id="hide-panel", compact=True)

    def on_mount(self) -> None:
        cast("SdmApp", self.app).steady_cursor(self)
        self.query_one("#score-1", ScoreRow).focus()

    def _show_total(self) -> None:
        self.query_one("#option5-total", Static).update(Content(running_total(self.scores)))

    @on(ScoreRow.Changed)
    def _scored(self, event: ScoreRow.Changed) -> None:
        self.scores.set_score(event.row.number, event.value)
        self._show_total()
        trainer_work_changed(cast("SdmApp", self.app))

    @on(Input.Changed, ".note")
    def _noted(self, event: Input.Changed) -> None:
        number = int((event.input.id or "note-1").removeprefix("note-"))
        self.scores.set_note(number, event.value)
        trainer_work_changed(cast("SdmApp", self.app))

    @on(Button.Pressed, "#hide-panel")
    def action_hide(self) -> None:
        self.dismiss(None)
