"""Exporters: documents and data made from a consultation record. No UI here."""

from sdm_tui.export.files import ExportError, write_exports
from sdm_tui.export.markdown import md_escape, render_markdown
from sdm_tui.export.record_json import (
    RECORD_FORMAT,
    RECORD_VERSION,
    RecordError,
    dumps_record,
    from_record,
    to_record,
)

__all__ = [
    "RECORD_FORMAT",
    "RECORD_VERSION",
    "ExportError",
    "RecordError",
    "dumps_record",
    "from_record",
    "md_escape",
    "render_markdown",
    "to_record",
    "write_exports",
]
