"""The actor's persona card: who to play, what to say first, what to reveal only when asked.

F3 shows and hides it. The actor marks a concern "drawn out" when the learner has drawn it
out; the event log records when (and the debrief shows it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from sdm_tui.app.plain import plain
from sdm_tui.app.training.mode import training_session
from sdm_tui.app.training.session import trainer_work_changed
from sdm_tui.consultation.record import RATING_LABELS, ROLES_IN_DECIDING, UNSURE

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp
    from sdm_tui.app.training.session import TrainingSession
    from sdm_tui.rehearsal.scenario import Scenario

DRAWN_OUT = "✓ drawn out"
MARK = "Mark drawn out"


def heading(text: str) -> Static:
    return Static(Content(text), classes="card-heading")


def labelled(label: str, text: str) -> Content:
    return Content.assemble(Content(label).stylize("bold"), plain(text))


def leaning_text(scenario: Scenario) -> str:
    if scenario.hidden_leaning == UNSURE:
        return "Unsure"
    aid = scenario.aid
    option = (
        next((o for o in aid.options if o.id == scenario.hidden_leaning), None) if aid else None
    )
    return option.label if option is not None else scenario.hidden_leaning


def hidden_ratings_text(scenario: Scenario) -> Content:
    statements = {v.id: v.statement for v in scenario.aid.values} if scenario.aid else {}
    lines = [
        plain(f"{rating} {RATING_LABELS[rating]:<12} {statements.get(value_id, value_id)}")
        for value_id, rating in scenario.hidden_ratings.items()
    ]
    return Content("\n").join(lines)


class PersonaCardScreen(ModalScreen[None]):
    CSS_PATH = "persona_card.tcss"
    BINDINGS = [
        Binding("f3,escape", "hide", "Hide card", id="hide-card", tooltip="Hide the persona card"),
    ]

    @property
    def session(self) -> TrainingSession:
        session = training_session(cast("SdmApp", self.app))
        assert session is not None, "the persona card is shown only in a rehearsal"
        return session

    def compose(self) -> ComposeResult:
        scenario = self.session.scenario
        persona = scenario.persona
        revealed = set(self.session.log.revealed_concerns())
        with Vertical(id="card"):
            yield Static(
                plain(f"TRAINING · Persona card: {persona.name}, {persona.age} (fictional)"),
                id="card-title",
            )
            with VerticalScroll(id="card-body"):
                yield Static(plain(persona.situation))
                yield Static(labelled("Opening line: ", persona.opening_line))
                if persona.manner:
                    yield Static(labelled("How to play: ", persona.manner))
                if persona.preferred_role:
                    role = ROLES_IN_DECIDING.get(persona.preferred_role, persona.preferred_role)
                    yield Static(labelled("If asked how to decide: ", role))
                yield heading("Hidden: say only when asked")
                yield Static(labelled("Leaning: ", leaning_text(scenario)))
                if scenario.leaning_reason:
                    yield Static(labelled("Why: ", scenario.leaning_reason))
                yield Static(Content("What matters (0-4), if asked:").stylize("bold"))
                yield Static(hidden_ratings_text(scenario), id="hidden-ratings")
                if scenario.concerns:
                    yield heading("Concerns: reveal only when")
                    for index, concern in enumerate(scenario.concerns):
                        done = concern.id in revealed
                        with Horizontal(classes="concern"):
                            yield Static(
                                Content.assemble(
                                    plain(concern.text),
                                    "\n",
                                    plain(f"Reveal when: {concern.reveal_when}").stylize("dim"),
                                ),
                                classes="concern-text",
                            )
                            yield Button(
                                Content(DRAWN_OUT if done else MARK),
                                id=f"reveal-{index}",
                                disabled=done,
                                compact=True,
                            )
                if scenario.cues:
                    yield heading("Cues")
                    for cue in scenario.cues:
                        when = f" ({cue.when})" if cue.when else ""
                        yield Static(plain(f"• {cue.text}{when}"))
            yield Button(Content("Hide card (F3)"), id="hide-card")

    def on_mount(self) -> None:
        self.query_one("#card-body").focus()

    @on(Button.Pressed, "#hide-card")
    def action_hide(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, ".concern Button")
    def _reveal(self, event: Button.Pressed) -> None:
        index = int((event.button.id or "reveal-0").removeprefix("reveal-"))
        concern = self.session.scenario.concerns[index]
        self.session.log.concern_revealed(concern.id, self.session.now())
        trainer_work_changed(cast("SdmApp", self.app))
        event.button.label = Content(DRAWN_OUT)
        event.button.disabled = True
