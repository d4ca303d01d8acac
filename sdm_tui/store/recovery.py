"""Crash recovery: the consultation in progress, kept where only this user can read it.

A private folder (0700) holds one file per running instance, `consultation-ID.json`
(0600), replaced atomically on every save, beside `consultation-ID.lock`. An instance
holds an exclusive `fcntl.flock` on its lock file for as long as it runs; the kernel
releases it when the process ends, however it ends (SIGKILL and power cuts included).
So two terminals on one account never see each other's patient: a file whose lock is
held belongs to a live instance and is never offered, read or swept. A file nobody holds
is a crashed instance's consultation: the next instance takes its lock (so no third one
is offered it too) and offers it back.

At start, temporary files orphaned by a crash mid-save are swept, and an unheld recovery
file older than `max_age`, or dated in the future (a clock set wrong, a file planted), is
removed unopened: stale patient data helps nobody. A file is removed when its
consultation ends or is discarded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sdm_tui.i18n import _
from sdm_tui.store.atomic import TEMP_PREFIX, TEMP_SUFFIX, write_atomic
from sdm_tui.store.safe_files import read_regular_file

RECOVERY_PREFIX = "consultation"
DEFAULT_MAX_AGE = dt.timedelta(hours=8)
"""One clinic day: a morning's crash is resumed by evening, never by the next day's user."""
FUTURE_SLACK = dt.timedelta(minutes=5)
"""A file dated later than now by more than this is stale (clocks differ by less)."""
ORPHAN_AGE = dt.timedelta(minutes=1)
"""A temporary file older than this is a crash's orphan; a younger one may be a live
instance's save in progress, which must not be pulled from under it."""


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


def _lock_path(data_path: Path) -> Path:
    return data_path.with_suffix(".lock")


def _try_lock(lock_path: Path) -> int | None:
    """An open descriptor holding an exclusive lock on `lock_path`, or None if it is held."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


class RecoveryStore:
    """This instance's recovery file, and the unheld files of instances that died."""

    def __init__(self, folder: Path, max_age: dt.timedelta = DEFAULT_MAX_AGE) -> None:
        self.folder = Path(folder)
        self.max_age = max_age
        self.instance = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.path = self.folder / f"{RECOVERY_PREFIX}-{self.instance}.json"
        self._lock: int | None = None
        self._claimed: dict[Path, int] = {}
        """Unheld files of dead instances this one has locked: offered, adopted or let go."""

    # -- this instance -------------------------------------------------------------

    def prepare(self) -> None:
        """Make the private folder, sweep what crashes left."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.folder, 0o700)
        now = time.time()
        for orphan in self.folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if now - orphan.lstat().st_mtime > ORPHAN_AGE.total_seconds():
                    orphan.unlink()
        for path in self._others():
            fd = _try_lock(_lock_path(path))
            if fd is None:
                continue  # a live instance's: not ours to judge
            try:
                if self._is_stale(path, now):
                    _remove(path)
            finally:
                os.close(fd)
        for lock in self.folder.glob(f"{RECOVERY_PREFIX}*.lock"):
            if lock.with_suffix(".json").exists() or lock == _lock_path(self.path):
                continue
            fd = _try_lock(lock)  # an ended instance's lock file, left behind
            if fd is not None:
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()
                os.close(fd)

    def _hold_own_lock(self) -> None:
        """Lock this instance's file before its first save (a file on disk is never
        unlocked while its instance runs). Should another instance have taken the name's
        lock file meanwhile, this one moves to a fresh name."""
        while self._lock is None:
            self._lock = _try_lock(_lock_path(self.path))
            if self._lock is None:
                self.instance = f"{os.getpid()}-{secrets.token_hex(4)}"
                self.path = self.folder / f"{RECOVERY_PREFIX}-{self.instance}.json"

    def _is_stale(self, path: Path, now: float) -> bool:
        try:
            saved = path.stat().st_mtime
        except OSError:
            return False
        return (
            now - saved > self.max_age.total_seconds() or saved - now > FUTURE_SLACK.total_seconds()
        )

    def save(self, text: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._hold_own_lock()
        write_atomic(self.path, text.encode("utf-8"), overwrite=True, mode=0o600)

    def discard(self) -> None:
        """Remove this instance's file (the consultation ended), then its lock file.

        The lock is let go last: until then, no other instance can take the file for a
        dead one's. A later save locks a new lock file first."""
        _remove(self.path)
        if self._lock is not None:
            with contextlib.suppress(OSError):
                os.close(self._lock)
            self._lock = None

    def close(self) -> None:
        """Let go of every lock (the kernel does so anyway when the process ends)."""
        for fd in [*self._claimed.values(), *([self._lock] if self._lock is not None else [])]:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._claimed.clear()
        self._lock = None

    # -- what dead instances left ------------------------------------------------------

    def _others(self) -> list[Path]:
        """Recovery files of other instances (and of the one-file format before them)."""
        found = [
            path
            for path in self.folder.glob(f"{RECOVERY_PREFIX}*.json")
            if path != self.path and not path.is_symlink()
        ]
        return sorted(found, key=_mtime, reverse=True)

    def pending(self) -> PendingRecovery | None:
        """The newest consultation no running instance holds, if there is one.

        Its lock is taken and kept until `adopt`, `discard_pending` or `release`: another
        instance started meanwhile is not offered it. Raises RecoveryError if unreadable.
        """
        for path in self._others():
            if path in self._claimed:
                return self._read(path)
            fd = _try_lock(_lock_path(path))
            if fd is None:
                continue  # held: a live instance's consultation, never offered
            if not path.exists():  # ended between the listing and the lock
                os.close(fd)
                continue
            self._claimed[path] = fd
            return self._read(path)
        return None

    def _read(self, path: Path) -> PendingRecovery | None:
        try:
            raw = read_regular_file(path)
            saved_at = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise RecoveryError(
                _("cannot read {file}: {reason}").format(file=path, reason=error.strerror)
            ) from None
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise RecoveryError(
                _("{file} is damaged and cannot be read").format(file=path)
            ) from None
        if not isinstance(record, dict):
            raise RecoveryError(_("{file} does not hold a consultation").format(file=path))
        return PendingRecovery(path, saved_at, record)

    def adopt(self, pending: PendingRecovery) -> None:
        """The pending consultation is resumed here: its file becomes this instance's."""
        fd = self._claimed.pop(pending.path, None)
        if fd is None:
            return
        own = self._lock
        old_path = self.path
        self.path, self._lock = pending.path, fd
        if own is not None:
            _remove(old_path)
            with contextlib.suppress(OSError):
                os.close(own)

    def discard_pending(self, pending: PendingRecovery) -> None:
        """Remove a dead instance's consultation for good."""
        fd = self._claimed.pop(pending.path, None)
        if fd is None:
            return
        _remove(pending.path)
        os.close(fd)

    def release(self, pending: PendingRecovery) -> None:
        """Leave it for later: the next instance to start is offered it again."""
        fd = self._claimed.pop(pending.path, None)
        if fd is not None:
            os.close(fd)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _remove(data_path: Path) -> None:
    """A recovery file and then its lock file (while the caller still holds the lock)."""
    for path in (data_path, _lock_path(data_path)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
