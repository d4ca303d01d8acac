"""Wake once per save of one file, for `sdm-tui preview`.

Editors save by writing the file in place, or by writing a new file and renaming it over
the old one (vim, VS Code, most IDEs): the old file's watch would see nothing after the
rename. So the file's folder is watched, and changes are matched by the file's name.

watchfiles (Rust notify: inotify on Linux, FSEvents on macOS) sleeps until the system
reports a change; without it, the file's size and modification time are polled twice a
second.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from sdm_tui.store.safe_files import file_signature

POLL_SECONDS = 0.5
QUIET_MS = 50
"""A save is reported once no more changes have come for this long (one save, one reload)."""
MOST_MS = 400
"""... or at the latest this long after its first change, however busy the editor is."""


async def poll_saves(path: Path, seconds: float = POLL_SECONDS) -> AsyncIterator[None]:
    """Yield after each change of `path`'s modification time, size or inode."""
    last = file_signature(path)
    while True:
        await asyncio.sleep(seconds)
        now = file_signature(path)
        if now != last:
            last = now
            yield


async def notified_saves(path: Path, stop: threading.Event) -> AsyncIterator[None]:
    """Yield after each save of `path`, as the system reports it; ends when `stop` is set."""
    import watchfiles

    name = path.name

    def is_the_file(_change: watchfiles.Change, changed: str) -> bool:
        return Path(changed).name == name

    async for _changes in watchfiles.awatch(
        path.parent,
        watch_filter=is_the_file,
        debounce=MOST_MS,
        step=QUIET_MS,
        stop_event=stop,
        recursive=False,
    ):
        yield


def watchfiles_available() -> bool:
    if os.environ.get("SDM_TUI_PREVIEW_POLL"):  # tests and odd file systems: force polling
        return False
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return False
    return True


def saves(path: Path, stop: threading.Event) -> AsyncIterator[None]:
    """Each save of `path`: notified by the system where watchfiles is installed, else polled."""
    path = Path(path).absolute()
    if watchfiles_available():
        return notified_saves(path, stop)
    return poll_saves(path)
