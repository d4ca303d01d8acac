"""The app's mode: clinical, training or preview, as one object the screens ask.

A mode answers what differs between them: the banner over every screen, panels under
every stage, which keys are live, the first screen, and what happens as stages are
entered and a consultation ends. Training (`sdm_tui.app.training.mode`) and preview
(`sdm_tui.app.preview`) are subclasses; the app holds exactly one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from sdm_tui.app.training.keys import TRAINING_ACTION
from sdm_tui.app.widgets.banner import banner_lines

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

    from sdm_tui.aid.model import DecisionAid
    from sdm_tui.app.app import SdmApp
    from sdm_tui.app.stages import Stage
    from sdm_tui.consultation.record import Consultation, Mode


class AppMode:
    """Clinical use: no banner of its own, crash recovery on, no extra panels or keys."""

    name: ClassVar[Mode] = "clinical"
    """As the consultation record keeps it."""
    keeps_recovery: ClassVar[bool] = True
    """Whether the consultation is kept on disk against a crash (when the settings allow)."""
    recovery_subfolder: ClassVar[str] = ""
    """A folder of its own inside the recovery folder: a mode never offers another's files."""

    def banner(self, aid: DecisionAid | None) -> list[str]:
        """The warning lines over a screen showing `aid` (None: no aid yet)."""
        return banner_lines(aid, self.name)

    def compose_title_extras(self, stage: Stage) -> ComposeResult:
        """Widgets for a stage's title row, after the title."""
        yield from ()

    def compose_panels(self) -> ComposeResult:
        """Panels under every stage's body."""
        yield from ()

    def allows(self, action: str) -> bool:
        """Whether a stage key's action is live (shown in the footer, and answered)."""
        return action != TRAINING_ACTION

    def first_screen(self) -> Screen[object] | None:
        """The screen instead of the library at start; None: the library."""
        return None

    def stage_entered(self, key: str) -> None:
        """The app has gone to stage `key`."""

    def consultation_ended(self) -> None:
        """The consultation was closed (exported and ended, or discarded)."""

    def unsaved_work(self) -> str:
        """What of the mode's own work would be lost by quitting, in words; "" if nothing."""
        return ""

    def recovery_state(self) -> dict[str, object] | None:
        """The mode's own work to keep with the consultation against a crash (JSON-safe)."""
        return None

    def restore(self, app: SdmApp, state: object, consultation: Consultation) -> None:
        """Take back `recovery_state()` after a crash, before `consultation` is resumed."""


class ClinicalMode(AppMode):
    """A real consultation."""
