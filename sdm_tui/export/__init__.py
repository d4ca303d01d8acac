"""Exporters: documents and data made from a consultation record. No UI here.

The JSON record (record_json) is the one source; Markdown, HTML and FHIR are renderings
of it (docs/record-format.md). What the patient's copy and the clinic's record say is laid
out once, in document.py. record_file reads a record file back from disk and checks it.
"""

from sdm_tui.export.fhir import dumps_fhir, render_fhir
from sdm_tui.export.files import ALL_FORMATS, ExportError, write_exports
from sdm_tui.export.html import render_html
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
    "ALL_FORMATS",
    "RECORD_FORMAT",
    "RECORD_VERSION",
    "ExportError",
    "RecordError",
    "dumps_fhir",
    "dumps_record",
    "from_record",
    "md_escape",
    "render_fhir",
    "render_html",
    "render_markdown",
    "to_record",
    "write_exports",
]
