"""Outcome counts in words and as icon arrays (pictographs): pure text, no UI.

Counts are always absolute, "N out of PER people", never a percentage or a relative
change alone. An icon array draws PER people, the affected ones first in reading order,
so that they can be counted; affected and unaffected differ by shape (● and ○), so the
picture reads without colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sdm_tui.aid.model import Option, Outcome
from sdm_tui.i18n import N_, SOURCE_LANGUAGE, _, current_language

AFFECTED = "●"
UNAFFECTED = "○"
MAX_ICONS = 1000
"""Above this, an icon array is too big to read in a terminal: the words are shown alone."""
COMPACT_ABOVE = 100
"""Above this many people, each character is two people, one above the other, so that
1000 people take 11 lines instead of 21 (the PSA aid's arrays stacked 40+ rows at 80x24)."""
BOTH_AFFECTED = "█"
"""In a compact array: two people who have the outcome."""
TOP_AFFECTED = "▀"
"""In a compact array: one who has it (above), one who does not."""
NONE_AFFECTED = "░"
"""In a compact array: two people who do not have the outcome."""

NOT_KNOWN = N_("not known")
NOT_KNOWN_LONG = N_("not known – no good evidence for this option")
LEGEND = N_("{affected} = a person who has this outcome   {unaffected} = a person who does not")
COMPACT_LEGEND = N_(
    "{both} = 2 people who have this outcome   {top} = 1 who has it and 1 "
    "who does not   {none} = 2 people who do not · each line is 100 people"
)


def legend(per: int) -> str:
    """The legend line for an array of `per` people (compact arrays draw pairs)."""
    if per > COMPACT_ABOVE:
        return _(COMPACT_LEGEND).format(both=BOTH_AFFECTED, top=TOP_AFFECTED, none=NONE_AFFECTED)
    return _(LEGEND).format(affected=AFFECTED, unaffected=UNAFFECTED)


def format_count(count: float) -> str:
    """A count as written by the author: 8 stays "8", 1.3 stays "1.3" (never a percentage),
    with the decimal mark of the language in force ("1,3" in Spanish)."""
    if float(count).is_integer():
        return str(int(count))
    shown = f"{count:.4f}".rstrip("0").rstrip(".")
    if current_language() == SOURCE_LANGUAGE:
        return shown
    from sdm_tui.i18n.formats import format_decimal  # Babel only when a decimal is shown

    return format_decimal(float(shown))


def icons_affected(count: float, per: int) -> int:
    """How many icons to fill: the count rounded half up, kept within 0..per."""
    return max(0, min(per, math.floor(count + 0.5)))


def count_phrase(count: float | None, per: int) -> str:
    """ "8 out of 100", or "not known" when there is no figure."""
    if count is None:
        return _(NOT_KNOWN)
    return _("{count} out of {per}").format(count=format_count(count), per=per)


def people_phrase(count: float | None, per: int) -> str:
    """ "8 out of 100 people", or the long "not known" wording."""
    if count is None:
        return _(NOT_KNOWN_LONG)
    return _("{count} out of {per} people").format(count=format_count(count), per=per)


def rounding_note(count: float | None, per: int) -> str:
    """Says so when the icons show a rounded count; empty when they show it exactly."""
    if count is None or float(count).is_integer() or per > MAX_ICONS:
        return ""
    return _("(the picture shows {count}, rounded)").format(count=icons_affected(count, per))


@dataclass(frozen=True, slots=True)
class IconGrid:
    """How PER icons are laid out in rows, with gaps that help counting."""

    per: int
    columns: int
    """Icons in a full row."""
    spaced: bool
    """A space after every icon (small arrays) rather than after every `group` icons."""
    group: int
    """Icons per group within a row, and rows per block (a blank line between blocks)."""
    per_cell: int = 1
    """People per character: 2 in a compact array (one above the other)."""
    block_rows: int = 10
    """Lines per block of rows (a blank line between blocks)."""

    @property
    def rows(self) -> int:
        return math.ceil(self.per / (self.columns * self.per_cell))

    @property
    def width(self) -> int:
        """Cells that the widest row takes."""
        columns = min(self.columns, self.per)
        if self.spaced:
            return columns * 2 - 1
        return columns + (columns - 1) // self.group


def icon_grid(per: int) -> IconGrid | None:
    """Rows of 10, spaced, up to 100 people; above that, compact: lines of 50 characters of
    two people each (100 people a line) in groups of 10, five lines a block.

    1000 people become 10 lines of 100 (54 cells wide, 11 lines with the gap): two rows
    of five blocks of 100, each block 10 characters by 5. Above `MAX_ICONS` there is no
    picture (None).
    """
    if per < 1 or per > MAX_ICONS:
        return None
    if per <= COMPACT_ABOVE:
        return IconGrid(per=per, columns=10, spaced=True, group=10)
    return IconGrid(per=per, columns=50, spaced=False, group=10, per_cell=2, block_rows=5)


def _pair(first_affected: bool, second: bool | None) -> str:
    """One compact character: two people; one person alone (an odd `per`) is drawn as in a
    small array (`second` None)."""
    if second is None:
        return AFFECTED if first_affected else UNAFFECTED
    if first_affected and second:
        return BOTH_AFFECTED
    if first_affected:
        return TOP_AFFECTED
    return NONE_AFFECTED


def drawn_people(lines: list[str]) -> tuple[int, int]:
    """(affected, not affected) people drawn in `lines`, one or two to a character."""
    text = "".join(lines)
    affected = text.count(AFFECTED) + 2 * text.count(BOTH_AFFECTED) + text.count(TOP_AFFECTED)
    unaffected = text.count(UNAFFECTED) + 2 * text.count(NONE_AFFECTED)
    return affected, unaffected + text.count(TOP_AFFECTED)


def icon_lines(count: float, per: int) -> list[str]:
    """The icon array as lines of text: the first N people affected, then the rest.

    Up to 100 people, one `AFFECTED` or `UNAFFECTED` each. Above, compact: each character
    is two people in reading order (`BOTH_AFFECTED`, `TOP_AFFECTED`, `NONE_AFFECTED`),
    with blank lines between blocks; an odd `per` ends with one person drawn as in a
    small array. Empty if there is no picture.
    """
    grid = icon_grid(per)
    if grid is None:
        return []
    affected = icons_affected(count, per)
    if grid.per_cell == 2:
        return _compact_lines(grid, affected)
    lines: list[str] = []
    for row in range(grid.rows):
        if row and not grid.spaced and row % grid.group == 0:
            lines.append("")
        first = row * grid.columns
        icons = [
            AFFECTED if person < affected else UNAFFECTED
            for person in range(first, min(first + grid.columns, per))
        ]
        if grid.spaced:
            lines.append(" ".join(icons))
        else:
            groups = ["".join(icons[i : i + grid.group]) for i in range(0, len(icons), grid.group)]
            lines.append(" ".join(groups))
    return lines


def _compact_lines(grid: IconGrid, affected: int) -> list[str]:
    per_line = grid.columns * grid.per_cell
    lines: list[str] = []
    for row in range(grid.rows):
        if row and row % grid.block_rows == 0:
            lines.append("")
        first = row * per_line
        cells = [
            _pair(person < affected, person + 1 < affected if person + 1 < grid.per else None)
            for person in range(first, min(first + per_line, grid.per), 2)
        ]
        groups = ["".join(cells[i : i + grid.group]) for i in range(0, len(cells), grid.group)]
        lines.append(" ".join(groups))
    return lines


def option_heading(option: Option) -> str:
    """The option's label, exactly as the author wrote it.

    Nothing is appended for a no-action option: "watchful waiting" is wrong for, say, not
    being screened, and an author who wants a marker writes it in the label.
    """
    return option.label


def kind_words(option: Option) -> str:
    """The option's kind in neutral words (no claim about what "no action" means here)."""
    if option.is_no_action:
        return _("The option of taking no action")
    return _("An active option")


def label_says_timeframe(label: str, timeframe: str) -> bool:
    """Whether an outcome's label already says its timeframe ("Heart attack in 10 years")."""
    said = " ".join(timeframe.casefold().split())
    return bool(said) and said in " ".join(label.casefold().split())


def timeframe_note(label: str, timeframe: str) -> str:
    """The timeframe to show beside a label: empty when the label already says it, so that
    no screen or export prints "in 10 years (10 years)"."""
    return "" if label_says_timeframe(label, timeframe) else timeframe


def outcome_type_words(outcome: Outcome) -> str:
    """Word and symbol, so that benefit and harm never rest on colour alone."""
    return _("✓ Benefit") if outcome.is_benefit else _("⚠ Harm")


CERTAINTY_NAMES = {
    "high": N_("high"),
    "moderate": N_("moderate"),
    "low": N_("low"),
    "very low": N_("very low"),
}
"""The format's certainty levels (GRADE's), as the language says them."""


def certainty_name(certainty: str) -> str:
    """A certainty level in the language in force; one the format does not know as written."""
    known = CERTAINTY_NAMES.get(certainty)
    return certainty if known is None else _(known)


def certainty_words(outcome: Outcome) -> str:
    return _("certainty of evidence: {certainty}").format(
        certainty=certainty_name(outcome.certainty) if outcome.certainty else _("not stated")
    )


def difference_phrase(outcome: Outcome, first: Option, second: Option) -> str:
    """The absolute difference between two options, e.g. "2 fewer out of 100 with A than with B".

    Empty when either count is not known.
    """
    a, b = outcome.count_for(first.id), outcome.count_for(second.id)
    if a is None or b is None:
        return ""
    if a == b:
        return _("The same number out of {per} with either option.").format(per=outcome.per)
    message = (
        _("{count} fewer out of {per} with “{first}” than with “{second}”.")
        if a < b
        else _("{count} more out of {per} with “{first}” than with “{second}”.")
    )
    return message.format(
        count=format_count(abs(a - b)), per=outcome.per, first=first.label, second=second.label
    )


# -- personalised evidence (format 2): counts for this patient, with ranges -----------------

WAITING = N_("not shown yet – enter the patient's details above")
WAITING_SHORT = N_("not shown yet")


def range_words(outcome: Outcome, option_id: str) -> str:
    """ ", between 8 and 13" where the count has a range; empty otherwise."""
    span = outcome.range_for(option_id)
    if span is None:
        return ""
    return _(", between {low} and {high}").format(
        low=format_count(span[0]), high=format_count(span[1])
    )


def shown_count_phrase(outcome: Outcome, option_id: str) -> str:
    """ "11 out of 100, between 8 and 13"; "not known"; or, until the inputs the outcome
    needs are entered, "not shown yet". A format-1 count reads as `count_phrase`."""
    if outcome.missing:
        return _(WAITING_SHORT)
    count = outcome.count_for(option_id)
    return count_phrase(count, outcome.per) + (
        "" if count is None else range_words(outcome, option_id)
    )


def shown_people_phrase(outcome: Outcome, option_id: str) -> str:
    """ "11 out of 100 people, between 8 and 13", as `people_phrase` with the range."""
    if outcome.missing:
        return _(WAITING)
    count = outcome.count_for(option_id)
    return people_phrase(count, outcome.per) + (
        "" if count is None else range_words(outcome, option_id)
    )


def other_frame_phrase(outcome: Outcome, options: tuple[Option, ...]) -> str:
    """The counts said the other way round: "No stroke in 10 years: 89 out of 100 with
    “Take the tablet”, 86 out of 100 with “No tablet”"; empty when not worded so."""
    if not outcome.other_frame or outcome.missing:
        return ""
    parts = [
        _("{count} out of {per} with “{option}”").format(
            count=format_count(outcome.per - count), per=outcome.per, option=option.label
        )
        for option in options
        if (count := outcome.count_for(option.id)) is not None
    ]
    if not parts:
        return ""
    return _("{frame}: {counts}").format(frame=outcome.other_frame, counts=", ".join(parts))
