"""Where you are in the consultation; click a stage (or press its number) to go there."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from sdm_tui.app.stages import STAGES, Stage


class StageTab(Static):
    def __init__(self, stage: Stage, current: bool) -> None:
        marker = "▶" if current else " "
        super().__init__(Content(f"{marker}{stage.number} {stage.short} "), markup=False)
        self.stage = stage
        self.set_class(current, "-current")
        self.tooltip = f"Go to {stage.title} (key {stage.number})"

    @on(Click)
    def _go(self) -> None:
        self.post_message(StageBar.Selected(self.stage))


class StageBar(Horizontal):
    """The stages in order, the current one marked by ▶ and by colour."""

    DEFAULT_CSS = """
    StageBar { height: 1; width: 1fr; background: $panel; }
    StageBar StageTab { width: auto; color: $text-muted; }
    StageBar StageTab:hover { background: $boost; color: $text; }
    StageBar StageTab.-current { background: $primary; color: $text; text-style: bold; }
    """

    class Selected(Message):
        def __init__(self, stage: Stage) -> None:
            super().__init__()
            self.stage = stage

    def __init__(self, current: Stage) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        for stage in STAGES:
            yield StageTab(stage, stage == self.current)
