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

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, Literal, Protocol

from msgspec import UnsetType

from sdm_tui.aid.about import translated_item
from sdm_tui.aid.citations import marker_numbers, numbered, reference_line
from sdm_tui.aid.figures import CERTAINTY_NAMES, certainty_name, format_count, timeframe_note
from sdm_tui.consultation import follow_up as follow_up_words
from sdm_tui.consultation.collaborate import COLLABORATE_ITEMS, COLLABORATE_LABELS
from sdm_tui.consultation.contributors import contributor_name
from sdm_tui.consultation.record import (
    NOT_YET_REASONS,
    OTHERS_VIEWS,
    OWN_WORDS,
    RATING_LABELS,
    ROLES_IN_DECIDING,
    SURE_ITEMS,
)
from sdm_tui.export import record_model as m
from sdm_tui.export.record_model import AnyRecord, record_from_data
from sdm_tui.export.timefmt import from_iso
from sdm_tui.i18n import N_, SOURCE_LANGUAGE, _, current_language, in_language
from sdm_tui.i18n.formats import format_day
from sdm_tui.i18n.negotiate import patient_copy_language
from sdm_tui.settings.clinic import UTC_CLINIC, Clinic, offset_label
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
    "clinic_in_force",
    "for_clinic",
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


UNSURE_LABEL = N_("Unsure")
"""What a record says for a leaning towards no option yet (kept in English)."""

ALIGNMENT_NOTE = N_("Reflects the patient's ratings only; not a recommendation.")

_MODE_BANNERS = {
    "training": N_("TRAINING – not a clinical record"),
    "preview": N_("PREVIEW – not a clinical record"),
}
_STATUS_BANNERS = {
    "example": N_("EXAMPLE CONTENT – not clinically reviewed"),
    "draft": N_("DRAFT – not clinically reviewed"),
}
_CONTRIBUTORS = {
    "patient": N_("patient"),
    "clinician": N_("clinician"),
    "both": N_("patient and clinician"),
    "companion": N_("companion"),
}
_ENTERED_BY = {
    "patient": N_("entered by the patient"),
    "clinician": N_("entered by the clinician"),
    "both": N_("entered by the patient and clinician"),
    "companion": N_("entered by the companion"),
}
_PARTICIPANT_ROLES = {
    "patient": N_("Patient"),
    "clinician": N_("Clinician"),
    "other": N_("Other"),
}
_PLAN_WHO = {
    "patient": N_("Patient"),
    "clinician": N_("Clinician"),
    "both": N_("Both"),
    "someone else": N_("Someone else"),
}


# -- inline text ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Typed:
    """Text from the record (typed by someone, or from the aid file): always escaped."""

    text: str
    aid: bool = False
    """From the aid file (its title, options, questions, outcomes): in the aid's language,
    which HTML marks where it is not the document's."""


@dataclass(frozen=True, slots=True)
class Strong:
    content: Inline


@dataclass(frozen=True, slots=True)
class Emphasis:
    content: Inline


Segment = str | Typed | Strong | Emphasis
Inline = tuple[Segment, ...]


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _fill(message: str, **values: Segment | Inline) -> Inline:
    """A whole translated sentence with its parts in their places, typed text kept apart
    so that it is escaped: `_fill(_("entered by {who}, {when}"), who=..., when=...)`."""
    parts: list[Segment | Inline] = []
    start = 0
    for match in _PLACEHOLDER.finditer(message):
        if match.start() > start:
            parts.append(message[start : match.start()])
        parts.append(values[match[1]])
        start = match.end()
    if start < len(message):
        parts.append(message[start:])
    return _inline(*parts)


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
    text = numbered("" if value is None else str(value), _marker_numbers(record.aid))
    return Typed(text, aid=True)


def _from_aid(value: object) -> Typed:
    """Text from the aid file as the author wrote it (a title, an option's label)."""
    return Typed("" if value is None else str(value), aid=True)


@cache
def _vocabulary() -> frozenset[str]:
    """The consultation's own words that a record keeps (in English): the rating scale,
    the own-words and others' views headings, the roles, the reasons, the questionnaires'
    items and answers, the follow-up's answers."""
    words: list[str] = [
        *RATING_LABELS,
        *ROLES_IN_DECIDING.values(),
        *NOT_YET_REASONS.values(),
        *OWN_WORDS.values(),
        *OTHERS_VIEWS.values(),
        *(question for _key, question in SURE_ITEMS),
        *(question for _key, question in COLLABORATE_ITEMS),
        *COLLABORATE_LABELS,
        *follow_up_words.STEP_OUTCOMES.values(),
        *follow_up_words.MEASURE_MET.values(),
        *follow_up_words.ACTED_ON.values(),
        *follow_up_words.DECISION_NOW.values(),
        *(statement for _number, statement, _reversed in follow_up_words.REGRET_ITEMS),
        *follow_up_words.REGRET_LABELS.values(),
    ]
    return frozenset(words)


def _said(value: object) -> Typed:
    """A label the record keeps in the consultation's words (English), in the document's
    language; anything else (an older wording, someone's text) as it is."""
    text = "" if value is None else str(value)
    return Typed(_(text) if text in _vocabulary() else text)


def _blank(value: object) -> bool:
    return value is None or not neutralise(str(value)).strip()


def _certainty(certainty: object) -> Segment:
    """A certainty level in the copy's language; one the format does not know as typed."""
    if isinstance(certainty, str) and certainty in CERTAINTY_NAMES:
        return certainty_name(certainty)
    return _typed_or(certainty, _("not stated"))


def _typed_or(value: object, fallback: str) -> Segment:
    """The value as typed text, or our `fallback` wording when it shows nothing."""
    return fallback if _blank(value) else Typed(str(value))


_CLINIC: ContextVar[Clinic] = ContextVar("clinic", default=UTC_CLINIC)
"""The clinic a document is being made for: its time zone, its name and contact."""


@contextmanager
def for_clinic(clinic: Clinic | None) -> Iterator[Clinic]:
    """Within this block, documents are made for `clinic` (None: UTC, no clinic named)."""
    token = _CLINIC.set(UTC_CLINIC if clinic is None else clinic)
    try:
        yield _CLINIC.get()
    finally:
        _CLINIC.reset(token)


def clinic_in_force() -> Clinic:
    """The clinic the document being made is for (see for_clinic)."""
    return _CLINIC.get()


def format_time(value: str, clinic: Clinic | None = None) -> str | None:
    """A record time (UTC) on the clinic's clock with its offset: "2026-11-25 23:12
    UTC-05:00", or "2026-11-26 04:12 UTC" at offset zero; None when it is not a time."""
    try:
        moment: datetime = from_iso(value)
    except (TypeError, ValueError):
        return None
    local = (clinic or _CLINIC.get()).local(moment)
    return f"{local:%Y-%m-%d %H:%M} {offset_label(local)}"


def _when(value: str | None) -> Segment:
    if value is None:
        return _("not recorded")
    shown = format_time(value)
    return _typed(value) if shown is None else shown


def _count(count: float | None, per: int) -> Inline:
    """A chance as an absolute count: "30 out of 100 people", or "not known"."""
    if count is None:
        return (_("not known"),)
    return (_("{count} out of {per} people").format(count=format_count(count), per=per),)


def _who(record: Record, who: str | None) -> Segment:
    """A contributor in words; a companion by their name as typed ("Dana (companion)")."""
    if who == "companion":
        return _typed(contributor_name(who, record.participants))
    if who in _CONTRIBUTORS:
        return _(_CONTRIBUTORS[who])
    return _typed(who)


def _by(entry: _Entered, record: Record) -> Inline:
    """ "entered by patient, 2026-11-26 04:12 UTC", for the clinic copy."""
    return _fill(
        _("entered by {who}, {when}"), who=_who(record, entry.contributor), when=_when(entry.at)
    )


def _label(labels: Mapping[str, str], value: object) -> Segment:
    """Our label for a known key, else the value as typed, capitalised."""
    if isinstance(value, str) and value in labels:
        return _(labels[value])
    return Typed(str("" if value is None else value).capitalize())


# -- blocks --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Banner:
    """A warning every copy must carry (training or preview mode, example or draft aid)."""

    text: str
    kind: Literal["mode", "status"] = "status"


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
    language: str = SOURCE_LANGUAGE
    """The language the document is written in (a code sdm-tui has a catalog for)."""
    aid_language: str = SOURCE_LANGUAGE
    """The language of the aid's own text quoted in it (its `language`, as written)."""


def _banners(record: Record, mode: bool = True) -> list[Banner]:
    found: list[Banner] = []
    if mode and (words := _MODE_BANNERS.get(record.mode)) is not None:
        found.append(Banner(_(words), "mode"))
    if (status := _STATUS_BANNERS.get(record.aid.status)) is not None:
        found.append(Banner(_(status), "status"))
    return found


def banners(record: Record, *, mode: bool = True) -> list[str]:
    """The warnings every copy must carry, in the language in force: training or preview
    mode (unless `mode` is False: a caller with its own), example or draft aid."""
    return [banner.text for banner in _banners(record, mode)]


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
        (_("Mode"), record.mode),
        (_("Decision aid"), aid.id),
        (_("Aid version"), aid.version),
        (_("Aid status"), aid.status),
        (_("Aid last reviewed"), aid.last_reviewed),
        (_("Aid file"), aid.file_name),
        (_("Aid SHA-256"), aid.sha256),
    ]
    cells: list[tuple[Inline, ...]] = [((name,), (_typed_or(value, "–"),)) for name, value in rows]
    cells.append(((_("Started"),), (_when(record.started_at),)))
    cells.append(((_("Generated"),), (_when(record.generated_at),)))
    clinic = _CLINIC.get()
    cells.append(((_("Times shown in"),), (_typed(clinic.zone_name),)))
    cells.append(((_("Clinic"),), (_typed_or(clinic.name, _("not set")),)))
    if clinic.identifier:
        shown = _identifier(clinic.identifier, clinic.identifier_system)
        cells.append(((_("Clinic identifier"),), shown))
    out = _Blocks()
    out.add(Table(((_("Item"),), (_("Detail"),)), tuple(cells)))
    return out.section("about", _("About this record"))


def _about_aid(record: Record) -> Section | None:
    """About this aid, for the patient: who wrote it and their interests, who paid, how
    current it is and how it is kept up to date. None for a record that has no such list."""
    items = record.aid.about
    if isinstance(items, UnsetType) or not items:
        return None
    out = _Blocks()
    for item in items:
        shown = translated_item(item.heading, item.text)
        out.para(Strong((_typed(shown.heading),)))
        for line in shown.text.split("\n"):
            out.para(_typed(line))
    return out.section("about-aid", _("About this decision aid"))


def _sources(record: Record) -> Section | None:
    """The aid's sources, numbered as the text's [n] references; None for a record without
    a sources list or an aid without sources."""
    sources = record.aid.sources
    if isinstance(sources, UnsetType) or not sources:
        return None
    out = _Blocks()
    for number, source in enumerate(sources, 1):
        out.para(_typed(reference_line(number, source.citation, source.year, source.url)))
    return out.section("sources", _("Sources"))


def _identifier(value: str, system: str) -> Inline:
    """An identifier and the register it is from: "12345 (system urn:oid:1.2.3)"."""
    if _blank(system):
        return (Typed(value),)
    return _fill(_("{value} (system {system})"), value=Typed(value), system=Typed(system))


def _patient_identifier(record: Record) -> Inline:
    identifier = record.patient_identifier_or_none
    if identifier is None:
        return (_("Patient identifier: not entered"),)
    return _fill(
        _("Patient identifier: {identifier}"),
        identifier=_identifier(identifier.value, identifier.system),
    )


def _participants(record: Record) -> Section:
    items = []
    for person in record.participants:
        name = _typed_or(person.name, _("name not recorded"))
        detail = person.detail
        role = _label(_PARTICIPANT_ROLES, person.role)
        extra: Inline = () if _blank(detail) else (" (", Typed(str(detail)), ")")
        items.append(_inline(role, ": ", name, extra))
    out = _Blocks()
    if items:
        out.add(Bullets(tuple(items)))
    else:
        out.para(_("No one was recorded."))
    out.para(_patient_identifier(record))
    return out.section("participants", _("Who took part"))


def _preferred_role(record: Record) -> Section:
    out = _Blocks()
    role = record.preferred_role
    if role is None:
        out.para(_("Not recorded."))
    else:
        out.para(_said(role.label), " (", _by(role, record), ")")
    return out.section("preferred-role", _("Preferred role in deciding"))


def _what_matters(record: Record, clinic: bool) -> Section:
    out = _Blocks()
    ratings = record.ratings
    rows: tuple[tuple[Inline, ...], ...]
    if not ratings:
        out.para(_("No ratings were recorded."))
    elif clinic:
        rows = tuple(
            ((_cited(record, r.statement),), (_said(r.label),), _by(r, record)) for r in ratings
        )
        headers = ((_("What may matter"),), (_("How much it matters"),), (_("Entered"),))
        out.add(Table(headers, rows))
    else:
        rows = tuple(((_cited(record, r.statement),), (_said(r.label),)) for r in ratings)
        out.add(Table(((_("What may matter"),), (_("How much it matters to you"),)), rows))
    for words in record.own_words.values():
        by: Inline = (" (", *_by(words, record), ")") if clinic else ()
        out.para(Strong((_said(words.label),)), by)
        out.add(Quote(words.text))
    title = _("What matters to the patient") if clinic else _("What matters to you")
    return out.section("what-matters", title)


def _outcome_label(record: Record, outcome: m.OutcomeSummary) -> Inline:
    note = _timeframe(outcome)
    label = _cited(record, outcome.label)
    benefit = outcome.type == "benefit"
    if note:
        message = (
            _("Benefit: {outcome} (within {timeframe})")
            if benefit
            else _("Harm: {outcome} (within {timeframe})")
        )
        return _fill(message, outcome=label, timeframe=_typed(note))
    return _fill(_("Benefit: {outcome}") if benefit else _("Harm: {outcome}"), outcome=label)


def _timeframe(outcome: m.OutcomeSummary) -> str:
    """The outcome's timeframe, or empty when its label already says it."""
    return timeframe_note(outcome.label, outcome.timeframe)


def _chance(outcome: m.OutcomeSummary, option: m.AidOption) -> float | None:
    count = outcome.chance.get(option.id)
    return None if count is None else float(count)


def _count_cell(outcome: m.OutcomeSummary, option: m.AidOption) -> Inline:
    """ "11 out of 100 people, between 8 and 13"; or why a computed count is not shown."""
    if not isinstance(outcome.missing_inputs, UnsetType) and outcome.missing_inputs:
        return (_("not shown: the inputs it needs were not entered"),)
    count = _count(_chance(outcome, option), outcome.per)
    ranges = {} if isinstance(outcome.ranges, UnsetType) else outcome.ranges
    span = ranges.get(option.id)
    if span is None:
        return count
    between = _(", between {low} and {high}").format(
        low=format_count(span.low), high=format_count(span.high)
    )
    return (*count, between)


def _certainty_note(outcome: m.OutcomeSummary) -> Inline:
    """For a computed outcome, its GRADE certainty beside its range (format 1 records, whose
    clinic copy lists certainty in its own table, are left as they were)."""
    if isinstance(outcome.method, UnsetType):
        return ()
    return _fill(
        _(" (certainty of the evidence: {certainty})"),
        certainty=_certainty(outcome.certainty),
    )


def _basis(record: Record, clinic: bool) -> list[Block]:
    """Which inputs the numbers are for (format-2 aids): a sentence, and for the clinic a
    table of who entered each input and when."""
    inputs = record.inputs_or_empty
    if isinstance(record.inputs, UnsetType):
        return []
    if not inputs:
        return [Paragraph((_("No inputs were entered, so no personalised numbers were shown."),))]
    parts: list[Segment | Inline] = []
    for index, given in enumerate(inputs):
        who = given.contributor
        by = _("the aid's default") if who is None else _(_ENTERED_BY[who])
        parts += [
            "; " if index else "",
            _fill(
                _("{input}: {value} ({entered_by})"),
                input=_typed(given.label),
                value=_typed(given.shown),
                entered_by=by,
            ),
        ]
    lead = (
        _("The numbers below are for this patient only, worked out from {inputs}.")
        if clinic
        else _("The numbers below are for you only, worked out from {inputs}.")
    )
    blocks: list[Block] = [Paragraph(_fill(lead, inputs=_inline(*parts)))]
    if clinic:
        rows = tuple(
            (
                (_typed(given.label),),
                (_typed(given.shown),),
                (_("the aid's default"),) if given.contributor is None else _by(given, record),
            )
            for given in inputs
        )
        blocks.append(Table(((_("Input"),), (_("Value"),), (_("Entered"),)), rows))
    return blocks


def _method_words(outcome: m.OutcomeSummary, options: Sequence[m.AidOption]) -> Inline:
    """How a computed outcome's counts were worked out, for the clinic's copy."""
    method = outcome.method
    if isinstance(method, UnsetType):
        return (_("fixed counts"),)
    labels = {o.id: o.label for o in options}
    if method.kind == "strata":
        stratum = method.stratum
        if stratum is None:
            return _fill(
                _("by strata of {input}: no stratum (input not entered)"),
                input=_typed(method.strata_by),
            )
        band = (
            _typed(stratum.value)
            if stratum.value
            else _typed(
                _("{low} to {high}").format(
                    low=format_count(stratum.low or 0), high=format_count(stratum.high or 0)
                )
            )
        )
        return _fill(
            _("by strata of {input}: the row for {band}"), input=_typed(method.strata_by), band=band
        )
    base = method.baseline
    origin: Inline = (
        _fill(_("from input {input}"), input=_typed(method.baseline_input))
        if method.baseline_input
        else _fill(_("fixed, {source}"), source=_typed(method.baseline_source_citation))
    )
    effects: list[Segment | Inline] = []
    for option_id, rr in method.rr.items():
        ci = ""
        if option_id in method.rr_low and option_id in method.rr_high:
            ci = _(" (95% CI {low} to {high})").format(
                low=f"{method.rr_low[option_id]:g}", high=f"{method.rr_high[option_id]:g}"
            )
        effects += ["; " if effects else "", _from_aid(labels.get(option_id, option_id))]
        effects.append(f" x {rr:g}{ci}")
    baseline = (
        _("not entered")
        if base is None
        else _("{count} out of {per}").format(count=f"{base:g}", per=method.authored_per)
    )
    return _fill(
        _("baseline {baseline} ({option}, {origin}); {effects}; rounded half up to whole people"),
        baseline=baseline,
        option=_from_aid(labels.get(method.baseline_option or "", method.baseline_option)),
        origin=origin,
        effects=_inline(*effects),
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
                _fill(
                    _("{option}: {count} out of {per}"),
                    option=_from_aid(option.label),
                    count=format_count(outcome.per - count),
                    per=str(outcome.per),
                ),
            ]
        items.append(_inline(_typed(frame), ": ", *counts))
    if not items:
        return []
    return [Paragraph((_("Said the other way round:"),)), Bullets(tuple(items))]


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
            tuple((Strong((_from_aid(o.label),)), ": ", _cited(record, o.summary)) for o in options)
        )
    )
    outcomes = record.aid.outcomes
    for block in _basis(record, clinic):
        out.add(block)
    if outcomes:
        out.para(_("What happens to people who choose each option:"))
        headers: tuple[Inline, ...] = (
            (_("What may happen"),),
            *((_from_aid(o.label),) for o in options),
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
                    (_from_aid(o.label),),
                    (_certainty(o.certainty),),
                    (_typed(o.source_citation),),
                    *(((_method_words(o, options)),) if computed else ()),
                )
                for o in outcomes
            )
            headers = ((_("Outcome"),), (_("Certainty"),), (_("Source"),))
            if computed:
                headers += ((_("How the counts were worked out"),),)
            out.add(Table(headers, evidence))
    return out.section("options", _("The options"))


def _score(score: int) -> Segment:
    return f"{score:+d}" if score else "0"


def _alignment(record: Record) -> Section:
    out = _Blocks()
    out.para(Emphasis((_(ALIGNMENT_NOTE),)))
    if not record.ratings:
        out.para(_("No ratings were recorded, so there is nothing to line up."))
    else:
        labels = {o.id: o.label for o in record.aid.options}
        rows = tuple(
            ((_from_aid(labels.get(option_id, option_id)),), (_score(score),))
            for option_id, score in record.alignment.items()
        )
        out.add(Table(((_("Option"),), (_("Score"),)), rows))
    return out.section("alignment", _("How the ratings line up with each option"))


def _leaning(record: Record) -> Section:
    out = _Blocks()
    leaning = record.leaning
    if leaning is None:
        out.para(_("Not recorded."))
    else:
        out.para(_leaning_label(leaning), " (", _by(leaning, record), ")")
    return out.section("leaning", _("Leaning"))


def _leaning_label(leaning: m.Leaning) -> Segment:
    """The option leant towards as the aid words it; "Unsure" in the document's language."""
    if leaning.value == "unsure" and leaning.label == UNSURE_LABEL:
        return _(UNSURE_LABEL)
    return _from_aid(leaning.label)


def _clinician_view(record: Record) -> Section:
    out = _Blocks()
    view = record.clinician_view
    if view is None:
        out.para(_("Not shared."))
    else:
        out.para("(", _by(view, record), ")")
        out.add(Quote(view.text))
    return out.section("clinician-view", _("Clinician's view"))


def _checks(record: Record) -> Section:
    out = _Blocks()
    checks = record.knowledge_checks
    total = len(record.aid.checks)
    if not checks:
        out.para(_("None answered.") if total else _("This aid has no knowledge checks."))
    else:
        rows = tuple(
            (
                (_cited(record, k.question),),
                (_cited(record, k.chosen_text),),
                (_("yes"),)
                if k.correct
                else _fill(_("no (answer: {answer})"), answer=_cited(record, k.answer_text)),
                _by(k, record),
            )
            for k in checks
        )
        out.para(_("{answered} of {total} answered.").format(answered=len(checks), total=total))
        headers = ((_("Question"),), (_("Answer given"),), (_("Correct"),), (_("Entered"),))
        out.add(Table(headers, rows))
    return out.section("knowledge-checks", _("Knowledge checks"))


def _sure(record: Record) -> Section:
    out = _Blocks()
    sure = record.sure
    items = sure.items
    if not items:
        out.para(_("Not answered."))
    else:
        rows = tuple(
            ((_said(i.question),), (_("Yes") if i.answer else _("No"),), _by(i, record))
            for i in items
        )
        out.add(Table(((_("Question"),), (_("Answer"),), (_("Entered"),)), rows))
        score = sure.score
        if score is None:
            out.para(_("Score: incomplete ({answered} of 4 answered).").format(answered=len(items)))
        elif sure.flag:
            out.para(
                _fill(
                    _("Score: {score} of 4. {conflict} (3 or less)."),
                    score=str(score),
                    conflict=Strong((_("Possible decisional conflict"),)),
                )
            )
        else:
            out.para(_("Score: {score} of 4. No decisional conflict flagged.").format(score=score))
    # Translators: SURE test (Légaré et al. 2010). sdm-tui's own Spanish; replace with the SURE
    # wording of the Ottawa Personal Decision Guide's Spanish edition.
    return out.section("sure", _("SURE test (decisional conflict)"))


def _others_views(record: Record, clinic: bool) -> Section | None:
    """Others' views and any pressure (Ottawa guide, "Support"); None when none were
    entered. A companion's own words are marked as theirs in both copies."""
    views = record.others_views_or_empty
    if not views:
        return None
    out = _Blocks()
    for view in views.values():
        by: Inline = ()
        if clinic:
            by = (" (", *_by(view, record), ")")
        elif view.contributor == "companion":
            by = _fill(_(" (in the words of {who})"), who=_who(record, view.contributor))
        out.para(Strong((_said(view.label),)), by)
        out.add(Quote(view.text))
    return out.section("others-views", _("Others' views and any pressure"))


def _weighing_up(record: Record) -> Section:
    parts = [_alignment(record), _leaning(record), _clinician_view(record)]
    if (others := _others_views(record, True)) is not None:
        parts.append(others)
    parts += [_checks(record), _sure(record)]
    return _Blocks().section("weighing-up", _("Weighing up"), *parts)


CHANGE_YOUR_MIND = (
    N_(
        "This decision is yours, and it is not final. You can change your mind at any time, "
        "for any reason, and you will not be treated any differently for it."
    ),
    N_(
        "How: contact the clinic and say that you would like to talk about this decision "
        "again. Bring this copy with you. You do not need to wait for the review date."
    ),
    N_(
        "If something changes, for example your health, what matters to you, or new "
        "information, that is a good reason to look at the options again."
    ),
)
"""The patient's copy: that they may change their mind, and how (issue 21)."""


def _change_your_mind() -> Section:
    out = _Blocks()
    for paragraph in CHANGE_YOUR_MIND:
        out.para(_(paragraph))
    return out.section("change-your-mind", _("You can change your mind"))


def _option_grid(record: Record) -> Section | None:
    """The options side by side, one column each, as an Option Grid does: the aid's
    questions and what tends to happen, to print and take home. None when the record
    has neither (an older record, or an aid without questions or outcomes)."""
    aid = record.aid
    questions = [] if isinstance(aid.questions, UnsetType) else aid.questions
    if not questions and not aid.outcomes:
        return None
    headers: tuple[Inline, ...] = (
        (_("Your questions"),),
        *((Strong((_from_aid(o.label),)),) for o in aid.options),
    )
    rows: list[tuple[Inline, ...]] = [
        (
            (_cited(record, q.text),),
            *(
                (_cited(record, q.answers.get(o.id, "")) if o.id in q.answers else "–",)
                for o in aid.options
            ),
        )
        for q in questions
    ]
    rows += [
        (
            _outcome_label(record, outcome),
            *(_count_cell(outcome, o) for o in aid.options),
        )
        for outcome in aid.outcomes
    ]
    out = _Blocks()
    out.para(_("Your options side by side, to print or take with you."))
    out.add(Table(headers, tuple(rows)))
    return out.section("option-grid", _("Your options side by side"))


def _decision(record: Record, clinic: bool) -> Section:
    out = _Blocks()
    decision = record.decision
    title = _("Decision") if clinic else _("What we decided")
    if isinstance(decision, m.DecisionChosen):
        out.para(_fill(_("We chose: {option}"), option=Strong((_typed(decision.option_label),))))
    elif isinstance(decision, m.DecisionNotYet):
        reason = _said(decision.not_yet_reason_label)
        out.para(_fill(_("We have not decided yet. What is needed first: {reason}"), reason=reason))
        if decision.reason_text:
            out.add(Quote(decision.reason_text))
    else:
        out.para(_("No decision was recorded."))
        return out.section("decision", title)
    if not clinic and not _both_confirmed(record):
        out.para(Strong((_("Not yet confirmed by both of you: this copy may change."),)))
    if clinic:
        out.para("(", _by(decision, record), ")")
        if decision.differs_from_ratings:
            out.para(_("This choice differs from the option(s) the ratings line up with most."))
        if decision.differs_reason:
            out.para(_("Why the choice differs from the ratings:"))
            out.add(Quote(decision.differs_reason))
    return out.section("decision", title)


def _day(value: object) -> str | None:
    """A record's YYYY-MM-DD as "Mon 1 Mar 2027 (2027-03-01)"; None when absent."""
    if not isinstance(value, str):
        return None
    try:
        return format_day(date.fromisoformat(value)) + " (" + value + ")"
    except ValueError:
        return None


def _by_when(step: m.PlanStep) -> Inline:
    """The step's "by when" as typed, and the date read from it."""
    day = _day(step.by_date)
    if day is None:
        return (_typed_or(step.by_when, "–"),)
    if _blank(step.by_when) or step.by_when.strip() == step.by_date:
        return (day,)
    return (_typed(step.by_when), " → " + day)


def _plan(record: Record, clinic: bool) -> Section:
    out = _Blocks()
    plan = record.plan
    if not plan:
        out.para(_("No next steps were recorded."))
    else:
        headers: tuple[Inline, ...] = ((_("What"),), (_("Who"),), (_("By when"),))
        if clinic:
            headers += ((_("Entered"),),)
        rows = tuple(
            (
                (_typed(s.what),),
                (_label(_PLAN_WHO, s.who),),
                _by_when(s),
                *((_by(s, record),) if clinic else ()),
            )
            for s in plan
        )
        out.add(Table(headers, rows))
    return out.section("plan", _("Next steps"))


def _review(record: Record, clinic: bool) -> Section:
    out = _Blocks()
    for entry, label, missing in (
        (
            record.review,
            _("When we will review this:"),
            _("When we will review this: not recorded."),
        ),
        (
            record.success_measure,
            _("How we will know it is working:"),
            _("How we will know it is working: not recorded."),
        ),
    ):
        if entry is None:
            out.para(missing)
        else:
            out.para(label, (" (", *_by(entry, record), ")") if clinic else ())
            out.add(Quote(entry.text))
            if entry is record.review and (day := _day(record.review_date)) is not None:
                out.para(_fill(_("Review date: {day}"), day=day))
    no_review = record.no_review
    if isinstance(no_review, m.TextEntry):
        out.para(
            _("Why no review is needed:"), (" (", *_by(no_review, record), ")") if clinic else ()
        )
        out.add(Quote(no_review.text))
    return out.section("review", _("Review"))


def _both_confirmed(record: Record) -> bool:
    return bool(record.confirmations.patient and record.confirmations.clinician)


def _confirmations(record: Record) -> Section:
    confirmations = record.confirmations
    items: list[Inline] = []
    for when, missing, confirmed in (
        (confirmations.patient, _("Patient has not confirmed."), _("Patient confirmed: {when}")),
        (
            confirmations.clinician,
            _("Clinician has not confirmed."),
            _("Clinician confirmed: {when}"),
        ),
    ):
        if when is None:
            items.append((missing,))
        else:
            items.append(_fill(confirmed, when=_when(when)))
    out = _Blocks()
    out.add(Bullets(tuple(items)))
    both = _both_confirmed(record)
    out.para(_("Both confirmed the decision and plan.") if both else _("Not confirmed by both."))
    return out.section("confirmations", _("Confirmations"))


def _collaborate(record: Record) -> Section | None:
    """The patient's CollaboRATE rating (clinic only); None when not given (skipped, or a
    record made before sdm-tui asked it)."""
    rating = record.collaborate_or_none
    if rating is None or not rating.items:
        return None
    items = rating.items
    rows = tuple(
        (
            (_said(i.question),),
            (f"{i.score} – ", _said(i.label)),
            _by(i, record),
        )  # i18n: not shown
        for i in items
    )
    out = _Blocks()
    out.add(Table(((_("Question"),), (_("Answer (0–4)"),), (_("Entered"),)), rows))
    top = rating.top_score
    if top is None:
        out.para(_("Incomplete: {answered} of 3 questions answered.").format(answered=len(items)))
    elif top:
        # Translators: CollaboRATE. sdm-tui's own Spanish; replace with Forcino et al., PLoS ONE
        # 2016, doi:10.1371/journal.pone.0168538.
        out.para(_("Top score: every effort was made, on all three questions."))
    else:
        # Translators: CollaboRATE. sdm-tui's own Spanish; replace with Forcino et al., PLoS ONE
        # 2016, doi:10.1371/journal.pone.0168538.
        out.para(_("Not a top score (a top score is 4, every effort, on all three questions)."))
    # Translators: CollaboRATE. sdm-tui's own Spanish; replace with Forcino et al., PLoS ONE 2016,
    # doi:10.1371/journal.pone.0168538.
    note = _(
        "CollaboRATE, 5-point version (Elwyn et al. 2013), answered by the patient alone; "
        "not shown in the patient's copy."
    )
    out.para(Emphasis((note,)))
    # Translators: CollaboRATE. sdm-tui's own Spanish; replace with Forcino et al., PLoS ONE 2016,
    # doi:10.1371/journal.pone.0168538.
    return out.section("collaborate", _("Patient's rating of the consultation (CollaboRATE)"))


def _contact() -> Section | None:
    """The clinic's name and contact, for the patient's copy; None when none is set."""
    lines = _CLINIC.get().contact_lines
    if not lines:
        return None
    out = _Blocks()
    out.para(_("If you have questions about this decision, contact:"))
    for line in lines:
        out.para(_typed(line))
    return out.section("contact", _("Your clinic"))


# -- a follow-up visit (issue 18) ----------------------------------------------------------


def _decision_then(decision: m.RecordDecision) -> Inline:
    if isinstance(decision, m.DecisionChosen):
        return _fill(_("Chosen: {option}"), option=Strong((_typed(decision.option_label),)))
    if isinstance(decision, m.DecisionNotYet):
        return _fill(
            _("Not decided yet. What was needed first: {reason}"),
            reason=_said(decision.not_yet_reason_label),
        )
    return (_("No decision was recorded."),)


def _earlier(record: Record, follow_up: m.FollowUp, clinic: bool) -> Section:
    """What was decided then, and why: shown first, as at the follow-up visit."""
    earlier = follow_up.earlier
    out = _Blocks()
    out.para(_fill(_("Date of the earlier consultation: {when}"), when=_when(earlier.started_at)))
    out.para(*_decision_then(earlier.decision))
    decision = earlier.decision
    if isinstance(decision, m.DecisionNotYet) and decision.reason_text:
        out.add(Quote(decision.reason_text))
    if earlier.plan:
        rows = tuple(
            ((_typed(s.what),), (_label(_PLAN_WHO, s.who),), _by_when(s)) for s in earlier.plan
        )
        out.add(Table(((_("Planned step"),), (_("Who"),), (_("By when"),)), rows))
    if earlier.success_measure is not None:
        out.para(_("How we said we would know it is working:"))
        out.add(Quote(earlier.success_measure.text))
    if (day := _day(earlier.review_date)) is not None:
        out.para(_fill(_("Review planned for: {day}"), day=day))
    if earlier.leaning is not None:
        out.para(_fill(_("Leaning then: {leaning}"), leaning=_leaning_label(earlier.leaning)))
    if earlier.ratings:
        rated: tuple[tuple[Inline, ...], ...] = tuple(
            ((_cited(record, r.statement),), (_said(r.label),)) for r in earlier.ratings
        )
        out.add(Table(((_("What mattered"),), (_("How much, then"),)), rated))
    if earlier.sure.score is not None:
        out.para(_("SURE score then: {score} of 4.").format(score=earlier.sure.score))
    if clinic:
        link = (
            _(
                "Follows consultation {id} (an id derived from that record's content: it "
                "carried none); follow-up visit {visit}; record file {file}"
            )
            if earlier.id_derived
            else _("Follows consultation {id}; follow-up visit {visit}; record file {file}")
        )
        out.para(
            _fill(
                link,
                id=_typed(earlier.consultation_id),
                visit=str(follow_up.visit),
                file=_typed(earlier.file_name),
            )
        )
    now = follow_up.aid_now
    if now is not None and now.changed:
        out.para(
            _fill(
                _(
                    "{changed}(version {then} then, {now} now): the figures here are those "
                    "used then."
                ),
                changed=Strong((_("The decision aid has changed since "),)),
                then=_typed(earlier.aid_version),
                now=_typed(now.version),
            )
        )
    return out.section("earlier", _("The decision we are reviewing"))


def _how_it_went(record: Record, follow_up: m.FollowUp, clinic: bool) -> Section:
    out = _Blocks()
    if follow_up.steps:
        rows = tuple(
            (
                (_typed(s.what),),
                (_said(s.label),),
                *((_by(s, record),) if clinic else ()),
            )
            for s in follow_up.steps
        )
        headers: tuple[Inline, ...] = ((_("Planned step"),), (_("Did it happen?"),))
        out.add(Table(headers + (((_("Entered"),),) if clinic else ()), rows))
    for answer, label in (
        (follow_up.measure_met, _("Success measure: {answer}")),
        (follow_up.acted_on, _("Decision acted on: {answer}")),
    ):
        if answer is not None:
            by: Inline = (" (", *_by(answer, record), ")") if clinic else ()
            out.para(_fill(label, answer=_said(answer.label)), by)
    now = follow_up.decision_now
    if now is None:
        out.para(_("The decision now: not recorded."))
    else:
        out.para(_fill(_("The decision now: {decision}"), decision=Strong((_said(now.label),))))
        if now.why is not None:
            out.para(_("Why:"), (" (", *_by(now.why, record), ")") if clinic else ())
            out.add(Quote(now.why.text))
    return out.section("how-it-went", _("How it went"))


def _regret(record: Record, follow_up: m.FollowUp, clinic: bool) -> Section | None:
    regret = follow_up.regret
    if regret is None or not regret.items:
        return None
    out = _Blocks()
    rows = tuple(
        ((_said(i.statement),), (_said(i.label),), *((_by(i, record),) if clinic else ()))
        for i in regret.items
    )
    headers: tuple[Inline, ...] = ((_("Statement"),), (_("Answer"),))
    out.add(Table(headers + (((_("Entered"),),) if clinic else ()), rows))
    if clinic:
        if regret.score is None:
            out.para(
                _("Score: incomplete ({answered} of 5 answered).").format(
                    answered=len(regret.items)
                )
            )
        elif regret.score > 25:
            out.para(
                _("Score: {score} of 100 (above 25: more than mild regret).").format(
                    score=regret.score
                )
            )
        else:
            out.para(_("Score: {score} of 100.").format(score=regret.score))
        out.para(
            Emphasis(
                (
                    _(
                        "Decision Regret Scale (Brehaut et al., Med Decis Making 2003): 0 no "
                        "regret, 100 high regret."
                    ),
                )
            )
        )
    # Translators: Decision Regret Scale. sdm-tui's own Spanish; replace with Calderon et al., J
    # Pain Symptom Manage 2019, doi:10.1016/j.jpainsymman.2018.11.017.
    return out.section("regret", _("Looking back on the decision"))


def _follow_up_sections(record: Record, follow_up: m.FollowUp, clinic: bool) -> list[Section]:
    sections = [_earlier(record, follow_up, clinic), _how_it_went(record, follow_up, clinic)]
    if (regret := _regret(record, follow_up, clinic)) is not None:
        sections.append(regret)
    if record.ratings or record.own_words:
        sections.append(_what_matters(record, clinic))
    if record.sure.items:
        sections.append(_sure(record))
    sections += [_decision(record, clinic), _review(record, clinic)]
    return sections


def as_record(record: Record | Mapping[str, Any]) -> Record:
    """A Record as it is; parsed JSON checked into one (RecordError if it does not fit)."""
    return record_from_data(record)


def document_language(record: Record, audience: Audience) -> str:
    """The language a copy is written in: the patient's copy in the patient's language
    (chosen for the consultation, else the aid's when sdm-tui has a catalog for it, else the
    app's), the clinic's copy in the app's (the `language` setting)."""
    if audience == "clinic":
        return current_language()
    chosen = record.patient_language
    return patient_copy_language(
        None if isinstance(chosen, UnsetType) else chosen, record.aid.language, current_language()
    )


def build_document(
    record: Record | Mapping[str, Any], audience: Audience, clinic: Clinic | None = None
) -> Document:
    """The patient's copy (plain language) or the clinic's record (who entered what, when),
    for `clinic` (its time zone, name and contact; None: the one for_clinic set, else UTC
    and no clinic named), each in its language (see document_language).

    Raises ValueError for an unknown audience, RecordError for parsed JSON that is not a
    record.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    record = as_record(record)
    with in_language(document_language(record, audience)):
        if clinic is None:
            return _build(record, audience)
        with for_clinic(clinic):
            return _build(record, audience)


def _build(record: Record, audience: Audience) -> Document:
    clinic = audience == "clinic"
    title = _from_aid(record.aid.title)
    preamble = (
        Paragraph(
            _fill(
                _("{the_question} {question}"),
                the_question=Strong((_("The question:"),)),
                question=_cited(record, record.aid.question),
            )
        ),
        Paragraph(_fill(_("Date: {when}"), when=_when(record.started_at))),
    )
    sections: list[Section] = []
    follow_up = record.follow_up_or_none
    if clinic:
        sections += [_about(record), _participants(record)]
        if follow_up is None:
            sections.append(_preferred_role(record))
    if follow_up is not None:
        sections += _follow_up_sections(record, follow_up, clinic)
    else:
        sections += [_what_matters(record, clinic), _options(record, clinic)]
        if clinic:
            sections.append(_weighing_up(record))
        elif (others := _others_views(record, False)) is not None:
            sections.append(others)
        sections += [_decision(record, clinic), _plan(record, clinic), _review(record, clinic)]
        if not clinic:
            sections.append(_change_your_mind())
            if (grid := _option_grid(record)) is not None:
                sections.append(grid)
    if (sources := _sources(record)) is not None:
        sections.append(sources)
    if not clinic and (about_aid := _about_aid(record)) is not None:
        sections.append(about_aid)
    if not clinic and (contact := _contact()) is not None:
        sections.append(contact)
    if clinic:
        sections.append(_confirmations(record))
        if (rating := _collaborate(record)) is not None:
            sections.append(rating)
    heading: Inline = _fill(_("Consultation record: {title}"), title=title) if clinic else (title,)
    if follow_up is not None:
        heading = (
            _fill(_("Follow-up: {title}"), title=title)
            if not clinic
            else _fill(_("Follow-up record: {title}"), title=title)
        )
    return Document(
        audience=audience,
        title=heading,
        banners=tuple(_banners(record)),
        preamble=preamble,
        sections=tuple(sections),
        language=current_language(),
        aid_language=record.aid.language,
    )
