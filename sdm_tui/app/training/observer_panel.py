"""The observer's panel: the five Observer OPTION-5 behaviours, each 0-4 with a note.

F4 shows and hides it, docked at the right so the stage stays in view. Scores and notes
are kept in the rehearsal (`TrainingSession.scores`) as they are entered.
"""

from __future__ import annotations

from collections.abc import Callable
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

from sdm_tui.app.training.keys import run_training_action
from sdm_tui.app.training.mode import training_session
from sdm_tui.app.training.session import trainer_work_changed
from sdm_tui.app.widgets.rating import ChoiceRow
from sdm_tui.i18n import N_, _
from sdm_tui.rehearsal.option5 import CITATION, ITEMS, SCALE, ObserverScores

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp


def running_total(scores: ObserverScores) -> str:
    """ "OPTION-5 total: 70/100"; no total until all five items are scored."""
    return scores.running_text()


class ScoreRow(ChoiceRow):
    """0 No effort ... 4 Exemplary effort; keys 0-4 pick, Delete clears."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"choose({n})", _(SCALE[n]), show=False) for n in range(len(SCALE))
    ]
    UNSET_TEXT = N_("– not scored yet")
    """Marked here; ChoiceRow shows it translated."""

    @dataclass
    class Changed(Message):
        row: ScoreRow
        value: int | None

        @property
        def control(self) -> ScoreRow:
            return self.row

    def __init__(self, number: int, value: int | None) -> None:
        labels = [f"{n} {_(label)}" for n, label in enumerate(SCALE)]
        super().__init__(labels, value, id=f"score-{number}", classes="score")
        self.number = number

    def announce_change(self) -> None:
        self.post_message(self.Changed(self, self.value))


class Option5Form(VerticalScroll):
    """The five behaviours, each a score row and a note. Edits the scores `source()` gives
    in place and calls `changed()` after each real change (not when `show` redraws)."""

    def __init__(
        self,
        source: Callable[[], ObserverScores],
        changed: Callable[[], None],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.source = source
        self.changed = changed

    def compose(self) -> ComposeResult:
        scores = self.source()
        for each in ITEMS:
            yield Static(
                Content(_("{number}. {title}").format(number=each.number, title=_(each.title))),
                classes="item-title",
            )
            yield Static(Content(_(each.text)), classes="item-text")
            yield ScoreRow(each.number, scores.score(each.number))
            yield Input(
                scores.note(each.number),
                placeholder=_("Note: what was said, what could be better"),
                id=f"note-{each.number}",
                classes="note",
                compact=True,
            )
        yield Static(
            Content(
                _("0-4 each; total = sum / 20 x 100. Paraphrased from: {citation}").format(
                    citation=_(CITATION)
                )
            ),
            id="citation",
        )

    @on(ScoreRow.Changed)
    def _scored(self, event: ScoreRow.Changed) -> None:
        scores = self.source()
        if scores.score(event.row.number) != event.value:
            scores.set_score(event.row.number, event.value)
            self.changed()

    @on(Input.Changed, ".note")
    def _noted(self, event: Input.Changed) -> None:
        number = int((event.input.id or "note-1").removeprefix("note-"))
        scores = self.source()
        before = scores.note(number)
        scores.set_note(number, event.value)
        if scores.note(number) != before:
            self.changed()

    def show(self, scores: ObserverScores) -> None:
        """Redraw from `scores` (the other side's change); a note being typed is left be."""
        for row in self.query(ScoreRow):
            if row.value != scores.score(row.number):
                row.set_reactive(ScoreRow.value, scores.score(row.number))
                row.refresh(layout=True)
        for note in self.query(".note").results(Input):
            number = int((note.id or "note-1").removeprefix("note-"))
            if not note.has_focus and note.value.strip() != scores.note(number):
                note.value = scores.note(number)


class ObserverPanelScreen(ModalScreen[None]):
    """Over the stage, at the right, below the title row (the stage timer stays in view).
    The keys that move the rehearsal on (Ctrl+N, Ctrl+B, F3, F5) close it and act."""

    CSS_PATH = "observer_panel.tcss"
    BINDINGS = [
        Binding("f4,escape", "hide", _("Hide panel"), id="hide-panel", tooltip=_("Hide the panel")),
        Binding("ctrl+n,alt+right", "on_stage('step', 1)", _("Next"), show=False),
        Binding("ctrl+b,alt+left", "on_stage('step', -1)", _("Back"), show=False),
        Binding("f3", "on_stage('persona', 0)", _("Persona"), show=False),
        Binding("f5", "on_stage('debrief', 0)", _("Debrief"), show=False),
        Binding("f8", "pause", _("Pause"), show=False),
    ]

    @property
    def sdm_app(self) -> SdmApp:
        return cast("SdmApp", self.app)

    @property
    def scores(self) -> ObserverScores:
        session = training_session(self.sdm_app)
        assert session is not None, "the observer panel is shown only in a rehearsal"
        return session.scores

    def compose(self) -> ComposeResult:
        with Vertical(id="observer"):
            yield Static(Content(_("TRAINING · Observer OPTION-5")), id="observer-title")
            yield Static(Content(running_total(self.scores)), id="option5-total")
            yield Option5Form(lambda: self.scores, self._changed, id="observer-items")
            yield Button(Content(_("Hide panel (F4)")), id="hide-panel", compact=True)

    def on_mount(self) -> None:
        self.sdm_app.steady_cursor(self)
        stage = self.sdm_app.screen_stack[-2] if len(self.sdm_app.screen_stack) > 1 else None
        rows = stage.query("#title-row") if stage is not None else None
        if rows:
            region = rows.first().region
            self.query_one("#observer").styles.margin = (region.bottom, 0, 0, 0)
        self.query_one("#score-1", ScoreRow).focus()

    def _changed(self) -> None:
        self._show_total()
        trainer_work_changed(self.sdm_app)

    def _show_total(self) -> None:
        self.query_one("#option5-total", Static).update(Content(running_total(self.scores)))

    def observer_changed(self) -> None:
        """The observer's own view sent scores (`sdm-tui observe`): show them."""
        self.query_one(Option5Form).show(self.scores)
        self._show_total()

    def action_on_stage(self, what: str, delta: int) -> None:
        app = self.sdm_app
        self.dismiss(None)
        if what == "step":
            app.call_later(app.step, delta)
        else:
            app.call_later(run_training_action, app, what)

    def action_pause(self) -> None:
        run_training_action(self.sdm_app, "pause")

    @on(Button.Pressed, "#hide-panel")
    def action_hide(self) -> None:
        self.dismiss(None)
