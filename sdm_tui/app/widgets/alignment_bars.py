"""Signed bars around a zero line: how the ratings line up with each option.

A bar to the right points towards the option, to the left away from it; every bar carries
its score as a number, so nothing depends on colour. All bars share one scale (the
lowest and highest score any option could reach), so lengths compare fairly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from textual.content import Content
from textual.geometry import Size
from textual.style import Style as VisualStyle
from textual.widget import Widget

from sdm_tui.app.plain import plain
from sdm_tui.i18n import _

AXIS = "│"
BAR = "█"
MIN_BAR_AREA = 12
"""Narrower than this beside the labels, each label goes on a line of its own."""
MAX_BAR_AREA = 56
"""Wider bars would only push the scores away from them."""


class AlignmentRow(NamedTuple):
    label: str
    """The option's label, as the author wrote it (shown literally)."""
    score: int


def signed(score: int) -> str:
    return f"{score:+d}" if score else "0"


def bar_cells(score: int, low: int, high: int, width: int) -> tuple[int, int]:
    """(column of the zero line, cells of this bar) in a bar area `width` cells wide.

    A score that is not zero always gets at least one cell.
    """
    span = high - low
    axis = round(width * -low / span) if span else 0
    if low < 0:
        axis = max(axis, 1)
    if high > 0:
        axis = min(axis, width - 2)
    room = axis if score < 0 else width - axis - 1
    limit = -low if score < 0 else high
    length = round(abs(score) * room / limit) if limit else 0
    if score:
        length = max(length, 1)
    return axis, min(length, room)


class AlignmentBars(Widget):
    """One bar per option, label on the left, score on the right."""

    DEFAULT_CSS = """
    AlignmentBars {
        width: 1fr;
        height: auto;

        & > .alignment-bars--towards { color: $primary; }
        & > .alignment-bars--away { color: $secondary; }
        & > .alignment-bars--axis { color: $text-muted; }
        & > .alignment-bars--legend { color: $text-muted; text-style: italic; }
        & > .alignment-bars--score { text-style: bold; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "alignment-bars--towards",
        "alignment-bars--away",
        "alignment-bars--axis",
        "alignment-bars--legend",
        "alignment-bars--score",
    }

    def __init__(
        self,
        rows: Sequence[AlignmentRow],
        bounds: tuple[int, int],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows = tuple(rows)
        low, high = bounds
        scores = [row.score for row in self.rows]
        # The scale must hold every score even if the bounds passed in were too tight.
        self.low = min(low, 0, *scores)
        self.high = max(high, 0, *scores)

    def _style(self, name: str) -> VisualStyle:
        return self.get_visual_style(f"alignment-bars--{name}")

    def _columns(self, width: int) -> tuple[int, int, int]:
        """(label width, bar area width, score width); label width 0 means labels above."""
        score_width = max((len(signed(row.score)) for row in self.rows), default=1)
        longest = max((plain(row.label).cell_length for row in self.rows), default=0)
        label_width = min(longest, max(10, width // 3))
        bar_width = min(width - label_width - score_width - 2, MAX_BAR_AREA)
        if bar_width < MIN_BAR_AREA:
            return 0, max(width - score_width - 1, 3), score_width
        return label_width, bar_width, score_width

    def _bar(self, score: int, bar_width: int) -> Content:
        axis, length = bar_cells(score, self.low, self.high, bar_width)
        left = Content(" " * axis)
        right = Content(" " * (bar_width - axis - 1))
        if score < 0:
            left = Content(" " * (axis - length)) + Content(BAR * length).stylize(
                self._style("away")
            )
        elif score > 0:
            right = Content(BAR * length).stylize(self._style("towards")) + Content(
                " " * (bar_width - axis - 1 - length)
            )
        return Content.assemble(left, Content(AXIS).stylize(self._style("axis")), right)

    def _legend(self, bar_width: int) -> Content:
        axis, _length = bar_cells(0, self.low, self.high, bar_width)
        # The longest words that fit beside the zero line, else shorter ones, else none.
        away = next((t for t in (_("◀ points away"), _("◀ away")) if len(t) + 1 <= axis), "")
        right_room = bar_width - axis - 1
        towards = next(
            (t for t in (_("points towards ▶"), _("towards ▶")) if len(t) + 1 <= right_room),
            "",
        )
        left = Content(" " * (axis - len(away) - (1 if away else 0)) + away + (" " if away else ""))
        right = Content((" " if towards else "") + towards)
        right = right + Content(" " * (right_room - right.cell_length))
        legend = self._style("legend")
        return Content.assemble(
            left.stylize(legend), Content(AXIS).stylize(self._style("axis")), right.stylize(legend)
        )

    def _lines(self, width: int) -> list[Content]:
        label_width, bar_width, score_width = self._columns(width)
        gutter = Content(" " * (label_width + 1)) if label_width else Content("")
        lines = [gutter + self._legend(bar_width)]
        blank_bar = self._bar(0, bar_width)
        for row in self.rows:
            score = Content(signed(row.score).rjust(score_width)).stylize(self._style("score"))
            bar_line = Content.assemble(self._bar(row.score, bar_width), " ", score)
            if not label_width:
                lines.extend(plain(row.label).wrap(width))
                lines.append(bar_line)
                continue
            label_lines = plain(row.label).wrap(label_width) or [Content("")]
            for number, label_line in enumerate(label_lines):
                padded = label_line + Content(" " * (label_width - label_line.cell_length))
                rest = bar_line if number == 0 else blank_bar
                lines.append(Content.assemble(padded, " ", rest))
        return lines

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))
