"""An icon array (pictograph): PER people, the affected ones filled (●) and first; above
100 people compact, two people a character (█ ▀ ░), so that 1000 take 11 lines."""

from __future__ import annotations

import re

from textual.content import Content, Span
from textual.widget import Widget

from sdm_tui.aid.figures import (
    AFFECTED,
    BOTH_AFFECTED,
    NONE_AFFECTED,
    TOP_AFFECTED,
    UNAFFECTED,
    icon_lines,
    people_phrase,
)

_SHOWS_AFFECTED = frozenset({AFFECTED, BOTH_AFFECTED, TOP_AFFECTED})
_RUNS = re.compile(f"[{AFFECTED}{BOTH_AFFECTED}{TOP_AFFECTED}]+|[{UNAFFECTED}{NONE_AFFECTED}]+")


class IconArray(Widget):
    """Draws `per` people, `count` of them affected.

    Affected people differ by shape (● against ○) as well as colour. The colour is one
    neutral emphasis for benefits and harms alike: in "Died of prostate cancer", listed
    as a benefit of screening, the filled icons are deaths, so green would mislead.
    """

    DEFAULT_CSS = """
    IconArray {
        width: auto;
        height: auto;
    }
    IconArray > .icon-array--affected {
        color: $accent;
        text-style: bold;
    }
    IconArray > .icon-array--unaffected {
        color: $text-muted;
    }
    """

    COMPONENT_CLASSES = {"icon-array--affected", "icon-array--unaffected"}

    def __init__(
        self, count: float, per: int, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.count = count
        self.per = per
        self.lines = icon_lines(count, per)
        """The picture as text: what is drawn, before colour."""
        self.tooltip = people_phrase(count, per)

    def show(self, count: float, per: int) -> None:
        """Draw `count` of `per` people instead (a patient's inputs changed)."""
        resized = per != self.per
        self.count = count
        self.per = per
        self.lines = icon_lines(count, per)
        self.tooltip = people_phrase(count, per)
        self.refresh(layout=resized)

    def render(self) -> Content:
        affected = self.get_visual_style("icon-array--affected", partial=True)
        unaffected = self.get_visual_style("icon-array--unaffected", partial=True)
        text = "\n".join(self.lines)
        spans = [
            Span(run.start(), run.end(), affected if run[0][0] in _SHOWS_AFFECTED else unaffected)
            for run in _RUNS.finditer(text)
        ]
        return Content(text, spans)
