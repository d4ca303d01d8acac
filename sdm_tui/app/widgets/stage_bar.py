"""Where you are in the consultation; click a stage (or press its number) to go there."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from sdm_tui.app.stages import STAGES, Stage
from sdm_tui.i18n import _


class StageBar(Widget):
    """The stages in order, the current one marked by ▶ and by colour.

    One widget drawing every stage, rather than a widget per stage: it is on every screen,
    the first one included, and each widget costs styling, layout and drawing at each
    refresh of the screen.
    """

    DEFAULT_CSS = """
    StageBar {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $text-muted;
        pointer: pointer;
        & > .stage-bar--current { background: $primary; color: $text; text-style: bold; }
        & > .stage-bar--hover { background: $boost; color: $text; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"stage-bar--current", "stage-bar--hover"}

    _hover: reactive[Stage | None] = reactive(None, init=False)

    class Selected(Message):
        def __init__(self, stage: Stage) -> None:
            super().__init__()
            self.stage = stage

    def __init__(self, current: Stage) -> None:
        super().__init__()
        self.current = current

    def label(self, stage: Stage) -> str:
        return f"{'▶' if stage == self.current else ' '}{stage.number} {stage.short} "

    def render(self) -> Content:
        parts = []
        for stage in STAGES:
            part = Content(self.label(stage))
            if stage == self.current:
                part = part.stylize(self.get_visual_style("stage-bar--current"))
            elif stage == self._hover:
                part = part.stylize(self.get_visual_style("stage-bar--hover"))
            parts.append(part)
        return Content.assemble(*parts)

    def stage_at(self, x: int) -> Stage | None:
        """The stage drawn at column `x`, if any."""
        start = 0
        for stage in STAGES:
            end = start + Content(self.label(stage)).cell_length
            if start <= x < end:
                return stage
            start = end
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover = self.stage_at(event.x)
        self.tooltip = (
            None
            if self._hover is None
            else _("Go to {stage} (key {number})").format(
                stage=self._hover.title, number=self._hover.number
            )
        )

    def on_leave(self, event: events.Leave) -> None:
        self._hover = None

    def on_click(self, event: events.Click) -> None:
        stage = self.stage_at(event.x)
        if stage is not None:
            self.post_message(self.Selected(stage))
