"""A row of labelled choices picked with keys or the mouse; the 0-4 rating is one of them.

"Not answered yet" is a real state, different from any choice: Delete or Backspace
returns to it, and it is shown in words.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style as VisualStyle
from textual.widget import Widget

from sdm_tui.app.widgets.kept_lines import KeepsLines
from sdm_tui.consultation.record import RATING_LABELS
from sdm_tui.i18n import N_, _

CHOSEN_MARK = "●"
UNCHOSEN_MARK = "○"
FOCUS_MARK = "▶ "
GAP = "  "


class Cell(NamedTuple):
    """One piece of the row as laid out: a choice (its index) or the status words (None)."""

    choice: int | None
    x: int
    text: str


def lay_out(texts: Sequence[str], status: str, width: int) -> list[list[Cell]]:
    """Place the choice texts (and the status, if any) in lines no wider than `width`.

    A choice is never split across lines; a line that cannot hold even one is overfull.
    """
    indent = len(FOCUS_MARK)
    pieces: list[tuple[int | None, str]] = list(enumerate(texts))
    if status:
        pieces.append((None, status))
    lines: list[list[Cell]] = [[]]
    x = indent
    for choice, text in pieces:
        if lines[-1] and x + len(GAP) + Content(text).cell_length > width:
            lines.append([])
            x = indent
        if lines[-1]:
            x += len(GAP)
        lines[-1].append(Cell(choice, x, text))
        x += Content(text).cell_length
    return lines


class ChoiceRow(KeepsLines, Widget, can_focus=True):
    """Mutually exclusive choices in a row (wrapping when narrow), the chosen one marked ●.

    Left/Right move the choice, Delete/Backspace clear it, a click picks one.
    Subclasses name the choices, add their own keys and say how a change is announced.
    """

    DEFAULT_CSS = """
    ChoiceRow {
        width: 1fr;
        height: auto;
        pointer: pointer;

        & > .choice-row--chosen { background: $primary; color: $text; text-style: bold; }
        & > .choice-row--choice { color: $text; }
        & > .choice-row--hover { background: $boost; text-style: underline; }
        & > .choice-row--status { color: $text-muted; text-style: italic; }
        & > .choice-row--focus-mark { color: $primary; text-style: bold; }
        &:focus { background-tint: $foreground 5%; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "choice-row--chosen",
        "choice-row--choice",
        "choice-row--hover",
        "choice-row--status",
        "choice-row--focus-mark",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", _("Less"), show=False),
        Binding("right", "move(1)", _("More"), show=False),
        Binding("delete,backspace", "clear", _("Clear"), id="clear-choice", tooltip=_("Clear")),
        # One rule for digits: while a row of choices has the focus, every digit is its
        # own (a rating takes 0-4, the rest do nothing); no digit jumps to a stage, so
        # "2" meant for Team talk can never rate "Somewhat" (issue 21).
        Binding(",".join("0123456789"), "no_digit", show=False),
    ]

    UNSET_TEXT: ClassVar[str] = N_("– not answered yet")
    """Shown after the choices while none is chosen (marked: `unset_text` translates it)."""

    value: reactive[int | None] = reactive(None, init=False)
    """The index of the chosen choice, or None before one is chosen. A change lays the
    screen out again only when the row's height changes (see `watch_value`)."""

    _hover: reactive[int | None] = reactive(None, init=False)

    def __init__(
        self,
        labels: Sequence[str],
        value: int | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        on_change: Callable[[ChoiceRow], None] | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.labels = tuple(labels)
        """Our own fixed words for each choice, as shown (never author or patient text)."""
        self.on_change = on_change
        """Called at once when the value changes, before the Changed message is posted: what
        it updates is drawn in the same frame as the row (a message arrives a frame later)."""
        self.set_reactive(ChoiceRow.value, value)

    # -- what it looks like -------------------------------------------------------------

    @property
    def unset_text(self) -> str:
        """`UNSET_TEXT` in the language shown."""
        return _(self.UNSET_TEXT)

    def choice_texts(self) -> list[str]:
        """Each choice as shown, with its mark."""
        return [
            f"{CHOSEN_MARK if index == self.value else UNCHOSEN_MARK} {label}"
            for index, label in enumerate(self.labels)
        ]

    def _lines(self, width: int) -> list[list[Cell]]:
        return self._lines_for(self.value, width)

    def _lines_for(self, value: int | None, width: int) -> list[list[Cell]]:
        # The marks take the same width chosen or not: only the status words move things.
        status = self.unset_text if value is None else ""
        return lay_out(self.choice_texts(), status, width)

    def render(self) -> Content:
        rendered: list[Content] = []
        for number, line in enumerate(self._lines(self.size.width)):
            mark = FOCUS_MARK if self.has_focus and number == 0 else " " * len(FOCUS_MARK)
            parts: list[Content] = [
                Content(mark).stylize(self.get_visual_style("choice-row--focus-mark"))
            ]
            x = len(FOCUS_MARK)
            for cell in line:
                parts.append(Content(" " * (cell.x - x)))
                parts.append(Content(cell.text).stylize(self._cell_style(cell.choice)))
                x = cell.x + Content(cell.text).cell_length
            rendered.append(Content.assemble(*parts))
        return Content("\n").join(rendered)

    def look(self) -> Hashable:
        return (self.labels, self.value, self._hover, self.has_focus)

    def _cell_style(self, choice: int | None) -> VisualStyle:
        if choice is None:
            return self.get_visual_style("choice-row--status")
        if choice == self.value:
            return self.get_visual_style("choice-row--chosen")
        if choice == self._hover:
            return self.get_visual_style("choice-row--hover")
        return self.get_visual_style("choice-row--choice")

    def get_content_width(self, container: Size, viewport: Size) -> int:
        (line,) = lay_out(self.choice_texts(), self.unset_text, 10_000)
        last = line[-1]
        return last.x + Content(last.text).cell_length

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    # -- what it does -------------------------------------------------------------------

    def choice_at(self, x: int, y: int) -> int | None:
        """The choice under a point of the content area, if any."""
        lines = self._lines(self.size.width)
        if not 0 <= y < len(lines):
            return None
        for cell in lines[y]:
            if cell.choice is not None and cell.x <= x < cell.x + Content(cell.text).cell_length:
                return cell.choice
        return None

    def offset_of(self, choice: int) -> tuple[int, int]:
        """Where a choice starts in the content area (x, y): for tests and tooltips."""
        for y, line in enumerate(self._lines(self.size.width)):
            for cell in line:
                if cell.choice == choice:
                    return cell.x, y
        raise ValueError(f"no choice {choice!r}")

    def watch_value(self, old: int | None, new: int | None) -> None:
        width = self.size.width
        height_changes = len(self._lines_for(old, width)) != len(self._lines_for(new, width))
        self.refresh(layout=height_changes)
        if self.on_change is not None:
            self.on_change(self)
        self.announce_change()

    def announce_change(self) -> None:
        """Post the subclass's Changed message."""
        raise NotImplementedError

    def action_choose(self, index: int) -> None:
        self.value = index

    def action_no_digit(self) -> None:
        """A digit that is not a choice here: nothing happens (no stage jump either)."""
        self.app.bell()

    def action_move(self, delta: int) -> None:
        if self.value is None:
            self.value = 0 if delta > 0 else len(self.labels) - 1
        else:
            self.value = min(max(self.value + delta, 0), len(self.labels) - 1)

    def action_clear(self) -> None:
        self.value = None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        choice = self.choice_at(offset.x, offset.y)
        if choice is not None:
            self.value = choice

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        self._hover = None if offset is None else self.choice_at(offset.x, offset.y)

    def on_leave(self, event: events.Leave) -> None:
        self._hover = None

    def on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self.refresh()


class Rating(ChoiceRow):
    """How much something matters: 0 (not at all) to 4 (very much), or not rated yet.

    Number keys 0-4 pick a rating directly.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(number), f"choose({number})", _(RATING_LABELS[number]), show=False)
        for number in range(len(RATING_LABELS))
    ]

    UNSET_TEXT = N_("– not rated yet")

    @dataclass
    class Changed(Message):
        """The rating was changed (value None: cleared)."""

        rating: Rating
        value: int | None

        @property
        def control(self) -> Rating:
            return self.rating

    def __init__(
        self,
        value: int | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        on_change: Callable[[ChoiceRow], None] | None = None,
    ) -> None:
        labels = [f"{number} {_(label)}" for number, label in enumerate(RATING_LABELS)]
        super().__init__(labels, value, name=name, id=id, classes=classes, on_change=on_change)

    def announce_change(self) -> None:
        self.post_message(self.Changed(self, self.value))
