"""The comparison grid (Option Grid style): options as columns, questions as rows.

Below the questions, the outcomes in numbers ("N out of PER"), benefits then harms.
Where the options do not fit side by side, one option is shown at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from sdm_tui.aid.figures import (
    NO_ACTION_NOTE,
    count_phrase,
    option_heading,
    outcome_type_words,
)
from sdm_tui.aid.model import DecisionAid, Option, Outcome
from sdm_tui.app.plain import plain
from sdm_tui.store.text import neutralise

NARROWEST_COLUMN = 20
"""An option's column narrower than this makes answers hard to read: show one at a time."""
MOST_SIDE_BY_SIDE = 3
QUESTION_RATIO = 2
OPTION_RATIO = 3


def fits_side_by_side(width: int, option_count: int) -> bool:
    """Whether every option gets a readable column next to the question column."""
    if option_count > MOST_SIDE_BY_SIDE:
        return False
    return (width - 2) // (option_count + 1) >= NARROWEST_COLUMN


def _literal(text: str, style: str = "") -> Text:
    """Author text for a Rich table: `Text` never parses markup."""
    return Text(neutralise(text), style=style)


def _option_header(option: Option) -> Text:
    header = _literal(option.label, "bold")
    if option.is_no_action:
        header.append(f"\n{NO_ACTION_NOTE}", style="italic")
    return header


def _outcome_row_label(outcome: Outcome) -> Text:
    label = Text(outcome_type_words(outcome), style="bold")
    label.append(": ")
    label.append(neutralise(outcome.label))
    label.append(f"\n({neutralise(outcome.timeframe)})", style="dim")
    return label


def _count_cell(outcome: Outcome, option: Option) -> Text:
    count = outcome.count_for(option.id)
    phrase = count_phrase(count, outcome.per)
    return Text(phrase, style="italic dim" if count is None else "bold")


class _Trimmed:
    """A renderable without some of its first or last lines: the header and the rows are two
    tables, and the one border between them is the header's."""

    def __init__(self, renderable: RenderableType, *, first: int = 0, last: int = 0) -> None:
        self.renderable = renderable
        self.first = first
        self.last = last

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = console.render_lines(self.renderable, options.reset_height(), pad=False)
        while lines and not lines[-1]:
            lines.pop()
        for line in lines[self.first : len(lines) - self.last]:
            yield from line
            yield Segment.line()


def _new_table(options: Sequence[Option], *, show_header: bool) -> Table:
    table = Table(
        box=box.ROUNDED,
        expand=True,
        show_lines=True,
        show_header=show_header,
        header_style="bold",
        border_style="dim",
    )
    table.add_column(Text("Question"), ratio=QUESTION_RATIO)
    for option in options:
        table.add_column(_option_header(option), ratio=OPTION_RATIO)
    return table


def grid_header(options: Sequence[Option]) -> RenderableType:
    """The column headings alone: they stay in view while the rows scroll beneath them."""
    return _Trimmed(_new_table(options, show_header=True), last=1)


def grid_rows(aid: DecisionAid, options: Sequence[Option]) -> RenderableType:
    """Questions, then outcome counts (benefits, then harms), for `options`.

    Its columns line up with `grid_header` at the same width: every column has a ratio,
    so Rich sizes them by ratio alone, not by their content.
    """
    table = _new_table(options, show_header=False)
    for question in aid.questions:
        table.add_row(
            _literal(question.text, "bold"),
            *(_literal(question.answers.get(option.id, "(no answer given)")) for option in options),
        )
    outcomes = (*aid.benefits, *aid.harms)
    if outcomes:
        table.add_row(
            Text("In numbers, out of the same number of people", style="bold italic"),
            *(_literal(option.label, "bold italic") for option in options),
        )
    for outcome in outcomes:
        table.add_row(
            _outcome_row_label(outcome),
            *(_count_cell(outcome, option) for option in options),
        )
    return _Trimmed(table, first=1)


class ComparisonGrid(Vertical):
    """The grid, with a line that says whether all options or one of them is shown."""

    DEFAULT_CSS = """
    ComparisonGrid { height: 1fr; }
    ComparisonGrid > #grid-mode {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    /* The header leaves room for the rows' scrollbar, so that the columns line up. */
    ComparisonGrid > #grid-header { height: auto; padding: 0 2 0 1; }
    ComparisonGrid > #grid-scroll {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    ComparisonGrid > #grid-scroll:focus { background-tint: $foreground 3%; }
    """

    single_option: reactive[bool] = reactive(False, init=False)
    """One option at a time, rather than all side by side."""
    option_index: reactive[int] = reactive(0, init=False)
    """The option shown when one is shown at a time."""

    def __init__(self, aid: DecisionAid, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.aid = aid
        self.chosen_by_user = False
        """Once someone has switched with `v`, resizing no longer switches for them."""

    def compose(self) -> ComposeResult:
        yield Static(id="grid-mode")
        yield Static(id="grid-header")
        with VerticalScroll(id="grid-scroll"):
            yield Static(id="grid-table")

    def on_mount(self) -> None:
        self._show()

    def on_resize(self) -> None:
        if not self.chosen_by_user:
            self.single_option = not fits_side_by_side(self.size.width, len(self.aid.options))

    def toggle_single_option(self) -> None:
        self.chosen_by_user = True
        self.single_option = not self.single_option

    def move(self, delta: int) -> None:
        self.option_index = (self.option_index + delta) % len(self.aid.options)

    def watch_single_option(self) -> None:
        if self.is_mounted:
            self._show()

    def watch_option_index(self) -> None:
        if self.is_mounted:
            self._show()

    @property
    def shown_options(self) -> tuple[Option, ...]:
        if self.single_option:
            return (self.aid.options[self.option_index],)
        return self.aid.options

    def mode_line(self) -> Content:
        total = len(self.aid.options)
        if not self.single_option:
            return Content(f"All {total} options side by side · v: one option at a time")
        option = self.aid.options[self.option_index]
        return Content.assemble(
            f"Option {self.option_index + 1} of {total}: ",
            plain(option_heading(option)).stylize("bold"),
            "\n",
            Content.from_markup("[@click=screen.previous_option]◀ previous[/]"),
            " ([ or ←) · ",
            Content.from_markup("[@click=screen.next_option]next ▶[/]"),
            " (] or →) · v: all side by side",
        )

    def _show(self) -> None:
        self.query_one("#grid-mode", Static).update(self.mode_line())
        self.query_one("#grid-header", Static).update(grid_header(self.shown_options))
        self.query_one("#grid-table", Static).update(grid_rows(self.aid, self.shown_options))
