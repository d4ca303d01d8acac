"""Crash recovery for the app: autosave as the consultation changes, offer to resume at start."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from sdm_tui.app.plain import notify_plain, plain
from sdm_tui.app.stages import STAGE_BY_KEY
from sdm_tui.i18n import SOURCE_LANGUAGE, _, current_language, pgettext

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sdm_tui.app.app import SdmApp
    from sdm_tui.app.delays import Stoppable
    from sdm_tui.store.recovery import PendingRecovery, RecoveryStore

AUTOSAVE_DELAY = 0.5
"""Seconds of quiet before a save: typing a sentence is one save, not thirty."""
PAYLOAD_VERSION = 1


class RecoveryScreen(ModalScreen[str]):
    """Resume, discard, or decide later (the file is kept)."""

    DEFAULT_CSS = """
    RecoveryScreen { align: center middle; }
    RecoveryScreen > Vertical {
        width: 66; max-width: 95%; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    RecoveryScreen #question { text-style: bold; margin-bottom: 1; }
    RecoveryScreen Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    RecoveryScreen Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "later", pgettext("button", "Later"))]

    def __init__(self, aid_title: str, saved_at: str, stage: str = "", clinician: str = "") -> None:
        super().__init__()
        self.aid_title = aid_title
        self.saved_at = saved_at
        self.stage = stage
        self.clinician = clinician

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(_("Resume the unfinished consultation?")), id="question")
            yield Static(plain(resume_prompt(self)))
            with Horizontal():
                yield Button(Content(pgettext("button", "Later")), id="later")
                yield Button(Content(pgettext("button", "Discard")), id="discard", variant="error")
                yield Button(Content(pgettext("button", "Resume")), id="resume", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "later")

    def action_later(self) -> None:
        self.dismiss("later")


def resume_prompt(screen: RecoveryScreen) -> str:
    """What identifies the consultation to whoever started it, and nothing of the patient:
    on a shared account the next person at the keyboard reads this too."""
    values = {
        "clinician": screen.clinician,
        "aid": screen.aid_title,
        "stage": stage_words(screen.stage),
        "saved_at": screen.saved_at,
    }
    if screen.clinician and screen.stage:
        text = _(
            "A consultation by {clinician} using “{aid}” was interrupted at the {stage} "
            "stage; it was last saved at {saved_at}. Resume it, or discard it for good."
        )
    elif screen.clinician:
        text = _(
            "A consultation by {clinician} using “{aid}” was interrupted; it was last "
            "saved at {saved_at}. Resume it, or discard it for good."
        )
    elif screen.stage:
        text = _(
            "A consultation using “{aid}” was interrupted at the {stage} stage; it was last "
            "saved at {saved_at}. Resume it, or discard it for good."
        )
    else:
        text = _(
            "A consultation using “{aid}” was interrupted; it was last saved at {saved_at}. "
            "Resume it, or discard it for good."
        )
    return text.format(**values)


def stage_words(key: str) -> str:
    """The stage saved (its key, as the recovery file keeps it) as the prompt names it: the
    key itself in English ("at the team stage"), the stage's name in another language."""
    if current_language() == SOURCE_LANGUAGE or key not in STAGE_BY_KEY:
        return key
    return STAGE_BY_KEY[key].short


def saved_when(saved_at: datetime) -> str:
    """When the consultation was last saved, in local time: "14:05 on 03 Dec 2026" (Spanish
    "14:05 del 3 dic 2026"), the month as the language writes it."""
    local = saved_at.astimezone()
    language = current_language()
    if language == SOURCE_LANGUAGE:  # as the first release printed it
        day = local.strftime("%d %b %Y")
    else:
        from babel.dates import format_skeleton

        day = format_skeleton("yMMMd", local.date(), locale=language)
    return _("{time} on {day}").format(time=f"{local:%H:%M}", day=day)


def _clinician(record: dict[str, object]) -> str:
    people = record.get("participants")
    for person in people if isinstance(people, list) else []:
        if isinstance(person, dict) and person.get("role") == "clinician":
            return str(person.get("name") or "")
    return ""


class Autosaver:
    """Saves the consultation shortly after each change, and removes it at the end."""

    def __init__(self, app: SdmApp, store: RecoveryStore) -> None:
        self.app = app
        self.store = store
        self._timer: Stoppable | None = None
        self._warned = False

    def attach(self) -> None:
        consultation = self.app.consultation
        if consultation is not None:
            consultation.observers.append(self.changed)
            self.changed("start")

    def changed(self, _event: str = "") -> None:
        if self._timer is None:
            self._timer = self.app.delays.later(AUTOSAVE_DELAY, self.save_now, name="autosave")

    def save_now(self) -> None:
        from sdm_tui.export.record_json import to_record
        from sdm_tui.export.record_model import record_to_data

        self._timer = None
        consultation = self.app.consultation
        if consultation is None:
            return
        payload = {
            "sdm_tui_recovery": PAYLOAD_VERSION,
            "stage": self.app.resume_stage,
            "record": record_to_data(to_record(consultation)),
            "drafts": self.app.drafts.texts,  # typed in an "add" row, not added yet
        }
        mode_state = self.app.mode.recovery_state()
        if mode_state is not None:  # a trainer's scores, notes and log
            payload["mode_state"] = mode_state
        try:
            self.store.save(json.dumps(payload, ensure_ascii=False))
        except OSError as error:
            if not self._warned:
                self._warned = True
                notify_plain(
                    self.app,
                    _("Crash recovery could not save: {error}.").format(
                        error=error.strerror or error
                    ),
                    severity="warning",
                    timeout=8,
                )

    def discard(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        with contextlib.suppress(OSError):
            self.store.discard()

    # -- at start -------------------------------------------------------------------

    def offer(self) -> None:
        from sdm_tui.store.recovery import RecoveryError

        try:
            self.store.prepare()
            pending = self.store.pending()
        except (OSError, RecoveryError) as error:
            notify_plain(
                self.app,
                _("Crash recovery is unavailable: {error}").format(error=error),
                severity="warning",
                timeout=8,
            )
            return
        if pending is None or self.app.consultation is not None:
            return
        record = pending.record.get("record", {})
        title = str(record.get("aid", {}).get("title", _("an unknown aid")))
        saved = saved_when(pending.saved_at)
        stage = str(pending.record.get("stage") or "")
        screen = RecoveryScreen(title, saved, stage, _clinician(record))
        self.app.push_screen(screen, lambda choice: self._chosen(choice, pending))

    def _chosen(self, choice: str | None, pending: PendingRecovery) -> None:
        if choice == "discard":
            with contextlib.suppress(OSError):
                self.store.discard_pending(pending)
        elif choice == "resume":
            self._resume(pending)
        else:  # later: let go, so that the next start offers it again
            self.store.release(pending)

    def _resume(self, pending: PendingRecovery) -> None:
        from sdm_tui.export.files import ExportError, write_exports
        from sdm_tui.export.record_read import RecordError, from_record

        record = pending.record.get("record")
        written = (record or {}).get("aid", {})  # in the language it was written in
        written = written if isinstance(written, dict) else {}
        aid = self.app.library.pick(str(written.get("id", "")), str(written.get("language", "")))
        if isinstance(record, dict) and "follow_up" in record:  # its aid is in the record
            from sdm_tui.export.follow_up_start import aid_from_summary
            from sdm_tui.export.record_model import record_from_data

            with contextlib.suppress(RecordError, ValueError):
                aid = aid_from_summary(record_from_data(record).aid)
        try:
            if not isinstance(record, dict) or aid is None:
                raise RecordError(_("its decision aid is not in this library"))
            clock = self.app.clock
            consultation = from_record(record, aid, clock) if clock else from_record(record, aid)
        except RecordError as error:
            self._rescue(record, error, write_exports, ExportError, pending)
            return
        self.store.adopt(pending)  # its file is this instance's from now on
        self.app.mode.restore(self.app, pending.record.get("mode_state"), consultation)
        drafts = pending.record.get("drafts")
        if isinstance(drafts, dict):
            self.app.drafts.texts = {str(k): str(v) for k, v in drafts.items()}
        self.app.resume(consultation, str(pending.record.get("stage") or "team"))

    def _rescue(
        self,
        record: object,
        error: Exception,
        write_exports: Callable[..., list[Path]],
        export_error: type[Exception],
        pending: PendingRecovery,
    ) -> None:
        """The record cannot be resumed (e.g. the aid changed): export it as it is."""
        if not isinstance(record, dict):
            notify_plain(
                self.app, _("The saved consultation cannot be used: {error}").format(error=error)
            )
            return
        try:
            paths = write_exports(
                record,
                self.app.export_folder,
                formats=("md", "json"),
                clinic=self.app.config.clinic,
            )
        except (export_error, ValueError) as failure:  # ValueError: RecordError too
            notify_plain(
                self.app,
                _("Cannot resume ({error}) nor export it: {failure}. Kept for later.").format(
                    error=error, failure=failure
                ),
                severity="error",
                timeout=15,
            )
            return
        self.store.discard_pending(pending)
        names = ", ".join(p.name for p in paths)
        notify_plain(
            self.app,
            _("Cannot resume ({error}); it was exported as it was: {names}").format(
                error=error, names=names
            ),
            severity="warning",
            timeout=15,
        )
