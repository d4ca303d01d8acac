"""The stages of a consultation, in order (three-talk model: team, option, decision talk)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sdm_tui.i18n import N_, _

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class Stage:
    number: int
    key: str
    short_text: str
    """The name in the stage bar, in English (marked: `short` is it translated)."""
    title_text: str
    """The name over the stage, in English (marked: `title` is it translated)."""
    screen_path: str
    """`module:Class`, imported only when the stage is first opened."""

    @property
    def short(self) -> str:
        """The name in the stage bar, in the language shown."""
        return _(self.short_text)

    @property
    def title(self) -> str:
        """The name over the stage, in the language shown."""
        return _(self.title_text)

    def make_screen(self) -> Screen:
        module_name, class_name = self.screen_path.split(":")
        module = importlib.import_module(module_name)
        return getattr(module, class_name)()


STAGES: tuple[Stage, ...] = (
    Stage(
        1,
        "library",
        N_("Aid"),
        N_("Choose the aid"),
        "sdm_tui.app.screens.library:LibraryScreen",
    ),
    Stage(2, "team", N_("Team"), N_("Team talk"), "sdm_tui.app.screens.team:TeamTalkScreen"),
    Stage(
        3,
        "options",
        N_("Options"),
        N_("The options"),
        "sdm_tui.app.screens.options:OptionsScreen",
    ),
    Stage(
        4,
        "values",
        N_("What matters"),
        N_("What matters to you"),
        "sdm_tui.app.screens.values:ValuesScreen",
    ),
    Stage(5, "weigh", N_("Weigh up"), N_("Weigh up"), "sdm_tui.app.screens.weigh:WeighUpScreen"),
    Stage(
        6,
        "decide",
        N_("Decide"),
        N_("Decide together"),
        "sdm_tui.app.screens.decide:DecideScreen",
    ),
    Stage(
        7,
        "summary",
        N_("Summary"),
        N_("Summary"),
        "sdm_tui.app.screens.summary:SummaryScreen",
    ),
)

STAGE_BY_KEY = {stage.key: stage for stage in STAGES}
