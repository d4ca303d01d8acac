"""One factory builds the app from loaded objects; the CLI and the tests both use it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sdm_tui.aid.library import Library, load_library
from sdm_tui.app.app import SdmApp

if TYPE_CHECKING:
    from sdm_tui.app.delays import Delays
    from sdm_tui.app.training.session import ScenarioChoice
    from sdm_tui.settings import ResolvedSettings


def first_screen_aids() -> int:
    """Aids loaded before the first screen: as many as its list can show (an entry takes
    three lines or more). A larger library's other files are checked once the screen shows
    (LibraryScreen), so a large one starts as fast."""
    return max(8, shutil.get_terminal_size().lines // 3)


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
    delays: Delays | None = None,
    scenario_choice: ScenarioChoice | None = None,
    settings: ResolvedSettings | None = None,
) -> SdmApp:
    """Build the app. Crash recovery is on unless `recovery` is False (or mode is preview).

    `scenario_choice` (training mode): the scenario picker replaces the library.
    """
    max_age: dict[str, timedelta] = {}
    if settings is not None:  # the settings in force replace the arguments they cover
        aids_folder = settings["aids_folder"] or None  # type: ignore[assignment]
        export_folder = settings["export_folder"] or None  # type: ignore[assignment]
        recovery = bool(settings["recovery"])
        idle_seconds = float(settings["idle_minutes"]) * 60  # type: ignore[arg-type]
        hours = float(settings["recovery_max_age_hours"])  # type: ignore[arg-type]
        max_age = {"max_age": timedelta(hours=hours)}
    if library is None:
        # The library screen comes first: it shows the first aids and checks the rest after.
        first = first_screen_aids() if scenario_choice is None else None
        library = load_library(aids_folder, first=first)
    store = None
    if recovery and mode != "preview":
        from sdm_tui.store.recovery import RecoveryStore, default_recovery_folder

        store = RecoveryStore(recovery_folder or default_recovery_folder(), **max_age)
    app = SdmApp(
        library,
        mode=mode,
        include_retired=include_retired,
        export_folder=export_folder,
        clock=clock,
        recovery=store,
        idle_seconds=idle_seconds,
        delays=delays,
    )
    app.scenario_choice = scenario_choice
    if settings is not None:
        app.use_settings(settings)
    return app
