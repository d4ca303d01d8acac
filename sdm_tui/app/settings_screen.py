"""The settings screen: every setting, where its value comes from, and the ones to change.

Privacy settings fixed by the clinic's site file are shown locked, with the reason.
Save writes the user's settings file atomically and applies what can change while the
app runs (theme, idle time, export folder); the rest applies at the next start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Select, Static

from sdm_tui.app.plain import notify_plain, plain
from sdm_tui.app.widgets.safe_select import SafeSelect
from sdm_tui.i18n import _, pgettext
from sdm_tui.settings import SETTINGS, ResolvedSettings, Setting, resolve_settings
from sdm_tui.settings.clinic import system_zone_name
from sdm_tui.settings.declarations import CLINIC_SETTINGS, format_value
from sdm_tui.settings.resolve import InvalidValue, parse_text

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp

LIVE = frozenset(
    {"theme", "idle_minutes", "export_folder"} | {setting.name for setting in CLINIC_SETTINGS}
)
"""Settings that take effect as soon as they are saved; the others at the next start. The
clinic's are read at each export and each time team talk opens."""


def source_text(resolved: ResolvedSettings, setting: Setting) -> Content:
    if resolved.is_locked(setting.name):
        return plain(
            _("LOCKED – {reason} (a privacy setting)").format(
                reason=resolved.lock_reason(setting.name)
            )
        )
    where = resolved.sources[setting.name].describe()
    if setting.name in LIVE:
        return plain(_("from {source}").format(source=where))
    return plain(_("from {source} · a change applies at the next start").format(source=where))


def shown_value(resolved: ResolvedSettings, setting: Setting) -> str:
    value = resolved.values[setting.name]
    return "" if value is None else format_value(value)


class SettingsScreen(Screen[None]):
    CSS_PATH = "settings_screen.tcss"
    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            _("Save"),
            id="save-settings",
            tooltip=_("Save to your settings file"),
        ),
        Binding(
            "escape", "close", _("Close"), id="close-settings", tooltip=_("Close without saving")
        ),
    ]

    @property
    def sdm_app(self) -> SdmApp:
        return cast("SdmApp", self.app)

    def __init__(self) -> None:
        super().__init__()
        self.resolved = self._current()

    def _current(self) -> ResolvedSettings:
        return self.sdm_app.settings or resolve_settings()

    def compose(self) -> ComposeResult:
        resolved = self.resolved
        yield Static(Content(_("Settings")), id="settings-title")
        with VerticalScroll(id="settings-scroll"):
            yield Static(
                plain(
                    _("Saved to {file}. Every setting: docs/settings.md").format(
                        file=resolved.user_file
                    )
                ),
                id="settings-file",
                classes="muted",
            )
            if resolved.problems:
                yield Static(
                    plain("\n".join(f"⚠ {p.text()}" for p in resolved.problems)),
                    id="settings-problems",
                )
            for setting in SETTINGS:
                with Vertical(classes="setting", id=f"row-{setting.name}"):
                    yield Static(
                        plain(f"{setting.name} – {_(setting.description)}"),
                        classes="setting-name",
                    )
                    yield self._control(setting)
                    yield Static(source_text(resolved, setting), classes="setting-source")
                    yield Static("", classes="setting-error", id=f"error-{setting.name}")
            with Horizontal(id="settings-buttons"):
                yield Button(Content(_("Save (Ctrl+S)")), id="save", variant="primary")
                yield Button(Content(_("Close (Esc)")), id="close")
            yield Static("", id="settings-result")
        yield Footer()

    def _control(self, setting: Setting) -> Widget:
        resolved = self.resolved
        locked = resolved.is_locked(setting.name)
        widget_id = f"setting-{setting.name}"
        if setting.kind in ("choice", "bool"):
            if setting.kind == "bool":
                options = [(pgettext("setting", "on"), "on"), (pgettext("setting", "off"), "off")]
            else:
                options = [(name, name) for name in setting.choices]
            return SafeSelect(
                options,
                value=shown_value(resolved, setting),
                allow_blank=False,
                id=widget_id,
                disabled=locked,
            )
        if setting.kind == "path":
            placeholder = setting.shown_default()
        elif setting.kind == "timezone":
            placeholder = _("{valid}; default {default}").format(
                valid=setting.valid_text(), default=system_zone_name()
            )
        else:
            placeholder = _("{valid}; default {default}").format(
                valid=setting.valid_text(), default=setting.shown_default()
            )
        return Input(
            shown_value(resolved, setting),
            placeholder=placeholder,
            id=widget_id,
            disabled=locked,
        )

    def on_mount(self) -> None:
        self.sdm_app.steady_cursor(self)
        first = next(
            (
                w
                for w in self.query("#settings-scroll Select, #settings-scroll Input")
                if not w.disabled
            ),
            None,
        )
        if first is not None:
            first.focus()

    def _entered(self, setting: Setting) -> str:
        widget = self.query_one(f"#setting-{setting.name}")
        if isinstance(widget, Select):
            return str(widget.value)
        return cast(Input, widget).value.strip()

    def changes(self) -> tuple[dict[str, object], list[str]]:
        """What differs from the values in force, checked; and the names found invalid."""
        changes: dict[str, object] = {}
        invalid: list[str] = []
        for setting in SETTINGS:
            if self.resolved.is_locked(setting.name):
                continue
            entered = self._entered(setting)
            error = self.query_one(f"#error-{setting.name}", Static)
            error.display = False
            if entered == shown_value(self.resolved, setting):
                continue
            if entered == "":  # emptied: back to the default (or the site's value)
                changes[setting.name] = None
                continue
            try:
                changes[setting.name] = parse_text(setting, entered)
            except InvalidValue as problem:
                invalid.append(setting.name)
                error.update(
                    plain(
                        _("⚠ {problem}: {valid}").format(
                            problem=problem, valid=setting.valid_text()
                        )
                    )
                )
                error.display = True
        return changes, invalid

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        from sdm_tui.settings import update_user_settings

        changes, invalid = self.changes()
        result = self.query_one("#settings-result", Static)
        if invalid:
            result.update(Content(_("⚠ Not saved: correct the settings marked ⚠ first.")))
            return
        try:
            path = update_user_settings(changes, self.resolved.user_file)
        except OSError as error:
            result.update(plain(_("⚠ Not saved: {error}").format(error=error.strerror or error)))
            return
        command_line = {
            name: self.resolved.values[name]
            for name, source in self.resolved.sources.items()
            if source.kind == "command line"
        }
        updated = resolve_settings(
            overrides=command_line,
            user_file=self.resolved.user_file,
            site_file=self.resolved.site_file,
        )
        self.sdm_app.use_settings(updated)
        stronger = [
            _("{name} (still from {source})").format(
                name=name, source=updated.sources[name].describe()
            )
            for name in changes
            if updated.sources[name].kind in ("environment", "command line", "site file")
        ]
        message = _("✓ Saved to {file}.").format(file=path)
        if stronger:
            message += " " + _("Not in force now: {settings}").format(settings="; ".join(stronger))
        notify_plain(self.app, message, title=_("Settings"))
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
