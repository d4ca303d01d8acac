"""Training mode's first screen: choose a rehearsal scenario (it replaces the aid library)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from sdm_tui.app.plain import plain
from sdm_tui.app.screens.library import failure_text
from sdm_tui.app.stages import STAGES
from sdm_tui.app.training.session import ScenarioChoice, start_rehearsal
from sdm_tui.app.widgets.banner import Banner, banner_lines
from sdm_tui.i18n import _
from sdm_tui.rehearsal.scenario import Scenario

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp


def aid_title(scenario: Scenario) -> str:
    return scenario.aid.title if scenario.aid is not None else scenario.aid_id


def scenario_prompt(scenario: Scenario) -> Content:
    """Two lines: the title, then the fictional patient and the aid."""
    persona = scenario.persona
    return Content.assemble(
        plain(scenario.title).stylize("bold"),
        "\n  ",
        plain(
            _("{name}, {age} · {aid}").format(
                name=persona.name, age=persona.age, aid=aid_title(scenario)
            )
        ).stylize("dim"),
    )


def scenario_details(scenario: Scenario) -> Content:
    persona = scenario.persona
    lines = [
        Content.assemble(
            Content(_("Patient: ")).stylize("bold"),
            plain(_("{name}, {age}").format(name=persona.name, age=persona.age)),
        ),
        Content.assemble(Content(_("Decision aid: ")).stylize("bold"), plain(aid_title(scenario))),
        Content(""),
        plain(scenario.summary),
        Content(""),
        Content(_("Learning objectives")).stylize("bold"),
        *(Content.assemble("• ", plain(objective)) for objective in scenario.objectives),
    ]
    return Content("\n").join(lines)


class ScenarioPickerScreen(Screen):
    CSS_PATH = "picker.tcss"
    stage_key = "library"
    BINDINGS = [
        Binding("ctrl+n", "resume", _("Resume"), id="resume", tooltip=_("Back to the rehearsal")),
    ]

    def __init__(self, choice: ScenarioChoice) -> None:
        super().__init__()
        self.choice = choice

    @property
    def sdm_app(self) -> SdmApp:
        return cast("SdmApp", self.app)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":  # offered only when there is a rehearsal to go back to
            return self.sdm_app.consultation is not None
        return True

    def compose(self) -> ComposeResult:
        yield Banner(banner_lines(None, "training") or ["TRAINING"])
        yield Static(Content(_("Choose a rehearsal scenario")), id="stage-title")
        yield Static(
            Content(_("Every patient here is fictional. Enter starts the rehearsal.")),
            id="picker-hint",
            classes="muted",
        )
        with Horizontal(id="picker-body"):
            yield OptionList(
                *(Option(scenario_prompt(s), id=s.id) for s in self.choice.scenarios),
                id="scenarios",
            )
            yield VerticalScroll(Static(id="scenario-details"), id="scenario-pane")
        if self.choice.failures:
            with VerticalScroll(id="broken-scenarios"):
                for failure in self.choice.failures:
                    yield Static(failure_text(failure), classes="failure")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one("#scenarios", OptionList)
        if self.choice.scenarios:
            options.highlighted = 0
            self._show(self.choice.scenarios[0])
        else:
            self.query_one("#scenario-details", Static).update(
                Content(_("No scenario could be loaded: see the problems below."))
            )
        options.focus()
        start_with, self.choice.start_with = self.choice.start_with, None
        if start_with is not None:
            self.call_after_refresh(start_rehearsal, self.sdm_app, start_with)

    def on_screen_resume(self) -> None:
        if self.app.screen is self:  # not when a stage was opened before this event came
            self.sdm_app.current_stage = STAGES[0]

    def _scenario(self, scenario_id: str | None) -> Scenario | None:
        return next((s for s in self.choice.scenarios if s.id == scenario_id), None)

    def _show(self, scenario: Scenario) -> None:
        self.query_one("#scenario-details", Static).update(scenario_details(scenario))

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        scenario = self._scenario(event.option.id)
        if scenario is not None:
            self._show(scenario)

    @on(OptionList.OptionSelected, "#scenarios")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        scenario = self._scenario(event.option.id)
        if scenario is not None:
            start_rehearsal(self.sdm_app, scenario)

    def action_resume(self) -> None:
        if self.sdm_app.consultation is not None:
            self.sdm_app.go_to_stage(self.sdm_app.resume_stage)
