"""Write export documents into a folder: safe names, atomic writes, never overwriting.

Names are built from a slug of the aid id and the record's UTC time, e.g.
`sdm-2026-11-26T0412Z-statins-clinic.md`; when a name is taken, -2, -3 ... is added.
Formats: "md" and "html" (for the audience), "json" (the record itself), "fhir" (a FHIR R4
document, the same for both audiences, saved as ...-fhir.json), "docref" (a FHIR
DocumentReference wrapping the clinic's HTML copy, saved as ...-docref.json). Names carry
no patient identifier or name; times in the names are UTC, whatever the clinic's zone.
Every OS error becomes one ExportError with a message a clinician can act on; a failed
export leaves neither temporary files nor part of its set of documents behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from sdm_tui.export.document import as_record
from sdm_tui.export.fhir import dumps_fhir
from sdm_tui.export.fhir_docref import dumps_document_reference
from sdm_tui.export.html import Paper, render_html
from sdm_tui.export.markdown import Audience, render_markdown
from sdm_tui.export.record_model import Record, record_text
from sdm_tui.export.timefmt import from_iso
from sdm_tui.i18n import _
from sdm_tui.settings.clinic import Clinic
from sdm_tui.store.atomic import write_atomic

Format = Literal["md", "html", "json", "fhir", "docref"]
ALL_FORMATS: tuple[Format, ...] = ("md", "html", "json", "fhir", "docref")
FORMATS: tuple[Format, ...] = ("md", "json")
"""What write_exports writes unless told otherwise."""
EXTENSIONS: dict[str, str] = {
    "md": "md",
    "html": "html",
    "json": "json",
    "fhir": "json",
    "docref": "json",
}
MAX_SUFFIX = 1000


class ExportError(Exception):
    """An export that could not be written; `message` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def slug(text: str, *, limit: int = 40) -> str:
    """Lower-case letters, digits and single hyphens only; "aid" if nothing is left."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return cleaned[:limit].strip("-") or "aid"


def _stamp(record: Record | Mapping[str, Any]) -> str:
    """The record's (or a debrief's) generated_at as 2026-11-26T0412Z; now if it has none."""
    generated = record.get("generated_at") if isinstance(record, Mapping) else record.generated_at
    try:
        moment = from_iso(str(generated))
    except ValueError:
        moment = datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H%MZ")


def base_name(record: Record | Mapping[str, Any], kind: str) -> str:
    """The file name without suffix or extension, e.g. sdm-2026-11-26T0412Z-statins-clinic."""
    record = as_record(record)
    return f"sdm-{_stamp(record)}-{slug(record.aid.id)}-{slug(kind)}"


def _utf8(text: str) -> bytes:
    """UTF-8; a lone surrogate (possible in JSON read from disk) becomes "?"."""
    return text.encode("utf-8", errors="replace")


def _content(
    record: Record, fmt: str, audience: Audience, paper: Paper, clinic: Clinic | None
) -> tuple[str, bytes]:
    """The kind of document (the end of its name) and its bytes."""
    if fmt == "md":
        return audience, _utf8(render_markdown(record, audience, clinic))
    if fmt == "html":
        return audience, _utf8(render_html(record, audience, paper, clinic))
    if fmt == "json":
        return "record", _utf8(record_text(record) + "\n")
    if fmt == "fhir":
        return "fhir", _utf8(dumps_fhir(record, clinic))
    if fmt == "docref":
        return "docref", _utf8(dumps_document_reference(record, clinic, paper))
    raise ValueError(
        f"unknown export format {fmt!r}; expected one of {ALL_FORMATS}"  # i18n: not shown
    )


def _checked(folder: Path, name: str) -> Path:
    """`folder / name`, refused unless it is directly inside the (resolved) folder.

    The final name itself is not resolved: a link already there is an existing name."""
    path = folder / name
    if path.name != name or path.parent != folder or not path.is_relative_to(folder):
        raise ExportError(
            _("Refusing to write {name} outside {folder}.").format(name=repr(name), folder=folder)
        )
    return path


def _write_new(folder: Path, stem: str, ext: str, data: bytes) -> Path:
    for number in range(1, MAX_SUFFIX + 1):
        suffix = "" if number == 1 else f"-{number}"
        path = _checked(folder, f"{stem}{suffix}.{ext}")
        try:
            write_atomic(path, data, overwrite=False)
        except FileExistsError:
            continue
        return path
    raise ExportError(
        _("Too many exports named {name} in {folder}; choose another folder.").format(
            name=stem, folder=folder
        )
    )


def _message(error: OSError, folder: Path) -> str:
    code = error.errno
    if isinstance(error, FileNotFoundError) or code == errno.ENOENT:
        return _("The folder {folder} does not exist. Choose another folder or create it.").format(
            folder=folder
        )
    if isinstance(error, NotADirectoryError) or code == errno.ENOTDIR:
        return _("{folder} is not a folder. Choose a folder to save into.").format(folder=folder)
    if isinstance(error, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return _("Not allowed to save in {folder}. Choose a folder you can write to.").format(
            folder=folder
        )
    if code == errno.EROFS:
        return _("{folder} is read-only. Choose another folder.").format(folder=folder)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _(
            "The disk holding {folder} is full. Free some space or choose another folder."
        ).format(folder=folder)
    reason = error.strerror or str(error)
    return _("Could not save in {folder}: {reason}.").format(folder=folder, reason=reason)


def _remove(paths: Sequence[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def write_exports(
    record: Record | Mapping[str, Any],
    folder: Path,
    formats: Sequence[str] = FORMATS,
    audience: Audience = "clinic",
    paper: Paper = "a4",
    clinic: Clinic | None = None,
) -> list[Path]:
    """Write the record in each of `formats` (see ALL_FORMATS) into `folder`.

    `audience` chooses the patient's copy or the clinic's record for "md" and "html";
    `paper` ("a4" or "letter") sets the HTML's printed page size; `clinic` (from the
    settings) names the clinic and sets the time zone of every time shown (None: UTC, no
    clinic named).

    Returns the paths written. Nothing is ever overwritten. Raises ExportError, having
    removed whatever this call had written, when any file cannot be saved; RecordError
    (before writing anything) for parsed JSON that is not a record.
    """
    if audience not in ("patient", "clinic"):
        raise ValueError(f"unknown audience {audience!r}")
    record = as_record(record)
    documents = [(fmt, *_content(record, fmt, audience, paper, clinic)) for fmt in formats]
    try:
        folder = Path(folder).resolve(strict=True)
    except OSError as error:
        raise ExportError(_message(error, Path(folder))) from error
    if not folder.is_dir():
        raise ExportError(_message(NotADirectoryError(errno.ENOTDIR, "not a folder"), folder))
    written: list[Path] = []
    try:
        for fmt, kind, data in documents:
            written.append(_write_new(folder, base_name(record, kind), EXTENSIONS[fmt], data))
    except OSError as error:
        _remove(written)
        raise ExportError(_message(error, folder)) from error
    except ExportError:
        _remove(written)
        raise
    return written
