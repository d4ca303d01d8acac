"""`sdm-tui export RECORD.json`: documents made again from a saved consultation record.

    sdm-tui export RECORD.json --format md|html|fhir|all --audience patient|clinic -o DIR

`configure(parser)` declares the arguments and `run(args)` does the work; its exit status
is 0 when every document was written, 1 when the record cannot be read or a document
cannot be written (one clear message on stderr, never a traceback), 2 for a usage mistake.

A record from disk is trusted in nothing: its size, encoding, JSON, format and version are
checked, and then (where the `jsonschema` package is installed) its whole shape against
record.schema.json. Messages name where the record is wrong, never what it says: a record
holds patient text, and stderr may end up in a log.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from sdm_tui.export.files import ExportError, write_exports
from sdm_tui.export.html import PAPER_SIZES
from sdm_tui.export.record_read import RECORD_FORMAT, RECORD_VERSION, RecordError
from sdm_tui.store.safe_files import read_regular_file
from sdm_tui.store.text import neutralise

__all__ = [
    "FORMAT_CHOICES",
    "MAX_RECORD_BYTES",
    "check_record",
    "configure",
    "load_record",
    "record_schema",
    "run",
]

PROG = "sdm-tui export"
FORMAT_CHOICES = ("md", "html", "fhir", "all")
AUDIENCE_CHOICES = ("patient", "clinic")
MAX_RECORD_BYTES = 10 * 1024 * 1024
"""A consultation record is a few tens of kilobytes; anything this big is something else."""
SCHEMA_FILE = "record.schema.json"

_SURROGATE = re.compile("[\ud800-\udfff]")
_RENDER_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui export` on `parser` (a sub-command's parser)."""
    parser.description = (
        "Make documents from a saved consultation record (the JSON record that the app "
        "exports): a Markdown or printable HTML copy for the patient or the clinic, or a "
        "FHIR R4 document for other systems. Existing files are never overwritten. "
        "Exit status: 0 written, 1 the record or a document could not be read or written, "
        "2 a usage mistake."
    )
    parser.add_argument("record", type=Path, metavar="RECORD.json", help="the consultation record")
    parser.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        default="all",
        help="md: Markdown; html: one printable page; fhir: a FHIR R4 document Bundle (the "
        "clinic record, for other systems); all: md and html, and fhir for the clinic "
        "(default: all)",
    )
    parser.add_argument(
        "--audience",
        choices=AUDIENCE_CHOICES,
        default="clinic",
        help="patient: the patient's copy in plain language; clinic: the full record, with "
        "who entered what and when (default: clinic)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the folder to write into (default: the current folder)",
    )
    parser.add_argument(
        "--paper",
        choices=tuple(PAPER_SIZES),
        default="a4",
        help="the printed page size of the HTML (default: a4)",
    )


def _formats(fmt: str, audience: str) -> list[str]:
    """The formats to write; raises ValueError with a usage message."""
    if audience not in AUDIENCE_CHOICES:
        raise ValueError(f"--audience must be one of {', '.join(AUDIENCE_CHOICES)}")
    if fmt not in FORMAT_CHOICES:
        raise ValueError(f"--format must be one of {', '.join(FORMAT_CHOICES)}")
    if fmt == "fhir" and audience == "patient":
        raise ValueError(
            "the FHIR document is the clinic's record for other systems; it has no patient "
            "copy (use --audience clinic, or --format md or html for the patient)"
        )
    if fmt == "all":
        return ["md", "html"] + (["fhir"] if audience == "clinic" else [])
    return [fmt]


# -- reading a record ------------------------------------------------------------------------


def _shown(text: object, limit: int = 80) -> str:
    """Our own text about a record, made safe for a terminal and kept short."""
    shown = _SURROGATE.sub("\ufffd", neutralise(str(text)))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _without_surrogates(value: Any) -> Any:
    """JSON may spell lone surrogates (\\ud800); they cannot be written as UTF-8."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _read_json(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_RECORD_BYTES:
            raise RecordError(
                f"{path} is {size // (1024 * 1024)} MB: too large to be a consultation record."
            )
        data = read_regular_file(path)  # a FIFO must not hang export
    except FileNotFoundError as error:
        raise RecordError(f"{path}: no such file.") from error
    except IsADirectoryError as error:
        raise RecordError(f"{path} is a folder, not a record file.") from error
    except PermissionError as error:
        raise RecordError(f"{path}: not allowed to read it.") from error
    except OSError as error:
        raise RecordError(f"{path}: cannot read it ({error.strerror or error}).") from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecordError(f"{path} is not UTF-8 text, so not a consultation record.") from error
    try:
        return _without_surrogates(json.loads(text, parse_constant=_no_constants))
    except json.JSONDecodeError as error:
        raise RecordError(
            f"{path} is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno}), so not a consultation record."
        ) from error
    except ValueError as error:
        raise RecordError(f"{path} is not valid JSON ({error}).") from error
    except RecursionError as error:
        raise RecordError(f"{path} is nested too deeply to be a consultation record.") from error


@functools.lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The JSON Schema of the record (record.schema.json, shipped with the package).

    The same object is returned each time: do not change it."""
    text = resources.files("sdm_tui.export").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _where(path: Any) -> str:
    where = "$"
    for part in path:
        where += f"[{part}]" if isinstance(part, int) else f".{_shown(part, 40)}"
    return where


def _expected(error: Any) -> str:
    """What the schema wanted at the failing place, without quoting the record's content."""
    keyword, wanted = error.validator, error.validator_value
    if keyword in ("required", "additionalProperties", "propertyNames"):
        return _shown(error.message, 120)
    descriptions = {
        "type": lambda: f"expected {' or '.join(wanted) if isinstance(wanted, list) else wanted}",
        "enum": lambda: "expected one of " + ", ".join(json.dumps(v) for v in wanted),
        "const": lambda: f"expected {json.dumps(wanted)}",
        "minimum": lambda: f"expected a number of at least {wanted}",
        "maximum": lambda: f"expected a number of at most {wanted}",
        "minLength": lambda: "expected text that is not empty",
        "pattern": lambda: f"expected text matching {wanted}",
        "minItems": lambda: f"expected at least {wanted} items",
        "maxItems": lambda: f"expected at most {wanted} items",
        "format": lambda: f"expected a {wanted}",
    }
    describe = descriptions.get(keyword)
    return describe() if describe else f"does not fit the record format ({keyword})"


def _check_shape(record: Mapping[str, Any], source: str) -> None:
    try:
        import jsonschema
    except ImportError:  # an optional extra: rendering errors are caught instead
        return
    validator = jsonschema.Draft202012Validator(record_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(record))
    if error is not None:
        raise RecordError(
            f"{source} is not a valid consultation record: at {_where(error.absolute_path)}: "
            f"{_expected(error)}."
        )


def check_record(record: Any, source: str = "the record") -> dict[str, Any]:
    """Check that `record` is a consultation record this sdm-tui can render; return it.

    Raises RecordError with a message that names `source` and where the record is wrong.
    """
    if not isinstance(record, dict):
        kind = "an array" if isinstance(record, list) else "a single value"
        if isinstance(record, str):
            kind = "text"
        raise RecordError(
            f"{source} is not a consultation record (it holds {kind}, not a JSON object)."
        )
    if record.get("record_format") != RECORD_FORMAT:
        raise RecordError(
            f"{source} is not an sdm-tui consultation record (its record_format is not "
            f"{RECORD_FORMAT!r})."
        )
    version = record.get("record_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RecordError(
            f"{source} has no valid record_version (this sdm-tui reads {RECORD_VERSION})."
        )
    if version > RECORD_VERSION:
        raise RecordError(
            f"{source} was made by a newer sdm-tui (record version {version}); this sdm-tui "
            f"reads version {RECORD_VERSION}. Update sdm-tui to export it."
        )
    if version != RECORD_VERSION:
        raise RecordError(
            f"{source} has record version {version}, which this sdm-tui does not know "
            f"(it reads version {RECORD_VERSION})."
        )
    _check_shape(record, source)
    return record


def load_record(path: Path) -> dict[str, Any]:
    """Read and check a consultation record file; raises RecordError saying what is wrong."""
    path = Path(path)
    return check_record(_read_json(path), str(path))


# -- the command -----------------------------------------------------------------------------


def _error(message: str) -> None:
    print(f"{PROG}: {neutralise(message)}", file=sys.stderr)


def _render_problem(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return f"missing {_shown(error.args[0] if error.args else '', 40)!r}"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return _shown(f"{type(error).__name__}: {error}", 120)


def run(args: argparse.Namespace) -> int:
    """Write the documents; 0 done, 1 a bad record or a failed write, 2 a usage mistake."""
    try:
        formats = _formats(args.format, args.audience)
        if args.paper not in PAPER_SIZES:
            raise ValueError(f"--paper must be one of {', '.join(PAPER_SIZES)}")
    except ValueError as error:
        _error(str(error))
        return 2
    try:
        record = load_record(args.record)
    except RecordError as error:
        _error(str(error))
        return 1
    try:
        paths = write_exports(record, args.output, formats, args.audience, args.paper)
    except ExportError as error:
        _error(error.message)
        return 1
    except _RENDER_ERRORS as error:
        _error(
            f"{args.record}: cannot make documents from this record: it is incomplete or "
            f"damaged ({_render_problem(error)})."
        )
        return 1
    for path in paths:
        print(path)
    return 0
