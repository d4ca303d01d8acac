"""Shared fixtures: the bundled library, the minimal aid, and a home folder of the test's own.

The fixed clocks and the full consultation are in tests/builders.py (benchmarks use them too).
"""

from __future__ import annotations

import gc
import importlib
import os
import pkgutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sdm_tui.aid.library import Library, bundled_aids_folder, load_library
from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.model import DecisionAid
from sdm_tui.i18n import SOURCE_LANGUAGE, use_language
from sdm_tui.settings.declarations import CLINIC_SETTINGS
from tests.builders import DATA

CHECK_TODAY = "2026-11-26"
"""The day `sdm-tui check` judges review dates against in the tests (`--today`): the test
aids' and the bundled aids' review dates will pass, and the tests must not start failing
then."""


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Nothing a test does may touch the real home, config or data folders."""
    home = tmp_path / "home"
    home.mkdir()
    for name, sub in (
        ("HOME", ""),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.delenv("SDM_TUI_AIDS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # The clinic's settings and time zone (issue 19): UTC and no clinic, whatever the machine.
    monkeypatch.setenv("TZ", "UTC")
    for setting in CLINIC_SETTINGS:
        monkeypatch.delenv(setting.env, raising=False)
    # English, whatever the machine's locale (issue 22); a test that wants Spanish asks.
    for name in ("SDM_TUI_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield home
    use_language(SOURCE_LANGUAGE)


@pytest.fixture
def spanish() -> Iterator[None]:
    """The app's language is Spanish for this test (the language is set before the app is
    made, as `sdm-tui` does; words fixed at import, such as key bindings, stay English).

    Every module of the app is imported first, in English: a screen's key bindings take
    their words when its module is imported, and a Spanish test must not leave them
    Spanish for the tests after it in this process."""
    import sdm_tui.app

    for module in pkgutil.walk_packages(sdm_tui.app.__path__, "sdm_tui.app."):
        importlib.import_module(module.name)
    use_language("es")
    yield
    use_language(SOURCE_LANGUAGE)


@pytest.fixture(scope="session")
def bundled_library() -> Library:
    return load_library(bundled_aids_folder())


@pytest.fixture(scope="session")
def minimal_aid() -> DecisionAid:
    return load_aid(DATA / "aids" / "minimal.toml")


def pytest_configure(config: pytest.Config) -> None:
    """Textual's animations off in the tests' apps (TEXTUAL_ANIMATIONS=none): a scroll, by
    keys or to bring the focused control into view, lands at once instead of in frames.

    An animation runs on the clock, while the pilot's pause ends when the process looks idle
    for 20 ms: under load a pause ended mid-scroll and a test read a half-scrolled screen
    (failed twice in full runs, 2026-12-03). The app tests also draw 13% fewer frames
    (6,542 -> 5,709). The app itself never animates a scroll it makes (it asks for
    `animate=False`); the benchmarks and real terminals keep the animations on."""
    os.environ["TEXTUAL_ANIMATIONS"] = "none"  # and for apps a test starts in a subprocess
    import textual.constants  # read at import, by the snapshot plugin before this file

    textual.constants.TEXTUAL_ANIMATIONS = "none"  # declared Final: set once, before any app


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest first: the tests marked heavy, then the other app tests, then the core's.

    With `--dist load` (make test) the first items go to the workers in turn, so the long
    ones run side by side from the start and the short core tests fill the end evenly;
    in collection order a long test started last held the whole run up by half a minute."""

    def order(item: pytest.Item) -> tuple[bool, bool]:
        return item.get_closest_marker("heavy") is None, item.path.parent.name != "app"

    items.sort(key=order)


def pytest_collection_finish(session: pytest.Session) -> None:
    """App tests collected (they import Textual): parse each piece of CSS once per process.
    A run of core tests only (`make test-core`) never imports Textual for it.

    The cyclic garbage collector, too, is set for a test process rather than an app: what
    was imported so far lives as long as the process (frozen: never walked again), and a
    collection waits for a million new objects instead of 700. Each app test makes hundreds
    of thousands of objects (widgets, styles, strips) that the collector walked again and
    again: a quarter of the suite's CPU (339 s -> 245 s; the wall time 197 s -> 154-172 s).
    A worker peaks at ~450-520 MB instead of ~250 MB; what a test leaves is still collected."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(1_000_000, 20, 20)
    if "textual" in sys.modules:
        from tests import css_cache

        css_cache.install()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The tests' last garbage collected once, what is left frozen: pytest then collects
    five times more at exit (to report errors raised in finalisers), and each full pass over
    a worker's heap took half a second, the whole run waiting on its slowest worker (2.5 s).
    An error in a finaliser here is still raised into pytest's hook and reported."""
    gc.collect()
    gc.freeze()
