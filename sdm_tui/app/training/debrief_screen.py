"""The debrief at the end of a rehearsal: shown, then saved as Markdown and JSON (Ctrl+S).

Opening it stops the stage clock; going back starts it again on the stage shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from sdm_tui.app.plain import plain
from sdm_tui.app.training.debrief_view import SECTIONS, header
from sdm_tui.app.training.mode import training_session
from sdm_tui.app.training.session import debrief_data
from sdm_tui.app.widgets.banner import Banner, banner_lines
from sdm_tui.export import ExportError
from sdm_tui.i18n import _
from sdm_tui.rehearsal.debrief import write_debrief
from sdm_tui.rehearsal.debrief_model import Debrief

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp


class DebriefScreen(Screen):
    CSS_PATH = "debrief_screen.tcss"
    BINDINGS = [
        Binding(
            "ctrl+s", "export", _("Export"), id="export-debrief", tooltip=_("Save the debrief")
        ),
        Binding("escape,f5", "back", _("Back"), id="debrief-back", tooltip=_("Back to the stage")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.debrief: Debrief | None = None
        self.problem = ""

    @property
    def sdm_app(self) -> SdmApp:
        return cast("SdmApp", self.app)

    def compose(self) -> ComposeResult:
        app = self.sdm_app
        session = training_session(app)
        if session is not None:
            session.pause()
        try:
            self.debrief = debrief_data(app)
        except ValueError as error:
            self.problem = str(error)
        aid = app.consultation.aid if app.consultation is not None else None
        yield Banner(banner_lines(aid, "training") or ["TRAINING"])
        yield Static(Content(_("Rehearsal debrief")), id="stage-title")
        with VerticalScroll(id="debrief"):
            if self.debrief is None:
                yield Static(
                    plain(_("✗ No debrief: {problem}").format(problem=self.problem)),
                    classes="debrief-problem",
                )
            else:
                yield Static(header(self.debrief), classes="debrief-section")
                for title, render in SECTIONS:
                    yield Static(Content(_(title)), classes="debrief-heading")
                    yield Static(render(self.debrief), classes="debrief-section")
        with Horizontal(id="debrief-export-row"):
            yield Static(Content(_("Save to folder")), id="debrief-folder-label")
            yield Input(str(app.export_folder), id="debrief-folder")
            yield Button(Content(_("Export debrief")), id="export-debrief", variant="primary")
            yield Button(Content(_("Back")), id="debrief-back")
        yield Static(id="debrief-result")
        yield Footer()

    def on_mount(self) -> None:
        self.sdm_app.steady_cursor(self)
        self.query_one("#debrief", VerticalScroll).focus()

    def _show_result(self, text: Content, *, failed: bool) -> None:
        result = self.query_one("#debrief-result", Static)
        result.update(text)
        result.set_class(failed, "-failed")
        result.set_class(not failed, "-done")

    @on(Button.Pressed, "#export-debrief")
    @on(Input.Submitted, "#debrief-folder")
    def _export_pressed(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        if self.debrief is None:
            self._show_result(
                plain(_("✗ Nothing to export: {problem}").format(problem=self.problem)),
                failed=True,
            )
            return
        folder_text = self.query_one("#debrief-folder", Input).value.strip()
        if not folder_text:
            self._show_result(
                Content(_("✗ Type the folder to save into, then Export.")), failed=True
            )
            self.query_one("#debrief-folder", Input).focus()
            return
        folder = Path(folder_text).expanduser()
        try:
            paths = write_debrief(self.debrief, folder)
        except ExportError as error:
            self._show_result(
                Content.assemble(_("✗ Not exported. "), plain(error.message)), failed=True
            )
            self.query_one("#debrief-folder", Input).focus()
            return
        self.sdm_app.export_folder = folder
        session = training_session(self.sdm_app)
        if session is not None:
            session.debrief_exported()
        where = paths[0].parent if paths else folder
        lines = [
            _("✓ Saved the debrief in {folder}:").format(folder=where),
            *(f"  {path.name}" for path in paths),
        ]
        self._show_result(plain("\n".join(lines)), failed=False)

    @on(Button.Pressed, "#debrief-back")
    def action_back(self) -> None:
        app = self.sdm_app
        self.dismiss()
        session = training_session(app)
        if session is not None and app.consultation is not None:
            session.stage_entered(app.current_stage.key)
