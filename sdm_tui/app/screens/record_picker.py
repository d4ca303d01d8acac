"""Pick an exported record to review at a follow-up: the JSON records in the export folder.

A file that cannot be read as a record is named with its problem here (never a traceback)
and the picker stays open; a good one is returned with the record read.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from sdm_tui.app.plain import plain
from sdm_tui.export.follow_up_start import read_earlier
from sdm_tui.export.record_file import RecordError, shown
from sdm_tui.export.record_model import AnyRecord
from sdm_tui.i18n import _

MAX_LISTED = 200


def record_files(folder: Path) -> list[Path]:
    """The exported records in `folder` (…-record.json), newest name first."""
    try:
        found = [p for p in folder.glob("*-record.json") if p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)[:MAX_LISTED]


class RecordPickerScreen(ModalScreen[tuple[AnyRecord, str] | None]):
    """A list of record files; Enter reads the highlighted one."""

    DEFAULT_CSS = """
    RecordPickerScreen { align: center middle; }
    RecordPickerScreen > Vertical {
        width: 90; height: 24; border: thick $primary; background: $panel; padding: 0 1;
    }
    RecordPickerScreen #records { height: 1fr; }
    RecordPickerScreen #picker-problem { height: auto; color: $text-warning; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="cancel", tooltip=_("Close"))]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.files = record_files(folder)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                plain(
                    _("Review an earlier decision: records in {folder}").format(folder=self.folder)
                )
            )
            yield OptionList(
                *(Option(plain(path.name), id=str(index)) for index, path in enumerate(self.files)),
                id="records",
            )
            if not self.files:
                yield Static(Content(_("No exported records (…-record.json) in this folder.")))
            yield Static(id="picker-problem")
            yield Button(Content(_("Cancel")), id="cancel")

    @on(OptionList.OptionSelected, "#records")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        path = self.files[int(event.option.id or 0)]
        try:
            record = read_earlier(path)
        except RecordError as error:
            self.query_one("#picker-problem", Static).update(plain(f"✗ {shown(error, 300)}"))
            return
        self.dismiss((record, path.name))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
