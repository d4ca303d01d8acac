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
    "clinical": "Clinical consultations",
    "training": "Training: rehearsed consultations (never mixed with clinical figures)",
}
DECISION_HEADERS = ("Aid", "Consultations", *DECISION_LABELS.values())
MEASURE_HEADERS = (
    "Aid",
    "Choice = leaning",
    "SURE 3 or less",
    "CollaboRATE top score",
    "Review due",
    "Review overdue",
)
REVIEW_HEADERS = ("Review date", "Days", "Aid", "Record file")
FOLLOW_UP_HEADERS = ("Aid", "Follow-ups", "Due, not held", *FOLLOW_UP_DECISIONS.values())
AFTER_HEADERS = (
    "Aid",
    "Regret median",
    "Regret > 25",
    "SURE ≤ 3 then",
    "SURE ≤ 3 now",
    "Plan steps done",
    "Days to follow-up",
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
    return f"{count}/{out_of} ({100 * count / out_of:.0f}%)" if out_of else "–"


# -- what every rendering shows -------------------------------------------------------------


def _aid_name(group: Group, aid_id: str) -> str:
    title = shown(group.info[aid_id].title)
    return f"{title} ({shown(aid_id)})" if title else shown(aid_id)


def _rows(group: Group) -> list[tuple[str, Tally]]:
    rows = [(_aid_name(group, aid_id), tally) for aid_id, tally in group.aids.items()]
    return [*rows, ("All aids", group.overall)]


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
    return [*rows, ("All aids", group.follow_up)]


def _follow_up_cells(tally: FollowUpTally) -> list[str]:
    answered = sum(tally.decisions.values())
    return [
        str(tally.follow_ups),
        _ratio(tally.due, tally.dated),
        *(_ratio(tally.decisions[key], answered) for key in FOLLOW_UP_DECISIONS),
    ]


def _after_cells(tally: FollowUpTally) -> list[str]:
    scored = len(tally.regrets)
    days = len(tally.days)
    return [
        f"{median_low(tally.regrets)} (n={scored})" if scored else "–",
        _ratio(tally.regret_high, scored),
        _ratio(tally.sure_low_then, tally.sure_paired),
        _ratio(tally.sure_low_now, tally.sure_paired),
        _ratio(tally.steps_done, tally.steps_answered),
        f"{median_low(tally.days)} (n={days})" if days else "–",
    ]


def _choice_bars(group: Group, aid_id: str) -> list[tuple[str, int, int]]:
    tally = group.aids[aid_id]
    n = tally.consultations
    bars = [
        (shown(label), tally.choices[option_id], n)
        for option_id, label in group.info[aid_id].options
    ]
    bars.append(("Not yet", tally.decisions["not_yet"], n))
    bars.append(("No decision recorded", tally.decisions["none"], n))
    return bars


def _role_bars(tally: Tally) -> list[tuple[str, int, int]]:
    n = tally.consultations
    return [(label, tally.roles[key], n) for key, label in ROLE_ITEMS.items()]


def _header_lines(report: Report) -> list[str]:
    return [
        f"Today: {report.today.isoformat()}; reviews due within {report.due_within} days. "
        "Review dates are the records' own, else read from the review text when written "
        "as YYYY-MM-DD.",
        f"Records checked against: {report.validation}.",
    ]


def _footer_lines(report: Report) -> list[str]:
    counted = sum(group.overall.consultations for group in report.groups.values())
    visits = sum(group.follow_up.follow_ups for group in report.groups.values())
    lines = [f"Consultations counted: {counted}."]
    if visits:
        lines.append(f"Follow-up visits counted: {visits}.")
    if report.duplicates:
        lines.append(
            f"Earlier exports of the same consultation, counted once: {report.duplicates}."
        )
    if report.previews:
        lines.append(f"Preview records left out: {report.previews}.")
    lines.append(f"Files not counted: {len(report.problems)}.")
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
    parts: list[Block] = [Line(GROUP_TITLES[group.mode], "group")]
    if not group.overall.consultations:
        return [*parts, Line("No records.")]
    rows = _rows(group)
    parts.append(
        _figure_table("Decisions", DECISION_HEADERS, ([n, *_decision_cells(t)] for n, t in rows))
    )
    parts.append(
        _figure_table("Measures", MEASURE_HEADERS, ([n, *_measure_cells(t)] for n, t in rows))
    )
    for aid_id in group.aids:
        parts.append(
            _bar_chart(f"Choices: {_aid_name(group, aid_id)}", _choice_bars(group, aid_id))
        )
    parts.append(_bar_chart("Preferred part in deciding (all aids)", _role_bars(group.overall)))
    if group.follow_up.follow_ups or group.follow_up.due:
        follow = _follow_up_table_rows(group)
        parts.append(
            _figure_table(
                "Follow-ups: done, due, and the decision at follow-up",
                FOLLOW_UP_HEADERS,
                ([n, *_follow_up_cells(t)] for n, t in follow),
            )
        )
        parts.append(
            _figure_table(
                "After the decision: regret (Decision Regret Scale, 0-100), SURE, plan, time",
                AFTER_HEADERS,
                ([n, *_after_cells(t)] for n, t in follow),
            )
        )
    if group.reviews:
        shown_reviews = group.reviews[:MAX_REVIEWS_SHOWN]
        rows_due = [_review_cells(r) for r in shown_reviews]
        parts.append(_figure_table("Reviews falling due or overdue", REVIEW_HEADERS, rows_due))
        if len(group.reviews) > MAX_REVIEWS_SHOWN:
            more = len(group.reviews) - MAX_REVIEWS_SHOWN
            parts.append(Line(f"... and {more} more (all are in the Markdown report, --md)."))
    return parts


def _review_cells(review: DueReview) -> list[str]:
    days = review.days
    when = "today" if days == 0 else (f"in {days}" if days > 0 else f"{-days} overdue")
    return [review.review_date.isoformat(), when, shown(review.aid_id), shown(review.path)]


def terminal_blocks(report: Report) -> list[Block]:
    """The report as the terminal shows it: per group a table of decisions, a table of
    measures, bar charts of the choices and preferred parts, the reviews falling due; then
    the files not counted. All text is inert (see `shown`)."""
    blocks: list[Block] = [Line("Consultation records report", "title")]
    blocks += [Line(line) for line in _header_lines(report)]
    for group in report.groups.values():
        blocks.append(Line(""))
        blocks += _terminal_group(group)
    blocks.append(Line(""))
    blocks += [Line(line) for line in _footer_lines(report)]
    blocks += [Line(f"  {shown(p.path)}: {shown(p.reason)}") for p in report.problems]
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
    blocks = [f"## {GROUP_TITLES[group.mode]}"]
    if not group.overall.consultations:
        return [*blocks, "No records."]
    rows = _rows(group)
    decisions = _md_table_rows([n, *_decision_cells(t)] for n, t in rows)
    measures = _md_table_rows([n, *_measure_cells(t)] for n, t in rows)
    blocks += ["### Decisions", md_table(DECISION_HEADERS, decisions)]
    blocks += ["### Measures", md_table(MEASURE_HEADERS, measures)]
    for aid_id in group.aids:
        blocks.append(f"### Choices: {md_inline(_aid_name(group, aid_id))}")
        blocks.append(_md_bars(("Choice", "Share", "Count"), _choice_bars(group, aid_id)))
    blocks.append("### Preferred part in deciding (all aids)")
    blocks.append(_md_bars(("Preferred part", "Share", "Count"), _role_bars(group.overall)))
    follow = _follow_up_table_rows(group)
    blocks.append("### Follow-ups: done, due, and the decision at follow-up")
    rows_f = _md_table_rows([n, *_follow_up_cells(t)] for n, t in follow)
    blocks.append(md_table(FOLLOW_UP_HEADERS, rows_f))
    blocks.append("### After the decision: regret, SURE, plan, time")
    blocks.append(md_table(AFTER_HEADERS, _md_table_rows([n, *_after_cells(t)] for n, t in follow)))
    blocks.append("### Reviews falling due or overdue")
    if group.reviews:
        reviews = [[md_inline(cell) for cell in _review_cells(r)] for r in group.reviews]
        blocks.append(md_table(REVIEW_HEADERS, reviews))
    else:
        blocks.append("None.")
    return blocks


def render_markdown(report: Report) -> str:
    """The whole report as one Markdown document, every review and problem listed."""
    blocks = ["# Consultation records report", *_header_lines(report)]
    for group in report.groups.values():
        blocks += _md_group(group)
    blocks += ["## Records", *_footer_lines(report)]
    if report.problems:
        rows = [[md_inline(shown(p.path)), md_inline(shown(p.reason))] for p in report.problems]
        blocks.append(md_table(["File", "Why it was not counted"], rows))
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
