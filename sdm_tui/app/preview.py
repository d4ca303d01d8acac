"""`sdm-tui preview FILE`: one aid in author mode, redrawn at each save of its file.

The app is the ordinary one in mode "preview" (bannered everywhere, no crash recovery, no
idle lock: nothing about a patient is kept). A `PreviewSession` on the app holds what the
last save did; every stage screen composes its panels (`StageScreen.compose`). A save that
loads starts a fresh preview consultation with the new aid on the stage the author was
looking at; a save that does not load changes nothing on screen but the problems panel.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from sdm_tui.aid.library import Library
from sdm_tui.aid.lint import LintSettings, lint_aid
from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.locate import SourceMap
from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import AidLoadError, Problem
from sdm_tui.aid.readability import ReadabilityUnavailable, measure
from sdm_tui.app.app import SdmApp
from sdm_tui.app.file_watch import saves
from sdm_tui.app.mode import AppMode
from sdm_tui.app.plain import plain
from sdm_tui.app.preview_place import (
    Place,
    carry_entries,
    restore_scrolls,
    restore_tabs,
    take_place,
)
from sdm_tui.app.screens.base import StageScreen
from sdm_tui.app.stages import STAGES
from sdm_tui.app.widgets.banner import Banner, banner_lines
from sdm_tui.app.widgets.preview_panels import (
    LintPanel,
    PreviewPanel,
    PreviewStatus,
    ProblemsPanel,
)
from sdm_tui.i18n import _, ngettext
from sdm_tui.settings.config import AppConfig

if TYPE_CHECKING:
    from sdm_tui.consultation.record import Consultation, Mode

Clock = Callable[[], dt.datetime]
PLACE_TRIES = 10
"""Frames to wait at most for a new stage screen's content to be long enough to scroll back."""
RETRY_SECONDS = 0.2
"""While a dialog (help, a question) covers the stage, a new version waits this long."""


@dataclass(frozen=True)
class Analysis:
    """What one save of the file is: the aid and its warnings, or the errors."""

    aid: DecisionAid | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def analyse(path: Path, today: dt.date) -> Analysis:
    """Load `path` as `sdm-tui check` does, and lint it if it loads. Pure: any thread."""
    try:
        aid = load_aid(path)
    except AidLoadError as error:
        return Analysis(None, errors=tuple(error.problems))
    try:
        source = SourceMap(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):  # saved again since loading: warnings without lines
        source = SourceMap("")
    try:
        warnings = lint_aid(aid, source, today)
    except ReadabilityUnavailable:
        warnings = lint_aid(aid, source, today, LintSettings(ignore=frozenset({"SDM110"})))
    return Analysis(aid, warnings=tuple(warnings))


def _warm_up() -> None:
    """Import the stage screens and textstat (each most of a second on a busy machine) before
    a save needs them, so that every save shows within a second."""
    for stage in STAGES:
        importlib.import_module(stage.screen_path.split(":")[0])
    with contextlib.suppress(ReadabilityUnavailable):
        measure("Warm up.")  # i18n: not shown


class PreviewSession:
    """The file previewed and what its saves did: the last good aid, the last errors."""

    def __init__(self, path: Path, *, stage: str = "team", clock: Clock | None = None) -> None:
        self.path = Path(path)
        self.stage = stage
        """The stage opened first; afterwards the preview stays where the author goes."""
        self.clock: Clock = clock or dt.datetime.now
        self.good: DecisionAid | None = None
        """The last version that loaded: what the screen shows."""
        self.good_at: dt.datetime | None = None
        self.warnings: tuple[Problem, ...] = ()
        """Lint warnings of the good version."""
        self.errors: tuple[Problem, ...] = ()
        """Errors of the last save; empty when it loaded."""
        self.checked_at: dt.datetime | None = None
        self.loads = 0
        """How many saves have loaded (the first load counts)."""
        self.lint_visible = False

    def analyse(self) -> Analysis:
        return analyse(self.path, self.clock().date())

    def record(self, analysis: Analysis) -> bool:
        """Take in what a save did; True when it brought a new good version to show."""
        self.checked_at = self.clock()
        self.errors = analysis.errors
        if analysis.aid is None:
            return False
        self.good = analysis.aid
        self.good_at = self.checked_at
        self.warnings = analysis.warnings
        self.loads += 1
        return True

    def status_text(self) -> Content:
        at = self.checked_at.strftime("%H:%M:%S") if self.checked_at else ""
        count = len(self.warnings)
        warnings = ngettext("{count} warning", "{count} warnings", count).format(count=count)
        if not self.errors:
            if self.loads > 1:
                text = _("✓ Reloaded {time} · 0 errors · {warnings} · F6 lint")
            else:
                text = _("✓ Loaded {time} · 0 errors · {warnings} · F6 lint")
            return Content(text.format(time=at, warnings=warnings))
        count = len(self.errors)
        errors = ngettext("{count} error", "{count} errors", count).format(count=count)
        if self.good_at is None:
            return Content(
                _("✗ Not loaded {time} · {errors} · no good version yet").format(
                    time=at, errors=errors
                )
            )
        shown = self.good_at.strftime("%H:%M:%S")
        return Content(
            _("✗ Not loaded {time} · {errors} · showing the version of {shown}").format(
                time=at, errors=errors, shown=shown
            )
        )

    def compose_panels(self) -> ComposeResult:
        yield ProblemsPanel()
        yield LintPanel()
        yield PreviewStatus()


class PreviewMode(AppMode):
    """Bannered PREVIEW; nothing kept on disk; the problems, lint and status panels under
    every stage."""

    name: ClassVar[Mode] = "preview"
    keeps_recovery: ClassVar[bool] = False

    def __init__(self, session: PreviewSession) -> None:
        self.session = session

    def compose_panels(self) -> ComposeResult:
        yield from self.session.compose_panels()


def preview_session(app: App[object]) -> PreviewSession | None:
    """The file previewed; None outside a preview."""
    return (
        app.mode.session if isinstance(app, SdmApp) and isinstance(app.mode, PreviewMode) else None
    )


class WaitingScreen(Screen[None]):
    """Shown while no version of the file has loaded: the errors, and what to do."""

    CSS_PATH = "preview.tcss"

    def compose(self) -> ComposeResult:
        session = preview_session(self.app)
        assert session is not None, "the waiting screen is the preview's"
        yield Banner(banner_lines(None, "preview"))
        with Container(id="waiting"):
            yield Static(
                Content.assemble(
                    plain(
                        _("No good version of {file} yet.").format(file=session.path.name)
                    ).stylize("bold"),
                    "\n",
                    _(
                        "Fix the errors below and save: the aid appears here at the first save "
                        "that loads. Keep this window open while you edit."
                    ),
                ),
                id="waiting-message",
            )
        yield from session.compose_panels()
        yield Footer()


class PreviewApp(SdmApp):
    """The app on one aid file, following its saves."""

    BINDINGS = [
        Binding(
            "f6", "toggle_lint", _("Lint"), id="lint", tooltip=_("Show or hide the lint warnings")
        ),
    ]

    def __init__(
        self, session: PreviewSession, *, clock: Clock | None = None, watch: bool = True
    ) -> None:
        super().__init__(
            Library(folder=None),
            # Nothing about a patient to hide (no idle lock) or keep; the author edits elsewhere.
            config=AppConfig(export_folder=session.path.parent, idle_minutes=0, recovery=False),
            mode=PreviewMode(session),
            clock=clock,
            recovery=None,
        )
        self.preview = session
        """The aid file followed and what its last save did."""
        self._place: Place | None = None
        """Where the author was before the last reload, until the new screen has it."""
        self.watching = watch
        self._stop_watching = threading.Event()

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self.show_version)  # after the library screen has shown
        if self.watching:
            self.run_worker(
                self._follow_saves(), name="preview-watch", group="preview-watch", exclusive=True
            )
            self.run_worker(_warm_up, name="preview-warm-up", group="preview-warm-up", thread=True)

    def on_unmount(self) -> None:
        self._stop_watching.set()

    async def _follow_saves(self) -> None:
        async for _save in saves(self.preview.path, self._stop_watching):
            await self.reload()

    async def reload(self) -> None:
        """Load the file again (lint off the event loop) and show what it is now."""
        analysis = await asyncio.to_thread(self.preview.analyse)
        if self.preview.record(analysis):
            self.show_version()
        self.refresh_panels()

    def refresh_panels(self) -> None:
        for screen in self.screen_stack:
            for panel in screen.query(PreviewPanel):
                panel.show(self.preview)

    def show_version(self) -> None:
        """Show the good version on the stage the author is on (or the waiting screen)."""
        session = self.preview
        if session.good is None:
            if not isinstance(self.screen, WaitingScreen):
                self.push_screen(WaitingScreen())
            return
        if not isinstance(self.screen, (StageScreen, WaitingScreen)) and len(self.screen_stack) > 1:
            # A dialog or the privacy screen is on top: switch when it has gone.
            self.set_timer(RETRY_SECONDS, self._show_latest)
            return
        self.library.aids = [session.good]
        stage = self.current_stage.key if self.consultation is not None else session.stage
        from sdm_tui.consultation.rules import new_consultation

        good = session.good

        def fresh() -> Consultation:
            if self.clock is None:
                return new_consultation(good, mode="preview")
            return new_consultation(good, mode="preview", clock=self.clock)

        # The author's place and entries survive the save (tab, scroll, ratings ...).
        consultation = carry_entries(self.consultation, good, fresh)
        if isinstance(self.screen, StageScreen) and stage != "library":
            self._place = take_place(self.screen, stage)
        if stage == "library":
            self.consultation = consultation
        elif isinstance(self.screen, WaitingScreen):
            self.pop_screen()  # the library shows again first, and says it is the stage
            self.call_after_refresh(self.resume, consultation, stage)
        else:
            self.resume(consultation, stage)
            self.call_after_refresh(self.restore_place)

    def restore_place(self) -> None:
        """Give the new stage screen the place the author had on the old one."""
        place, self._place = self._place, None
        screen = self.screen
        if place is None or getattr(screen, "stage_key", None) != place.stage:
            return
        restore_tabs(screen, place)
        self.call_after_refresh(self._restore_scrolls, screen, place, PLACE_TRIES)

    def _restore_scrolls(self, screen: Screen[object], place: Place, tries: int) -> None:
        """Scroll back once the content is laid out (a few frames after the screen shows)."""
        if self.screen is screen and not restore_scrolls(screen, place) and tries > 1:
            self.call_after_refresh(self._restore_scrolls, screen, place, tries - 1)

    def _show_latest(self) -> None:
        shown = self.consultation.aid if self.consultation is not None else None
        if shown is not self.preview.good:
            self.show_version()

    def action_toggle_lint(self) -> None:
        self.preview.lint_visible = not self.preview.lint_visible
        self.refresh_panels()

    def has_unsaved_work(self) -> bool:
        return False  # a preview keeps nothing: quitting never asks


def make_preview_app(
    path: Path,
    *,
    stage: str = "team",
    clock: Clock | None = None,
    watch: bool = True,
) -> PreviewApp:
    """The preview of `path`, loaded once already, opening on `stage`.

    `clock` gives both the consultation's times and the status line's (tests pass a fixed one).
    """
    session = PreviewSession(path, stage=stage, clock=clock)
    session.record(session.analyse())
    return PreviewApp(session, clock=clock, watch=watch)
