"""Stage 7, summary: preview the documents, export them to a folder, end the consultation.

This module is imported only when the summary is first opened, so the Markdown widget
(and the exporters) cost nothing at start-up.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from rich.markdown import Markdown as RichMarkdown
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, RadioSet, Static

from sdm_tui.app.plain import plain
from sdm_tui.app.screens.base import StageScreen
from sdm_tui.app.screens.languages import clinic_language, language_name, patient_language
from sdm_tui.app.widgets.confirm_panel import confirmed_at
from sdm_tui.app.widgets.marked_radio import MarkedRadioButton
from sdm_tui.consultation import rules
from sdm_tui.export import ExportError, render_markdown, to_record, write_exports
from sdm_tui.export.markdown import Audience
from sdm_tui.export.record_model import Record
from sdm_tui.i18n import N_, SOURCE_LANGUAGE, _, in_language, ngettext
from sdm_tui.settings.clinic import Clinic

AUDIENCES: tuple[tuple[Audience, str], ...] = (
    ("patient", N_("Patient copy")),
    ("clinic", N_("Clinic record")),
)


def export_documents(record: Record, folder: Path, clinic: Clinic | None = None) -> list[Path]:
    """Write the patient's copy and the clinic's record (Markdown, and HTML to print) and
    the JSON record as one set, for `clinic` (its name, contact and time zone; from the
    settings).

    Raises ExportError (with nothing of the set left behind) if any file cannot be saved.
    """
    written = write_exports(
        record, folder, formats=("md", "html"), audience="patient", clinic=clinic
    )
    try:
        written += write_exports(
            record, folder, formats=("md", "html", "json"), audience="clinic", clinic=clinic
        )
    except ExportError:
        for path in written:
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise
    return written


class SummaryScreen(StageScreen):
    """A read-only preview of the documents, the export, and the end of the consultation."""

    stage_key = "summary"
    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding(
            "ctrl+s",
            "export",
            _("Export"),
            id="export",
            tooltip=_("Save the patient copy, the clinic record and the data to the folder"),
        ),
        Binding(
            "f7",
            "patient_rating",
            _("Rating"),
            id="patient-rating",
            tooltip=_("CollaboRATE: three questions for the patient alone (optional)"),
        ),
        Binding(
            "f10",
            "end_consultation",
            _("End"),
            id="end-consultation",
            tooltip=_("Clear everything about this patient and go back to the library"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._audience: Audience = "patient"
        self._record: Record | None = None

    def compose_body(self) -> ComposeResult:
        self._record = to_record(self.consultation)
        yield Static(id="summary-status")
        yield RadioSet(
            *(
                MarkedRadioButton(
                    self._audience_label(audience, label), value=audience == self._audience
                )
                for audience, label in AUDIENCES
            ),
            id="audience",
            compact=True,
        )
        with VerticalScroll(id="preview"):
            yield Static(self._preview(), id="preview-text")
        with Horizontal(id="export-row"):
            yield Static(Content(_("Save to folder")), id="folder-label")
            yield Input(str(self.sdm_app.export_folder), id="folder")
            yield Button(Content(_("Export")), id="export", variant="primary")
            yield Button(Content(_("End consultation")), id="end-consultation", variant="warning")
        yield Static(id="export-result")

    def on_mount(self) -> None:
        super().on_mount()
        self._show_status()
        self.query_one("#preview", VerticalScroll).focus()

    def action_patient_rating(self) -> None:
        from sdm_tui.app.screens.collaborate import CollaborateScreen

        self.app.push_screen(CollaborateScreen(), lambda _: self._refresh_preview())

    def _refresh_preview(self) -> None:
        self._record = to_record(self.consultation)
        self.query_one("#preview-text", Static).update(self._preview())
        self._show_status()

    def _preview(self) -> RichMarkdown:
        """The document drawn as one block of lines: Textual's Markdown widget made a widget
        of every paragraph and table cell (140 for a patient's copy), and took ~0.8 s to
        open the stage; a preview has nothing to click."""
        return RichMarkdown(self._document(), hyperlinks=False)

    def _document(self) -> str:
        if self._record is None:
            self._record = to_record(self.consultation)
        with in_language(self._copy_language(self._audience)):
            return render_markdown(self._record, self._audience, self.sdm_app.config.clinic)

    def _copy_language(self, audience: Audience) -> str:
        """The language `audience`'s copy is written in: the patient's, or the clinic's."""
        return patient_language(self.consultation) if audience == "patient" else clinic_language()

    def _audience_label(self, audience: Audience, label: str) -> Content:
        """ "Patient copy", with the language it is written in ("Patient copy (Español)")
        whenever a copy is in a language other than English."""
        words = _(label)
        languages = {self._copy_language("patient"), self._copy_language("clinic")}
        if languages == {SOURCE_LANGUAGE}:
            return Content(words)
        return Content.assemble(words, " (", language_name(self._copy_language(audience)), ")")

    # -- what the screen shows --------------------------------------------------------

    def _show_status(self) -> None:
        c = self.consultation
        confirmed = rules.both_confirmed(c)
        if confirmed:
            state = _("✓ Both the patient and the clinician confirmed.")
        else:
            state = _("⚠ Not confirmed by both yet: the export will say so.")
        if c.exported_at is not None:
            exported = _("✓ Exported at {time}.").format(
                time=confirmed_at(c.exported_at, self.sdm_app.config.clinic)
            )
        else:
            exported = _("Not exported yet.")
        status = self.query_one("#summary-status", Static)
        status.update(Content(f"{state}  ·  {exported}"))
        status.set_class(not confirmed, "-unconfirmed")

    def _show_result(self, text: Content, *, failed: bool) -> None:
        result = self.query_one("#export-result", Static)
        result.update(text)
        result.set_class(failed, "-failed")
        result.set_class(not failed, "-done")

    @on(RadioSet.Changed, "#audience")
    async def _audience_chosen(self, event: RadioSet.Changed) -> None:
        self._audience = AUDIENCES[event.index][0]
        self.query_one("#preview-text", Static).update(self._preview())
        self.query_one("#preview", VerticalScroll).scroll_home(animate=False)

    # -- export -----------------------------------------------------------------------

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#folder")
    def _export_pressed(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        folder_text = self.query_one("#folder", Input).value.strip()
        if not folder_text:
            self._show_result(
                Content(_("✗ Type the folder to save into, then Export.")), failed=True
            )
            self.query_one("#folder", Input).focus()
            return
        folder = Path(folder_text).expanduser()
        c = self.consultation
        record = to_record(c)
        try:
            paths = export_documents(record, folder, self.sdm_app.config.clinic)
        except ExportError as error:
            self._show_result(
                plain(_("✗ Not exported. {problem}").format(problem=error.message)), failed=True
            )
            self.query_one("#folder", Input).focus()
            return
        rules.mark_exported(c)
        self.sdm_app.export_folder = folder
        self._record = record
        where = paths[0].parent if paths else folder
        saved = ngettext(
            "✓ Saved {count} file in {folder}:", "✓ Saved {count} files in {folder}:", len(paths)
        ).format(count=len(paths), folder=where)
        lines = [saved, *(f"  {path.name}" for path in paths)]
        self._show_result(plain("\n".join(lines)), failed=False)
        self._show_status()
        self.notify(_("The documents were saved."), title=_("Exported"))

    # -- ending -----------------------------------------------------------------------

    @on(Button.Pressed, "#end-consultation")
    def _end_pressed(self) -> None:
        self.action_end_consultation()

    def action_end_consultation(self) -> None:
        if not self.sdm_app.has_unsaved_work():
            self.sdm_app.end_consultation()
            return
        from sdm_tui.app.screens.confirm import ConfirmScreen

        def end(confirmed: bool | None) -> None:
            if confirmed:
                self.sdm_app.end_consultation()

        self.app.push_screen(
            ConfirmScreen(
                _("End without exporting?"),
                _(
                    "{unsaved} Ending clears it from the screen and from memory; it cannot be "
                    "brought back."
                ).format(
                    unsaved=self.sdm_app.unsaved_work_text(
                        _("What was entered has not been exported since the last change.")
                    )
                ),
                confirm_label=_("End and clear"),
            ),
            end,
        )
