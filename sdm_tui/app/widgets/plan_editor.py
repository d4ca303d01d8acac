"""Edit a plan of steps (what, who, by when): one row per step, and a row to add one.

The editor only shows and reports: it posts a message for every add, edit and removal and
the screen decides what happens (through the consultation rules), then calls `show_steps`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Select, Static

from sdm_tui.app.widgets.safe_select import SafeSelect
from sdm_tui.i18n import N_, _, pgettext

STEP_TEXT_LENGTH = 300
"""Long enough for a step; stops a pasted page from landing in one cell."""

WHO_LABELS = {
    "patient": N_("Patient"),
    "clinician": N_("Clinician"),
    "both": N_("Both"),
    "someone else": N_("Someone else"),
}
"""How each choice of who does a step reads (the record keeps the English key)."""


def who_label(who: str) -> str:
    """`who` as the list shows it, in the language shown."""
    return _(WHO_LABELS[who]) if who in WHO_LABELS else who.capitalize()


@dataclass(frozen=True)
class StepText:
    """One step as typed: what is to be done, who does it, by when."""

    what: str
    who: str
    by_when: str = ""


class PlanStepRow(Horizontal):
    """One step: what, who, by when, and a button to remove it (or to add the new step)."""

    def __init__(self, index: int | None, step: StepText, who_choices: Sequence[str]) -> None:
        super().__init__(classes="plan-row" + (" -new" if index is None else ""))
        self.index = index
        """The step's place in the plan, or None for the row that adds a step."""
        self.step = step
        """What this row last reported, so that unchanged values are not reported again."""
        self.who_choices = who_choices

    def compose(self) -> ComposeResult:
        is_new = self.index is None
        number = pgettext("plan step", "New") if self.index is None else f"{self.index + 1}."
        yield Static(Content(number), classes="step-number")
        yield Input(
            self.step.what,
            placeholder=_("What is to be done") if is_new else _("What (needed)"),
            max_length=STEP_TEXT_LENGTH,
            classes="step-what",
        )
        yield SafeSelect(
            [(Content(who_label(who)), who) for who in self.who_choices],
            value=self.step.who,
            allow_blank=False,
            classes="step-who",
            tooltip=_("Who does it"),
        )
        yield Input(
            self.step.by_when,
            placeholder=_("By when"),
            max_length=STEP_TEXT_LENGTH,
            classes="step-by-when",
        )
        if is_new:
            yield Button(Content(_("Add step")), classes="add-step", tooltip=_("Add this step"))
        else:
            yield Button(Content(_("Remove")), classes="remove-step", tooltip=_("Remove this step"))

    def typed(self) -> StepText:
        who = self.query_one(".step-who", Select).value
        return StepText(
            self.query_one(".step-what", Input).value,
            who if isinstance(who, str) else self.step.who,
            self.query_one(".step-by-when", Input).value,
        )


class PlanEditor(Vertical):
    """The plan as editable rows, then a row to add a step."""

    DEFAULT_CSS = """
    PlanEditor { height: auto; }
    PlanEditor #plan-steps { height: auto; }
    PlanEditor .plan-row { height: auto; }
    PlanEditor #plan-header { height: 1; color: $text-muted; }
    PlanEditor #plan-header Static { padding-left: 1; }
    PlanEditor #plan-header .step-number { width: 4; }
    PlanEditor .step-number { width: 4; padding: 1 1 0 0; text-align: right; }
    PlanEditor .plan-row.-new .step-number { color: $text-muted; }
    PlanEditor .step-what { width: 2fr; }
    PlanEditor .step-who { width: 20; }
    PlanEditor .step-by-when { width: 1fr; }
    PlanEditor .plan-row Button, PlanEditor .step-button { width: 12; min-width: 10; }
    PlanEditor #no-steps { color: $text-muted; padding-left: 4; }
    """

    @dataclass
    class StepAdded(Message):
        editor: PlanEditor
        step: StepText

    @dataclass
    class StepEdited(Message):
        editor: PlanEditor
        index: int
        step: StepText

    @dataclass
    class StepRemoved(Message):
        editor: PlanEditor
        index: int

    def __init__(
        self,
        steps: Sequence[StepText],
        who_choices: Sequence[str],
        new_who: str,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.steps = list(steps)
        self.who_choices = who_choices
        self.new_who = new_who
        """Who a new step starts with."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="plan-header"):
            yield Static(Content(""), classes="step-number")
            yield Static(Content(pgettext("plan column", "What")), classes="step-what")
            yield Static(Content(pgettext("plan column", "Who")), classes="step-who")
            yield Static(Content(_("By when")), classes="step-by-when")
            yield Static(Content(""), classes="step-button")
        with Vertical(id="plan-steps"):
            yield from self._rows()
        yield PlanStepRow(None, StepText("", self.new_who), self.who_choices)

    def _rows(self) -> list[Static | PlanStepRow]:
        if not self.steps:
            return [Static(Content(_("No steps yet: add the first one below.")), id="no-steps")]
        return [PlanStepRow(index, step, self.who_choices) for index, step in enumerate(self.steps)]

    async def show_steps(self, steps: Sequence[StepText]) -> None:
        """Rebuild the rows from `steps` (after a step was added or removed)."""
        self.steps = list(steps)
        container = self.query_one("#plan-steps", Vertical)
        await container.remove_children()
        await container.mount_all(self._rows())

    def clear_new_step(self) -> None:
        row = self.new_step_row
        row.query_one(".step-what", Input).value = ""
        row.query_one(".step-by-when", Input).value = ""
        row.query_one(".step-what", Input).focus()

    @property
    def new_step_row(self) -> PlanStepRow:
        return self.query_one(".plan-row.-new", PlanStepRow)

    def step_rows(self) -> list[PlanStepRow]:
        return [row for row in self.query(PlanStepRow) if row.index is not None]

    @on(Input.Changed)
    @on(Select.Changed)
    def _edited(self, event: Input.Changed | Select.Changed) -> None:
        row = event.control.parent
        if not isinstance(row, PlanStepRow) or row.index is None:
            return
        typed = row.typed()
        if typed != row.step:
            row.step = typed
            self.post_message(self.StepEdited(self, row.index, typed))

    @on(Button.Pressed, ".add-step")
    @on(Input.Submitted, ".plan-row.-new Input")  # i18n: not shown
    def _add(self, event: Message) -> None:
        event.stop()
        self.post_message(self.StepAdded(self, self.new_step_row.typed()))

    @on(Button.Pressed, ".remove-step")
    def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        row = event.button.parent
        if isinstance(row, PlanStepRow) and row.index is not None:
            self.post_message(self.StepRemoved(self, row.index))
