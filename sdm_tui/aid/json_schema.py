"""A JSON Schema (draft 2020-12) of the aid format, generated from `schema.py`.

Editors that understand TOML through JSON Schema (Taplo, Even Better TOML) use it for
completion, hover text and checking as an author types. TOML dates are strings of format
"date" there. The schema checks shape only: what needs the whole file (an `answers` key
that names no option, a count above `per`) is left to `sdm-tui check`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sdm_tui.aid import schema
from sdm_tui.aid.schema import Field

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_SCALARS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "boolean"},
    "number-or-string": {"type": ["number", "string"]},
}


def _bounds(field: Field) -> dict[str, Any]:
    if field.minimum is not None and field.minimum == field.maximum:
        return {"const": field.minimum}
    bounds: dict[str, Any] = {}
    if field.minimum is not None:
        bounds["minimum"] = field.minimum
    if field.maximum is not None:
        bounds["maximum"] = field.maximum
    return bounds


def _scalar(field: Field, kind: str) -> dict[str, Any]:
    node = dict(_SCALARS[kind])
    if field.choices:
        node["enum"] = list(field.choices)
    if field.pattern:
        node["pattern"] = field.pattern
    if kind in ("integer", "number"):
        node.update(_bounds(field))
    return node


def _object(fields: Iterable[Field]) -> dict[str, Any]:
    fields = tuple(fields)
    node: dict[str, Any] = {
        "type": "object",
        "properties": {field.name: field_schema(field) for field in fields},
        "additionalProperties": False,
    }
    required = [field.name for field in fields if field.required]
    if required:
        node["required"] = required
    return node


def field_schema(field: Field) -> dict[str, Any]:
    """The schema of one key, with its description."""
    kind = field.kind
    if kind in _SCALARS:
        node = _scalar(field, kind)
    elif kind == "string-list":
        node = {"type": "array", "items": {"type": "string"}}
    elif kind == "table":
        node = _object(field.fields)
    elif kind == "tables":
        node = {"type": "array", "items": _object(field.fields)}
    elif kind.endswith("-map"):
        node = {
            "type": "object",
            "propertyNames": {"pattern": schema.ITEM_ID_PATTERN},
            "additionalProperties": _scalar(field, kind.removesuffix("-map")),
        }
    else:
        raise ValueError(f"unknown field kind {kind!r} for {field.name}")
    if field.min_items:
        node["minItems"] = field.min_items
    if field.max_items is not None:
        node["maxItems"] = field.max_items
    if field.example is not None:
        node["examples"] = [field.example]
    return {"description": field.description, **node}


def aid_json_schema() -> dict[str, Any]:
    """The whole format as a JSON Schema document."""
    return {
        "$schema": DIALECT,
        "title": "sdm-tui decision aid, format "
        + " or ".join(str(version) for version in schema.FORMATS),
        "description": "One shared decision-making aid, written in TOML. "
        "Check a file with `sdm-tui check FILE`; the guide is docs/authoring.md.",
        **_object(schema.AID),
    }


def schema_text() -> str:
    """The schema as `sdm-tui schema` prints it: indented JSON and a final newline."""
    return json.dumps(aid_json_schema(), indent=2, ensure_ascii=False) + "\n"
