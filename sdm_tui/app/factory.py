"""One factory builds the app from loaded objects; the CLI and the tests both use it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sdm_tui.aid.library import Library, load_library
from sdm_tui.app.app import SdmApp
from sdm_tui.app.mode import AppMode, ClinicalMode
from sdm_tui.settings.config import AppConfig

if TYPE_CHECKING:
    from sdm_tui.app.delays import Delays
    from sdm_tui.app.training.session import ScenarioChoice
    from sdm_tui.consultation.record import Mode
    from sdm_tui.settings import ResolvedSettings


def first_screen_aids() -> int:
    """Aids loaded before the first screen: as many as its list can show (an entry takes
    three lines or more). A larger library's other files are checked once the screen shows
    (LibraryScreen), so a large one starts as fast."""
    return max(8, shutil.get_terminal_size().lines // 3)


def app_mode(mode: Mode, scenario_choice: ScenarioChoice | None = None) -> AppMode:
    """The mode object for a mode's name (a preview is made by `make_preview_app`)."""
    if mode == "training":
        from sdm_tui.app.training.mode import TrainingMode

        return TrainingMode(scenario_choice)
    if mode == "clinical" and scenario_choice is None:
        return ClinicalMode()
    raise ValueError(f"make_app cannot make a {mode!r} app with {scenario_choice!r}")


def make_app(
    *,
    library: Library | None = None,
    aids_folder: Path | None = None,
    include_retired: bool = False,
    mode: Mode = "clinical",
    export_folder: Path | None = None,
    clock: Callable[[], datetime] | None = None,
    recovery: bool = True,
    recovery_folder: Path | None = None,
    idle_seconds: float = 300,
    delays: Delays | None = None,
    scenario_choice: ScenarioChoice | None = None,
    settings: ResolvedSettings | None = None,
) -> SdmApp:
    """Build the app. Crash recovery is on unless `recovery` is False.

    `settings` (the command line's): the settings in force, which replace the arguments
    they cover (aids and export folders, recovery, idle time). `scenario_choice`
    (training mode): the scenario picker replaces the library.
    """
    if settings is not None:
        config = AppConfig.from_settings(settings)
    else:
        config = AppConfig(
            aids_folder=aids_folder,
            export_folder=export_folder,
            idle_minutes=idle_seconds / 60,
            recovery=recovery,
        )
    app_mode_ = app_mode(mode, scenario_choice)
    if library is None:
        # The library screen comes first: it shows the first aids and checks the rest after.
        first = first_screen_aids() if scenario_choice is None else None
        library = load_library(config.aids_folder, first=first)
    store = None
    if config.recovery and app_mode_.keeps_recovery:
        from sdm_tui.store.recovery import RecoveryStore, default_recovery_folder

        folder = recovery_folder or default_recovery_folder()
        if app_mode_.recovery_subfolder:
            folder = folder / app_mode_.recovery_subfolder
        store = RecoveryStore(folder, max_age=config.recovery_max_age)
    app = SdmApp(
        library,
        config=config,
        mode=app_mode_,
        include_retired=include_retired,
        clock=clock,
        recovery=store,
        delays=delays,
    )
    app.settings = settings  # for the settings screen: where each value came from
    return app
