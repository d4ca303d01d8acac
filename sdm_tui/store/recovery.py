"""Crash recovery: the consultation in progress, kept where only this user can read it.

One file, `consultation.json`, in a private folder (0700; the file 0600), replaced
atomically on every save. It is removed when the consultation ends or is discarded.
At start, temporary files orphaned by a crash mid-save are swept, and a recovery file
older than `max_age` is removed unopened: stale patient data helps nobody.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sdm_tui.store.atomic import TEMP_PREFIX, TEMP_SUFFIX, write_atomic
from sdm_tui.store.safe_files import read_regular_file

RECOVERY_FILE = "consultation.json"
DEFAULT_MAX_AGE = dt.timedelta(hours=12)


def default_recovery_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir("sdm-tui", appauthor=False)) / "recovery"


class RecoveryError(Exception):
    """The recovery file exists but cannot be read back."""


@dataclass(frozen=True)
class PendingRecovery:
    path: Path
    saved_at: dt.datetime
    record: dict[str, Any]


class RecoveryStore:
    def __init__(self, folder: Path, max_age: dt.timedelta = DEFAULT_MAX_AGE) -> None:
        self.folder = Path(folder)
        self.max_age = max_age
        self.path = self.folder / RECOVERY_FILE

    def prepare(self) -> None:
        """Make the private folder, sweep orphaned temporary files, drop a stale file."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.folder, 0o700)
        for orphan in self.folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                orphan.unlink()
        with contextlib.suppress(FileNotFoundError):
            age = time.time() - self.path.stat().st_mtime
            if age > self.max_age.total_seconds():
                self.path.unlink()

    def save(self, text: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(self.path, text.encode("utf-8"), overwrite=True, mode=0o600)

    def pending(self) -> PendingRecovery | None:
        """The saved consultation, if there is one; raises RecoveryError if unreadable."""
        try:
            raw = read_regular_file(self.path)
            saved_at = dt.datetime.fromtimestamp(self.path.stat().st_mtime, dt.timezone.utc)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise RecoveryError(f"cannot read {self.path}: {error.strerror}") from None
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise RecoveryError(f"{self.path} is damaged and cannot be read") from None
        if not isinstance(record, dict):
            raise RecoveryError(f"{self.path} does not hold a consultation")
        return PendingRecovery(self.path, saved_at, record)

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
