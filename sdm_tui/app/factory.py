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
) -> SdmApp:
    if library is None:
        library = load_library(aids_folder)
    return SdmApp(
        library,
        mode=mode,
        include_retired=include_retired,
        export_folder=export_folder,
        clock=clock,
    )
