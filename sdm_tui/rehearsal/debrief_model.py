"""The rehearsal debrief's one typed model, and the one way to read a debrief.

`build_debrief` returns a `Debrief`; the Markdown and the app's debrief view read its
attributes; `write_debrief` writes `debrief_text`, byte for byte the JSON sdm-tui has always
written (docs/rehearsal.md). Saved debriefs are read with `read_debrief` (bytes or text) or
`debrief_from_data` (parsed JSON). The debrief is tagged by `debrief_version`: version 1 is
`DebriefV1`; a later version adds a `DebriefV2` so that version 1 files keep reading.

A debrief holds scenario, observer and consultation text, so no error quotes it: a
`DebriefError` says where the debrief is wrong ("at $.values[0].hidden: ..."), never the value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, Final, Literal, TypeAlias

import msgspec
from msgspec import Meta, Struct

from sdm_tui.export.record_model import Confirmations, Time, _explained
from sdm_tui.i18n import _

__all__ = [
    "DEBRIEF_FORMAT",
    "DEBRIEF_VERSION",
    "AnyDebrief",
    "Debrief",
    "DebriefAid",
    "DebriefError",
    "DebriefV1",
    "debrief_from_data",
    "debrief_json_schema",
    "debrief_text",
    "debrief_to_data",
    "read_debrief",
]

DEBRIEF_FORMAT: Final = "sdm-tui-debrief"
DEBRIEF_VERSION: Final = 1

DrawnOut = Literal["yes", "no", "not asked", "no hidden rating"]
Seconds = Annotated[int, Meta(ge=0)]


class DebriefError(ValueError):
    """A debrief that cannot be read; the message names the place, never the value."""


class _Part(Struct, frozen=True, forbid_unknown_fields=True):
    """A part of a debrief: immutable, and no key beyond those declared."""


class Persona(_Part, frozen=True):
    name: str
    age: int | None
    situation: str


class DebriefScenario(_Part, frozen=True):
    id: str
    title: str
    summary: str
    file_name: str
    sha256: str
    objectives: list[str]
    persona: Persona
    fictional: str


class DebriefAid(_Part, frozen=True):
    id: str
    title: str
    version: str
    status: str
    sha256: str


class TalkTime(_Part, frozen=True):
    key: str
    label: str
    seconds: Seconds


class StageTime(_Part, frozen=True):
    key: str
    label: str
    talk: str | None
    seconds: Seconds


class Visit(_Part, frozen=True):
    key: str
    label: str
    entered_at: Time
    left_at: Time | None
    seconds: Seconds


class Times(_Part, frozen=True):
    talks: list[TalkTime]
    stages: list[StageTime]
    timeline: list[Visit]
    total_seconds: Seconds


class Option5Item(_Part, frozen=True):
    number: Annotated[int, Meta(ge=1, le=5)]
    key: str
    title: str
    text: str
    score: Annotated[int, Meta(ge=0, le=4)] | None
    label: str | None
    note: str


class Option5(_Part, frozen=True):
    citation: str
    scale: list[str]
    items: list[Option5Item]
    scored: int
    points: int
    total: int | float | None
    total_text: str


class ValueRow(_Part, frozen=True):
    value_id: str
    statement: str
    recorded: Annotated[int, Meta(ge=0, le=4)] | None
    recorded_label: str | None
    entered_by: str | None
    hidden: Annotated[int, Meta(ge=0, le=4)] | None
    hidden_label: str | None
    drawn_out: DrawnOut


class ValuesSummary(_Part, frozen=True):
    yes: int
    no: int
    not_asked: int = msgspec.field(name="not asked")
    no_hidden_rating: int = msgspec.field(name="no hidden rating")


class LeaningComparison(_Part, frozen=True):
    hidden: str | None
    hidden_label: str | None
    reason: str
    recorded: str | None
    recorded_label: str | None
    recorded_matches: bool | None
    decision_status: Literal["none", "chosen", "not_yet"]
    choice: str | None
    choice_label: str | None
    not_yet_reason_label: str | None
    choice_matches: bool | None
    verdict: str


class RoleComparison(_Part, frozen=True):
    hidden: str | None
    hidden_label: str | None
    recorded: str | None
    recorded_label: str | None
    matches: bool | None


class Concern(_Part, frozen=True):
    id: str
    text: str
    reveal_when: str
    revealed: bool


class SureAnswer(_Part, frozen=True):
    key: str
    question: str
    answer: bool


class SureResult(_Part, frozen=True):
    score: Annotated[int, Meta(ge=0, le=4)] | None
    flag: bool
    answered: Annotated[int, Meta(ge=0, le=4)]
    items: list[SureAnswer]


class Event(_Part, frozen=True):
    at: Time
    kind: str
    detail: str


class DebriefV1(
    Struct, frozen=True, forbid_unknown_fields=True, tag_field="debrief_version", tag=1
):
    """Everything the debrief of one rehearsal shows (docs/rehearsal.md, "The debrief")."""

    debrief_format: Literal["sdm-tui-debrief"]
    mode: Literal["training"]
    banners: list[str]
    generated_at: Time
    started_at: Time
    scenario: DebriefScenario
    aid: DebriefAid
    times: Times
    option5: Option5
    values: list[ValueRow]
    values_summary: ValuesSummary
    leaning: LeaningComparison
    preferred_role: RoleComparison
    concerns: list[Concern]
    sure: SureResult
    confirmations: Confirmations
    events: list[Event]

    @property
    def debrief_version(self) -> int:
        """The version of this format (DEBRIEF_VERSION)."""
        return 1


Debrief: TypeAlias = DebriefV1
"""The debrief this sdm-tui writes."""
AnyDebrief: TypeAlias = DebriefV1
"""Every debrief this sdm-tui reads (a union, once there is more than one version)."""


def _header_problem(data: Any) -> str | None:
    if not isinstance(data, Mapping):
        return _("it is not a JSON object")
    if data.get("debrief_format") != DEBRIEF_FORMAT:
        return _("it is not a rehearsal debrief (its debrief_format is not {format})").format(
            format=repr(DEBRIEF_FORMAT)
        )
    version = data.get("debrief_version")
    if not isinstance(version, int) or isinstance(version, bool) or version != DEBRIEF_VERSION:
        return _("its debrief_version is not one this sdm-tui reads ({version})").format(
            version=DEBRIEF_VERSION
        )
    return None


def debrief_from_data(data: Any) -> AnyDebrief:
    """The debrief in `data` (parsed JSON, or a Debrief), checked against the model.

    Raises DebriefError saying where the debrief is wrong, never what it says."""
    if isinstance(data, DebriefV1):
        return data
    if (problem := _header_problem(data)) is not None:
        raise DebriefError(problem)
    try:
        return msgspec.convert(data, AnyDebrief)
    except msgspec.ValidationError as error:
        raise DebriefError(
            _("it does not fit the debrief format: {problem}").format(problem=_explained(error))
        ) from None


def read_debrief(data: bytes | str) -> AnyDebrief:
    """Decode and check a saved debrief's JSON; DebriefError, never quoting it, if bad."""
    try:
        parsed = msgspec.json.decode(data)
    except msgspec.DecodeError:
        raise DebriefError(_("it is not valid JSON")) from None
    return debrief_from_data(parsed)


def debrief_to_data(debrief: AnyDebrief) -> dict[str, Any]:
    """The debrief as JSON-ready dicts and lists, keys in the order sdm-tui has always
    written them (debrief_format, then debrief_version, then the rest)."""
    data: dict[str, Any] = msgspec.to_builtins(debrief)
    return {"debrief_format": data.pop("debrief_format"), **data}


def debrief_text(debrief: AnyDebrief) -> str:
    """The debrief's JSON file, exactly as sdm-tui has always written it."""
    return json.dumps(debrief_to_data(debrief), indent=2, ensure_ascii=False) + "\n"


# -- the published schema --------------------------------------------------------------------

SCHEMA_ID = "urn:sdm-tui:rehearsal-debrief:1"
VERSION_DOC = (
    "The version of this format (DEBRIEF_VERSION). "  # i18n: not shown (the schema's, English)
    "A reader refuses versions it does not know."
)


def debrief_json_schema() -> dict[str, Any]:
    """The debrief's JSON Schema (draft 2020-12), generated from the model."""
    generated = msgspec.json.schema(AnyDebrief)
    defs = generated["$defs"]
    top = defs.pop(DebriefV1.__name__)
    top["properties"]["debrief_version"] = {
        "description": VERSION_DOC,
        "const": DEBRIEF_VERSION,
    }
    top.pop("title", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"sdm-tui rehearsal debrief, version {DEBRIEF_VERSION}",  # i18n: not shown
        **top,
        "$defs": defs,
    }


def schema_text() -> str:
    """debrief.schema.json as checked in: the generated schema, two-space indented."""
    return json.dumps(debrief_json_schema(), indent=2, ensure_ascii=False) + "\n"
