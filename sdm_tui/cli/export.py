"""`sdm-tui export RECORD.json`: documents made again from a saved consultation record.

    sdm-tui export RECORD.json --format md|html|fhir|all --audience patient|clinic -o DIR
                               [--document-reference]

The clinic's name, identifier, contact and time zone come from the settings (see
`sdm-tui settings`): every time in the documents is shown in the clinic's time zone.

Exit status: 0 when every document was written, 1 when the record cannot be read or a
document cannot be written (one clear message on stderr, never a traceback), 2 for a usage
mistake. The record is read and checked by `sdm_tui.export.record_file`; its messages name
where the record is wrong, never what it says.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sdm_tui.export.files import ExportError, write_exports
from sdm_tui.export.html import PAPER_SIZES
from sdm_tui.export.record_file import RecordError, load_record, shown
from sdm_tui.i18n import _
from sdm_tui.settings import AppConfig, resolve_settings
from sdm_tui.settings.clinic import Clinic
from sdm_tui.store.text import neutralise

__all__ = ["FORMAT_CHOICES", "configure", "run"]

PROG = "sdm-tui export"
FORMAT_CHOICES = ("md", "html", "fhir", "all")
AUDIENCE_CHOICES = ("patient", "clinic")

_RENDER_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui export` on `parser` (a sub-command's parser)."""
    parser.description = _(
        "Make documents from a saved consultation record (the JSON record that the app "
        "exports): a Markdown or printable HTML copy for the patient or the clinic, or a "
        "FHIR R4 document for other systems. Existing files are never overwritten. "
        "Exit status: 0 written, 1 the record or a document could not be read or written, "
        "2 a usage mistake."
    )
    parser.add_argument(
        "record", type=Path, metavar="RECORD.json", help=_("the consultation record")
    )
    parser.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        default="all",
        help=_(
            "md: Markdown; html: one printable page; fhir: a FHIR R4 document Bundle (the "
            "clinic record, for other systems); all: md and html, and fhir for the clinic "
            "(default: all)"
        ),
    )
    parser.add_argument(
        "--audience",
        choices=AUDIENCE_CHOICES,
        default="clinic",
        help=_(
            "patient: the patient's copy in plain language; clinic: the full record, with "
            "who entered what and when (default: clinic)"
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help=_("the folder to write into (default: the current folder)"),
    )
    parser.add_argument(
        "--document-reference",
        action="store_true",
        help=_(
            "also write a FHIR DocumentReference wrapping the clinic's HTML copy "
            "(...-docref.json), as many EHRs take in outside documents; clinic audience only"
        ),
    )
    parser.add_argument(
        "--paper",
        choices=tuple(PAPER_SIZES),
        default="a4",
        help=_("the printed page size of the HTML (default: a4)"),
    )


def _formats(fmt: str, audience: str, document_reference: bool = False) -> list[str]:
    """The formats to write; raises ValueError with a usage message."""
    if document_reference and audience == "patient":
        raise ValueError(
            _(
                "--document-reference wraps the clinic's copy for the EHR; it has no patient "
                "copy (use --audience clinic)"
            )
        )
    extra = ["docref"] if document_reference else []
    if audience not in AUDIENCE_CHOICES:
        raise ValueError(
            _("--audience must be one of {choices}").format(choices=", ".join(AUDIENCE_CHOICES))
        )
    if fmt not in FORMAT_CHOICES:
        raise ValueError(
            _("--format must be one of {choices}").format(choices=", ".join(FORMAT_CHOICES))
        )
    if fmt == "fhir" and audience == "patient":
        raise ValueError(
            _(
                "the FHIR document is the clinic's record for other systems; it has no "
                "patient copy (use --audience clinic, or --format md or html for the patient)"
            )
        )
    if fmt == "all":
        return ["md", "html"] + (["fhir"] if audience == "clinic" else []) + extra
    return [fmt, *extra]


def _clinic() -> Clinic:
    """The clinic the settings describe; a bad setting is reported and left out."""
    settings = resolve_settings()
    for problem in settings.problems:
        print(
            _("{program}: warning: {problem}").format(program=PROG, problem=problem.text()),
            file=sys.stderr,
        )
    return AppConfig.from_settings(settings).clinic


def _error(message: str) -> None:
    print(": ".join((PROG, neutralise(message))), file=sys.stderr)


def _render_problem(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return _("missing {key}").format(key=repr(shown(error.args[0] if error.args else "", 40)))
    if isinstance(error, RecursionError):
        return _("nested too deeply")
    return shown(": ".join((type(error).__name__, str(error))), 120)


def run(args: argparse.Namespace) -> int:
    """Write the documents; 0 done, 1 a bad record or a failed write, 2 a usage mistake."""
    try:
        formats = _formats(args.format, args.audience, args.document_reference)
        if args.paper not in PAPER_SIZES:
            raise ValueError(
                _("--paper must be one of {choices}").format(choices=", ".join(PAPER_SIZES))
            )
    except ValueError as error:
        _error(str(error))
        return 2
    try:
        record = load_record(args.record)
    except RecordError as error:
        _error(str(error))
        return 1
    try:
        paths = write_exports(record, args.output, formats, args.audience, args.paper, _clinic())
    except ExportError as error:
        _error(error.message)
        return 1
    except _RENDER_ERRORS as error:
        _error(
            _(
                "{record}: cannot make documents from this record: it is incomplete or "
                "damaged ({problem})."
            ).format(record=args.record, problem=_render_problem(error))
        )
        return 1
    for path in paths:
        print(path)
    return 0
