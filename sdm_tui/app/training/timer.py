"""The running time on the current stage, in the title row: training mode only.

It ticks once a second in a real terminal. Under a test pilot (headless) it shows the time
when the stage opened and never ticks, so that screenshots do not depend on timing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.content import Content
from textual.widgets import Static

from sdm_tui.app.stages import Stage
from sdm_tui.app.training.mode import training_session
from sdm_tui.i18n import _

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp


def clock_text(seconds: float) -> str:
    """2:13, or 1:02:05 past an hour."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class StageTimer(Static):
    DEFAULT_CSS = """
    StageTimer { width: auto; padding: 0 1; color: $text; background: $boost; }
    """

    def __init__(self, stage: Stage) -> None:
        super().__init__(id="stage-timer")
        self.stage = stage

    def on_mount(self) -> None:
        self.show_time()
        if not self.app.is_headless:
            self.set_interval(1, self.show_time)

    def show_time(self) -> None:
        session = training_session(cast("SdmApp", self.app))
        seconds = session.stage_seconds(self.stage.key) if session is not None else 0.0
        stage, clock = _(self.stage.short), clock_text(seconds)
        if session is not None and session.paused:
            self.update(
                Content(_("⏸ {stage} {clock} paused (F8)").format(stage=stage, clock=clock))
            )
        else:
            self.update(Content(" ".join(("⏱", stage, clock))))
