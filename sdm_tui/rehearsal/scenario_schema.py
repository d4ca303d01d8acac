"""The rehearsal scenario format, version 1, declared once (as the aid format is in
`sdm_tui.aid.schema`): the loader checks against it and docs/rehearsal.md describes it.

Problem codes are SDM2xx. Those the generic checker finds keep the aid format's last two
digits (SDM002 missing-key -> SDM202), so an author who knows one format knows the other.
"""

from __future__ import annotations

from typing import Any

from sdm_tui.aid.schema import ID_PATTERN, ITEM_ID_PATTERN, Field
from sdm_tui.consultation.record import MAX_RATING, ROLES_IN_DECIDING, UNSURE

SCENARIO_FORMAT_VERSION = 1
"""`format = 1`; the generic checker knows one format number, shared with aids."""

GUIDE = "docs/rehearsal.md"
WHAT = "scenario"

CODES: dict[str, str] = {
    "SDM001": "SDM201",  # toml-syntax
    "SDM002": "SDM202",  # missing-key
    "SDM003": "SDM203",  # wrong-type
    "SDM004": "SDM204",  # unknown-key
    "SDM005": "SDM205",  # unknown-format
    "SDM006": "SDM206",  # duplicate-id
    "SDM013": "SDM213",  # not-utf8, file-too-large, too-deep, unreadable, internal-error
    "SDM014": "SDM214",  # bad-value (choices, patterns, ranges: a rating outside 0..4)
    "SDM015": "SDM215",  # bidi-control
}
"""The aid format's codes -> the scenario format's."""

DUPLICATE_CONCERN_ID = ("SDM206", "duplicate-id")
DUPLICATE_SCENARIO_ID = ("SDM216", "duplicate-scenario-id")
UNKNOWN_AID = ("SDM220", "unknown-aid")
UNKNOWN_VALUE = ("SDM221", "unknown-value")
UNKNOWN_LEANING = ("SDM222", "unknown-leaning")
UNKNOWN_CONCERN = ("SDM223", "unknown-concern")
UNRATED_VALUE = ("SDM230", "unrated-value")
"""A warning: the scenario still loads."""


def _f(name: str, kind: str, description: str, **extra: Any) -> Field:
    return Field(name, kind, description, **extra)


PERSONA = (
    _f(
        "name",
        "string",
        "The fictional patient's name, as the actor introduces themself.",
        required=True,
    ),
    _f("age", "integer", "Age in years.", required=True, minimum=0, maximum=120),
    _f(
        "situation",
        "string",
        "Their life and health as the actor needs to know them: work, family, history.",
        required=True,
    ),
    _f("opening_line", "string", "What the patient says first.", required=True),
    _f("manner", "string", "How to play the part: voice, body language, how much to say."),
    _f(
        "preferred_role",
        "string",
        "The role in deciding they would name if asked (as on the values screen).",
        choices=tuple(ROLES_IN_DECIDING),
    ),
)

HIDDEN = (
    _f(
        "leaning",
        "string",
        f'The option the patient leans towards (an option id of the aid), or "{UNSURE}".',
        required=True,
        pattern=ITEM_ID_PATTERN,
    ),
    _f("reason", "string", "Why they lean that way, in their own words (for the actor)."),
    _f(
        "ratings",
        "integer-map",
        f"Value id of the aid = 0..{MAX_RATING}: how much each value matters to the patient "
        "(0 not at all .. 4 very much). Revealed only when the clinician asks.",
        required=True,
        minimum=0,
        maximum=MAX_RATING,
    ),
)

CONCERN = (
    _f(
        "id",
        "string",
        "Unique among concerns; cues name it.",
        required=True,
        pattern=ITEM_ID_PATTERN,
    ),
    _f("text", "string", "The worry, in the patient's words.", required=True),
    _f(
        "reveal_when",
        "string",
        "What the clinician must ask or do before the actor says it.",
        required=True,
    ),
)

CUE = (
    _f(
        "text",
        "string",
        "What the actor says or does that hints at something unsaid.",
        required=True,
    ),
    _f("when", "string", "When to give the cue, e.g. 'when side effects come up'."),
    _f("concern", "string", "The `id` of the concern the cue hints at.", pattern=ITEM_ID_PATTERN),
)

SCENARIO = (
    _f("format", "integer", "Format version: always 1.", required=True, minimum=1, maximum=1),
    _f(
        "id",
        "string",
        "Stable identifier, unique among scenarios.",
        required=True,
        pattern=ID_PATTERN,
    ),
    _f("title", "string", "What the scenario picker shows.", required=True),
    _f(
        "aid",
        "string",
        "The `id` of the decision aid the rehearsal uses.",
        required=True,
        pattern=ID_PATTERN,
    ),
    _f(
        "summary",
        "string",
        "For the trainer and the observer: who the patient is and what the scenario practises.",
        required=True,
    ),
    _f(
        "objectives",
        "string-list",
        "Learning objectives: what the learner should practise.",
        required=True,
        min_items=1,
    ),
    _f(
        "persona",
        "table",
        "The fictional patient, as the actor's card shows them.",
        required=True,
        fields=PERSONA,
    ),
    _f(
        "hidden",
        "table",
        "What the patient thinks, revealed only when asked.",
        required=True,
        fields=HIDDEN,
    ),
    _f("concerns", "tables", "Worries the patient reveals only when asked.", fields=CONCERN),
    _f("cues", "tables", "Hints the actor gives that something is unsaid.", fields=CUE),
)
