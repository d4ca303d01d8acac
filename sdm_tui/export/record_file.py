"""A consultation record file read from disk and checked: trusted in nothing.

`load_record(path)` reads a record file; `check_record(value)` checks a value already read.
Its size, encoding, JSON, format and version are checked, and then its whole shape against
the record model (record_model.py). Both raise `RecordError`
with one message that names the file and where the record is wrong, never what it says: a
record holds patient text, and the message may end up in a log.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from sdm_tui.export.record_model import (
    READ_VERSIONS,
    RECORD_FORMAT,
    RECORD_VERSION,
    RecordError,
    record_from_data,
    refuse_json_constant,
    without_surrogates,
)
from sdm_tui.i18n import _
from sdm_tui.store.safe_files import read_regular_file
from sdm_tui.store.text import neutralise

__all__ = [
    "MAX_RECORD_BYTES",
    "RecordError",
    "check_record",
    "load_record",
    "record_schema",
    "shown",
]

MAX_RECORD_BYTES = 10 * 1024 * 1024
"""A consultation record is a few tens of kilobytes; anything this big is something else."""
SCHEMA_FILE = "record.schema.json"

_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(text: object, limit: int = 80) -> str:
    """Our own text about a record, made safe for a terminal and kept short."""
    safe = _SURROGATE.sub("\ufffd", neutralise(str(text)))
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def _read_json(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_RECORD_BYTES:
            raise RecordError(
                _("{path} is {size} MB: too large to be a consultation record.").format(
                    path=path, size=size // (1024 * 1024)
                )
            )
        data = read_regular_file(path)  # a FIFO must not hang export
    except FileNotFoundError as error:
        raise RecordError(_("{path}: no such file.").format(path=path)) from error
    except IsADirectoryError as error:
        raise RecordError(_("{path} is a folder, not a record file.").format(path=path)) from error
    except PermissionError as error:
        raise RecordError(_("{path}: not allowed to read it.").format(path=path)) from error
    except OSError as error:
        raise RecordError(
            _("{path}: cannot read it ({reason}).").format(
                path=path, reason=error.strerror or error
            )
        ) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecordError(
            _("{path} is not UTF-8 text, so not a consultation record.").format(path=path)
        ) from error
    try:
        return without_surrogates(json.loads(text, parse_constant=refuse_json_constant))
    except json.JSONDecodeError as error:
        raise RecordError(
            _(
                "{path} is not valid JSON ({reason}: line {line}, column {column}), so not a "
                "consultation record."
            ).format(path=path, reason=error.msg, line=error.lineno, column=error.colno)
        ) from error
    except ValueError as error:
        raise RecordError(
            _("{path} is not valid JSON ({reason}).").format(path=path, reason=error)
        ) from error
    except RecursionError as error:
        raise RecordError(
            _("{path} is nested too deeply to be a consultation record.").format(path=path)
        ) from error


@functools.lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The JSON Schema of the record (record.schema.json, shipped with the package, generated
    from sdm_tui/export/record_model.py).

    The same object is returned each time: do not change it."""
    text = resources.files("sdm_tui.export").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _check_shape(record: Mapping[str, Any], source: str) -> None:
    try:
        record_from_data(record)
    except RecordError as error:
        raise RecordError(
            _("{source} is not a valid consultation record: {problem}.").format(
                source=source, problem=error.detail
            )
        ) from None


def check_record(record: Any, source: str = "the record") -> dict[str, Any]:
    """Check that `record` is a consultation record this sdm-tui can render; return it.

    Raises RecordError with a message that names `source` and where the record is wrong.
    """
    if not isinstance(record, dict):
        if isinstance(record, str):
            message = _("{source} is not a consultation record (it holds text, not a JSON object).")
        elif isinstance(record, list):
            message = _(
                "{source} is not a consultation record (it holds an array, not a JSON object)."
            )
        else:
            message = _(
                "{source} is not a consultation record (it holds a single value, not a JSON "
                "object)."
            )
        raise RecordError(message.format(source=source))
    if record.get("record_format") != RECORD_FORMAT:
        raise RecordError(
            _(
                "{source} is not an sdm-tui consultation record (its record_format is not "
                "{format})."
            ).format(source=source, format=repr(RECORD_FORMAT))
        )
    version = record.get("record_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RecordError(
            _("{source} has no valid record_version (this sdm-tui reads {version}).").format(
                source=source, version=RECORD_VERSION
            )
        )
    if version > RECORD_VERSION:
        raise RecordError(
            _(
                "{source} was made by a newer sdm-tui (record version {version}); this sdm-tui "
                "reads version {reads}. Update sdm-tui to export it."
            ).format(source=source, version=version, reads=RECORD_VERSION)
        )
    if version not in READ_VERSIONS:
        raise RecordError(
            _(
                "{source} has record version {version}, which this sdm-tui does not know "
                "(it reads versions {versions})."
            ).format(
                source=source,
                version=version,
                # Translators: between version numbers: "1 and 2".
                versions=_(" and ").join(map(str, READ_VERSIONS)),
            )
        )
    _check_shape(record, source)
    return record


def load_record(path: Path) -> dict[str, Any]:
    """Read and check a consultation record file; raises RecordError saying what is wrong."""
    path = Path(path)
    return check_record(_read_json(path), str(path))
