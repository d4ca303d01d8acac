"""The sdm-tui application: holds the library and the consultation in progress."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from sdm_tui.aid.library import Library
from sdm_tui.app.delays import Delays, TextualDelays
from sdm_tui.app.drafts import Drafts
from sdm_tui.app.mode import AppMode, ClinicalMode
from sdm_tui.app.plain import notify_plain
from sdm_tui.app.stages import STAGE_BY_KEY, STAGES, Stage
from sdm_tui.app.textual_compat import CrashReportingApp, load_default_screen_css, stop_after_crash
from sdm_tui.i18n import N_, _, ngettext, pgettext
from sdm_tui.settings.config import AppConfig

if TYPE_CHECKING:
    from textual.widgets import Input

    from sdm_tui.aid.model import DecisionAid
    from sdm_tui.app.privacy import IdleWatcher
    from sdm_tui.app.recovery import Autosaver
    from sdm_tui.consultation.record import Consultation, Contributor
    from sdm_tui.export.record_model import AnyRecord
    from sdm_tui.settings import ResolvedSettings
    from sdm_tui.store.recovery import RecoveryStore

MIN_SIZE = (80, 24)
START_UP_SECONDS = 0.3
"""How long after the first frame the start is over."""
TERMINAL_CHECK_SECONDS = 1.0
"""How often the app makes sure its terminal is still there (a system call: no cost)."""
TERMINAL_GONE = 129
"""The exit status when the terminal went away: 128 + SIGHUP, as if it had been hung up."""
TERMINATED = 143
"""The exit status after SIGTERM: 128 + SIGTERM, as the shell would report it."""
_ACTIVITY = (
    events.Key,
    events.MouseDown,
    events.MouseScrollDown,
    events.MouseScrollUp,
    events.Paste,
)
_ALWAYS_ENTERED_AS = {
    "patient": N_("This is always entered as the patient's."),
    "clinician": N_("This is always entered as the clinician's."),
}
"""What F2 says in a part only one contributor ever enters (`FIXED_OWNERS`)."""


def _visible_typing(event: events.Event) -> events.Event:
    """A paste or key bringing bidi, zero-width or control characters into a text box:
    the live widget would send them to the terminal as they are (Trojan Source). A paste
    is made visible; such a key becomes a paste of its visible stand-in (in the same
    queue, so order is kept). Keys such as Escape or Ctrl+X are keys, not text."""
    from sdm_tui.store.safe_files import HIDDEN_CHARACTERS, visible_typing
    from sdm_tui.store.text import BIDI_CONTROLS

    if isinstance(event, events.Paste):
        event.text = visible_typing(event.text.replace("\r\n", "\n"))
    elif isinstance(event, events.Key) and event.character and len(event.character) == 1:
        character = event.character
        if (
            character in BIDI_CONTROLS
            or character in HIDDEN_CHARACTERS
            or 0x80 <= ord(character) <= 0x9F
        ):
            return events.Paste(visible_typing(character))
    return event


class SdmApp(CrashReportingApp):
    """Presents the core: every rule lives in `sdm_tui.consultation`."""

    CSS_PATH = "app.tcss"
    TITLE = "sdm-tui"
    BINDINGS = [
        Binding(
            "ctrl+q",
            "quit",
            _("Quit"),
            id="quit",
            tooltip=_("Quit (asks first if work is unsaved)"),
        ),
        Binding("f1", "help", _("Help"), id="help", tooltip=_("Help for this stage")),
        Binding(
            "ctrl+l",
            "lock_screen",
            _("Hide"),
            id="hide",
            tooltip=_("Hide the screen for privacy"),
        ),
        # Tab moves the focus as the key arrives, before the keys after it are handed
        # on: Textual hands each key to the focused widget's own queue, so in a burst
        # ("Dr Lee<Tab>GP") the letters after Tab were already queued for the box Tab
        # left and landed there. No widget here uses Tab for itself.
        Binding("tab", "focus_next", _("Next field"), show=False, priority=True),
        Binding("shift+tab", "focus_previous", _("Previous field"), show=False, priority=True),
    ]

    contributor: reactive[Contributor] = reactive("patient")
    """Who is entering what is typed now (patient, clinician, both or companion): the
    owner of the part with the focus (`enter_part`), unless F2 said otherwise."""

    def __init__(
        self,
        library: Library,
        *,
        config: AppConfig | None = None,
        mode: AppMode | None = None,
        include_retired: bool = False,
        clock: Callable[[], datetime] | None = None,
        recovery: RecoveryStore | None = None,
        delays: Delays | None = None,
    ) -> None:
        super().__init__()
        self.mode: AppMode = mode or ClinicalMode()
        """Clinical, training or preview: what differs between them (banner, keys ...)."""
        self.delays: Delays = delays or TextualDelays(self)
        """The clock and timers of the idle lock and the autosave; tests drive their own."""
        self.recovery = recovery
        """Where the consultation is kept against a crash; None when recovery is off."""
        self.autosaver: Autosaver | None = None
        self.drafts = Drafts()
        """Text typed in an "add" row and not added: kept across stages and crashes."""
        self.idle_watcher: IdleWatcher | None = None
        self.clock = clock
        """Where consultations get the time; tests pass a fixed one."""
        self.library = library
        self.include_retired = include_retired
        self.consultation: Consultation | None = None
        self.pending_follow_up: tuple[AnyRecord, str] | None = None
        """A record (and its file name) to open a follow-up of at start (`follow-up`)."""
        self.current_stage: Stage = STAGES[0]
        self.entering_part = "ratings"
        """The record part the focus is in (`contributors.NATURAL_OWNERS`)."""
        self.contributor_choices: dict[str, Contributor] = {}
        """Who F2 said is entering each part, where not its natural owner; for this
        consultation only."""
        self.resume_stage = "team"
        """The stage to return to from the library while a consultation is open."""
        self.settings: ResolvedSettings | None = None
        """The settings in force, with where each came from (`use_settings`); None: no
        settings were read (tests, preview): the `config` given, or the defaults."""
        from sdm_tui.app.themes import register_themes

        register_themes(self)
        self.config = config or AppConfig()
        self.export_folder = Path.cwd()
        """Where exports go (the export_folder setting, else the folder started in)."""
        self.idle_seconds = 0.0
        """Seconds without a key or click before the privacy screen hides everything."""
        self.apply_config(self.config)

    def steady_cursor(self, screen: Screen) -> None:
        """No blinking cursor under test, so that screenshots do not depend on timing."""
        if self.is_headless:
            from textual.widgets import Input, TextArea

            for widget in (*screen.query(Input), *screen.query(TextArea)):
                widget.cursor_blink = False

    def get_default_screen(self) -> Screen:
        return self.mode.first_screen() or STAGES[0].make_screen()

    def on_mount(self) -> None:
        from sdm_tui.app.privacy import IdleWatcher

        # Textual 8.2.8 reads a pushed screen's CSS_PATH but not the default screen's.
        load_default_screen_css(self, self.screen_stack[0])

        self.idle_watcher = IdleWatcher(self, self.idle_seconds)
        self.idle_watcher.start()
        if self.recovery is not None:
            from sdm_tui.app.recovery import Autosaver

            self.autosaver = Autosaver(self, self.recovery)
            self.call_after_refresh(self.autosaver.offer)
        if self.pending_follow_up is not None:
            self.call_after_refresh(self.start_follow_up, *self.pending_follow_up)
            self.pending_follow_up = None
        self.call_after_refresh(self._check_size)
        self.call_after_refresh(self.set_timer, START_UP_SECONDS, self.start_up_done)
        if not self.is_headless and sys.__stdin__ is not None and sys.__stdin__.isatty():
            self.set_interval(TERMINAL_CHECK_SECONDS, self.check_terminal, name="terminal")
            with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows
                asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.terminal_gone)
                asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self.terminated)
        if self.settings is not None and self.settings.problems:
            count = len(self.settings.problems)
            notify_plain(
                self,
                ngettext(
                    "{count} setting(s) ignored: see F9 Settings.",
                    "{count} setting(s) ignored: see F9 Settings.",
                    count,
                ).format(count=count),
                title=_("Settings"),
                severity="warning",
            )

    def check_terminal(self) -> None:
        """Stop at once, as after a crash, when the terminal is gone.

        A closed terminal window does not always reach the app (under `make run`, or
        with hang-ups ignored, no signal came): Textual then reads end-of-input in a loop,
        at full CPU, for ever. Nor can the app leave the usual way: Textual's shutdown
        writes to the terminal and waits for ever on its output queue. So the
        consultation is saved for crash recovery (to be resumed or discarded at the next
        start on this account) and the process ends there."""
        try:
            if sys.__stdin__ is not None and os.isatty(sys.__stdin__.fileno()):
                return
        except (OSError, ValueError):  # closed
            pass
        self.terminal_gone()

    def terminal_gone(self) -> None:
        """Save what is unsaved (the last half-second of typing too) and stop."""
        if self.autosaver is not None and self.consultation is not None:
            self.autosaver.save_now()
        os._exit(TERMINAL_GONE)

    def terminated(self) -> None:
        """SIGTERM (a shutdown, `kill`): save what is unsaved, give the terminal back
        (Textual's shutdown leaves the alternate screen and mouse mode) and exit 143.

        Python's default would end the process on the spot: the last half-second of
        typing lost, and the terminal left unusable. The consultation stays in crash
        recovery, to be resumed at the next start, as after a closed terminal."""
        if self.autosaver is not None and self.consultation is not None:
            self.autosaver.save_now()
        self.exit(return_code=TERMINATED)

    def start_up_done(self) -> None:
        """The first screen is up: if the command line turned the garbage collector off
        for the start, what exists now is set aside for good (`gc.freeze`: later
        collections, and their pauses between keys, skip it) and collection resumes."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _ACTIVITY) and self.idle_watcher is not None:
            self.idle_watcher.activity()
        if isinstance(event, events.Key):
            self._show_focused_box()
        await super().on_event(_visible_typing(event))

    def _show_focused_box(self) -> None:
        """A key for a text box that was scrolled out of sight (the wheel, the scrollbar):
        the box comes back into view first, so that what is typed never goes somewhere
        unseen (the patient's name once became "Q.T.3gv]" that way)."""
        from textual.errors import NoWidget
        from textual.widgets import Input, TextArea

        focused = self.screen.focused if self.screen_stack else None
        if not isinstance(focused, (Input, TextArea)):
            return
        try:
            where = self.screen.find_widget(focused)
        except NoWidget:  # not laid out yet: nothing to show
            return
        seen = where.region.intersection(where.clip)
        if seen.height < min(where.region.height, 3) or seen.width == 0:
            focused.scroll_visible(animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int | None = None, height: int | None = None) -> None:
        from sdm_tui.app.privacy import TooSmallScreen

        if width is None or height is None:
            width, height = self.size
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen(*MIN_SIZE))
        elif too_small:
            cast(TooSmallScreen, self.screen).show_size(width, height)
        elif showing:
            held = self.screen.held  # type: ignore[attr-defined]
            self.pop_screen()
            for event in held:  # typed while the notice was up: not lost
                self.call_after_refresh(self.post_message, event)

    def has_patient_data(self) -> bool:
        return self.consultation is not None

    def action_lock_screen(self) -> None:
        self.lock_screen()

    def lock_screen(self) -> None:
        from sdm_tui.app.privacy import PrivacyScreen

        if self.has_patient_data() and not isinstance(self.screen, PrivacyScreen):
            self.clear_notifications()
            self.push_screen(PrivacyScreen())

    def report_crash(self, error: Exception) -> None:
        # Replaces Textual's report, which prints local variables (patient text) on the
        # terminal. Under a test pilot the error is still re-raised for pytest to show.
        from rich.text import Text

        from sdm_tui.store.crash import describe_crash

        self.bell()
        stop_after_crash(self, error, Text(describe_crash(error)))

    def save_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str:
        """Never: an SVG of the screen is the patient's words on disk (0644). Textual
        takes one when TEXTUAL_SCREENSHOT was set before it was imported (the CLI
        removes it first); this is the last line of defence."""
        return ""

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # A screenshot would write patient data to disk: not offered.
        for command in super().get_system_commands(screen):
            if "screenshot" not in command.title.lower():
                yield command
        yield SystemCommand(
            _("Settings"), _("Theme, export folder, idle time and more (F9)"), self.action_settings
        )

    # -- settings -----------------------------------------------------------------------

    def use_settings(self, settings: ResolvedSettings) -> None:
        """Take the settings in force (kept for the settings screen) and apply them."""
        self.settings = settings
        self.apply_config(AppConfig.from_settings(settings))

    def apply_config(self, config: AppConfig) -> None:
        """Apply what can change while running: theme, idle time, export folder."""
        self.config = config
        self.theme = config.theme
        self.export_folder = config.export_folder or Path.cwd()
        self.idle_seconds = config.idle_seconds
        if self.idle_watcher is not None:
            self.idle_watcher.restart(self.idle_seconds)

    def action_settings(self) -> None:
        from sdm_tui.app.settings_screen import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    # -- the consultation ---------------------------------------------------------------

    def start_consultation(self, aid: DecisionAid, stage: str = "team") -> None:
        """A new consultation with `aid`, opened on team talk, where one begins (a test or
        a tool may open it on another stage without drawing team talk first)."""
        from sdm_tui.consultation.rules import new_consultation

        self.drafts.clear()
        if self.clock is None:
            self.consultation = new_consultation(aid, mode=self.mode.name)
        else:
            self.consultation = new_consultation(aid, mode=self.mode.name, clock=self.clock)
        self.consultation.time_zone = self.config.clinic.resolved_zone()
        self.contributor_choices.clear()
        self.contributor = "patient"
        self.resume_stage = stage
        if self.autosaver is not None:
            self.autosaver.attach()
        self.go_to_stage(stage)

    def start_follow_up(self, record: AnyRecord, file_name: str) -> None:
        """Open a follow-up visit of `record` (already read and checked), earlier decision
        first. The library's aid, if it has the same one, tells whether it changed since."""
        from sdm_tui.consultation.record import utc_now
        from sdm_tui.export.follow_up_start import start_follow_up

        self.drafts.clear()
        self.consultation = start_follow_up(
            record,
            file_name,
            library_aid=self.library.pick(record.aid.id, record.aid.language),
            clock=self.clock or utc_now,
        )
        self.consultation.time_zone = self.config.clinic.resolved_zone()
        self.contributor_choices.clear()
        self.contributor = "patient"
        if self.autosaver is not None:
            self.autosaver.attach()
        self.show_follow_up("earlier")

    def show_follow_up(self, step: str) -> None:
        """Show a follow-up screen: "earlier" (shown first) or "answers"."""
        from sdm_tui.app.screens.follow_up import EarlierDecisionScreen, FollowUpAnswersScreen

        screen = EarlierDecisionScreen() if step == "earlier" else FollowUpAnswersScreen()
        self.resume_stage = "decide"  # go_to_stage sends a follow-up's stages here
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def resume(self, consultation: Consultation, stage_key: str) -> None:
        """Continue a consultation recovered after a crash, on the stage it was left at."""
        self.consultation = consultation
        consultation.time_zone = self.config.clinic.resolved_zone()
        if self.autosaver is not None:
            self.autosaver.attach()
        self.go_to_stage(stage_key if stage_key in STAGE_BY_KEY else "team")

    def on_input_changed(self, event: Input.Changed) -> None:
        """A draft box changed: keep its text, and save it for crash recovery."""
        stage = getattr(self.screen, "stage_key", "")
        if stage and self.drafts.note(stage, event.input) and self.autosaver is not None:
            self.autosaver.changed("draft")

    def go_to_stage(self, key: str) -> None:
        stage = STAGE_BY_KEY[key]
        if stage.key != "library" and self.consultation is None:
            self.notify(_("Choose a decision aid first."), severity="warning")
            return
        follow_up = self.consultation is not None and self.consultation.follow_up is not None
        if follow_up and stage.key not in ("library", "summary"):
            self.show_follow_up("answers")  # a follow-up has its own screens
            return
        self.current_stage = stage
        self.mode.stage_entered(stage.key)
        if stage.key != "library":
            self.resume_stage = stage.key
            if self.autosaver is not None:
                self.autosaver.changed("stage")
        if stage.key == "library":
            while len(self.screen_stack) > 2:
                self.pop_screen()
            if len(self.screen_stack) == 2:
                self.pop_screen()
            return
        screen = stage.make_screen()
        on_a_stage = getattr(self.screen, "stage_key", None) or hasattr(
            self.screen, "follow_up_step"
        )
        if len(self.screen_stack) > 1 and on_a_stage:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def can_step(self, delta: int) -> bool:
        return 0 <= STAGES.index(self.current_stage) + delta < len(STAGES)

    def step(self, delta: int) -> None:
        if self.can_step(delta):
            self.go_to_stage(STAGES[STAGES.index(self.current_stage) + delta].key)

    def end_consultation(self) -> None:
        """Forget the consultation entirely and show the library for the next patient."""
        self.consultation = None
        self.contributor_choices.clear()
        self.contributor = "patient"
        self.mode.consultation_ended()
        if self.autosaver is not None:
            self.autosaver.discard()
        self.go_to_stage("library")
        self.clear_notifications()
        self.refresh(repaint=True, layout=True)

    def consultation_unsaved(self) -> bool:
        """Entries of the consultation that no export shows yet."""
        if self.consultation is None:
            return False
        from sdm_tui.consultation.rules import has_unsaved_work

        return has_unsaved_work(self.consultation)

    def has_unsaved_work(self) -> bool:
        """The consultation's unexported entries, or the mode's own work (a trainer's)."""
        return self.consultation_unsaved() or bool(self.mode.unsaved_work())

    def unsaved_work_text(self, consultation_text: str) -> str:
        """What quitting or ending would lose: `consultation_text` if the consultation has
        unexported entries, then the mode's own work in words."""
        parts = [consultation_text] if self.consultation_unsaved() else []
        mode_text = self.mode.unsaved_work()
        return " ".join([*parts, *([mode_text] if mode_text else [])])

    # -- actions ------------------------------------------------------------------------

    def contributor_for(self, part: str) -> Contributor:
        """Who what is entered in `part` is recorded as: its natural owner (the plan the
        clinician's, the patient's words the patient's), unless F2 said otherwise."""
        # Imported here: the first screen (the library) needs no consultation (~12 ms).
        from sdm_tui.consultation.contributors import FIXED_OWNERS, natural_owner

        if part.split(".", 1)[0] in FIXED_OWNERS:
            return FIXED_OWNERS[part.split(".", 1)[0]]
        return self.contributor_choices.get(part) or natural_owner(part)

    def enter_part(self, part: str) -> None:
        """The focus moved into `part`: who is entering is now whoever enters it."""
        self.entering_part = part
        self.contributor = self.contributor_for(part)

    def action_cycle_contributor(self) -> None:
        """F2: the next contributor for the part being entered (and for that part until
        changed again); the clinician's view stays the clinician's."""
        from sdm_tui.consultation.contributors import FIXED_OWNERS, next_contributor

        part = self.entering_part
        if self.consultation is None:
            return
        if part.split(".", 1)[0] in FIXED_OWNERS:
            who = FIXED_OWNERS[part.split(".", 1)[0]]
            notify_plain(self, _(_ALWAYS_ENTERED_AS[who]), title=pgettext("notification", "Who"))
            return
        who = next_contributor(self.consultation, part, self.contributor_for(part))
        self.contributor_choices[part] = who
        self.contributor = who

    def action_help(self) -> None:
        from sdm_tui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.current_stage))

    async def action_quit(self) -> None:
        if not self.has_unsaved_work():
            self._forget_and_exit()
            return
        from sdm_tui.app.screens.confirm import ConfirmScreen

        def decide(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self._forget_and_exit()

        self.push_screen(
            ConfirmScreen(
                _("Quit without exporting?"),
                self.unsaved_work_text(
                    _("This consultation has entries that have not been exported.")
                )
                + " "
                + _("Quitting clears them."),
                confirm_label=_("Quit and clear"),
            ),
            decide,
        )

    def _forget_and_exit(self) -> None:
        self.consultation = None
        self.mode.consultation_ended()  # a rehearsal's link to its observer closes too
        if self.autosaver is not None:
            self.autosaver.discard()
        self.exit(0)
