"""sdm-tui against a bare Textual app, side by side in one run: `make bench`.

    python benchmarks/bench.py [--runs N] [--quick] [--output FILE]

Both apps are started the same way (`python -m ...` from this interpreter, in a fresh tmux
server of our own, 100x30), alternately, after one untimed warm-up each. Measured:

- start: process start to the first full screen (body text AND a footer key label);
- the same with a library of 500 generated aids;
- keystroke to screen: a key is sent, the time until the pane shows the expected frame
  (options grid: scrolled, and `v`; values screen: a rating set and cleared; the options
  stage of the format-2 statin aid: its 10-year risk changed from 14 to 1 and back, which
  recomputes and redraws every count, range and picture; bare app: its list's cursor down
  and up);
- peak memory (VmHWM of the process, read just before it quits, and ru_maxrss);
- idle CPU: the app left untouched for a few seconds;
- in-process: loading and validating 500 aids, exporting one consultation to every format,
  and (if benchmarks/bench_report.py exists) the report over 10,000 records.

It prints a table, writes it to benchmarks/results.md with the machine it ran on, and exits
with status 1 if a budget is missed. docs/performance.md explains the method.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python benchmarks/bench.py` puts benchmarks/ first, not ROOT
    sys.path.insert(0, str(ROOT))

WIDTH, HEIGHT = 100, 30
POLL = 0.005
"""Seconds between two looks at the pane: short, but never a busy loop."""
KEY_POLL = 0.001
KEY_POLL_FOR = 0.05
"""For a key's first 50 ms the pane is read every millisecond: at 5 ms a key's time came
in steps of 5 ms, so that the ratio of two apps a millisecond apart read as 1x or 2x."""
KEY_GAP = 0.05
"""Seconds between a screen seen and the next key, as a quick typist leaves (20 keys a
second). Sent at once, the next key waited for Textual's frame clock: a frame comes at most
every 1/60 s, so half the keys (each second of a pair) took ~16 ms more, and the median of
such samples fell on either side of that gap from run to run (0.6x to 2.0x)."""
START_TIMEOUT = 30.0
KEY_TIMEOUT = 5.0
AIDS_GENERATED = 500
QUIT_LABEL = "^q Quit"
"""The footer's last-drawn key label: both apps show it only once the screen is complete."""

BARE_APP = '''\
"""The yardstick: header, footer, a line of text and a five-item list."""
from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList, Static


class BareApp(App):
    BINDINGS = [Binding("ctrl+q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("A bare Textual app, the yardstick for sdm-tui.")
        yield OptionList(*(f"Item {n}" for n in range(1, 6)))
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
'''

LAUNCHER = '''\
"""Runs a module as __main__ in this process; writes its pid first and ru_maxrss at the end."""
import os, resource, runpy, sys

out = os.environ.pop("SDM_BENCH_OUT")
with open(out + ".pid", "w") as f:
    f.write(str(os.getpid()))
try:
    del sys.argv[0]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
finally:
    with open(out, "w") as f:
        f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
'''


class BenchError(RuntimeError):
    pass


# -- tmux ----------------------------------------------------------------------------------


class Tmux:
    """A tmux server of our own (a unique socket): never touches anyone else's sessions."""

    def __init__(self) -> None:
        if shutil.which("tmux") is None:
            raise BenchError("tmux is needed: install it (e.g. apt-get install tmux)")
        self.socket = f"sdm-bench-{os.getpid()}"
        self.env = {**os.environ, "LC_ALL": "C.UTF-8"}
        self.run("start-server", ";", "set", "-g", "exit-empty", "off")
        self.run("set", "-g", "status", "off")
        self.run("set", "-g", "remain-on-exit", "on")  # a crash's message stays readable

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
        )
        if check and result.returncode != 0:
            raise BenchError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def start(self, name: str, argv: Sequence[str], cwd: Path) -> float:
        """Start `argv` in a new 100x30 session; returns the moment just before the start."""
        started = time.perf_counter()
        self.run(
            "new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT),
            "-c", str(cwd), *argv,
        )  # fmt: skip
        return started

    def capture(self, name: str, escapes: bool = False) -> str:
        return self.control.command("capture-pane", "-p", *(["-e"] if escapes else []), "-t", name)

    def send(self, name: str, *keys: str) -> None:
        self.control.command("send-keys", "-t", name, *keys)

    def dead(self, name: str) -> bool:
        out = self.control.command("display-message", "-p", "-t", name, "#{pane_dead}", check=False)
        return out.strip() != "0"

    def kill(self, name: str) -> None:
        self.control.command("kill-session", "-t", name, check=False)

    @cached_property
    def control(self) -> Control:
        return Control(self)

    def close(self) -> None:
        if "control" in self.__dict__:
            self.control.close()
        self.run("kill-server", check=False)
        folder = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)  # kill-server may leave it behind


class Control:
    """A tmux control-mode client (`tmux -C`), kept open for the whole run.

    Watching a pane means reading it every few milliseconds; a `tmux capture-pane` process
    each time costs 3-4 ms of CPU that the app being measured competes with on a small
    machine (and more for a colourful screen than for a plain one). Through this client a
    read costs a quarter of a millisecond and starts no process. Keys are sent the same way.
    """

    SESSION = "sdm-bench-control"

    def __init__(self, tmux: Tmux) -> None:
        tmux.run("new-session", "-d", "-s", self.SESSION, "-x", "20", "-y", "5", "cat")
        self.process = subprocess.Popen(
            ["tmux", "-u", "-L", tmux.socket, "-C", "attach-session", "-t", self.SESSION,
             "-f", "no-output,ignore-size"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=tmux.env,
        )  # fmt: skip
        self._reply()  # to the attach itself

    def command(self, *args: str, check: bool = True) -> str:
        """Run a tmux command; its output, as `tmux` would print it."""
        assert self.process.stdin is not None
        line = " ".join("'" + arg.replace("'", "'\\''") + "'" for arg in args)
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()
        ok, out = self._reply()
        if check and not ok:
            raise BenchError(f"tmux {' '.join(args)}: {out.strip()}")
        return out

    def _reply(self) -> tuple[bool, str]:
        """The next command's reply: the lines between %begin and %end (or %error); the
        notifications tmux sends between replies are skipped."""
        assert self.process.stdout is not None
        lines: list[bytes] | None = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise BenchError("the tmux control client stopped")
            if lines is None:
                if line.startswith(b"%begin"):
                    lines = []
            elif line.startswith((b"%end", b"%error")):
                return line.startswith(b"%end"), b"".join(lines).decode("utf-8", "replace")
            else:
                lines.append(line)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.process.stdin.close()  # type: ignore[union-attr]
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=2)
        if self.process.poll() is None:
            self.process.kill()


# -- the apps ------------------------------------------------------------------------------


@dataclass
class AppSpec:
    label: str
    module: str
    args: tuple[str, ...]
    markers: tuple[str, ...]
    """Texts that only the finished first screen shows, all at once."""


@dataclass
class Running:
    name: str
    pid: int
    out: Path
    first_screen: float
    """Seconds from the start to the first full screen."""
    cpu: float
    """CPU seconds the process had used by then (hardly moved by other load)."""


@dataclass
class Toggle:
    """Two keys that undo each other in a pane, and the screens they lead to."""

    name: str
    keys: tuple[str, str]
    screens: tuple[str, str]
    """The pane before the first key (and after the second), and after the first key."""
    escapes: bool = True
    """Whether the screens are compared with their colours: not where a cursor blinks."""


class Harness:
    """Starts apps under the launcher in tmux and watches their panes."""

    def __init__(self, work: Path) -> None:
        self.work = work
        (work / "sdm_bench_bare.py").write_text(BARE_APP, encoding="utf-8")
        (work / "sdm_bench_launch.py").write_text(LAUNCHER, encoding="utf-8")
        self.tmux = Tmux()
        self.count = 0

    def _env(self, home: Path, out: Path) -> dict[str, str]:
        path = os.pathsep.join(
            filter(None, [str(self.work), str(ROOT), os.environ.get("PYTHONPATH")])
        )
        env = {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "PYTHONPATH": path,
            "COLORTERM": "truecolor",
            "SDM_BENCH_OUT": str(out),
            **bytecode_env(self.work),
        }
        return env

    def start(self, spec: AppSpec) -> Running:
        """Start the app and wait for its first full screen."""
        self.count += 1
        name = f"run{self.count}"
        home = self.work / f"home-{self.count}"  # a fresh one: no recovery file, no settings
        home.mkdir()
        out = self.work / f"rss-{self.count}"
        env = self._env(home, out)
        argv = [
            "env",
            "-u", "SDM_TUI_AIDS", "-u", "PYTHONDONTWRITEBYTECODE",
            *(f"{key}={value}" for key, value in env.items()),
            sys.executable, "-m", "sdm_bench_launch", spec.module, *spec.args,
        ]  # fmt: skip
        started = self.tmux.start(name, argv, self.work)
        seen = self.wait_for(name, spec.markers, START_TIMEOUT)
        pid = int(Path(f"{out}.pid").read_text())
        return Running(name, pid, out, seen - started, cpu_seconds(pid))

    def wait_for(self, name: str, markers: Sequence[str], timeout: float) -> float:
        """Poll the pane until every marker shows; the moment it was seen."""
        deadline = time.perf_counter() + timeout
        while True:
            screen = self.tmux.capture(name)
            now = time.perf_counter()
            if all(marker in screen for marker in markers):
                return now
            if now > deadline or self.tmux.dead(name):
                self._fail(name, f"did not show {markers!r}")
            time.sleep(POLL)

    def _fail(self, name: str, what: str) -> None:
        screen = self.tmux.capture(name)
        self.tmux.kill(name)
        raise BenchError(f"{what}; the pane showed:\n{screen}")

    def settle(self, name: str, escapes: bool = True, quiet: float = 1.0) -> str:
        """The pane (with its colours, unless a cursor blinks) once it has not changed for
        `quiet` seconds."""
        deadline = time.perf_counter() + START_TIMEOUT
        last = self.tmux.capture(name, escapes)
        since = time.perf_counter()
        while time.perf_counter() < deadline:
            time.sleep(0.02)
            screen = self.tmux.capture(name, escapes)
            if screen != last:
                last, since = screen, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return screen
        self._fail(name, "never settled")
        raise AssertionError  # unreachable

    def key_latency(self, name: str, key: str, expected: str, escapes: bool = True) -> float:
        """Seconds from sending `key` until the pane is exactly `expected`."""
        started = time.perf_counter()
        self.tmux.send(name, key)
        deadline = started + KEY_TIMEOUT
        while True:
            screen = self.tmux.capture(name, escapes=escapes)
            now = time.perf_counter()
            if screen == expected:
                return now - started
            if now > deadline:
                self._fail(name, f"key {key!r} did not give the expected screen")
            time.sleep(KEY_POLL if now - started < KEY_POLL_FOR else POLL)

    def toggle(self, name: str, keys: tuple[str, str], escapes: bool = True) -> Toggle:
        """Learn the two screens two keys that undo each other lead to (`escapes`: compared
        with their colours, which a blinking cursor changes)."""
        for key in keys:  # once through first: some screens settle only after a round
            self.tmux.send(name, key)
            self.settle(name, escapes)
        first = self.settle(name, escapes)
        self.tmux.send(name, keys[0])
        second = self.settle(name, escapes)
        if second == first:
            self._fail(name, f"key {keys[0]!r} changed nothing")
        self.key_latency(name, keys[1], first, escapes)  # fails unless it gives it back
        return Toggle(name, keys, (first, second), escapes)

    def side_by_side(self, toggles: Sequence[Toggle], pairs: int) -> list[list[float]]:
        """Press each pane's two keys in turn, one pane after the other, `pairs` times: the
        latency of every press, per pane. Taking turns press by press puts every app in the
        same moments of the machine's load, which changes from one second to the next."""
        times: list[list[float]] = [[] for _ in toggles]
        for _ in range(pairs):
            for toggle, found in zip(toggles, times, strict=True):
                (first, second), (there, back) = toggle.screens, toggle.keys
                for key, screen in ((there, second), (back, first)):
                    time.sleep(KEY_GAP)
                    found.append(self.key_latency(toggle.name, key, screen, toggle.escapes))
        return times

    def wait_idle(self, running: Running, quiet: float = 0.5) -> None:
        """Until the app has used (almost) no CPU for `quiet` seconds: work it does after
        its first screen (a large library is checked then) is over."""
        deadline = time.perf_counter() + START_TIMEOUT
        last, since = cpu_seconds(running.pid), time.perf_counter()
        while time.perf_counter() < deadline:
            time.sleep(0.05)
            now = cpu_seconds(running.pid)
            if now - last > 0.02:
                last, since = now, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return

    def idle_cpu(self, running: Running, seconds: float) -> float:
        """Per cent of one core used while nobody touches the app."""
        before, wall = cpu_seconds(running.pid), time.perf_counter()
        time.sleep(seconds)
        return 100 * (cpu_seconds(running.pid) - before) / (time.perf_counter() - wall)

    def quit(self, running: Running, keys: Sequence[str] = ("C-q",)) -> int:
        """Quit (or, with no keys, kill) the app; its peak RSS in KiB (the larger of VmHWM
        read now and the launcher's ru_maxrss, when it could write it)."""
        peak = vm_hwm(running.pid)
        if keys:
            self.tmux.send(running.name, *keys)
            deadline = time.perf_counter() + 10
            while not self.tmux.dead(running.name) and time.perf_counter() < deadline:
                time.sleep(0.02)
        self.tmux.kill(running.name)
        if running.out.exists():
            peak = max(peak, int(running.out.read_text() or 0))
        return peak

    def close(self) -> None:
        self.tmux.close()


def bytecode_env(work: Path) -> dict[str, str]:
    """Bytecode kept in our own folder, so that the warm-up's compiling is not done again at
    every start (a shell with PYTHONDONTWRITEBYTECODE set would make it so, for sdm-tui's
    own modules only: Textual's come compiled from its wheel)."""
    return {"PYTHONPYCACHEPREFIX": str(work / "pycache")}


def subprocess_env(work: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**env, **bytecode_env(work), "PYTHONPATH": path}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def vm_hwm(pid: int) -> int:
    """The process's peak resident set so far, KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


# -- the 500-aid library ---------------------------------------------------------------------


def _bundled_originals() -> list[Path]:
    """The bundled aids' files, without their translations (NAME.es.toml): a copy of a
    translation under an id of its own would be a translation without an original."""
    from sdm_tui.aid.library import aid_files, bundled_aids_folder

    return [
        path
        for path in aid_files(bundled_aids_folder())
        if not re.search(r"^translation_of\s*=", path.read_text(encoding="utf-8"), flags=re.M)
    ]


def generate_aids(folder: Path, count: int = AIDS_GENERATED) -> None:
    """`count` valid aids: the bundled ones, each copy with its own id and title."""
    sources = [path.read_text(encoding="utf-8") for path in _bundled_originals()]
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        text = sources[number % len(sources)]
        text = re.sub(r'^id = "([^"]+)"', rf'id = "\1-{number:03d}"', text, count=1, flags=re.M)
        text = re.sub(r'^title = "([^"]+)"', rf'title = "\1 ({number})"', text, count=1, flags=re.M)
        (folder / f"aid-{number:03d}.toml").write_text(text, encoding="utf-8")


# -- figures -------------------------------------------------------------------------------


@dataclass
class Figure:
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    def spread(self) -> tuple[float, float]:
        return (min(self.samples), max(self.samples)) if self.samples else (float("nan"),) * 2


@dataclass
class Row:
    measure: str
    sdm: Figure
    bare: Figure | None
    unit: str  # "s", "ms", "MiB", "%"
    budget: str = ""
    check: Callable[[Row], bool] | None = None

    @property
    def ratio(self) -> float | None:
        if self.bare is None or not self.bare.median or self.unit == "%":
            return None  # idle CPU is near zero for both: a ratio would mean nothing
        return self.sdm.median / self.bare.median

    @property
    def passed(self) -> bool | None:
        return None if self.check is None else self.check(self)


def ratio_within(limit: float) -> Callable[[Row], bool]:
    return lambda row: row.ratio is not None and row.ratio <= limit


def below(limit: float) -> Callable[[Row], bool]:
    return lambda row: row.sdm.median < limit


def show(figure: Figure | None, unit: str) -> str:
    if figure is None or not figure.samples:
        return "–"
    scale = {"s": 1, "ms": 1000, "MiB": 1 / 1024, "%": 1}[unit]
    digits = {"s": 3, "ms": 1, "MiB": 1, "%": 2}[unit]
    median = f"{figure.median * scale:.{digits}f} {unit}"
    if len(figure.samples) == 1:
        return median
    low, high = (value * scale for value in figure.spread())
    return f"{median} ({low:.{digits}f}–{high:.{digits}f})"


# -- the measurements ----------------------------------------------------------------------


def _bundled_count() -> int:
    """The aids the library lists: one per aid, its translations (NAME.es.toml) with it."""
    from sdm_tui.aid.library import bundled_aids_folder, load_library

    return len(load_library(bundled_aids_folder()).aids)


def _last_title_words() -> list[str]:
    """The last word of each bundled aid's title, in the order generate_aids copies them."""
    titles = []
    for path in _bundled_originals():
        found = re.search(r'^title = "([^"]+)"', path.read_text(encoding="utf-8"), flags=re.M)
        titles.append(found.group(1).split()[-1] if found else "")
    return titles


_BUNDLED = _bundled_count()
SDM = AppSpec("sdm-tui", "sdm_tui.cli", ("run",), (f"{_BUNDLED} of {_BUNDLED} aids", QUIT_LABEL))
"""The first screen is done when it counts every bundled aid (the library adds a few at a
time) and its footer has come."""


def sdm_many(aids: Path) -> AppSpec:
    # The first two generated aids in the list (the count line may be below the fold): the
    # last word of each title and its number, which the list keeps on one line.
    markers = (*(f"{word} ({n})" for n, word in enumerate(_last_title_words()[:2])), QUIT_LABEL)
    return AppSpec("sdm-tui", "sdm_tui.cli", ("run", "--aids", str(aids)), markers)


BARE = AppSpec("bare", "sdm_bench_bare", (), ("Item 5", QUIT_LABEL))


@dataclass
class Starts:
    time: Figure = field(default_factory=Figure)
    cpu: Figure = field(default_factory=Figure)
    peak: Figure = field(default_factory=Figure)


def start_runs(harness: Harness, specs: Sequence[AppSpec], runs: int) -> list[Starts]:
    """Start each app `runs` times, taking turns, after one warm-up start each."""
    for spec in specs:  # bytecode, page cache
        harness.quit(harness.start(spec))
    figures = [Starts() for _ in specs]
    for run in range(runs):
        for spec, starts in zip(specs, figures, strict=True):
            running = harness.start(spec)
            starts.time.samples.append(running.first_screen)
            starts.cpu.samples.append(running.cpu)
            harness.wait_idle(running)  # the peak of the whole library, not of the first aids
            starts.peak.samples.append(harness.quit(running))
        shown = (
            f"{s.label} {f.time.samples[-1]:.3f} s" for s, f in zip(specs, figures, strict=True)
        )
        print(f"  run {run + 1}/{runs}: {', '.join(shown)}", flush=True)
    return figures


@dataclass
class Session:
    """Keystroke latency, idle CPU and peak memory over a short use of each app."""

    grid_scroll: Figure = field(default_factory=Figure)
    grid: Figure = field(default_factory=Figure)
    values: Figure = field(default_factory=Figure)
    bare_scroll: Figure = field(default_factory=Figure)
    """The bare app's list cursor, pressed in turn with the grid's scroll; and so on."""
    bare_grid: Figure = field(default_factory=Figure)
    bare_values: Figure = field(default_factory=Figure)
    input_change: Figure = field(default_factory=Figure)
    """The statin aid's risk changed on the options stage (format 2): every number redrawn."""
    bare_input: Figure = field(default_factory=Figure)
    idle_library: Figure = field(default_factory=Figure)
    idle_consultation: Figure = field(default_factory=Figure)
    idle_bare: Figure = field(default_factory=Figure)
    peak_sdm: Figure = field(default_factory=Figure)
    peak_bare: Figure = field(default_factory=Figure)


STATIN_AID = "statins-primary-prevention.toml"


def statin_only(work: Path) -> AppSpec:
    """sdm-tui with the bundled statin aid alone: Enter opens it."""
    from sdm_tui.aid.library import bundled_aids_folder

    folder = work / "statin-only"
    folder.mkdir(exist_ok=True)
    shutil.copy(bundled_aids_folder() / STATIN_AID, folder / STATIN_AID)
    return AppSpec("sdm-tui", "sdm_tui.cli", ("run", "--aids", str(folder)), ("1 of 1", QUIT_LABEL))


def input_change(harness: Harness, list_cursor: Toggle, pairs: int, result: Session) -> None:
    """The options stage of the statin aid, its risk 14 then 1 and back (⌫, 4), against the
    bare app's list cursor. Each change recomputes every count and redraws the grid."""
    app = harness.start(statin_only(harness.work))
    harness.settle(app.name, escapes=False)
    harness.tmux.send(app.name, "Enter")
    harness.wait_for(app.name, ("Who is here", QUIT_LABEL), START_TIMEOUT)
    harness.tmux.send(app.name, "C-n")
    harness.wait_for(app.name, ("Compare (g)", QUIT_LABEL), START_TIMEOUT)
    harness.tmux.send(app.name, "u")  # to the risk box; then the risk, once it has the focus
    harness.settle(app.name, escapes=False)
    harness.tmux.send(app.name, "1", "4")
    harness.wait_for(app.name, ("Numbers for 10-year risk", QUIT_LABEL), START_TIMEOUT)
    toggle = harness.toggle(app.name, ("BSpace", "4"), escapes=False)  # the box's cursor blinks
    bare_times, sdm_times = harness.side_by_side([list_cursor, toggle], pairs)
    result.bare_input.samples += bare_times
    result.input_change.samples += sdm_times
    harness.quit(app, keys=())  # unsaved work: killed


def sessions(harness: Harness, count: int, pairs: int, idle: float) -> Session:
    """Both apps open side by side: idle CPU, keys (pressed in each app in turn), memory."""
    result = Session()
    for number in range(count):
        bare = harness.start(BARE)
        harness.settle(bare.name)
        result.idle_bare.samples.append(harness.idle_cpu(bare, idle))
        list_cursor = harness.toggle(bare.name, ("Down", "Up"))

        sdm = harness.start(SDM)
        name = sdm.name
        harness.settle(name, escapes=False)  # the search field's cursor blinks
        result.idle_library.samples.append(harness.idle_cpu(sdm, idle))
        harness.tmux.send(name, "Enter")  # the first aid: team talk
        harness.wait_for(name, ("Who is here", QUIT_LABEL), START_TIMEOUT)
        harness.tmux.send(name, "C-n")
        harness.wait_for(name, ("Compare (g)", QUIT_LABEL), START_TIMEOUT)
        measures = [
            (("Down", "Up"), result.grid_scroll, result.bare_scroll),
            (("v", "v"), result.grid, result.bare_grid),
            (("3", "DC"), result.values, result.bare_values),
        ]
        for keys, figure, yardstick in measures:
            if keys[0] == "3":
                harness.tmux.send(name, "C-n")
                harness.wait_for(name, ("Rated so far", QUIT_LABEL), START_TIMEOUT)
            toggle = harness.toggle(name, keys)
            bare_times, sdm_times = harness.side_by_side([list_cursor, toggle], pairs)
            yardstick.samples += bare_times
            figure.samples += sdm_times
        harness.settle(name)
        result.idle_consultation.samples.append(harness.idle_cpu(sdm, idle))
        result.peak_sdm.samples.append(harness.quit(sdm, keys=()))  # unsaved work: killed
        input_change(harness, list_cursor, pairs, result)
        result.peak_bare.samples.append(harness.quit(bare))
        print(f"  session {number + 1}/{count} done", flush=True)
    return result


def time_in_process(function: Callable[[], object], runs: int) -> Figure:
    function()  # warm: imports, page cache
    figure = Figure()
    for _ in range(runs):
        started = time.perf_counter()
        function()
        figure.samples.append(time.perf_counter() - started)
    return figure


def load_aids(folder: Path) -> Callable[[], object]:
    from sdm_tui.aid.library import load_library

    def load() -> object:
        library = load_library(folder)
        if len(library.aids) != AIDS_GENERATED or library.failures:
            raise BenchError(f"expected {AIDS_GENERATED} good aids, got {len(library.aids)}")
        return library

    return load


def full_consultation():  # -> Consultation
    """The tests' full consultation (tests/builders.py) on the largest bundled aid."""
    from sdm_tui.aid.library import load_library
    from tests.builders import full_consultation

    aid = max(load_library().aids, key=lambda a: len(a.outcomes) * len(a.options))
    return full_consultation(aid)


def export_all(folder: Path) -> Callable[[], object]:
    """The record, then every document: clinic Markdown, HTML, JSON, FHIR; patient MD, HTML."""
    consultation = full_consultation()

    def export() -> object:
        from sdm_tui.export import ALL_FORMATS, to_record, write_exports

        target = Path(tempfile.mkdtemp(dir=folder))
        record = to_record(consultation)
        written = write_exports(record, target, formats=ALL_FORMATS, audience="clinic")
        written += write_exports(record, target, formats=("md", "html"), audience="patient")
        return written

    return export


COLD_EXPORT = """\
import sys, time
started = time.perf_counter()
sys.path.insert(0, sys.argv[2])
from bench import export_all
export = export_all(__import__("pathlib").Path(sys.argv[1]))
setup = time.perf_counter()
export()
print(time.perf_counter() - setup)
"""


def cold_export(folder: Path, runs: int) -> Figure:
    """The first export in a fresh process: the export modules are imported when used."""
    figure = Figure()
    for run in range(runs + 1):  # the first compiles the bytecode
        result = subprocess.run(
            [sys.executable, "-c", COLD_EXPORT, str(folder), str(Path(__file__).parent)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=subprocess_env(folder),
        )
        if result.returncode:
            raise BenchError(f"cold export failed:\n{result.stderr}")
        if run:
            figure.samples.append(float(result.stdout.split()[-1]))
    return figure


def report_bench(count: int, work: Path) -> Figure | None:
    """`python -m benchmarks.bench_report`, when it exists: the total wall seconds."""
    if not (ROOT / "benchmarks" / "bench_report.py").exists():
        return None
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_report", "--count", str(count)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(work),
    )
    found = re.search(r"total:\s*([\d.]+) s", result.stdout)
    if result.returncode or not found:
        print(f"  report benchmark failed:\n{result.stdout}{result.stderr}", file=sys.stderr)
        return None
    return Figure([float(found.group(1))])


# -- the machine and the table --------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import textual

        textual_version = textual.__version__
    except (ImportError, AttributeError):
        textual_version = "unknown"
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    tmux = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "host": platform.node(),
        "os": platform.platform(),
        "cpu": f"{cpu}, {os.cpu_count()} logical cores",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "textual": textual_version,
        "terminal": f"{tmux}, {WIDTH}x{HEIGHT}",
        "commit": commit or "unknown",
    }


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def table(rows: Sequence[Row]) -> list[str]:
    header = ("Measure", "sdm-tui", "bare Textual", "ratio", "budget", "")
    lines = [" | ".join(header), " | ".join("---" for _ in header)]
    for row in rows:
        ratio = "–" if row.ratio is None else f"{row.ratio:.2f}x"
        verdict = {True: "ok", False: "**over**", None: ""}[row.passed]
        cells = (
            row.measure,
            show(row.sdm, row.unit),
            show(row.bare, row.unit),
            ratio,
            row.budget,
            verdict,
        )
        lines.append(" | ".join(cells))
    return [f"| {line} |" for line in lines]


def write_results(
    path: Path, lines: Sequence[str], facts: dict[str, str], conditions: Sequence[str]
) -> None:
    text = [
        "# sdm-tui benchmark results",
        "",
        "Written by `make bench` (benchmarks/bench.py); the method is in docs/performance.md.",
        "Each figure is the median, with the lowest and highest sample in brackets; a ratio",
        "is sdm-tui's median over the bare Textual app's, measured in the same run. Wall",
        "times move with the machine's load (see Conditions); CPU seconds hardly do.",
        "",
        *lines,
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in facts.items()),
        "",
        "## Conditions",
        "",
        *conditions,
    ]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")


# -- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/bench.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=None, help="starts per app (default 10)")
    parser.add_argument(
        "--quick", action="store_true", help="3 runs, fewer keys, one session, 1,000 records"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.md")
    parser.add_argument("--no-report", action="store_true", help="skip the report benchmark")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 10)
    pairs, idle, session_count = (5, 3.0, 1) if args.quick else (10, 5.0, 3)
    records = 1_000 if args.quick else 10_000

    facts = machine()
    load_before = load_average()
    print(f"sdm-tui benchmark: {runs} runs per app; load average {load_before}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="sdm-bench-"))
    try:
        harness = Harness(work)
        try:
            aids = work / "aids"
            generate_aids(aids)
            print("start, bundled library:", flush=True)
            sdm, bare = start_runs(harness, [SDM, BARE], runs)
            print(f"start, {AIDS_GENERATED} aids:", flush=True)
            many, bare_many = start_runs(harness, [sdm_many(aids), BARE], runs)
            print("keys, idle CPU and memory:", flush=True)
            session = sessions(harness, session_count, pairs, idle)
        finally:
            harness.close()
        print("in process:", flush=True)
        loading = time_in_process(load_aids(aids), runs)
        exporting = time_in_process(export_all(work), runs)
        cold = cold_export(work, min(runs, 3))
        report = None if args.no_report else report_bench(records, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n = AIDS_GENERATED
    rows = [
        Row("first screen, bundled aids", sdm.time, bare.time, "s", "≤ 1.3x", ratio_within(1.3)),
        Row(f"first screen, {n} aids", many.time, bare_many.time, "s", "≤ 1.5x", ratio_within(1.5)),
        Row("CPU used by the first screen, bundled aids", sdm.cpu, bare.cpu, "s"),
        Row(f"CPU used by the first screen, {n} aids", many.cpu, bare_many.cpu, "s"),
        Row("key: options grid, scroll (↓↑) / list (↓↑)", session.grid_scroll, session.bare_scroll,
            "ms", "≤ 1.5x", ratio_within(1.5)),
        Row("key: options grid, one/all (v) / list (↓↑)", session.grid, session.bare_grid, "ms",
            "≤ 1.5x", ratio_within(1.5)),
        Row("key: values, rate/clear (3, Del) / list (↓↑)", session.values, session.bare_values,
            "ms", "≤ 1.5x", ratio_within(1.5)),
        Row("key: options, risk input 14/1 (⌫, 4) / list (↓↑)", session.input_change,
            session.bare_input, "ms", "≤ 1.5x", ratio_within(1.5)),
        Row("peak RSS, first screen", sdm.peak, bare.peak, "MiB", "≤ 1.5x", ratio_within(1.5)),
        Row(f"peak RSS, first screen, {n} aids", many.peak, bare_many.peak, "MiB"),
        Row("peak RSS, after options and values", session.peak_sdm, session.peak_bare, "MiB"),
        Row(f"idle CPU, library ({idle:.0f} s untouched)", session.idle_library,
            session.idle_bare, "%", "< 2 %", below(2.0)),
        Row("idle CPU, consultation open", session.idle_consultation, session.idle_bare, "%",
            "< 2 %", below(2.0)),
        Row(f"load and validate {n} aids", loading, None, "s"),
        Row("export one consultation, every format", exporting, None, "s", "< 0.1 s", below(0.1)),
        Row("the same, first export in a fresh process", cold, None, "s"),
    ]  # fmt: skip
    if report is not None:
        rows.append(Row(f"report over {records:,} records", report, None, "s"))
    load_after = load_average()
    conditions = [
        f"- runs per app: {runs}, taking turns, after one warm-up start each",
        f"- keystrokes: {2 * pairs} per screen in each of {session_count} session(s); "
        f"idle: {idle:.0f} s untouched",
        f"- load average (1, 5, 15 min): {load_before} before, {load_after} after",
    ]
    missed = [row.measure for row in rows if row.passed is False]
    verdict = "Over budget: " + "; ".join(missed) + "." if missed else "Every budget is met."
    lines = [*table(rows), "", verdict]
    print("\n".join(lines))
    print(f"load average after: {load_after}")
    write_results(args.output, lines, facts, conditions)
    print(f"wrote {args.output}")
    return 1 if missed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        sys.exit(f"bench: {error}")
