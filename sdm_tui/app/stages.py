"""The stages of a consultation, in order (three-talk model: team, option, decision talk)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class Stage:
    number: int
    key: str
    short: str
    title: str
    screen_path: str
    """`module:Class`, imported only when the stage is first opened."""

    def make_screen(self) -> Screen:
        module_name, class_name = self.screen_path.split(":")
        module = importlib.import_module(module_name)
        return getattr(module, class_name)()


STAGES: tuple[Stage, ...] = (
    Stage(1, "library", "Aid", "Choose the aid", "sdm_tui.app.screens.library:LibraryScreen"),
    Stage(2, "team", "Team", "Team talk", "sdm_tui.app.screens.team:TeamTalkScreen"),
    Stage(3, "options", "Options", "The options", "sdm_tui.app.screens.options:OptionsScreen"),
    Stage(
        4,
        "values",
        "What matters",
        "What matters to you",
        "sdm_tui.app.screens.values:ValuesScreen",
    ),
    Stage(5, "weigh", "Weigh up", "Weigh up", "sdm_tui.app.screens.weigh:WeighUpScreen"),
    Stage(6, "decide", "Decide", "Decide together", "sdm_tui.app.screens.decide:DecideScreen"),
    Stage(7, "summary", "Summary", "Summary", "sdm_tui.app.screens.summary:SummaryScreen"),
)

STAGE_BY_KEY = {stage.key: stage for stage in STAGES}
