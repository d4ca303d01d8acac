"""What every consultation stage shares: banner, stage bar, keys, footer."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from sdm_tui.app.plain import plain
from sdm_tui.app.stages import STAGE_BY_KEY
from sdm_tui.app.training.keys import TRAINING_BINDINGS, run_training_action
from sdm_tui.app.widgets.banner import Banner
from sdm_tui.app.widgets.footer import Footer
from sdm_tui.app.widgets.stage_bar import StageBar

if TYPE_CHECKING:
    from sdm_tui.aid.model import DecisionAid
    from sdm_tui.app.app import SdmApp
    from sdm_tui.consultation.record import Consultation, Contributor


def contributor_text(contributor: Contributor) -> Content:
    return Content(f"F2 entering as: {contributor}")


class StageScreen(Screen):
    """A stage of the consultation. Subclasses set `stage_key` and write `compose_body`."""

    stage_key = ""

    BINDINGS = [
        Binding("ctrl+n,alt+right", "step(1)", "Next", id="next", tooltip="Next stage"),
        Binding("ctrl+b,alt+left", "step(-1)", "Back", id="back", tooltip="Previous stage"),
        Binding(
            "f2",
            "app.cycle_contributor",
            "Who",
            id="contributor",
            tooltip="Who is entering: patient, clinician or both",
        ),
        *[
            Binding(str(n), f"jump({n})", f"Stage {n}", show=False, id=f"stage-{n}")
            for n in range(1, 8)
        ],
        *TRAINING_BINDINGS,
    ]

    @property
    def sdm_app(self) -> SdmApp:
        return cast("SdmApp", self.app)

    @property
    def consultation(self) -> Consultation:
        consultation = self.sdm_app.consultation
        assert consultation is not None, "stage screens exist only during a consultation"
        return consultation

    @property
    def aid(self) -> DecisionAid:
        return self.consultation.aid

    @property
    def contributor(self) -> Contributor:
        return self.sdm_app.contributor

    def compose(self) -> ComposeResult:
        mode = self.sdm_app.mode
        lines = mode.banner(self.aid)
        if lines:
            yield Banner(lines)
        stage = STAGE_BY_KEY[self.stage_key]
        yield StageBar(stage)
        with Horizontal(id="title-row"):
            yield Static(plain(f"{stage.title} · {self.aid.title}"), id="stage-title")
            yield from mode.compose_title_extras(stage)
            yield Static(contributor_text(self.contributor), id="contributor")
        with Container(id="body"):
            yield from self.compose_body()
        yield from mode.compose_panels()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "contributor", self._show_contributor, init=False)
        self.sdm_app.steady_cursor(self)
        self.sdm_app.drafts.restore(self.stage_key, self)  # typed, not added, before

    def _show_contributor(self, contributor: Contributor) -> None:
        self.query_one("#contributor", Static).update(contributor_text(contributor))

    @on(StageBar.Selected)
    def _stage_selected(self, event: StageBar.Selected) -> None:
        self.sdm_app.go_to_stage(event.stage.key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # E.g. the rehearsal keys exist only in training mode: hidden from the footer otherwise.
        return self.sdm_app.mode.allows(action)

    def action_training(self, what: str) -> None:
        run_training_action(self.sdm_app, what)

    def action_step(self, delta: int) -> None:
        self.sdm_app.step(delta)

    def action_jump(self, number: int) -> None:
        from sdm_tui.app.stages import STAGES

        self.sdm_app.go_to_stage(STAGES[number - 1].key)
