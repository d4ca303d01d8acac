"""What the documents say, decided once for every rendering: Markdown, HTML and FHIR.

`build_document(record, audience)` reads a consultation record (see record_json) and lays
out the patient's copy or the clinic's record as a small tree: sections of blocks
(paragraphs, tables, lists, quotes, icon arrays), blocks of inline text. The renderers
walk the tree: markdown.py writes Markdown, html.py writes HTML and the XHTML narrative
that fhir.py puts in each FHIR section. So the two audiences differ in one place, and a
Markdown copy and an HTML copy of the same record always say the same things.

Text taken from the record is wrapped in `Typed`: a renderer escapes it its own way. A
plain `str` is the program's own wording. Nothing from the record may reach a document
as a plain `str` (a test renders hostile records to check this).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from msgspec import UnsetType

from sdm_tui.aid.citations import marker_numbers, numbered, reference_line
from sdm_tui.aid.figures import format_count, timeframe_note
from sdm_tui.export import record_model as m
from sdm_tui.export.record_model import AnyRecord, record_from_data
from sdm_tui.export.timefmt import from_iso
from sdm_tui.store.text import neutralise

__all__ = [
    "ALIGNMENT_NOTE",
    "Audience",
    "Banner",
    "Block",
    "Bullets",
    "Document",
    "Emphasis",
    "IconArray",
    "IconArrays",
    "Inline",
    "Paragraph",
    "Quote",
    "Section",
    "Strong",
    "Table",
    "Typed",
    "as_record",
    "banners",
    "build_document",
    "format_time",
]

Audience = Literal["patient", "clinic"]
AUDIENCES: tuple[Audience, ...] = ("patient", "clinic")
Record = AnyRecord


class _Entered(Protocol):
    """Any part of a record that says who entered it and when."""

    @property
    def contributor(self) -> str | None: ...
    @property
    def at(self) -> str | None: ...


ALIGNMENT_NOTE = "Reflects the patient's ratings only; not a recommendation."

_MODE_BANNERS = {
    "training": "TRAINING – not a clinical record",
    "preview": "PREVIEW – not a clinical record",
}
_STATUS_BANNERS = {
    "example": "EXAMPLE CONTENT – not clinically reviewed",
    "draft": "DRAFT – not clinically reviewed",
}
_CONTRIBUTORS = {"patient": "patient", "clinician": "clinician", "both": "patient and clinician"}
_PARTICIPANT_ROLES = {"patient": "Patient", "clinician": "Clinician", "other": "Other"}
_PLAN_WHO = {
    "patient": "Patient",
    "clinician": "Clinician",
    "both": "Both",
    "someone else": "Someone else",
}


# -- inline text ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Typed:
    """Text from the record (typed by someone, or from the aid file): always escaped."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    content: Inline


@dataclass(frozen=True, slots=True)
class Emphasis:
    content: Inline


Segment = str | Typed | Strong | Emphasis
Inline = tuple[Segment, ...]


def _inline(*parts: Segment | Inline) -> Inline:
    """Segments and runs of segments, flattened into one run."""
    flat: list[Segment] = []
    for part in parts:
        if isinstance(part, tuple):
            flat.extend(part)
        else:
            flat.append(part)
    return tuple(flat)


def _typed(value: object) -> Typed:
    return Typed("" if value is None else str(value))


def _marker_numbers(aid: m.AidSummary) -> dict[str, int]:
    """What each citation marker in the aid's text shows as: its source's number. A record
    without a sources list (older ones) numbers nothing: its markers show as written."""
    if isinstance(aid.sources, UnsetType):
        return {}
    by_citation = {source.citation: source.id for source in aid.sources}
    return marker_numbers(
        [source.id for source in aid.sources],
        {
            o.id: by_citation[o.source_citation]
            for o in aid.outcomes
            if o.source_citation in by_citation
        },
    )


def _cited(record: Record, value: object) -> Typed:
    """The aid's own text (kept in the record as the author wrote it), markers numbered."""
    return Typed(numbered("" if value is None else str(value), _marker_numbers(record.aid)))


def _blank(value: object) -> bool:
    return value is None or not neutralise(str(value)).strip()


def _typed_or(value: object, fallback: str) -> Segment:
    """The value as typed text, or our `fallback` wording when it shows nothing."""
    return fallback if _blank(value) else Typed(str(value))


def format_time(value: str) -> str | None:
    """A record time as "2026-11-26 04:12 UTC"; None when it is not a time."""
    try:
        moment: datetime = from_iso(value)
    except (TypeError, ValueError):
        return None
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _when(value: str | None) -> Segment:
    if value is None:
        return "not recorded"
    shown = format_time(value)
    return _typed(value) if shown is None else shown


def _count(count: float | None, per: int) -> Inline:
    """A chance as an absolute count: "30 out of 100 people", or "not known"."""
    if count is None:
        return ("not known",)
    return (f"{format_count(count)} out of {per} people",)


def _by(entry: _Entered) -> Inline:
    """ "entered by patient, 2026-11-26 04:12 UTC", for the clinic copy."""
    who = entry.contributor
    who_text: Segment = _CONTRIBUTORS.get(who, _typed(who)) if who is not None else _typed(who)
    return ("entered by ", who_text, ", ", _when(entry.at))


def _label(labels: Mapping[str, str], value: object) -> Segment:
    """Our label for a known key, else the value as typed, capitalised."""
    if isinstance(value, str) and value in labels:
        return labels[value]
    return Typed(str("" if value is None else value).capitalize())


# -- blocks --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Banner:
    """A warning every copy must carry (training or preview mode, example or draft aid)."""

    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    content: Inline


@dataclass(frozen=True, slots=True)
class Quote:
    """Free text as someone typed it, line breaks kept."""

    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True, slots=True)
class IconArray:
    """One option's count for one outcome, drawn as PER people (`count` None: not known)."""

    option_label: str
    count: float | None
    per: int


@dataclass(frozen=True, slots=True)
class IconArrays:
    """An outcome's icon arrays, one per option (renderers without pictures skip them)."""

    kind: Literal["benefit", "harm"]
    label: str
    timeframe: str
    arrays: tuple[IconArray, ...]


Block = Paragraph | Quote | Bullets | Table | IconArrays


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the document: its heading, its blocks, then any subsections."""

    key: str
    """A stable name, e.g. "what-matters": HTML ids, FHIR section codes, tests."""
    title: Inline
    blocks: tuple[Block, ...]
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    audience: Audience
    title: Inline
    banners: tuple[Banner, ...]
    preamble: tuple[Block, ...]
    """The question and the date, below the title and banners."""
    sections: tuple[Section, ...]


def banners(record: Record) -> list[str]:
    """The warnings every copy must carry: training or preview mode, example or draft aid."""
    found = [_MODE_BANNERS.get(record.mode, ""), _STATUS_BANNERS.get(record.aid.status, "")]
    return [banner for banner in found if banner]


class _Blocks:
    """Blocks collected in order."""

    def __init__(self) -> None:
        self.items: list[Block] = []

    def para(self, *parts: Segment | Inline) -> None:
        self.items.append(Paragraph(_inline(*parts)))

    def add(self, block: Block) -> None:
        self.items.append(block)

    def section(self, key: str, title: str | Inline, *subsections: Section) -> Section:
        heading = (title,) if isinstance(title, str) else title
        return Section(key, heading, tuple(self.items), subsections)


# -- sections ------------------------------------------------------------------------------


def _about(record: Record) -> Section:
    aid = record.aid
    rows = [
        ("Mode", record.mode),
        ("Decision aid", aid.id),
        ("Aid version", aid.version),
        ("Aid status", aid.status),
        ("Aid last reviewed", aid.last_reviewed),
        ("Aid file", aid.file_name),
        ("Aid SHA-256", aid.sha256),
    ]
    cells: list[tuple[Inline, ...]] = [((name,), (_typed_or(value, "–"),)) for name, value in rows]
    cells.append((("Started",), (_when(record.started_at),)))
    cells.append((("Generated",), (_when(record.generated_at),)))
    out = _Blocks()
    out.add(Table((("Item",), ("Detail",)), tuple(cells)))
    return out.section("about", "About this record")


def _about_aid(record: Record) -> Section | None:
    """About this aid, for the patient: who wrote it and their interests, who paid, how
    current it is and how it is kept up to date. None for a record that has no such list."""
    items = record.aid.about
    if isinstance(items, UnsetType) or not items:
        return None
    out = _Blocks()
    for item in items:
        out.para(Strong((_typed(item.heading),)))
        for line in item.text.split("\n"):
            out.para(_typed(line))
    return out.section("about-aid", "About this decision aid")


def _sources(record: Record) -> Section | None:
    """The aid's sources, numbered as the text's [n] references; None for a record without
    a sources list or an aid without sources."""
    sources = record.aid.sources
    if isinstance(sources, UnsetType) or not sources:
        return None
    out = _Blocks()
    for number, source in enumerate(sources, 1):
        out.para(_typed(reference_line(number, source.citation, source.year, source.url)))
    return out.section("sources", "Sources")


def _participants(record: Record) -> Section:
    items = []
    for person in record.participants:
        name = _typed_or(person.name, "name not recorded")
        detail = person.detail
        role = _label(_PARTICIPANT_ROLES, person.role)
        extra: Inline = () if _blank(detail) else (" (", Typed(str(detail)), ")")
        items.append(_inline(role, ": ", name, extra))
    out = _Blocks()
    if items:
        out.add(Bullets(tuple(items)))
    else:
        out.para("No one was recorded.")
    return out.section("participants", "Who took part")


def _preferred_role(record: Record) -> Section:
    out = _Blocks()
    role = record.preferred_role
    if role is None:
        out.para("Not recorded.")
    else:
        out.para(_typed(role.label), " (", _by(role), ")")
    return out.section("preferred-role", "Preferred role in deciding")


def _what_matters(record: Record, clinic: bool) -> Section:
    out = _Blocks()
    ratings = record.ratings
    rows: tuple[tuple[Inline, ...], ...]
    if not ratings:
        out.para("No ratings were recorded.")
    elif clinic:
        rows = tuple(((_cited(record, r.statement),), (_typed(r.label),), _by(r)) for r in ratings)
        headers = (("What may matter",), ("How much it matters",), ("Entered",))
        out.add(Table(headers, rows))
    else:
        rows = tuple(((_cited(record, r.statement),), (_typed(r.label),)) for r in ratings)
        out.add(Table((("What may matter",), ("How much it matters to you",)), rows))
    for words in record.own_words.values():
        by: Inline = (" (", *_by(words), ")") if clinic else ()
        out.para(Strong((_typed(words.label),)), by)
        out.add(Quote(words.text))
    title = "What matters to the patient" if clinic else "What matters to you"
    return out.section("what-matters", title)


def _outcome_label(record: Record, outcome: m.OutcomeSummary) -> Inline:
    kind = "Benefit" if outcome.type == "benefit" else "Harm"
    note = _timeframe(outcome)
    label = _cited(record, outcome.label)
    return (f"{kind}: ", label, " (within ", _typed(note), ")") if note else (f"{kind}: ", label)


def _timeframe(outcome: m.OutcomeSummary) -> str:
    """The outcome's timeframe, or empty when its label already says it."""
    return timeframe_note(outcome.label, outcome.timeframe)


def _chance(outcome: m.OutcomeSummary, option: m.AidOption) -> float | None:
    count = outcome.chance.get(option.id)
    return None if count is None else float(count)


def _count_cell(outcome: m.OutcomeSummary, option: m.AidOption) -> Inline:
    """ "11 out of 100 people, between 8 and 13"; or why a computed count is not shown."""
    if not isinstance(outcome.missing_inputs, UnsetType) and outcome.missing_inputs:
        return ("not shown: the inputs it needs were not entered",)
    count = _count(_chance(outcome, option), outcome.per)
    ranges = {} if isinstance(outcome.ranges, UnsetType) else outcome.ranges
    span = ranges.get(option.id)
    if span is None:
        return count
    return (*count, f", between {format_count(span.low)} and {format_count(span.high)}")


def _certainty_note(outcome: m.OutcomeSummary) -> Inline:
    """For a computed outcome, its GRADE certainty beside its range (format 1 records, whose
    clinic copy lists certainty in its own table, are left as they were)."""
    if isinstance(outcome.method, UnsetType):
        return ()
    return (" (certainty of the evidence: ", _typed_or(outcome.certainty, "not stated"), ")")


def _basis(record: Record, clinic: bool) -> list[Block]:
    """Which inputs the numbers are for (format-2 aids): a sentence, and for the clinic a
    table of who entered each input and when."""
    inputs = record.inputs_or_empty
    if isinstance(record.inputs, UnsetType):
        return []
    if not inputs:
        return [Paragraph(("No inputs were entered, so no personalised numbers were shown.",))]
    parts: list[Segment | Inline] = []
    for index, given in enumerate(inputs):
        who = given.contributor
        by = "the aid's default" if who is None else f"entered by the {_CONTRIBUTORS[who]}"
        parts += [
            "; " if index else "",
            _typed(given.label),
            ": ",
            _typed(given.shown),
            f" ({by})",
        ]
    lead = (
        "The numbers below are for this patient only, worked out from "
        if clinic
        else "The numbers below are for you only, worked out from "
    )
    blocks: list[Block] = [Paragraph(_inline(lead, *parts, "."))]
    if clinic:
        rows = tuple(
            (
                (_typed(given.label),),
                (_typed(given.shown),),
                ("the aid's default",) if given.contributor is None else _by(given),
            )
            for given in inputs
        )
        blocks.append(Table((("Input",), ("Value",), ("Entered",)), rows))
    return blocks


def _method_words(outcome: m.OutcomeSummary, options: Sequence[m.AidOption]) -> Inline:
    """How a computed outcome's counts were worked out, for the clinic's copy."""
    method = outcome.method
    if isinstance(method, UnsetType):
        return ("fixed counts",)
    labels = {o.id: o.label for o in options}
    if method.kind == "strata":
        stratum = method.stratum
        if stratum is None:
            return ("by strata of ", _typed(method.strata_by), ": no stratum (input not entered)")
        band = (
            _typed(stratum.value)
            if stratum.value
            else _typed(f"{format_count(stratum.low or 0)} to {format_count(stratum.high or 0)}")
        )
        return ("by strata of ", _typed(method.strata_by), ": the row for ", band)
    base = method.baseline
    origin: Inline = (
        ("from input ", _typed(method.baseline_input))
        if method.baseline_input
        else ("fixed, ", _typed(method.baseline_source_citation))
    )
    effects: list[Segment | Inline] = []
    for option_id, rr in method.rr.items():
        ci = ""
        if option_id in method.rr_low and option_id in method.rr_high:
            ci = f" (95% CI {method.rr_low[option_id]:g} to {method.rr_high[option_id]:g})"
        effects += ["; " if effects else "", _typed(labels.get(option_id, option_id))]
        effects.append(f" x {rr:g}{ci}")
    baseline = "not entered" if base is None else f"{base:g} out of {method.authored_per}"
    return _inline(
        "baseline ",
        baseline,
        " (",
        _typed(labels.get(method.baseline_option or "", method.baseline_option)),
        ", ",
        origin,
        "); ",
        *effects,
        "; rounded half up to whole people",
    )


def _other_frames(
    outcomes: Sequence[m.OutcomeSummary], options: Sequence[m.AidOption]
) -> list[Block]:
    """The same counts said the other way round, where the aid words them so."""
    items: list[Inline] = []
    for outcome in outcomes:
        frame = outcome.other_frame
        if isinstance(frame, UnsetType) or not frame or not outcome.chance:
            continue
        counts: list[Segment | Inline] = []
        for option in options:
            count = _chance(outcome, option)
            if count is None:
                continue
            counts += [
                "; " if counts else "",
                _typed(option.label),
                f": {format_count(outcome.per - count)} out of {outcome.per}",
            ]
        items.append(_inline(_typed(frame), ": ", *counts))
    if not items:
        return []
    return [Paragraph(("Said the other way round:",)), Bullets(tuple(items))]


def _icon_arrays(outcome: m.OutcomeSummary, options: Sequence[m.AidOption]) -> IconArrays:
    arrays = tuple(
        IconArray(option.label, _chance(outcome, option), outcome.per) for option in options
    )
    return IconArrays(outcome.type, outcome.label, _timeframe(outcome), arrays)


def _options(record: Record, clinic: bool) -> Section:
    options = record.aid.options
    out = _Blocks()
    out.add(
        Bullets(
            tuple((Strong((_typed(o.label),)), ": ", _cited(record, o.summary)) for o in options)
        )
    )
    outcomes = record.aid.outcomes
    for block in _basis(record, clinic):
        out.add(block)
    if outcomes:
        out.para("What happens to people who choose each option:")
        headers: tuple[Inline, ...] = (
            ("What may happen",),
            *((_typed(o.label),) for o in options),
        )
        rows = tuple(
            (
                _outcome_label(record, outcome) + _certainty_note(outcome),
                *(_count_cell(outcome, o) for o in options),
            )
            for outcome in outcomes
        )
        out.add(Table(headers, rows))
        for block in _other_frames(outcomes, options):
            out.add(block)
        for outcome in outcomes:
            if isinstance(outcome.missing_inputs, UnsetType) or not outcome.missing_inputs:
                out.add(_icon_arrays(outcome, options))
        computed = any(not isinstance(o.method, UnsetType) for o in outcomes)
        if clinic:
            evidence = tuple(
                (
                    (_typed(o.label),),
                    (_typed_or(o.certainty, "not stated"),),
                    (_typed(o.source_citation),),
                    *(((_method_words(o, options)),) if computed else ()),
                )
                for o in outcomes
            )
            headers = (("Outcome",), ("Certainty",), ("Source",))
            if computed:
                headers += (("How the counts were worked out",),)
            out.add(Table(headers, evidence))
    return out.section("options", "The options")


def _score(score: int) -> Segment:
    return f"{score:+d}" if score else "0"


def _alignment(record: Record) -> Section:
    out = _Blocks()
    out.para(Emphasis((ALIGNMENT_NOTE,)))
    if not record.ratings:
        out.para("No ratings were recorded, so there is nothing to line up.")
    else:
        labels = {o.id: o.label for o in record.aid.options}
        rows = tuple(
            ((_typed(labels.get(option_id, option_id)),), (_score(score),))
            for option_id, score in record.alignment.items()
        )
        out.add(Table((("Option",), ("Score",)), rows))
    return out.section("alignment", "How the ratings line up with each option")


def _leaning(record: Record) -> Section:
    out = _Blocks()
    leaning = record.leaning
    if leaning is None:
        out.para("Not recorded.")
    else:
        out.para(_typed(leaning.label), " (", _by(leaning), ")")
    return out.section("leaning", "Leaning")


def _clinician_view(record: Record) -> Section:
    out = _Blocks()
    view = record.clinician_view
    if view is None:
        out.para("Not shared.")
    else:
        out.para("(", _by(view), ")")
        out.add(Quote(view.text))
    return out.section("clinician-view", "Clinician's view")


def _checks(record: Record) -> Section:
    out = _Blocks()
    checks = record.knowledge_checks
    total = len(record.aid.checks)
    if not checks:
        out.para("None answered." if total else "This aid has no knowledge checks.")
    else:
        rows = tuple(
            (
                (_cited(record, k.question),),
                (_cited(record, k.chosen_text),),
                ("yes",) if k.correct else ("no (answer: ", _cited(record, k.answer_text), ")"),
                _by(k),
            )
            for k in checks
        )
        out.para(f"{len(checks)} of {total} answered.")
        headers = (("Question",), ("Answer given",), ("Correct",), ("Entered",))
        out.add(Table(headers, rows))
    return out.section("knowledge-checks", "Knowledge checks")


def _sure(record: Record) -> Section:
    out = _Blocks()
    sure = record.sure
    items = sure.items
    if not items:
        out.para("Not answered.")
    else:
        rows = tuple(((_typed(i.question),), ("Yes" if i.answer else "No",), _by(i)) for i in items)
        out.add(Table((("Question",), ("Answer",), ("Entered",)), rows))
        score = sure.score
        if score is None:
            out.para(f"Score: incomplete ({len(items)} of 4 answered).")
        elif sure.flag:
            out.para(
                f"Score: {score} of 4. ",
                Strong(("Possible decisional conflict",)),
                " (3 or less).",
            )
        else:
            out.para(f"Score: {score} of 4. No decisional conflict flagged.")
    return out.section("sure", "SURE test (decisional conflict)")


def _weighing_up(record: Record) -> Section:
    return _Blocks().section(
        "weighing-up",
        "Weighing up",
        _alignment(record),
        _leaning(record),
        _clinician_view(record),
        _checks(record),
        _sure(record),
    )


def _decision(record: Record, clinic: bool) -> Section:
    out = _Blocks()
    decision = record.decision
    title = "Decision" if clinic else "What we decided"
    if isinstance(decision, m.DecisionChosen):
        out.para("We chose: ", Strong((_typed(decision.option_label),)))
    elif isinstance(decision, m.DecisionNotYet):
        reason = _typed(decision.not_yet_reason_label)
        out.para("We have not decided yet. What is needed first: ", reason)
        if decision.reason_text:
            out.add(Quote(decision.reason_text))
    else:
        out.para("No decision was recorded.")
        return out.section("decision", title)
    if not clinic and not _both_confirmed(record):
        out.para(Strong(("Not yet confirmed by both of you: this copy may change.",)))
    if clinic:
        out.para("(", _by(decision), ")")
        if decision.differs_from_ratings:
            out.para("This choice differs from the option(s) the ratings line up with most.")
        if decision.differs_reason:
            out.para("Why the choice differs from the ratings:")
            out.add(Quote(decision.differs_reason))
    return out.section("decision", title)


def _plan(record: Record, clinic: bool) -> Section:
    out = _Blocks()
    plan = record.plan
    if not plan:
        out.para("No next steps were recorded.")
    else:
        headers: tuple[Inline, ...] = (("What",), ("Who",), ("By when",))
        if clinic:
            headers += (("Entered",),)
        rows = tuple(
            (
                (_typed(s.what),),
                (_label(_PLAN_WHO, s.who),),
                (_typed_or(s.by_when, "–"),),
                *((_by(s),) if clinic else ()),
            )
            for s in plan
        )
        out.add(Table(headers, rows))
    return out.section("plan", "Next steps")


def _review(record: Record, clinic: bool) -> Section:
    out = _Blocks()
    for entry, label in (
        (record.review, "When we will review this"),
        (record.success_measure, "How we will know it is working"),
    ):
        if entry is None:
            out.para(f"{label}: not recorded.")
        else:
            out.para(f"{label}:", (" (", *_by(entry), ")") if clinic else ())
            out.add(Quote(entry.text))
    return out.section("review", "Review")


def _both_confirmed(record: Record) -> bool:
    return bool(record.confirmations.patient and record.confirmations.clinician)


def _confirmations(record: Record) -> Section:
    confirmations = record.confirmations
    items: list[Inline] = []
    for when, name in ((confirmations.patient, "Patient"), (confirmations.clinician, "Clinician")):
        if when is None:
            items.append((f"{name} has not confirmed.",))
        else:
            items.append((f"{name} confirmed: ", _when(when)))
    out = _Blocks()
    out.add(Bullets(tuple(items)))
    both = _both_confirmed(record)
    out.para("Both confirmed the decision and plan." if both else "Not confirmed by both.")
    return out.section("confirmations", "Confirmations")


def _collaborate(record: Record) -> Section | None:
    """The patient's CollaboRATE rating (clinic only); None when not given (skipped, or a
    record made before sdm-tui asked it)."""
    rating = record.collaborate_or_none
    if rating is None or not rating.items:
        return None
    items = rating.items
    rows = tuple(((_typed(i.question),), (f"{i.score} – ", _typed(i.label)), _by(i)) for i in items)
    out = _Blocks()
    out.add(Table((("Question",), ("Answer (0–4)",), ("Entered",)), rows))
    top = rating.top_score
    if top is None:
        out.para(f"Incomplete: {len(items)} of 3 questions answered.")
    elif top:
        out.para("Top score: every effort was made, on all three questions.")
    else:
        out.para("Not a top score (a top score is 4, every effort, on all three questions).")
    note = (
        "CollaboRATE, 5-point version (Elwyn et al. 2013), answered by the patient alone; "
        "not shown in the patient's copy."
    )
    out.para(Emphasis((note,)))
    return out.section("collaborate", "Patient's rating of the consultation (CollaboRATE)")


def as_record(record: Record | Mapping[str, Any]) -> Record:
    """A Record as it is; parsed JSON checked into one (RecordError if it does not fit)."""
    return record_from_data(record)


def build_document(record: Record | Mapping[str, Any], audience: Audience) -> Document:
    """The patient's copy (plain language) or the clinic's record (who entered what, when).

    Raises ValueError for an unknown audience, RecordError for parsed JSON that is not a
    record.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    record = as_record(record)
    clinic = audience == "clinic"
    title = _typed(record.aid.title)
    preamble = (
        Paragraph((Strong(("The question:",)), " ", _cited(record, record.aid.question))),
        Paragraph(("Date: ", _when(record.started_at))),
    )
    sections: list[Section] = []
    if clinic:
        sections += [_about(record), _participants(record), _preferred_role(record)]
    sections += [_what_matters(record, clinic), _options(record, clinic)]
    if clinic:
        sections.append(_weighing_up(record))
    sections += [_decision(record, clinic), _plan(record, clinic), _review(record, clinic)]
    if (sources := _sources(record)) is not None:
        sections.append(sources)
    if not clinic and (about_aid := _about_aid(record)) is not None:
        sections.append(about_aid)
    if clinic:
        sections.append(_confirmations(record))
        if (rating := _collaborate(record)) is not None:
            sections.append(rating)
    return Document(
        audience=audience,
        title=("Consultation record: ", title) if clinic else (title,),
        banners=tuple(Banner(text) for text in banners(record)),
        preamble=preamble,
        sections=tuple(sections),
    )
