"""Is a record valid? Against record.schema.json, with the fastest validator installed.

`jsonschema` (pure Python) takes about 10 ms per record: 100 s for ten thousand.
`jsonschema-rs` (compiled) takes about 0.03 ms, so it checks every record and `jsonschema`
only explains the few that fail (its `best_match` picks the most telling error). Without
either, only `structure_problem` is checked; it always is, so that the figures never meet
a record they cannot count. Both libraries are imported here only, when a report is made.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from sdm_tui.consultation.record import MODES
from sdm_tui.store.text import neutralise

__all__ = ["DECISIONS", "RecordChecker", "structure_problem"]

DECISIONS = ("chosen", "not_yet", "none")
"""A record's decision.status."""

_MISSING = object()
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_Check = Callable[[Any], bool]


def _at(record: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(record, Mapping):
            return _MISSING
        record = record.get(key, _MISSING)
    return record


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _count_or_none(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _entry(field: str, check: _Check, missing_ok: bool = False) -> _Check:
    """null, or an object whose `field` passes `check` (absent too, if `missing_ok`)."""

    def entry(value: Any) -> bool:
        if value is None or (missing_ok and value is _MISSING):
            return True
        return isinstance(value, Mapping) and check(value.get(field, _MISSING))

    return entry


def _options(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(o, Mapping) and _text(o.get("id")) and _text(o.get("label")) for o in value
    )


def _decision(value: Any) -> bool:
    if not isinstance(value, Mapping) or value.get("status") not in DECISIONS:
        return False
    option_id = value.get("option_id", _MISSING)
    return _text(option_id) if value["status"] == "chosen" else option_id is None


_FIELDS: tuple[tuple[tuple[str, ...], _Check, str], ...] = (
    (("mode",), lambda value: value in MODES, "one of " + ", ".join(MODES)),
    (("started_at",), _text, "text"),
    (("generated_at",), _text, "text"),
    (("aid", "id"), _text, "text"),
    (("aid", "title"), _text, "text"),
    (("aid", "sha256"), _text, "text"),
    (("aid", "options"), _options, "a list of options, each with an id and a label"),
    (("decision",), _decision, "a decision with a known status (an option id if chosen)"),
    (("leaning",), _entry("value", _text), "null or an object with a value"),
    (("preferred_role",), _entry("value", _text), "null or an object with a value"),
    (("review",), _entry("text", _text), "null or an object with a text"),
    (("sure", "score"), _count_or_none, "a whole number or null"),
    (
        ("collaborate",),
        _entry("top_score", lambda v: v is None or isinstance(v, bool), missing_ok=True),
        "null or an object with a top_score of true, false or null",
    ),
)


def _where(path: Any) -> str:
    where = "$"
    for part in path:
        where += f"[{part}]" if isinstance(part, int) else f".{_shown(part, 40)}"
    return where


def _shown(text: object, limit: int) -> str:
    shown = neutralise(str(text)).encode("utf-8", "replace").decode("utf-8")
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _key_name(key: str) -> str:
    """A key as it may be shown: field-like names only, since keys could hold anything."""
    return repr(key) if _FIELD_NAME.fullmatch(key) else "a key that is not a field name"


def structure_problem(record: Mapping[str, Any]) -> str | None:
    """Where a record lacks what the report counts, or None when it has all of it."""
    for path, check, expected in _FIELDS:
        if not check(_at(record, path)):
            return f"at {_where(path)}: expected {expected}"
    return None


def _expected(error: Any) -> str:
    """What the schema wanted where a record failed, quoting none of the record's content."""
    keyword, wanted = error.validator, error.validator_value
    if keyword == "required":
        return _shown(error.message, 120)  # names a key of the schema
    if keyword == "additionalProperties":
        known = error.schema.get("properties", {})
        extra = [_key_name(key) for key in error.instance if key not in known]
        return "unexpected " + ", ".join(sorted(set(extra)))
    if keyword == "type":
        return f"expected {' or '.join(wanted) if isinstance(wanted, list) else wanted}"
    if keyword in ("enum", "const"):
        options = wanted if keyword == "enum" else [wanted]
        return "expected " + " or ".join(_json(v) for v in options)
    limits = {
        "minimum": "a number of at least",
        "maximum": "a number of at most",
        "minLength": "text of at least this length:",
        "pattern": "text matching",
        "minItems": "at least this many items:",
        "maxItems": "at most this many items:",
    }
    if keyword in limits:
        return f"expected {limits[keyword]} {_json(wanted)}"
    return f"does not fit ({keyword})"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class RecordChecker:
    """Checks records against the record schema; build one and reuse it (compiling the
    schema takes longer than checking a record)."""

    def __init__(self, schema: Mapping[str, Any] | None = None) -> None:
        if schema is None:
            from sdm_tui.export.record_file import record_schema

            schema = record_schema()
        self._fast: Any = None
        self._full: Any = None
        names = []
        try:
            import jsonschema_rs

            self._fast = jsonschema_rs.Draft202012Validator(dict(schema))
            names.append("jsonschema-rs")
        except Exception:  # not installed, or cannot compile this schema: go without it
            self._fast = None
        try:
            import jsonschema

            self._full = jsonschema.Draft202012Validator(schema)
            names.append("jsonschema")
        except ImportError:
            self._full = None
        self.name = (
            f"record.schema.json ({', '.join(names)})"
            if names
            else "structure only (install jsonschema to check records against the schema)"
        )

    def problem(self, record: Mapping[str, Any]) -> str | None:
        """Why `record` does not fit the schema, or None if it does."""
        validator = self._fast if self._fast is not None else self._full
        if validator is None or validator.is_valid(record):
            return None
        if self._full is not None:
            from jsonschema.exceptions import best_match

            error = best_match(self._full.iter_errors(record))
            if error is not None:
                where = _where(error.absolute_path)
                return f"does not fit the record format: at {where}: {_expected(error)}"
        first = next(iter(self._fast.iter_errors(record)), None) if self._fast else None
        where = _where(first.instance_path) if first is not None else "$"
        return f"does not fit the record format: at {where}"
