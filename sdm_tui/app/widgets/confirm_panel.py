"""Patient and clinician each confirm by their own button, and can withdraw again.

The panel shows the state in words and symbols (never by colour alone) and reports presses
with `ConfirmPanel.Toggled`; the screen applies the rules and calls `show` again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from sdm_tui.consultation.record import CONFIRMING_ROLES, ConfirmingRole
from sdm_tui.i18n import N_, _
from sdm_tui.settings.clinic import UTC_CLINIC, Clinic, offset_label

ROLES = CONFIRMING_ROLES

# Whole sentences for each role (the word order and the article differ by language).
_NOT_CONFIRMED = {
    "patient": N_("○ Patient: [b]not confirmed yet[/b]"),
    "clinician": N_("○ Clinician: [b]not confirmed yet[/b]"),
}
_CONFIRMED = {
    "patient": N_("[b]✓ Confirmed by the patient[/b] at {time}"),
    "clinician": N_("[b]✓ Confirmed by the clinician[/b] at {time}"),
}
_WITHDRAW = {"patient": N_("Patient: withdraw"), "clinician": N_("Clinician: withdraw")}
_CONFIRM = {"patient": N_("Patient: I confirm"), "clinician": N_("Clinician: I confirm")}


def confirmed_at(when: datetime, clinic: Clinic | None = None) -> str:
    """The time as the exported copies show it (the clinic's clock with its offset; UTC
    without a clinic), so that screen and paper agree."""
    local = (clinic or UTC_CLINIC).local(when)
    return f"{local:%H:%M} {offset_label(local)}"


def state_line(role: str, when: datetime | None, clinic: Clinic | None = None) -> Content:
    """Our own markup (bold), in the language shown; the time holds no markup."""
    if when is None:
        return Content.from_markup(_(_NOT_CONFIRMED[role]))
    shown = confirmed_at(when, clinic)
    return Content.from_markup(_(_CONFIRMED[role]).format(time=shown))


def button_label(role: str, confirmed: bool) -> Content:
    return Content(_(_WITHDRAW[role]) if confirmed else _(_CONFIRM[role]))


class ConfirmPanel(Vertical):
    """Two confirmations, each with its own state line and its own toggle button."""

    DEFAULT_CSS = """
    ConfirmPanel { height: auto; padding: 0 1; border: round $panel-lighten-2; }
    ConfirmPanel.-both { border: round $success; }
    ConfirmPanel #confirm-summary { height: auto; margin-bottom: 1; }
    ConfirmPanel .confirm-state { height: auto; }
    ConfirmPanel .confirm-state.-confirmed { color: $text-success; }
    ConfirmPanel #confirm-buttons { height: auto; margin-top: 1; }
    ConfirmPanel #confirm-buttons Button { width: 1fr; margin-right: 1; }
    ConfirmPanel #confirm-both { height: auto; margin-top: 1; text-style: bold; }
    ConfirmPanel #confirm-note { height: auto; color: $text-warning; }
    ConfirmPanel #confirm-note.-empty { display: none; }
    """

    @dataclass
    class Toggled(Message):
        """The patient or the clinician pressed their button (to confirm or to withdraw)."""

        panel: ConfirmPanel
        role: ConfirmingRole

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = _("Confirm together")

    def compose(self) -> ComposeResult:
        yield Static(id="confirm-summary")
        for role in ROLES:
            yield Static(state_line(role, None), id=f"{role}-state", classes="confirm-state")
        with Horizontal(id="confirm-buttons"):
            for role in ROLES:
                yield Button(button_label(role, False), id=f"confirm-{role}")
        yield Static(id="confirm-both")
        yield Static(id="confirm-note", classes="-empty")

    def show(
        self,
        confirmations: Mapping[str, datetime],
        *,
        blocked: str | None = None,
        note: str | None = None,
        summary: Content | None = None,
    ) -> None:
        """Show who confirmed when. `blocked` says why no one can confirm now (buttons off);
        `note` is a warning to show under the buttons (e.g. that confirmations were
        withdrawn); `summary` what is being confirmed, kept in view beside the buttons
        (the choice is far up the page at 80x24)."""
        config = getattr(self.app, "config", None)
        clinic = getattr(config, "clinic", None)
        summary_widget = self.query_one("#confirm-summary", Static)
        summary_widget.update(summary or Content(""))
        summary_widget.display = summary is not None
        for role in ROLES:
            when = confirmations.get(role)
            state = self.query_one(f"#{role}-state", Static)
            state.update(state_line(role, when, clinic))
            state.set_class(when is not None, "-confirmed")
            button = self.query_one(f"#confirm-{role}", Button)
            button.label = button_label(role, when is not None)
            button.disabled = blocked is not None
        both = all(role in confirmations for role in ROLES)
        self.set_class(both, "-both")
        self.query_one("#confirm-both", Static).update(
            Content(_("✓ Both have confirmed the decision and the plan."))
            if both
            else Content(_("Not yet confirmed by both."))
        )
        message = blocked or note or ""
        note_widget = self.query_one("#confirm-note", Static)
        note_widget.update(Content(message))
        note_widget.set_class(not message, "-empty")

    @on(Button.Pressed, "#confirm-patient, #confirm-clinician")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        role: ConfirmingRole = "patient" if event.button.id == "confirm-patient" else "clinician"
        self.post_message(self.Toggled(self, role))
