"""The decision-aid format, versions 1 and 2, declared once.

The loader validates against these declarations, `sdm-tui schema` turns them into a
JSON Schema, and the authoring guide describes them: one place to change the format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sdm_tui.i18n import N_

FORMAT_VERSION = 2
"""The newest format; every version in FORMATS loads."""
FORMATS = (1, 2)
FORMAT_2_PERS = (100, 1000)
"""Format 2 counts out of 100 or 1000, chosen per outcome."""
INPUT_KINDS = ("number", "choice")
PRACTICAL_CATEGORIES: dict[str, str] = {
    "medication-routine": N_("Medication routine"),
    "tests-and-visits": N_("Tests and visits"),
    "procedure-and-device": N_("Procedure and device"),
    "recovery": N_("Recovery and adaptation"),
    "coordination-of-care": N_("Coordination of care"),
    "side-effects": N_("Side effects"),
    "physical-wellbeing": N_("Physical well-being"),
    "emotional-wellbeing": N_("Emotional well-being"),
    "pregnancy": N_("Pregnancy and nursing"),
    "costs-and-access": N_("Costs and access"),
    "food-and-drink": N_("Food and drink"),
    "exercise-and-activities": N_("Exercise and activities"),
    "social-life": N_("Social life"),
    "work-and-study": N_("Work and study"),
    "travel-and-driving": N_("Travel and driving"),
}
"""SHARE-IT's categories of practical issues (MAGIC), id -> the grid row's heading."""
ID_PATTERN = r"^[a-z0-9-]+$"
ITEM_ID_PATTERN = r"^[A-Za-z0-9_-]+$"
STATUSES = ("draft", "example", "reviewed", "retired")
OPTION_KINDS = ("active", "no_action")
OUTCOME_TYPES = ("benefit", "harm")
CERTAINTIES = ("high", "moderate", "low", "very low")


@dataclass(frozen=True)
class Field:
    """One key of the format.

    `kind` is one of: "string", "integer", "number", "boolean", "number-or-string", "date",
    "string-list", "table", "tables" (an array of tables), "string-map", "integer-map",
    "number-map".
    Maps are tables keyed by option id.
    """

    name: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    min_items: int = 0
    max_items: int | None = None
    """At most this many entries: an aid with thousands of options froze the app."""
    fields: tuple[Field, ...] = ()
    example: str | None = None
    translation: str = "same"
    """In a translation of the aid (`translation.py`): "same" (a translation keeps the
    original's value: ids, numbers, sources, settings), "words" (translated text: a
    translation has its own; a map or list of words keeps the original's keys or length),
    or "own" (the file's own, free to differ: language, version, dates, authors)."""


def _f(name: str, kind: str, description: str, **extra: Any) -> Field:
    return Field(name, kind, description, **extra)


def _w(name: str, kind: str, description: str, **extra: Any) -> Field:
    """A key of words: translated in a translation of the aid."""
    return Field(name, kind, description, translation="words", **extra)


def _own(name: str, kind: str, description: str, **extra: Any) -> Field:
    """A key of the file's own: a translation may differ from its original here."""
    return Field(name, kind, description, translation="own", **extra)


AUTHOR = (
    _f("name", "string", "The author's or organisation's name.", required=True),
    _f("role", "string", "Their part in writing the aid, e.g. 'Clinical lead'."),
    _f(
        "conflicts_of_interest",
        "string",
        "Declared conflicts of interest; 'None declared' is a valid answer.",
    ),
)

SOURCE = (
    _f("id", "string", "Identifier that outcomes cite in `source`.", required=True),
    _w("citation", "string", "Full reference: authors, title, journal, year.", required=True),
    _f("url", "string", "Where to read it, e.g. a DOI link."),
    _f("year", "integer", "Year of publication.", minimum=1800, maximum=2200),
)

OPTION = (
    _f("id", "string", "Unique among options.", required=True, pattern=ITEM_ID_PATTERN),
    _w("label", "string", "Short name shown in tables.", required=True),
    _w("summary", "string", "One or two sentences.", required=True),
    _f(
        "kind",
        "string",
        "'no_action' marks watchful waiting or no treatment; default 'active'.",
        choices=OPTION_KINDS,
    ),
    _w("details", "string", "Longer text for the option's own page."),
)

QUESTION = (
    _f("id", "string", "Unique among questions.", required=True, pattern=ITEM_ID_PATTERN),
    _w(
        "text",
        "string",
        "The question patients ask, e.g. 'What does it involve?'",
        required=True,
    ),
    _w("answers", "string-map", "One answer per option id.", required=True),
)

BASELINE = (
    _f(
        "option",
        "string",
        "The option whose count the baseline is (usually the no-action one).",
        required=True,
    ),
    _f("input", "string", "An input (number with `per`) giving the baseline risk."),
    _f("count", "number", "A fixed baseline: people out of `per`.", minimum=0),
    _f("per", "integer", "The fixed count's denominator (default: the outcome's).", minimum=1),
    _f("source", "string", "The `id` of the source of a fixed baseline."),
)

STRATUM = (
    _f("from", "number", "Number inputs: the stratum starts at this value (included)."),
    _f("to", "number", "Number inputs: the stratum ends below this value (excluded)."),
    _f("value", "string", "Choice inputs: the choice value this stratum is for."),
    _f("chance", "number-map", "Option id = people out of the outcome's `per`.", required=True),
    _f("low", "number-map", "Option id = low end of the count's range."),
    _f("high", "number-map", "Option id = high end of the count's range."),
)

INPUT = (
    _f("id", "string", "Unique among inputs.", required=True, pattern=ITEM_ID_PATTERN),
    _w("label", "string", "e.g. '10-year risk of a heart attack or stroke'.", required=True),
    _w("help", "string", "How to get it, e.g. which calculator (QRISK3, PCE)."),
    _f(
        "kind",
        "string",
        "A number, or a choice of labelled values.",
        required=True,
        choices=INPUT_KINDS,
    ),
    _w("unit", "string", "Shown after a number, e.g. 'in 100', 'years'."),
    _f(
        "per",
        "integer",
        "For a number that counts people out of `per` (a risk in 100): it can be a baseline.",
        minimum=1,
        maximum=1_000_000,
    ),
    _f("min", "number", "Numbers: the smallest value allowed."),
    _f("max", "number", "Numbers: the largest value allowed."),
    _f("step", "number", "Numbers: values are min + a multiple of step (default 1)."),
    _w("choices", "string-map", "Choices: value = label, in the order shown."),
    _f("default", "number-or-string", "Shown before anything is entered (optional)."),
    _f("required", "boolean", "Whether the numbers wait for it (default true)."),
)

PRACTICAL = (
    _f(
        "category",
        "string",
        "A SHARE-IT category of practical issues.",
        required=True,
        choices=tuple(PRACTICAL_CATEGORIES),
    ),
    _w("text", "string", "The row's heading, if not the category's name."),
    _w("answers", "string-map", "One answer per option id.", required=True),
)

OUTCOME = (
    _f("id", "string", "Unique among outcomes.", required=True, pattern=ITEM_ID_PATTERN),
    _w("label", "string", "e.g. 'Pain much better after a year'.", required=True),
    _f("type", "string", "A benefit or a harm.", required=True, choices=OUTCOME_TYPES),
    _f(
        "per",
        "integer",
        "The denominator: counts are 'out of per people' (format 2: 100 or 1000).",
        required=True,
        minimum=1,
        maximum=1_000_000,
    ),
    _w("timeframe", "string", "e.g. '1 year', '10 years'.", required=True),
    _f("source", "string", "The `id` of an entry in [[sources]].", required=True),
    _f("certainty", "string", "Certainty of the evidence.", choices=CERTAINTIES),
    _f(
        "chance",
        "number-map",
        "Option id = number of people out of `per` (0 <= n <= per). Leave an option out "
        "when no evidence exists; it is shown as 'not known'. Required in format 1; in "
        "format 2 give `chance`, or `baseline` with `rr`, or `strata`.",
        minimum=0,
    ),
    # -- format 2 ------------------------------------------------------------------------
    _f(
        "baseline",
        "table",
        "Format 2: the count without the relative effects, from an input or fixed.",
        fields=BASELINE,
    ),
    _f("rr", "number-map", "Format 2: option id = relative effect (risk ratio, > 0)."),
    _f("rr_low", "number-map", "Format 2: option id = low end of the rr's 95% CI."),
    _f("rr_high", "number-map", "Format 2: option id = high end of the rr's 95% CI."),
    _f("strata_by", "string", "Format 2: the input whose value picks a row of `strata`."),
    _f(
        "strata",
        "tables",
        "Format 2: counts per option for each stratum (band) of `strata_by`.",
        max_items=30,
        fields=STRATUM,
    ),
    _w(
        "other_frame",
        "string",
        "Format 2: the label worded the other way round, e.g. 'No heart attack in 10 "
        "years' for 'Heart attack in 10 years'; shown beside it as per - N.",
    ),
)

VALUE = (
    _f("id", "string", "Unique among values.", required=True, pattern=ITEM_ID_PATTERN),
    _w("statement", "string", "e.g. 'Avoiding an operation'.", required=True),
    _w("detail", "string", "A sentence that explains the statement."),
    _f(
        "favours",
        "integer-map",
        "Option id = -2..2: how strongly caring about this points toward (+) or away "
        "from (-) that option. Options left out count as 0.",
        minimum=-2,
        maximum=2,
    ),
)

CHECK = (
    _w("question", "string", "A question about the options or the evidence.", required=True),
    _w("choices", "string-list", "Possible answers.", required=True, min_items=2, max_items=8),
    _f("answer", "integer", "0-based index of the right choice.", required=True, minimum=0),
    _w("explanation", "string", "Shown after answering."),
)

LINT_IGNORE = (
    _f("rule", "string", "A lint rule id or name, e.g. 'SDM101'.", required=True),
    _f("reason", "string", "Why this rule does not apply to this aid.", required=True),
)

LINT = (
    _f(
        "ignore",
        "tables",
        "Lint rules silenced for this file, each with a reason.",
        fields=LINT_IGNORE,
    ),
)

TRANSLATION_OF = (
    _own(
        "language",
        "string",
        "The original's `language`, e.g. 'en'.",
        required=True,
    ),
    _own(
        "version",
        "string",
        "The original's `version` this file translates: `sdm-tui check` flags a "
        "translation whose original has moved on.",
        required=True,
    ),
)

MAX_OPTIONS = 8
"""Options side by side in the comparison grid; aids in practice have two to five."""
MAX_TEXT_CHARS = 5000
"""Characters in any one text: a summary is a few hundred; more is a paste gone wrong."""

FORMAT_2_KEYS = ("inputs", "practical")
FORMAT_2_OUTCOME_KEYS = (
    "baseline",
    "rr",
    "rr_low",
    "rr_high",
    "strata_by",
    "strata",
    "other_frame",
)
"""Keys a format 1 file may not use."""

AID = (
    _f("format", "integer", "Format version: 1 or 2.", required=True, minimum=1, maximum=2),
    _f(
        "id", "string", "Stable identifier, unique in a library.", required=True, pattern=ID_PATTERN
    ),
    _w("title", "string", "What the library list shows.", required=True),
    _w("question", "string", "The decision, as the patient would ask it.", required=True),
    _w(
        "summary",
        "string",
        "Plain-language background: the condition, why a choice is needed.",
        required=True,
    ),
    _w("audience", "string", "Who the aid is for, and who it is not for.", required=True),
    _own("language", "string", "BCP 47 language tag of the text; default 'en'."),
    _own(
        "translation_of",
        "table",
        "For a translation: the language and version of the original it translates "
        "(same `id`, another file).",
        fields=TRANSLATION_OF,
    ),
    _own("version", "string", "The content's own version, e.g. '1.2.0'.", required=True),
    _own(
        "status",
        "string",
        "'draft' and 'example' are bannered everywhere; 'retired' aids are hidden.",
        required=True,
        choices=STATUSES,
    ),
    _own("last_reviewed", "date", "When the evidence was last checked.", required=True),
    _own("review_by", "date", "After this date the aid is shown as overdue for review."),
    _w("funding", "string", "Who paid for the aid."),
    _w(
        "update_policy",
        "string",
        "When and how the aid is updated, e.g. when new evidence appears (sdm-tui addition).",
    ),
    _own("tags", "string-list", "Words for search in the library.", max_items=30),
    _own(
        "authors",
        "tables",
        "Who wrote the aid.",
        required=True,
        min_items=1,
        max_items=30,
        fields=AUTHOR,
    ),
    _f(
        "sources",
        "tables",
        "The evidence cited.",
        required=True,
        min_items=1,
        max_items=100,
        fields=SOURCE,
    ),
    _f(
        "options",
        "tables",
        "The options (two to eight).",
        required=True,
        min_items=2,
        max_items=MAX_OPTIONS,
        fields=OPTION,
    ),
    _f("questions", "tables", "Rows of the comparison grid.", max_items=30, fields=QUESTION),
    _f(
        "outcomes",
        "tables",
        "What happens to people who choose each option.",
        max_items=30,
        fields=OUTCOME,
    ),
    _f(
        "inputs",
        "tables",
        "Format 2: what the numbers depend on, entered by the clinician.",
        max_items=10,
        fields=INPUT,
    ),
    _f(
        "practical",
        "tables",
        "Format 2: practical issues (SHARE-IT categories), rows of the grid.",
        max_items=len(PRACTICAL_CATEGORIES),
        fields=PRACTICAL,
    ),
    _f("values", "tables", "What may matter to the patient.", max_items=20, fields=VALUE),
    _f("checks", "tables", "Optional knowledge questions.", max_items=20, fields=CHECK),
    _own("lint", "table", "Settings for `sdm-tui check` (sdm-tui extension).", fields=LINT),
)
