"""Write a file so that it is either absent or complete, never half-written.

The data goes to a private temporary file in the same folder (0600), is flushed and
fsynced, then takes the final name in one step; the folder is fsynced after. Without
`overwrite` an existing file is never replaced: FileExistsError is raised instead.
On any error the temporary file is removed and the error re-raised.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".sdm-tmp-"
"""Temporary files start with this, so that crash recovery can sweep orphans."""
TEMP_SUFFIX = ".part"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _link_without_overwrite(temp: str, path: Path) -> None:
    """Give `temp`'s content the name `path`, failing with FileExistsError if it exists."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError as error:
        # Filesystems without hard links: reserve the name exclusively, then replace it.
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
    else:
        os.unlink(temp)


def write_atomic(path: Path, data: bytes, *, overwrite: bool, mode: int = 0o600) -> None:
    """Write `data` to `path` atomically; replace an existing file only if `overwrite`."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        try:
            if mode != 0o600:
                os.fchmod(fd, mode)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            os.replace(temp, path)
        else:
            _link_without_overwrite(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    fsync_folder(path.parent)
