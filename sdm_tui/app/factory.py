"""One factory builds the app from loaded objects; the CLI and the tests both use it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sdm_tui.aid.library import Library, load_library
from sdm_tui.app.app import SdmApp


def make_app(
    *,
    library: Library | None = None,
    aids_folder: Path | None = None,
    include_retired: bool = False,
    mode: str = "clinical",
    export_folder: Path | None = None,
    clock: Callable[[], datetime] | None = None,
    recovery: bool = True,
    recovery_folder: Path | None = None,
    idle_seconds: float = 300,
) -> SdmApp:
    """Build the app. Crash recovery is on unless `recovery` is False (or mode is preview)."""
    if library is None:
        library = load_library(aids_folder)
    store = None
    if recovery and mode != "preview":
        from sdm_tui.store.recovery import RecoveryStore, default_recovery_folder

        store = RecoveryStore(recovery_folder or default_recovery_folder())
    return SdmApp(
        library,
        mode=mode,
        include_retired=include_retired,
        export_folder=export_folder,
        clock=clock,
        recovery=store,
        idle_seconds=idle_seconds,
    )
