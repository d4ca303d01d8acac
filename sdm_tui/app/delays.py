"""Where the app's own waits come from: the idle lock's and the autosave's.

By default Textual's timers and the monotonic clock. A test injects a hand-driven source
(`SdmApp(delays=...)`, `make_app(delays=...)`) and moves time itself instead of sitting
out a real idle timeout or autosave delay.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App


class Stoppable(Protocol):
    """A delay already set: it can be called off before it runs."""

    def stop(self) -> object: ...


class Delays(Protocol):
    """A clock in seconds, and a way to run something once after a delay."""

    def monotonic(self) -> float: ...

    def later(self, seconds: float, callback: Callable[[], object], name: str) -> Stoppable: ...


class TextualDelays:
    """The real thing: `time.monotonic` and the app's own Textual timers."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app

    def monotonic(self) -> float:
        return time.monotonic()

    def later(self, seconds: float, callback: Callable[[], object], name: str) -> Stoppable:
        return self.app.set_timer(seconds, callback, name=name)
