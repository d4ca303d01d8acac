"""Privacy on a shared workstation: hide the consultation when nobody is using it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from sdm_tui.app.plain import notify_plain
from sdm_tui.i18n import _

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp
    from sdm_tui.app.delays import Stoppable

WARNING_SECONDS = 30


class PrivacyScreen(ModalScreen[None]):
    """Covers everything; shows nothing of the patient."""

    DEFAULT_CSS = """
    PrivacyScreen { background: $background 100%; }
    PrivacyScreen Static { width: auto; padding: 1 4; border: round $primary; }
    """
    BINDINGS = [Binding("enter,space", "reveal", _("Show the consultation"))]

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(
                Content(
                    _("Screen hidden for privacy.")
                    + "\n\n"
                    + _("Press Enter (or click) to show the consultation again.")
                )
            )

    def action_reveal(self) -> None:
        self.dismiss(None)

    def on_click(self) -> None:
        self.dismiss(None)


class TooSmallScreen(Screen[None]):
    """Shown instead of a cut-off layout; removed as soon as the window is large enough."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen Static { width: auto; height: auto; }
    """

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.needed = (width, height)
        self.held: list[events.Key | events.Paste] = []
        """What was typed or pasted while shown: the app hands it on when it goes."""

    def on_key(self, event: events.Key) -> None:
        self.held.append(events.Key(event.key, event.character))
        event.stop()

    def on_paste(self, event: events.Paste) -> None:
        self.held.append(events.Paste(event.text))
        event.stop()

    def compose(self) -> ComposeResult:
        yield Static(id="message")

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def show_size(self, width: int, height: int) -> None:
        need_w, need_h = self.needed
        self.query_one("#message", Static).update(
            Content(
                "\n".join(
                    (
                        _("This window is {width}×{height}.").format(width=width, height=height),
                        _("sdm-tui needs at least {width}×{height}.").format(
                            width=need_w, height=need_h
                        ),
                        _("Make the window larger (or the font smaller)."),
                    )
                )
            )
        )


class IdleWatcher:
    """One timer at a time: it wakes at the deadline, never spins while idle."""

    def __init__(self, app: SdmApp, idle_seconds: float) -> None:
        self.app = app
        self.idle_seconds = idle_seconds
        self.last_activity = app.delays.monotonic()
        self._timer: Stoppable | None = None
        self._warned = False

    def start(self) -> None:
        if self.idle_seconds > 0:
            self._arm(self.idle_seconds - min(WARNING_SECONDS, self.idle_seconds / 2))

    def restart(self, idle_seconds: float) -> None:
        """Use a new idle time from now on (the settings screen changed it)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.idle_seconds = idle_seconds
        self.activity()
        self.start()

    def activity(self) -> None:
        self.last_activity = self.app.delays.monotonic()
        self._warned = False

    def _arm(self, delay: float) -> None:
        self._timer = self.app.delays.later(max(delay, 0.05), self._wake, name="idle")

    def _wake(self) -> None:
        if not self.app.screen_stack:  # the app is closing
            return
        idle = self.app.delays.monotonic() - self.last_activity
        warn_at = self.idle_seconds - min(WARNING_SECONDS, self.idle_seconds / 2)
        if not self.app.has_patient_data() or isinstance(self.app.screen, PrivacyScreen):
            self._arm(self.idle_seconds)
        elif idle >= self.idle_seconds:
            self.app.lock_screen()
            self._arm(self.idle_seconds)
        elif idle >= warn_at and not self._warned:
            self._warned = True
            remaining = round(self.idle_seconds - idle)
            notify_plain(
                self.app,
                _("No activity: the screen will be hidden in {seconds} s.").format(
                    seconds=remaining
                ),
                title=_("Privacy"),
                timeout=min(remaining, 10),
            )
            self._arm(self.idle_seconds - idle)
        else:
            self._arm((warn_at if idle < warn_at else self.idle_seconds) - idle)
