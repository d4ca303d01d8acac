"""The report as the terminal shows it (blocks of plain text, tables and bar charts, drawn
by `sdm_tui.cli.report_terminal`), as Markdown and as CSV. No UI library here.

Aid titles, option labels and file names come from the records' folders and files: in the
terminal they are only ever drawn as plain text (never parsed as markup), in Markdown they
are escaped with `md_inline`, and in CSV a cell a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) gets a leading apostrophe. Control and
bidirectional characters are neutralised everywhere.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from sdm_tui.export.md_text import md_inline, md_table
from sdm_tui.i18n import N_, _
from sdm_tui.report.figures import (
    DECISION_LABELS,
    FOLLOW_UP_DECISIONS,
    ROLE_ITEMS,
    DueReview,
    FigureRow,
    FollowUpTally,
    Group,
    Report,
    Tally,
    figure_rows,
    median_low,
)
from sdm_tui.store.text import neutralise

__all__ = [
    "CSV_COLUMNS",
    "Bar",
    "BarChart",
    "Block",
    "FigureTable",
    "Line",
    "bar",
    "csv_cell",
    "render_csv",
    "render_markdown",
    "shown",
    "terminal_blocks",
]

CSV_COLUMNS = (
    "mode",
    "scope",
    "aid_id",
    "aid_title",
    "figure",
    "item",
    "label",
    "count",
    "out_of",
    "percent",
)
GROUP_TITLES = {
    "clinical": N_("Clinical consultations"),
    "training": N_("Training: rehearsed consultations (never mixed with clinical figures)"),
}
# The headings below are marked here and translated where drawn (`_words`).
DECISION_HEADERS = (N_("Aid"), N_("Consultations"), *DECISION_LABELS.values())
MEASURE_HEADERS = (
    N_("Aid"),
    N_("Choice = leaning"),
    N_("SURE 3 or less"),
    N_("CollaboRATE top score"),
    N_("Review due"),
    N_("Review overdue"),
)
REVIEW_HEADERS = (N_("Review date"), N_("Days"), N_("Aid"), N_("Record file"))
FOLLOW_UP_HEADERS = (
    N_("Aid"),
    N_("Follow-ups"),
    N_("Due, not held"),
    *FOLLOW_UP_DECISIONS.values(),
)
AFTER_HEADERS = (
    N_("Aid"),
    N_("Regret median"),
    N_("Regret > 25"),
    N_("SURE ≤ 3 then"),
    N_("SURE ≤ 3 now"),
    N_("Plan steps done"),
    N_("Days to follow-up"),
)
BAR_WIDTH = 20
MAX_REVIEWS_SHOWN = 20
_EIGHTHS = " ▏▎▍▌▋▊▉"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def shown(text: object) -> str:
    """Text from a record or a file name, on one line and inert."""
    one_line = _SPACES.sub(" ", neutralise(str(text))).strip()
    return _SURROGATE.sub("\ufffd", one_line)


def _words(marked: Iterable[str]) -> tuple[str, ...]:
    """Marked headings or labels in the language in force."""
    return tuple(_(text) for text in marked)


def csv_cell(value: object) -> object:
    """A CSV cell: numbers as they are; text neutralised, with a leading apostrophe when
    a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return _SURROGATE.sub("\ufffd", neutralise(text))


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar `fraction` (0..1) of `width` cells long, to an eighth of a cell."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)


def _ratio(count: int, out_of: int) -> str:
    """ "3/4 (75%)", or "–" when there is nothing to count."""
    if not out_of:
        return "–"
    return _("{count}/{total} ({percent}%)").format(
        count=count, total=out_of, percent=f"{100 * count / out_of:.0f}"
    )


# -- what every rendering shows -------------------------------------------------------------


def _aid_name(group: Group, aid_id: str) -> str:
    title = shown(group.info[aid_id].title)
    if not title:
        return shown(aid_id)
    return _("{title} ({id})").format(title=title, id=shown(aid_id))


def _rows(group: Group) -> list[tuple[str, Tally]]:
    rows = [(_aid_name(group, aid_id), tally) for aid_id, tally in group.aids.items()]
    return [*rows, (_("All aids"), group.overall)]


def _decision_cells(tally: Tally) -> list[str]:
    n = tally.consultations
    return [str(n), *(_ratio(tally.decisions[d], n) for d in DECISION_LABELS)]


def _measure_cells(tally: Tally) -> list[str]:
    return [
        _ratio(tally.leaning_matched, tally.leaning_comparable),
        _ratio(tally.sure_low, tally.sure_complete),
        _ratio(tally.top_score, tally.rated),
        _ratio(tally.review_due, tally.review_dated),
        _ratio(tally.review_overdue, tally.review_dated),
    ]


def _follow_up_table_rows(group: Group) -> list[tuple[str, FollowUpTally]]:
    rows = [(_aid_name(group, a), t) for a, t in group.follow_up_aids.items() if t.follow_ups]
    return [*rows, (_("All aids"), group.follow_up)]


def _follow_up_cells(tally: FollowUpTally) -> list[str]:
    answered = sum(tally.decisions.values())
    return [
        str(tally.follow_ups),
        _ratio(tally.due, tally.dated),
        *(_ratio(tally.decisions[key], answered) for key in FOLLOW_UP_DECISIONS),
    ]


def _after_cells(tally: FollowUpTally) -> list[str]:
    scored = len(tally.regrets)
    return [
        _median(tally.regrets),
        _ratio(tally.regret_high, scored),
        _ratio(tally.sure_low_then, tally.sure_paired),
        _ratio(tally.sure_low_now, tally.sure_paired),
        _ratio(tally.steps_done, tally.steps_answered),
        _median(tally.days),
    ]


def _median(values: list[int]) -> str:
    """ "12 (n=4)": the median and how many it is of; "–" for none."""
    if not values:
        return "–"
    return _("{median} (n={count})").format(median=median_low(values), count=len(values))


def _choice_bars(group: Group, aid_id: str) -> list[tuple[str, int, int]]:
    tally = group.aids[aid_id]
    n = tally.consultations
    bars = [
        (shown(label), tally.choices[option_id], n)
        for option_id, label in group.info[aid_id].options
    ]
    bars.append((_(DECISION_LABELS["not_yet"]), tally.decisions["not_yet"], n))
    bars.append((_(DECISION_LABELS["none"]), tally.decisions["none"], n))
    return bars


def _role_bars(tally: Tally) -> list[tuple[str, int, int]]:
    n = tally.consultations
    return [(_(label), tally.roles[key], n) for key, label in ROLE_ITEMS.items()]


def _header_lines(report: Report) -> list[str]:
    return [
        _(
            "Today: {today}; reviews due within {days} days. Review dates are the records' "
            "own, else read from the review text when written as YYYY-MM-DD."
        ).format(today=report.today.isoformat(), days=report.due_within),
        _("Records checked against: {validation}.").format(validation=_(report.validation)),
    ]


def _footer_lines(report: Report) -> list[str]:
    counted = sum(group.overall.consultations for group in report.groups.values())
    visits = sum(group.follow_up.follow_ups for group in report.groups.values())
    lines = [_("Consultations counted: {count}.").format(count=counted)]
    if visits:
        lines.append(_("Follow-up visits counted: {count}.").format(count=visits))
    if report.duplicates:
        lines.append(
            _("Earlier exports of the same consultation, counted once: {count}.").format(
                count=report.duplicates
            )
        )
    if report.previews:
        lines.append(_("Preview records left out: {count}.").format(count=report.previews))
    lines.append(_("Files not counted: {count}.").format(count=len(report.problems)))
    return lines


# -- the terminal ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of text: the report's title, a group's title, or plain text ("" a blank)."""

    text: str
    kind: Literal["title", "group", "text"] = "text"


@dataclass(frozen=True)
class FigureTable:
    """A table: its first column names an aid (or a date), the others are figures."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: what it counts, the bar drawn in block characters, "3/4 (75%)"."""

    label: str
    bar: str
    ratio: str


@dataclass(frozen=True)
class BarChart:
    """A titled chart of horizontal bars."""

    title: str
    bars: tuple[Bar, ...]


Block = Line | FigureTable | BarChart
"""What the terminal report is made of, top to bottom."""


def _figure_table(title: str, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> FigureTable:
    return FigureTable(title, tuple(headers), tuple(tuple(row) for row in rows))


def _bar_chart(title: str, bars: Sequence[tuple[str, int, int]]) -> BarChart:
    return BarChart(
        title,
        tuple(
            Bar(label, bar(count / out_of if out_of else 0.0), _ratio(count, out_of))
            for label, count, out_of in bars
        ),
    )


def _terminal_group(group: Group) -> list[Block]:
    parts: list[Block] = [Line(_(GROUP_TITLES[group.mode]), "group")]
    if not group.overall.consultations:
        return [*parts, Line(_("No records."))]
    rows = _rows(group)
    parts.append(
        _figure_table(
            _("Decisions"), _words(DECISION_HEADERS), ([n, *_decision_cells(t)] for n, t in rows)
        )
    )
    parts.append(
        _figure_table(
            _("Measures"), _words(MEASURE_HEADERS), ([n, *_measure_cells(t)] for n, t in rows)
        )
    )
    for aid_id in group.aids:
        parts.append(_bar_chart(_choices_title(group, aid_id), _choice_bars(group, aid_id)))
    parts.append(_bar_chart(_("Preferred part in deciding (all aids)"), _role_bars(group.overall)))
    if group.follow_up.follow_ups or group.follow_up.due:
        follow = _follow_up_table_rows(group)
        parts.append(
            _figure_table(
                _("Follow-ups: done, due, and the decision at follow-up"),
                _words(FOLLOW_UP_HEADERS),
                ([n, *_follow_up_cells(t)] for n, t in follow),
            )
        )
        parts.append(
            _figure_table(
                _("After the decision: regret (Decision Regret Scale, 0-100), SURE, plan, time"),
                _words(AFTER_HEADERS),
                ([n, *_after_cells(t)] for n, t in follow),
            )
        )
    if group.reviews:
        shown_reviews = group.reviews[:MAX_REVIEWS_SHOWN]
        rows_due = [_review_cells(r) for r in shown_reviews]
        parts.append(
            _figure_table(_("Reviews falling due or overdue"), _words(REVIEW_HEADERS), rows_due)
        )
        if len(group.reviews) > MAX_REVIEWS_SHOWN:
            more = len(group.reviews) - MAX_REVIEWS_SHOWN
            parts.append(
                Line(
                    _("... and {count} more (all are in the Markdown report, --md).").format(
                        count=more
                    )
                )
            )
    return parts


def _choices_title(group: Group, aid_id: str) -> str:
    return _("Choices: {aid}").format(aid=_aid_name(group, aid_id))


def _review_cells(review: DueReview) -> list[str]:
    days = review.days
    if days == 0:
        when = _("today")
    elif days > 0:
        when = _("in {days}").format(days=days)
    else:
        when = _("{days} overdue").format(days=-days)
    return [review.review_date.isoformat(), when, shown(review.aid_id), shown(review.path)]


def terminal_blocks(report: Report) -> list[Block]:
    """The report as the terminal shows it: per group a table of decisions, a table of
    measures, bar charts of the choices and preferred parts, the reviews falling due; then
    the files not counted. All text is inert (see `shown`)."""
    blocks: list[Block] = [Line(_("Consultation records report"), "title")]
    blocks += [Line(line) for line in _header_lines(report)]
    for group in report.groups.values():
        blocks.append(Line(""))
        blocks += _terminal_group(group)
    blocks.append(Line(""))
    blocks += [Line(line) for line in _footer_lines(report)]
    blocks += [Line("  " + ": ".join((shown(p.path), shown(p.reason)))) for p in report.problems]
    return blocks


# -- Markdown -------------------------------------------------------------------------------


def _md_table_rows(rows: Iterable[Sequence[str]]) -> list[list[str]]:
    """Rows whose first cell names an aid (escaped); the rest is our own wording."""
    return [[md_inline(row[0]), *row[1:]] for row in rows]


def _md_bars(headers: Sequence[str], bars: Sequence[tuple[str, int, int]]) -> str:
    rows = [
        [md_inline(label), bar(count / out_of if out_of else 0.0).rstrip(), _ratio(count, out_of)]
        for label, count, out_of in bars
    ]
    return md_table(headers, rows)


def _md_group(group: Group) -> list[str]:
    blocks = ["## " + _(GROUP_TITLES[group.mode])]
    if not group.overall.consultations:
        return [*blocks, _("No records.")]
    rows = _rows(group)
    decisions = _md_table_rows([n, *_decision_cells(t)] for n, t in rows)
    measures = _md_table_rows([n, *_measure_cells(t)] for n, t in rows)
    blocks += ["### " + _("Decisions"), md_table(_words(DECISION_HEADERS), decisions)]
    blocks += ["### " + _("Measures"), md_table(_words(MEASURE_HEADERS), measures)]
    share = (_("Share"), _("Count"))
    for aid_id in group.aids:
        blocks.append("### " + _("Choices: {aid}").format(aid=md_inline(_aid_name(group, aid_id))))
        blocks.append(_md_bars((_("Choice"), *share), _choice_bars(group, aid_id)))
    blocks.append("### " + _("Preferred part in deciding (all aids)"))
    blocks.append(_md_bars((_("Preferred part"), *share), _role_bars(group.overall)))
    follow = _follow_up_table_rows(group)
    blocks.append("### " + _("Follow-ups: done, due, and the decision at follow-up"))
    rows_f = _md_table_rows([n, *_follow_up_cells(t)] for n, t in follow)
    blocks.append(md_table(_words(FOLLOW_UP_HEADERS), rows_f))
    blocks.append("### " + _("After the decision: regret, SURE, plan, time"))
    rows_a = _md_table_rows([n, *_after_cells(t)] for n, t in follow)
    blocks.append(md_table(_words(AFTER_HEADERS), rows_a))
    blocks.append("### " + _("Reviews falling due or overdue"))
    if group.reviews:
        reviews = [[md_inline(cell) for cell in _review_cells(r)] for r in group.reviews]
        blocks.append(md_table(_words(REVIEW_HEADERS), reviews))
    else:
        blocks.append(_("None."))
    return blocks


def render_markdown(report: Report) -> str:
    """The whole report as one Markdown document, every review and problem listed."""
    blocks = ["# " + _("Consultation records report"), *_header_lines(report)]
    for group in report.groups.values():
        blocks += _md_group(group)
    blocks += ["## " + _("Records"), *_footer_lines(report)]
    if report.problems:
        rows = [[md_inline(shown(p.path)), md_inline(shown(p.reason))] for p in report.problems]
        blocks.append(md_table([_("File"), _("Why it was not counted")], rows))
    return "\n\n".join(blocks) + "\n"


# -- CSV ------------------------------------------------------------------------------------


def _csv_row(report: Report, row: FigureRow) -> list[object]:
    title = ""
    if row.aid_id:
        title = report.groups[row.mode].info[row.aid_id].title
    values = (row.mode, row.scope, row.aid_id, title, row.figure, row.item, row.label)
    return [*(csv_cell(v) for v in values), row.count, row.out_of, csv_cell(row.percent)]


def render_csv(report: Report) -> str:
    """Every figure as one CSV row (see CSV_COLUMNS and docs/reporting.md)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_row(report, row) for row in figure_rows(report))
    return out.getvalue()
