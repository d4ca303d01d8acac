"""Files a user names: read only regular files, and name any file safely in a message.

`open()` on a named pipe blocks until a writer comes (forever, with a blank screen); a
device may never end; a symlink loop raises `OSError` (errno 40) from `stat`. So a file
someone named is checked with `os.stat` + `S_ISREG` first, opened with `O_NONBLOCK` (so a
pipe swapped in after the check cannot hang us) and checked again on the open descriptor.

File names are user input too: `os.listdir` returns names with ESC, BEL, CR and bidi
controls, and a message that prints one could retitle the terminal or reorder the line.
`display_path` makes such characters visible before a name goes into any message.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from sdm_tui.i18n import N_, _
from sdm_tui.store.text import neutralise

HIDDEN_CHARACTERS = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad")
"""Characters that print as nothing: two names or ids that differ only by one look alike."""
_HIDDEN = re.compile("[" + "".join(sorted(HIDDEN_CHARACTERS)) + "]")


class NotRegularFileError(OSError):
    """A named file is a pipe, device, socket or folder: it is never opened for reading.

    An `OSError` (errno EINVAL) whose `strerror` says what the file is, so every handler
    that reports "cannot be read: {strerror}" already says the right thing.
    """

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(
            errno.EINVAL,
            _("it is {kind}, not a regular file").format(kind=_(kind)),
            display_path(path),
        )
        self.kind = kind


def show_hidden(text: str) -> str:
    """`text` with zero-width and other invisible characters shown as <U+XXXX>."""
    return _HIDDEN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def visible_typing(text: str) -> str:
    """What a keyboard or a paste may put into a text box: control, bidi and invisible
    characters as visible stand-ins, so the live box shows what the record will hold."""
    return show_hidden(neutralise(text))


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """The file's modification time, size and inode, or None when it cannot be read: what
    changes when the file is saved, in place or by a rename over it (polling watchers)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def display_path(path: Path | str) -> str:
    """A file name fit for a message: control, bidi and invisible characters made visible."""
    text = os.fsdecode(path) if not isinstance(path, str) else path
    # os.fsdecode keeps undecodable bytes as lone surrogates: show them, don't crash.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return show_hidden(neutralise(text).replace("\n", "\u2424").replace("\t", "\u2409"))


def file_kind(mode: int) -> str:
    """What a file is, in words, from its `st_mode`."""
    if stat.S_ISFIFO(mode):
        return N_("a named pipe (FIFO)")
    if stat.S_ISDIR(mode):
        return N_("a folder")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("a device")
    if stat.S_ISSOCK(mode):
        return N_("a socket")
    return N_("not a regular file") if not stat.S_ISREG(mode) else N_("a regular file")


def check_regular_file(path: Path | str) -> os.stat_result:
    """`os.stat(path)` if it is a regular file; else `NotRegularFileError`.

    A missing file raises `FileNotFoundError`, a symlink loop `OSError` (ELOOP), as stat does.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(path, file_kind(info.st_mode))
    return info


def regular_file_problem(path: Path | str) -> str | None:
    """Why `path` cannot be read as a file (neutralised, for a message), or None if it can."""
    try:
        check_regular_file(path)
    except FileNotFoundError:
        return _("no such file: {file}").format(file=display_path(path))
    except NotRegularFileError as error:
        return ": ".join((display_path(path), error.strerror or ""))
    except OSError as error:
        return _("{file}: cannot be read ({reason})").format(
            file=display_path(path), reason=error.strerror or error
        )
    return None


def read_regular_file(path: Path | str, max_bytes: int | None = None) -> bytes:
    """The bytes of `path`, a regular file: never blocks on a pipe or device.

    Raises `NotRegularFileError` for anything else, `OSError` as `open` would, and
    `FileTooLargeError` when `max_bytes` is given and the file is longer.
    """
    check_regular_file(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)  # the file opened, not the one checked: a swap is caught here
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(path, file_kind(info.st_mode))
        limit = max_bytes if max_bytes is not None else None
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, max(info.st_size + 1 - total, 1 << 16)):
            chunks.append(chunk)
            total += len(chunk)
            if limit is not None and total > limit:
                raise FileTooLargeError(path, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_regular_text(path: Path | str, encoding: str = "utf-8") -> str:
    """`read_regular_file` decoded (raises `UnicodeDecodeError` as `read_text` would)."""
    return read_regular_file(path).decode(encoding)


class FileTooLargeError(OSError):
    """A regular file longer than the reader accepts; it was not read to the end."""

    def __init__(self, path: Path | str, limit: int) -> None:
        super().__init__(errno.EFBIG, f"it is larger than {limit} bytes", display_path(path))
