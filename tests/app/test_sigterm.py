"""SIGTERM is handled as a hang-up is: save, give the terminal back, exit 143.

Python's default for SIGTERM ends the process without Textual's clean-up: the terminal
stays in the alternate screen with mouse reporting on, and the last keys are lost.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from sdm_tui.app.app import TERMINATED
from sdm_tui.app.factory import make_app
from sdm_tui.consultation import rules
from tests.builders import ROOT, fixed_clock

AID = "statins-primary-prevention"
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
MOUSE_OFF = b"\x1b[?1000l"


async def test_terminated_saves_at_once_and_exits_143(bundled_library, tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    app = make_app(library=bundled_library, clock=fixed_clock, recovery_folder=folder)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.start_consultation(bundled_library.get(AID))
        words = "Typed a moment before the shutdown"
        rules.set_own_words(app.consultation, "worries", words)
        app.terminated()  # at once: not after the autosave's half-second
        saved = json.loads(next(folder.glob("*.json")).read_text())
        assert saved["record"]["own_words"]["worries"]["text"] == words
        await pilot.pause()
    assert app.return_code == TERMINATED


def _read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (not wanted or wanted not in seen):
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_sigterm_in_a_real_terminal_restores_it(tmp_path: Path) -> None:
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app, in a terminal of 100x30
        os.environ.update(HOME=str(tmp_path), TERM="xterm-256color", PYTHONPATH=str(ROOT))
        os.environ.pop("TEXTUAL_LOG", None)
        os.execv(sys.executable, [sys.executable, "-m", "sdm_tui.cli", "run"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    try:
        started = _read_until(fd, b"decision aid", 60)
        assert b"decision aid" in started, started[-500:]
        os.kill(pid, signal.SIGTERM)
        after = _read_until(fd, b"", 30)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert not os.WIFSIGNALED(status), "killed by the signal: no clean-up ran"
    assert os.WEXITSTATUS(status) == TERMINATED
    assert LEAVE_ALTERNATE_SCREEN in after and MOUSE_OFF in after
