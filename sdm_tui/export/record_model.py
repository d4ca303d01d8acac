"""The consultation record's one typed model, and the one way to read a record.

Every part of sdm-tui that meets a record uses these types: the writer
(`record_json.to_record`) builds a `Record`, the documents read its attributes, crash
recovery, `sdm-tui export` and `sdm-tui report` read files with `read_record` (bytes) or
`record_from_data` (already-parsed JSON), and the published JSON Schema
(`record.schema.json`, described in docs/record-format.md) is generated from these types by
`record_json_schema` (a test fails when the checked-in file drifts from them).

The record is tagged by `record_version`. Version 1 is `RecordV1`, the first release's.
Version 2 (`RecordV2`, what this sdm-tui writes) has the same fields, and may carry those
added since, all optional: the patient's identifier, personalised-evidence inputs, others'
views, the consultation id, review dates and follow-ups. The tag changed so that an older
sdm-tui, which refuses unknown fields, says "made by a newer sdm-tui" instead. Version 1
files keep reading unchanged.

Records come from disk and hold patient text, so nothing in them is trusted and no error
quotes them: `RecordError` messages say where a record is wrong (`$.plan[2].by_when`) and
what was expected, never the value found there.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Annotated, Any, Final, Literal, TypeAlias

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

__all__ = [
    "RECORD_FORMAT",
    "RECORD_VERSION",
    "AidAtFollowUp",
    "AidOption",
    "AidQuestion",
    "AidSummary",
    "AidValue",
    "AnyRecord",
    "CheckAnswer",
    "Collaborate",
    "CollaborateItem",
    "Confirmations",
    "CountRange",
    "DecisionChosen",
    "DecisionNone",
    "DecisionNotYet",
    "DecisionNow",
    "EarlierConsultation",
    "FollowUp",
    "InputEntry",
    "KeyedAnswer",
    "KnowledgeCheck",
    "Leaning",
    "OthersViewKey",
    "OutcomeMethod",
    "OutcomeSummary",
    "OwnWordsEntry",
    "Participant",
    "PatientIdentifier",
    "PlanStep",
    "PreferredRole",
    "Rating",
    "Record",
    "RecordDecision",
    "RecordError",
    "RecordV1",
    "RecordV2",
    "Regret",
    "RegretItem",
    "StepOutcome",
    "Stratum",
    "Sure",
    "SureItem",
    "TextEntry",
    "read_record",
    "record_from_data",
    "record_json_schema",
    "record_text",
    "record_to_data",
    "refuse_json_constant",
    "without_surrogates",
]

RECORD_FORMAT: Final = "sdm-tui/consultation"
RECORD_VERSION: Final = 2
READ_VERSIONS: Final = (1, 2)
"""The record versions this sdm-tui reads."""


class RecordError(ValueError):
    """A record that cannot be read: wrong format, another aid, or bad content.

    `detail` is the part that says where and what ("at $.plan[0]: ..."), for callers that
    word the start of the message themselves."""

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = message if detail is None else detail


# -- the pieces ------------------------------------------------------------------------------

Time = Annotated[
    str,
    Meta(
        pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
        description="ISO 8601 in UTC to the second, e.g. 2026-11-26T04:12:00Z.",
    ),
]
Contributor = Literal["patient", "clinician", "both", "companion"]
"""Who entered an entry; "companion" is someone else present (a participant "other")
giving their own view (issue 21)."""
ItemId = Annotated[str, Meta(pattern="^[A-Za-z0-9_-]+$")]
AidId = Annotated[str, Meta(pattern="^[a-z0-9-]+$")]
NonEmptyText = Annotated[str, Meta(min_length=1)]
Index = Annotated[int, Meta(ge=0)]
Rating04 = Annotated[int, Meta(ge=0, le=4)]
Count = Annotated[int, Meta(ge=0)] | Annotated[float, Meta(ge=0)]
OwnWordsKey = Literal["matters_most", "worries", "questions"]
OthersViewKey = Literal["involved", "their_views", "pressure"]
OutcomeType = Literal["benefit", "harm"]
Certainty = Literal["", "high", "moderate", "low", "very low"]
AidStatus = Literal["draft", "example", "reviewed", "retired"]
OptionKind = Literal["active", "no_action"]
SureKey = Literal["sure", "understand", "risk_benefit", "encouragement"]
CollaborateKey = Literal["understand", "listen", "include"]
PlanWho = Literal["patient", "clinician", "both", "someone else"]
# -- follow-up (issue 18) --
LanguageTag = Annotated[str, Meta(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35)]
"""A BCP 47 language tag: "es", "es-MX"."""
IsoDate = Annotated[
    str,
    Meta(pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description="A day, YYYY-MM-DD."),
]
ConsultationId = Annotated[str, Meta(pattern="^[A-Za-z0-9_-]{1,64}$")]


class _Part(Struct, frozen=True, forbid_unknown_fields=True):
    """A part of a record: immutable, and no key beyond those declared."""


class AidOption(_Part, frozen=True):
    id: ItemId
    label: str
    summary: str
    kind: OptionKind


class AidValue(_Part, frozen=True):
    id: ItemId
    statement: str
    favours: dict[str, Annotated[int, Meta(ge=-2, le=2)]]


# -- personalised evidence (aid format 2, issue 16): optional, absent in older records -----


class Stratum(_Part, frozen=True):
    """The row of a strata table the patient's input fell in."""

    low: float | None
    high: float | None
    value: str
    """A choice's value id (empty for a number range [low, high))."""


class OutcomeMethod(_Part, frozen=True):
    """How an outcome's counts were computed from the inputs: enough to re-derive them
    (the rounding rule is in docs/authoring.md)."""

    kind: Literal["relative", "strata"]
    baseline_option: ItemId | None
    """relative: the option whose count is the baseline."""
    baseline_input: ItemId | None
    """relative: the input the baseline came from, or null for a fixed baseline."""
    baseline: Annotated[float, Meta(ge=0)] | None
    """relative: the baseline, people out of `authored_per` before rounding."""
    baseline_source_citation: str
    """relative: the source of a fixed baseline (empty for an input)."""
    rr: dict[str, Annotated[float, Meta(gt=0)]]
    rr_low: dict[str, Annotated[float, Meta(gt=0)]]
    rr_high: dict[str, Annotated[float, Meta(gt=0)]]
    strata_by: ItemId | None
    stratum: Stratum | None
    authored_per: Annotated[int, Meta(ge=1)]
    """The author's `per`; the record's `per` is 1000 when a difference would round away."""


class CountRange(_Part, frozen=True):
    low: Count
    high: Count


class InputEntry(_Part, frozen=True):
    """A patient input the numbers were computed from."""

    id: ItemId
    label: str
    kind: Literal["number", "choice"]
    value: float | str
    """A number, or a choice's value id."""
    shown: str
    """The value as the documents say it: "14 in 100", or a choice's label."""
    unit: str
    contributor: Contributor | None
    """Who entered it; null when the value is the aid's default."""
    at: Time | None


# -- the aid's outcomes -----------------------------------------------------------------------


class OutcomeSummary(_Part, frozen=True):
    id: ItemId
    label: str
    type: OutcomeType
    per: Annotated[int, Meta(ge=1)]
    timeframe: str
    certainty: Certainty
    source_citation: str
    chance: dict[str, Count]
    """Option id to N out of `per`; an option without a figure is left out."""
    # personalised evidence (issue 16): the counts above are then this patient's, as shown
    ranges: Annotated[
        dict[str, CountRange] | UnsetType,
        Meta(description="Option id to the range of its count, where the source gives one."),
    ] = UNSET
    method: Annotated[
        OutcomeMethod | UnsetType,
        Meta(description="How the counts were computed from the inputs (computed outcomes)."),
    ] = UNSET
    missing_inputs: Annotated[
        list[ItemId] | UnsetType,
        Meta(description="Inputs not entered: the counts were not shown (chance is empty)."),
    ] = UNSET
    other_frame: Annotated[
        str | UnsetType,
        Meta(description="The label worded the other way round: shown with per - N."),
    ] = UNSET


class KnowledgeCheck(_Part, frozen=True):
    question: str
    choices: Annotated[list[str], Meta(min_length=2)]
    answer: Index
    explanation: str


class AidQuestion(_Part, frozen=True):
    """A question of the aid's comparison grid, with each option's answer (issue 21: the
    Option Grid-style table in the patient's copy)."""

    id: ItemId
    text: str
    answers: dict[str, str]
    """Option id to its answer; an option without one is left out."""


class AboutItem(_Part, frozen=True):
    """One part of "About this decision aid": authors and their interests, funding, ..."""

    heading: str
    text: str


class Reference(_Part, frozen=True):
    """One of the aid's sources; its number in the documents is its place in the list."""

    id: ItemId
    citation: str
    url: str
    year: int | None


class AidSummary(_Part, frozen=True):
    """What the documents need to know of the decision aid used."""

    id: AidId
    title: str
    question: str
    summary: str
    version: str
    status: Annotated[
        AidStatus,
        Meta(description="example and draft content is bannered in every document."),
    ]
    language: str
    last_reviewed: Annotated[str, Meta(pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    sha256: Annotated[
        str,
        Meta(
            pattern="^([0-9a-f]{64})?$",
            description="SHA-256 of the aid file's bytes (empty for an aid not read from a file).",
        ),
    ]
    file_name: str
    options: Annotated[list[AidOption], Meta(min_length=2)]
    values: list[AidValue]
    outcomes: list[OutcomeSummary]
    checks: list[KnowledgeCheck]
    about: Annotated[
        list[AboutItem] | UnsetType,
        Meta(
            description="About this aid, for the patient's copy: authors and their conflicts "
            "of interest, funding, review dates, update policy (absent in older records)."
        ),
    ] = UNSET
    sources: Annotated[
        list[Reference] | UnsetType,
        Meta(
            description="The aid's sources in order: a citation marker [@id] in the aid's "
            "text (kept as the author wrote it) names one, or an outcome and so its source; "
            "documents show it as [n], n the source's place in this list (absent in older "
            "records)."
        ),
    ] = UNSET
    # -- consultation usability (issue 21): the comparison grid, for the printable grid --
    questions: Annotated[
        list[AidQuestion] | UnsetType,
        Meta(
            description="The aid's comparison grid: questions with each option's answer, "
            "for the patient's printable grid of the options (absent in older records)."
        ),
    ] = UNSET


class Participant(_Part, frozen=True):
    role: Literal["patient", "clinician", "other"]
    name: str
    detail: str


class PreferredRole(_Part, frozen=True):
    value: Literal["decide_myself", "decide_together", "clinician_decides"]
    label: str
    contributor: Contributor
    at: Time


class Rating(_Part, frozen=True):
    value_id: ItemId
    statement: str
    rating: Rating04
    label: str
    contributor: Contributor
    at: Time


class OwnWordsEntry(_Part, frozen=True):
    label: str
    text: NonEmptyText
    contributor: Contributor
    at: Time


class Leaning(_Part, frozen=True):
    value: ItemId
    """An option id, or "unsure"."""
    label: str
    contributor: Contributor
    at: Time


class TextEntry(_Part, frozen=True):
    text: NonEmptyText
    contributor: Contributor
    at: Time


class CheckAnswer(_Part, frozen=True):
    index: Index
    question: str
    chosen: Index
    chosen_text: str
    answer: Index
    answer_text: str
    correct: bool
    explanation: str
    contributor: Contributor
    at: Time


class SureItem(_Part, frozen=True):
    key: SureKey
    question: str
    answer: bool
    contributor: Contributor
    at: Time


class Sure(_Part, frozen=True):
    """The SURE test of decisional conflict (Légaré et al. 2010): one point per yes; 3 or
    less screens positive."""

    items: Annotated[list[SureItem], Meta(max_length=4)]
    score: Rating04 | None
    flag: bool


class _Decision(_Part, frozen=True, tag_field="status"):
    """The choice, 'not yet' with what is needed first, or none."""


class DecisionNone(_Decision, frozen=True, tag="none"):
    """No decision recorded yet."""

    option_id: None
    option_label: str | None
    not_yet_reason: None
    not_yet_reason_label: str | None
    reason_text: str
    differs_reason: str
    differs_from_ratings: bool
    contributor: None
    at: None

    @property
    def status(self) -> Literal["none"]:
        """The record's decision.status (the tag)."""
        return "none"


class DecisionChosen(_Decision, frozen=True, tag="chosen"):
    """An option was chosen."""

    option_id: ItemId
    option_label: str
    not_yet_reason: None
    not_yet_reason_label: str | None
    reason_text: str
    differs_reason: str
    differs_from_ratings: bool
    contributor: Contributor
    at: Time

    @property
    def status(self) -> Literal["chosen"]:
        """The record's decision.status (the tag)."""
        return "chosen"


class DecisionNotYet(_Decision, frozen=True, tag="not_yet"):
    """Not decided yet, with what is needed first."""

    option_id: None
    option_label: str | None
    not_yet_reason: Literal["more_time", "more_information", "talk_with_others", "other"]
    not_yet_reason_label: str
    reason_text: str
    differs_reason: str
    differs_from_ratings: bool
    contributor: Contributor
    at: Time

    @property
    def status(self) -> Literal["not_yet"]:
        """The record's decision.status (the tag)."""
        return "not_yet"


RecordDecision: TypeAlias = DecisionNone | DecisionChosen | DecisionNotYet


class PlanStep(_Part, frozen=True):
    what: NonEmptyText
    who: PlanWho
    by_when: str
    contributor: Contributor
    at: Time
    # follow-up (issue 18): the date read from by_when (absent in older records)
    by_date: Annotated[
        IsoDate | UnsetType | None,
        Meta(description="The date read from by_when ('in 2 weeks' -> a day), or null."),
    ] = UNSET


class Confirmations(_Part, frozen=True):
    """When each confirmed the decision and plan as shown; null if they have not. Any
    change to the decision or plan withdraws both."""

    patient: Time | None
    clinician: Time | None


class CollaborateItem(_Part, frozen=True):
    key: CollaborateKey
    question: str
    score: Rating04
    label: str
    contributor: Literal["patient"]
    at: Time


class Collaborate(_Part, frozen=True):
    """The patient's own CollaboRATE rating of how far the decision was shared (Elwyn et
    al. 2013, the 5-point version), asked after the summary and possibly skipped.
    Optional: records made before sdm-tui asked it have none."""

    items: Annotated[list[CollaborateItem], Meta(max_length=3)]
    top_score: bool | None
    skipped: bool


class PatientIdentifier(_Part, frozen=True):
    """The patient's identifier in the clinic's records (e.g. a record number), entered by
    the clinician in team talk. Never used in file names."""

    value: Annotated[str, Meta(min_length=1, max_length=64)]
    system: Annotated[
        str,
        Meta(
            pattern="^([A-Za-z][A-Za-z0-9+.-]*:[^\\s]+)?$",
            description="The URI of the register the value is from (e.g. the clinic's "
            "record numbers), or empty when not known.",
        ),
    ]
    contributor: Contributor
    at: Time


# -- the follow-up visit (issue 18) ------------------------------------------------------------


class KeyedAnswer(_Part, frozen=True):
    """An answer chosen from a short list: its key, its words, who gave it and when."""

    value: ItemId
    label: str
    contributor: Contributor
    at: Time


class StepOutcome(_Part, frozen=True):
    """Whether a step of the earlier plan happened."""

    index: Index
    what: str
    who: PlanWho
    by_when: str
    outcome: Literal["done", "partly", "not_done", "not_due"]
    label: str
    contributor: Contributor
    at: Time


class RegretItem(_Part, frozen=True):
    number: Annotated[int, Meta(ge=1, le=5)]
    statement: str
    answer: Annotated[int, Meta(ge=1, le=5)]
    """1 strongly agree .. 5 strongly disagree."""
    label: str
    contributor: Contributor
    at: Time


class Regret(_Part, frozen=True):
    """The Decision Regret Scale (Brehaut et al., Med Decis Making 2003): five items,
    items 2 and 4 reverse-scored, score 0 (no regret) .. 100, null until all five are
    answered."""

    items: Annotated[list[RegretItem], Meta(max_length=5)]
    score: Annotated[int, Meta(ge=0, le=100)] | None


class DecisionNow(_Part, frozen=True):
    """The decision at the follow-up, against the earlier one (the option is in the
    record's `decision`)."""

    status: Literal["kept", "changed", "undecided", "decided"]
    label: str
    why: TextEntry | None


class AidAtFollowUp(_Part, frozen=True):
    """The aid as the library had it at the follow-up, when it was found there."""

    version: str
    sha256: str
    changed: bool


class EarlierConsultation(_Part, frozen=True):
    """The record this follow-up reviews, and what it said (so the follow-up reads on its
    own): its decision, plan, review, success measure, leaning, ratings and SURE."""

    consultation_id: ConsultationId
    id_derived: Annotated[
        bool,
        Meta(
            description="true: the earlier record carried no consultation_id (record made "
            "before ids); this one is derived from its mode, aid id, aid SHA-256 and start."
        ),
    ]
    chain_id: Annotated[
        ConsultationId, Meta(description="The id of the first consultation of the chain.")
    ]
    visit: Annotated[int, Meta(ge=0, description="0: the first consultation; n: a follow-up.")]
    started_at: Time
    generated_at: Time
    file_name: str
    aid_version: str
    aid_sha256: str
    decision: RecordDecision
    plan: list[PlanStep]
    review: TextEntry | None
    review_date: IsoDate | None
    success_measure: TextEntry | None
    leaning: Leaning | None
    ratings: list[Rating]
    sure: Sure


class FollowUp(_Part, frozen=True):
    """A follow-up visit of an earlier decision. The record's own fields hold this visit:
    `sure` (SURE again), `ratings` (the values again, if asked), `decision` (the decision
    now), `review`/`review_date` or `no_review` (the next review)."""

    earlier: EarlierConsultation
    visit: Annotated[int, Meta(ge=1, description="1: the first follow-up; 2: of a follow-up...")]
    aid_now: AidAtFollowUp | None
    steps: list[StepOutcome]
    measure_met: KeyedAnswer | None
    acted_on: KeyedAnswer | None
    decision_now: DecisionNow | None
    regret: Annotated[
        Regret | None,
        Meta(description="null when not asked: no option chosen then, or not acted on."),
    ]


class RecordV1(Struct, frozen=True, forbid_unknown_fields=True, tag_field="record_version", tag=1):
    """One consultation with one decision aid, as sdm-tui's to_record writes it: the single
    source from which the Markdown, HTML and FHIR documents are rendered. Self-contained:
    it carries the aid's text and numbers that the documents need. Every entry says who
    contributed it and when. See docs/record-format.md."""

    record_format: Annotated[
        Literal["sdm-tui/consultation"],
        Meta(description="Always this text: what kind of file this is."),
    ]
    mode: Annotated[
        Literal["clinical", "training", "preview"],
        Meta(
            description="clinical: a real consultation; training: a rehearsal; preview: an "
            "author's preview. Training and preview documents carry a banner."
        ),
    ]
    generated_at: Annotated[Time, Meta(description="When this record was made.")]
    started_at: Annotated[Time, Meta(description="When the consultation started.")]
    aid: AidSummary
    participants: Annotated[
        list[Participant],
        Meta(description="Who took part: by default one patient and one clinician."),
    ]
    preferred_role: Annotated[
        PreferredRole | None,
        Meta(description="The part the patient prefers to take in deciding, or null."),
    ]
    ratings: Annotated[
        list[Rating],
        Meta(
            description="How much each of the aid's value statements matters to the "
            "patient, in the aid's order; unrated values are left out."
        ),
    ]
    own_words: Annotated[
        dict[OwnWordsKey, OwnWordsEntry],
        Meta(description="The patient's own words, by box; empty boxes are left out."),
    ]
    leaning: Annotated[
        Leaning | None,
        Meta(description="The option the patient leans towards ('unsure' for none yet)."),
    ]
    clinician_view: Annotated[
        TextEntry | None, Meta(description="The clinician's view, if shared, or null.")
    ]
    alignment: Annotated[
        dict[str, int],
        Meta(
            description="Option id to the sum of rating x favours over the rated values: a "
            "reflection of the ratings, never a recommendation."
        ),
    ]
    knowledge_checks: Annotated[
        list[CheckAnswer],
        Meta(description="The knowledge checks answered, by index in the aid."),
    ]
    sure: Sure
    decision: RecordDecision
    plan: Annotated[list[PlanStep], Meta(description="The next steps: who does what by when.")]
    review: Annotated[
        TextEntry | None,
        Meta(description="When patient and clinician will review the decision, or null."),
    ]
    success_measure: Annotated[
        TextEntry | None,
        Meta(description="How both will know the decision is working, or null."),
    ]
    confirmations: Confirmations
    collaborate: Collaborate | UnsetType = UNSET
    # -- consultation usability (issue 21): others' views and pressure (Ottawa guide) --
    others_views: Annotated[
        dict[OthersViewKey, OwnWordsEntry] | UnsetType,
        Meta(
            description="Others' views and pressure, by box (Ottawa Personal Decision Guide, "
            "'Support'): who else is involved, what they think, any pressure. Optional: "
            "absent when nothing was entered, and in older records."
        ),
    ] = UNSET
    # -- identity (issue 19: a record the EHR can file) -----------------------------------
    patient_identifier: Annotated[
        PatientIdentifier | UnsetType,
        Meta(
            description="The patient's identifier in the clinic's records, if the "
            "clinician entered one (absent otherwise, and in older records)."
        ),
    ] = UNSET
    # -- follow-up (issue 18): ids, dates, the "not yet" safety net, the follow-up visit --
    consultation_id: Annotated[
        ConsultationId | UnsetType,
        Meta(description="A stable id of this consultation; absent in older records."),
    ] = UNSET
    review_date: Annotated[
        IsoDate | UnsetType | None,
        Meta(description="The date read from the review text, or null."),
    ] = UNSET
    no_review: Annotated[
        TextEntry | UnsetType | None,
        Meta(description="Why no review or next step is needed, or null."),
    ] = UNSET
    follow_up: Annotated[
        FollowUp | UnsetType,
        Meta(description="Present when this record is a follow-up of an earlier one."),
    ] = UNSET

    @property
    def follow_up_or_none(self) -> FollowUp | None:
        """The follow-up visit, or None for a first consultation."""
        return None if isinstance(self.follow_up, UnsetType) else self.follow_up

    # personalised evidence (issue 16)
    inputs: Annotated[
        list[InputEntry] | UnsetType,
        Meta(
            description="The patient inputs the aid's counts were computed from (aid format 2), "
            "with who entered each and when; absent for aids without inputs."
        ),
    ] = UNSET

    # -- languages (issue 22) --------------------------------------------------------
    patient_language: Annotated[
        LanguageTag | UnsetType,
        Meta(
            description="The language the patient's copy is written in, when it was chosen "
            "for this consultation (BCP 47); absent: the aid's language."
        ),
    ] = UNSET

    @property
    def inputs_or_empty(self) -> list[InputEntry]:
        """The inputs, or none for a record of an aid without inputs (or an older record)."""
        return [] if isinstance(self.inputs, UnsetType) else self.inputs

    @property
    def record_version(self) -> int:
        """The version of this record: 1."""
        return 1

    @property
    def others_views_or_empty(self) -> dict[OthersViewKey, OwnWordsEntry]:
        """Others' views by box; empty when none were entered (or in an older record)."""
        return {} if isinstance(self.others_views, UnsetType) else self.others_views

    @property
    def collaborate_or_none(self) -> Collaborate | None:
        """The CollaboRATE rating, or None for a record made before it was asked."""
        return None if isinstance(self.collaborate, UnsetType) else self.collaborate

    @property
    def patient_identifier_or_none(self) -> PatientIdentifier | None:
        """The patient's identifier, or None when none was entered."""
        found = self.patient_identifier
        return None if isinstance(found, UnsetType) else found


class RecordV2(RecordV1, frozen=True, tag=2):
    """A record of version 2: version 1's fields and those added since (all optional).
    See RecordV1 and docs/record-format.md."""

    @property
    def record_version(self) -> int:
        return 2


Record: TypeAlias = RecordV1
"""A record of any version this sdm-tui reads (a RecordV2 is a RecordV1 with a later tag):
what the documents, the report and recovery take."""
AnyRecord: TypeAlias = RecordV1 | RecordV2
"""Every record this sdm-tui reads, as the decoder tells them apart."""

_DECODER = msgspec.json.Decoder(AnyRecord)


# -- reading ---------------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_WHERE = re.compile(r"^(?P<what>.*?)(?: - at `(?P<key>key` in `)?(?P<path>\$[^`]*)`)?$", re.S)


def _header_problem(data: Any) -> str | None:
    """Why this is not a version this sdm-tui reads, or None when the header is right."""
    if not isinstance(data, Mapping):
        kind = "an array" if isinstance(data, list) else "text" if isinstance(data, str) else None
        return f"it holds {kind or 'a single value'}, not a JSON object"
    if data.get("record_format") != RECORD_FORMAT:
        return f"it is not a consultation record (its record_format is not {RECORD_FORMAT!r})"
    version = data.get("record_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return f"it has no valid record_version (this sdm-tui reads {RECORD_VERSION})"
    if version > RECORD_VERSION:
        return (
            f"it was made by a newer sdm-tui (record version {version}); this sdm-tui reads "
            f"version {RECORD_VERSION}: update sdm-tui to read it"
        )
    if version not in READ_VERSIONS:
        return (
            f"its record version {version} is not known (this sdm-tui reads versions "
            f"{', '.join(map(str, READ_VERSIONS))})"
        )
    return None


_PATH_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+|\.\.\.)\]")
_LIMITS = {"<=": "at most", ">=": "at least", "<": "less than", ">": "more than"}


def _allowed(path: str, key: bool = False) -> list[Any]:
    """The values the schema allows at `path` ("$.plan[0].who"), or [] if it names none."""
    schema = _schema()
    nodes = [schema]
    for name, _index in _PATH_PART.findall(path):
        nodes = [
            nxt
            for node in _branches(nodes, schema)
            for nxt in (
                [node.get("properties", {}).get(name)]
                if name
                else [node.get("items"), node.get("additionalProperties")]
            )
            if isinstance(nxt, dict)
        ]
    found: list[Any] = []
    for node in _branches(nodes, schema):
        allowed = node.get("propertyNames", {}) if key else node
        found += [value for value in allowed.get("enum", []) if value not in found]
    return found


def _branches(nodes: list[dict[str, Any]], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The nodes with references followed and alternatives (anyOf) spread out."""
    out: list[dict[str, Any]] = []
    todo = list(nodes)
    while todo:
        node = todo.pop(0)
        if "$ref" in node:
            todo.append(schema["$defs"][node["$ref"].rsplit("/", 1)[-1]])
        elif "anyOf" in node:
            todo += node["anyOf"]
        else:
            out.append(node)
    return out


def _unquoted(what: str, path: str, key: bool) -> str:
    """msgspec's complaint, in our words, without the value it found (patient text)."""
    if bound := re.fullmatch(r"Expected `(int|float|number)` (<=|>=|<|>) (\S+)", what):
        return f"expected a number of {_LIMITS[bound.group(2)]} {bound.group(3)}"
    if sized := re.fullmatch(r"Expected `(str|array|object)` of length (<=|>=) (\d+)", what):
        kind = {"str": "text", "array": "a list", "object": "an object"}[sized.group(1)]
        return f"expected {kind} of length {_LIMITS[sized.group(2)]} {sized.group(3)}"
    if pattern := re.fullmatch(r"Expected `str` matching regex '(.*)'", what, re.S):
        return f"expected text matching {pattern.group(1)}"
    if typed := re.fullmatch(r"Expected `([^`]*)`, got `([^`]*)`", what):
        return f"expected {typed.group(1)}, got {typed.group(2)}"
    if missing := re.fullmatch(r"Object missing required field `(.*)`", what, re.S):
        return f"{missing.group(1)!r} is a required property"  # a name from the model
    if unknown := re.fullmatch(r"Object contains unknown field `(.*)`", what, re.S):
        name = unknown.group(1)
        return "unexpected " + (
            repr(name) if _FIELD_NAME.fullmatch(name) else "a key that is not a field name"
        )
    if what.startswith(("Invalid enum value", "Invalid value")):
        allowed = _allowed(path, key)
        if allowed:
            return "expected one of " + ", ".join(json.dumps(v) for v in allowed)
        return "not one of the values allowed here"
    return "does not fit the record format"


def _explained(error: msgspec.ValidationError) -> str:
    """ "at $.plan[2].by_when: expected str, got int" -- a place, never a value."""
    found = _WHERE.match(str(error))
    assert found is not None  # the pattern matches any text
    path = found.group("path") or "$"
    key = bool(found.group("key"))
    what = _unquoted(found.group("what"), path, key)
    return f"at {path}: {'a key: ' if key else ''}{what}"


def record_from_data(data: Any) -> AnyRecord:
    """The record in `data` (JSON already parsed), checked against the model.

    Raises RecordError saying where the record is wrong, never what it says."""
    if isinstance(data, RecordV1):
        return data
    if (problem := _header_problem(data)) is not None:
        raise RecordError(problem)
    try:
        return msgspec.convert(data, AnyRecord)
    except msgspec.ValidationError as error:
        raise _misfit(error) from None


def _misfit(error: msgspec.ValidationError) -> RecordError:
    detail = _explained(error)
    return RecordError(f"it does not fit the record format: {detail}", detail)


def without_surrogates(value: Any) -> Any:
    """JSON may spell lone surrogates (\\ud800); they cannot be written as UTF-8."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value


def refuse_json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parsed_slowly(text: str) -> Any:
    """The standard parser: says where JSON is broken, and reads lone surrogates."""
    try:
        return without_surrogates(json.loads(text, parse_constant=refuse_json_constant))
    except json.JSONDecodeError as error:
        raise RecordError(
            f"it is not valid JSON ({error.msg}: line {error.lineno}, column {error.colno})"
        ) from None
    except ValueError as error:
        raise RecordError(f"it is not valid JSON ({error})") from None
    except RecursionError:
        raise RecordError("it is nested too deeply to be a consultation record") from None


def read_record(data: bytes | str) -> AnyRecord:
    """Decode and check a record's JSON text in one pass: the one way records are read.

    Raises RecordError saying what is wrong and where, never quoting the record."""
    text_or_bytes: bytes | str = (
        data.removeprefix(b"\xef\xbb\xbf")
        if isinstance(data, bytes)
        else data.removeprefix("\ufeff")
    )
    try:
        return _DECODER.decode(text_or_bytes)
    except msgspec.ValidationError as error:
        try:
            header = _header_problem(msgspec.json.decode(text_or_bytes))
        except msgspec.DecodeError:  # not JSON after all (the typed decoder stopped early)
            header = None
        else:
            if header is not None:
                raise RecordError(header) from None
            raise _misfit(error) from None
    except msgspec.DecodeError:
        pass  # broken JSON, not UTF-8, or lone surrogates: the standard parser says which
    return record_from_data(_parsed_slowly(_text(text_or_bytes)))


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError("it is not UTF-8 text") from None


# -- writing ---------------------------------------------------------------------------------


def record_to_data(record: AnyRecord) -> dict[str, Any]:
    """The record as JSON-ready dicts and lists, keys in the order the format gives them
    (record_format, then record_version, then the rest)."""
    data: dict[str, Any] = msgspec.to_builtins(record)
    return {"record_format": data.pop("record_format"), **data}


def record_text(record: AnyRecord) -> str:
    """A record as pretty JSON text (UTF-8 friendly, keys in record order), exactly as
    sdm-tui has always written it."""
    return json.dumps(record_to_data(record), indent=2, ensure_ascii=False, sort_keys=False)


# -- the published schema --------------------------------------------------------------------

SCHEMA_ID = "urn:sdm-tui:consultation-record:1"


@functools.lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return record_json_schema()


def record_json_schema() -> dict[str, Any]:
    """The record's JSON Schema (draft 2020-12), generated from the model."""
    generated = msgspec.json.schema(RecordV2)
    defs = generated["$defs"]
    top = defs.pop(RecordV2.__name__)
    top["properties"]["record_version"] = {
        "description": "The version of this format (RECORD_VERSION). A reader refuses "
        "versions it does not know.",
        "const": RECORD_VERSION,
    }
    top.pop("title", None)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"sdm-tui consultation record, version {RECORD_VERSION}",
        **top,
        "$defs": defs,
    }
    return schema


def schema_text() -> str:
    """record.schema.json as checked in: the generated schema, two-space indented."""
    return json.dumps(record_json_schema(), indent=2, ensure_ascii=False) + "\n"
