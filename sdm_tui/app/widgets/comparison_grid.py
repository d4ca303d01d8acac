"""The comparison grid (Option Grid style): options as columns, questions as rows.

Below the questions, the outcomes in numbers ("N out of PER"), benefits then harms.
Where the options do not fit side by side, one option is shown at a time.

The rows are drawn from lines rendered once per width for each way of showing them (all
options, or one of them): scrolling and switching redraw lines, never the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.table import Table
from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.selection import Selection
from textual.strip import Strip

from sdm_tui.aid.citations import number_markers
from sdm_tui.aid.figures import (
    option_heading,
    outcome_type_words,
    shown_count_phrase,
    timeframe_note,
)
from sdm_tui.aid.model import DecisionAid, Option, Outcome
from sdm_tui.app.plain import plain
from sdm_tui.app.textual_compat import (
    forget_styled_lines,
    own_vertical_scrollbar,
    set_scroll_range,
)
from sdm_tui.app.widgets.kept_lines import KeptScrollBar, KeptStatic, style_inputs
from sdm_tui.i18n import _, ngettext
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
    return _literal(option.label, "bold")


def _outcome_row_label(aid: DecisionAid, outcome: Outcome) -> Text:
    label = Text(outcome_type_words(outcome), style="bold")
    label.append(": ")
    label.append(neutralise(number_markers(aid, outcome.label)))
    note = timeframe_note(outcome.label, outcome.timeframe)
    if note:
        label.append(f"\n({neutralise(note)})", style="dim")
    return label


def _count_cell(outcome: Outcome, option: Option) -> Text:
    count = outcome.count_for(option.id)
    phrase = shown_count_phrase(outcome, option.id)
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
    table.add_column(Text(_("Question")), ratio=QUESTION_RATIO)
    for option in options:
        table.add_column(_option_header(option), ratio=OPTION_RATIO)
    return table


def grid_header(options: Sequence[Option]) -> _Trimmed:
    """The column headings alone: they stay in view while the rows scroll beneath them."""
    return _Trimmed(_new_table(options, show_header=True), last=1)


def grid_rows(aid: DecisionAid, options: Sequence[Option]) -> _Trimmed:
    """Questions, then outcome counts (benefits, then harms), for `options`: one table.

    Its columns line up with `grid_header` at the same width: every column has a ratio,
    so Rich sizes them by ratio alone, not by their content.
    """
    table = _new_table(options, show_header=False)
    _add_question_rows(table, aid, options)
    _add_outcome_rows(table, aid, options)
    return _Trimmed(table, first=1)


def grid_row_parts(aid: DecisionAid, options: Sequence[Option]) -> tuple[_Trimmed, _Trimmed]:
    """`grid_rows` in two tables that draw the same lines one after the other: the
    questions, which a patient's inputs never change, and the counts, which they do (so
    that a changed input redraws the counts alone). The counts' top border becomes the
    line between rows (`as_row_line`); with no counts, the questions keep their bottom."""
    questions = _new_table(options, show_header=False)
    _add_question_rows(questions, aid, options)
    counts = _new_table(options, show_header=False)
    _add_outcome_rows(counts, aid, options)
    if not counts.rows:
        return _Trimmed(questions, first=1), _Trimmed(counts, first=1, last=2)
    if not questions.rows:
        return _Trimmed(questions, first=1, last=1), _Trimmed(counts, first=1)
    return _Trimmed(questions, first=1, last=1), _Trimmed(counts)


_TOP_TO_ROW_LINE = str.maketrans("╭┬╮", "├┼┤")


def as_row_line(strip: Strip) -> Strip:
    """A rounded table's top border as the line between two of its rows."""
    segments = [Segment(s.text.translate(_TOP_TO_ROW_LINE), s.style) for s in strip]
    return Strip(segments, strip.cell_length)


def _add_question_rows(table: Table, aid: DecisionAid, options: Sequence[Option]) -> None:
    no_answer = _("(no answer given)")
    for question in aid.questions:
        table.add_row(
            _literal(number_markers(aid, question.text), "bold"),
            *(
                _literal(number_markers(aid, question.answers.get(option.id, no_answer)))
                for option in options
            ),
        )


def _add_outcome_rows(table: Table, aid: DecisionAid, options: Sequence[Option]) -> None:
    outcomes = (*aid.benefits, *aid.harms)
    if outcomes:
        table.add_row(
            Text(_("In numbers, out of the same number of people"), style="bold italic"),
            *(_literal(option.label, "bold italic") for option in options),
        )
    for outcome in outcomes:
        table.add_row(
            _outcome_row_label(aid, outcome),
            *(_count_cell(outcome, option) for option in options),
        )


def _view_key(options: Sequence[Option]) -> tuple[str, ...]:
    return tuple(option.id for option in options)


def _joined_runs(strip: Strip) -> Strip:
    """`strip` with neighbouring pieces that look the same made one piece.

    Styled for the screen, a cell's padding and its text look the same but stay apart: each
    piece carries its own offset for mouse selection. Every piece costs its colours again
    on the way to the terminal (~35 bytes), and half the grid's pieces could go: neighbours
    in the same style, and blank cells (spaces show only their background) between dim
    borders. Selection does not read these lines (Textual finds the offset under the mouse
    in `render_line`), so a joined piece's offset may be a neighbour's."""
    segments: list[Segment] = []
    looks: list[tuple[object, ...] | None] = []
    for segment in strip:
        text, style, control = segment
        look = None if style is None or control else (style.clear_meta_and_links(), style.link)
        if segments and look is not None and looks[-1] is not None:
            before = segments[-1]
            assert before.style is not None and style is not None
            if look == looks[-1] or (
                _is_blank(text) and _blank_look(style) == _blank_look(before.style)
            ):
                segments[-1] = Segment(before.text + text, before.style)
                continue
            if _is_blank(before.text) and _blank_look(before.style) == _blank_look(style):
                segments[-1] = Segment(before.text + text, style)
                looks[-1] = look
                continue
        segments.append(segment)
        looks.append(look)
    return Strip(segments, strip.cell_length)


def _is_blank(text: str) -> bool:
    return not text.strip(" ")


def _blank_look(style: RichStyle) -> tuple[object, ...]:
    """What shows of a space in `style`: its background, and lines drawn through it."""
    return (
        style.bgcolor,
        style.reverse,
        style.underline,
        style.underline2,
        style.overline,
        style.strike,
        style.link,
    )


class GridLines(NamedTuple):
    """A view of the grid rendered at one width: the headings, then the rows."""

    header: list[Strip]
    rows: list[Strip]


class GridView(ScrollView, can_focus=True):
    """The grid drawn line by line: the column headings stay at the top while the rows
    scroll beneath them.

    Each view (all options, or one of them) is rendered once per width, ahead of need, and
    kept: a scroll, or a switch between views, draws lines already made (rendering a table
    of wrapped cells takes tens of milliseconds), and lays nothing out again unless the
    scrollbar comes or goes.
    """

    RENDER_AHEAD_DELAY = 0.2
    """Seconds after the grid is first drawn at a width before the other views are made."""

    def __init__(self, aid: DecisionAid, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.aid = aid
        self.options: tuple[Option, ...] = aid.options
        """The options shown, as columns."""
        self._rendered: dict[tuple[str, ...], GridLines] = {}
        self._question_lines: dict[tuple[str, ...], tuple[list[Strip], list[Strip]]] = {}
        """The headings' and the questions' lines by view, at `_rendered_width`: kept when
        a patient's inputs change (they change only the counts)."""
        self._rendered_width = 0
        self._frame = (GridLines([], []), Offset(0, 0), 0)
        self._style = RichStyle()
        self._styled: dict[tuple[object, ...], Strip] = {}
        """Lines as shown (padding, colours, filters applied), by what they show."""
        self._styled_for: tuple[object, ...] = ()
        self._range_stale = False
        """The scroll range waits for the grid to be shown: it was hidden when it changed."""
        self._counts_waiting = False
        """Counts out of view wait to be redrawn after the frame (see show_aid)."""

    @property
    def table(self) -> Table:
        """The rows as Rich builds them, for the options shown."""
        table = grid_rows(self.aid, self.options).renderable
        assert isinstance(table, Table)
        return table

    def show(self, options: Sequence[Option]) -> None:
        self.options = tuple(options)
        self._update()

    def show_aid(self, aid: DecisionAid) -> None:
        """Redraw with `aid`'s counts (the same options: a patient's inputs changed).

        Counts in view are redrawn in the same frame as the key that changed them. Counts
        out of view (the questions fill the grid until it is scrolled) are redrawn just
        after that frame: drawing them takes longer than the rest of the key, and nobody
        sees them until a scroll, by which time they are done."""
        self.aid = aid
        if self._counts_in_view():
            self._redraw_counts()
        elif not self._counts_waiting:
            self._counts_waiting = True
            self.call_after_refresh(self._redraw_counts)

    def _counts_in_view(self) -> bool:
        """True when a line of the counts shows (or when the grid is not drawn yet)."""
        (header, rows), (_, scroll_y), _ = self._frame
        kept = self._question_lines.get(_view_key(self.options))
        if kept is None or not rows:
            return True
        rows_in_view = self.scrollable_content_region.height - len(header)
        return len(kept[1]) < scroll_y + rows_in_view

    def _redraw_counts(self) -> None:
        self._counts_waiting = False
        self._forget_counts()
        self._update(repaint=self._counts_in_view())

    def _forget_counts(self) -> None:
        self._rendered.clear()  # the question lines are kept: inputs do not change them
        # Lines as shown, but for those of the counts: a line of questions looks the same.
        questions: dict[object, int] = {
            view: len(lines) for view, (_, lines) in self._question_lines.items()
        }

        def shows_counts(shows: tuple[object, ...]) -> bool:
            view, kind, index = shows
            return kind == "row" and isinstance(index, int) and index >= questions.get(view, 0)

        self._styled = {
            shows: strip for shows, strip in self._styled.items() if not shows_counts(shows)
        }

    def on_resize(self) -> None:
        self._update()

    def _update(self, repaint: bool = True) -> None:
        if self.scrollable_content_region.width <= 0:
            # Hidden (another view is shown, and a patient's input changed): a scroll range
            # worked out now would be empty, and showing the grid again does not always
            # resize it (Textual sent no Resize or Show after Outcomes, PageDown, g), which
            # left the grid unable to scroll. The range is set when it is next drawn.
            self._range_stale = True
            return
        self._range_stale = False
        lines = self._lines()
        size = Size(self._rendered_width, len(lines.header) + len(lines.rows))
        if size != self.virtual_size:
            scrolls = size.height > self.scrollable_content_region.height
            if scrolls == self.show_vertical_scrollbar:
                # Only the scroll range changes: no need to lay the screen out again.
                set_scroll_range(self, size)
            else:
                self.virtual_size = size
        if repaint:
            self.refresh()

    def _lines(self) -> GridLines:
        width = self.scrollable_content_region.width
        if width != self._rendered_width:
            self._rendered.clear()
            self._question_lines.clear()
            self._rendered_width = width
            if width > 0:
                self.set_timer(self.RENDER_AHEAD_DELAY, self._render_ahead)
        return self._lines_for(self.options)

    def _lines_for(self, options: Sequence[Option]) -> GridLines:
        key = _view_key(options)
        lines = self._rendered.get(key)
        if lines is None:
            questions, counts = grid_row_parts(self.aid, options)
            kept = self._question_lines.get(key)
            if kept is None:
                kept = self._question_lines[key] = (
                    self._draw(grid_header(options)),
                    self._draw(questions),
                )
            header_lines, question_lines = kept
            count_lines = self._draw(counts)
            if counts.first == 0 and count_lines:
                count_lines[0] = as_row_line(count_lines[0])
            lines = self._rendered[key] = GridLines(header_lines, question_lines + count_lines)
        return lines

    def _draw(self, renderable: RenderableType) -> list[Strip]:
        # Not `_render`: that is Textual's (Widget._render), called to copy a selection.
        width = self._rendered_width
        if width <= 0:
            return []
        render_options = self.app.console_options.update(width=width, highlight=False)
        lines = self.app.console.render_lines(renderable, render_options)
        # Neighbouring pieces in the same style made one (a cell's padding and its text):
        # a third fewer pieces for every later step of every redraw, down to the terminal.
        return [Strip(Segment.simplify(line), width) for line in lines]

    def _render_ahead(self) -> None:
        """Make one view not made yet (all options, then each alone), then the next, a
        moment later: keys are answered in between."""
        for options in (self.aid.options, *((option,) for option in self.aid.options)):
            if _view_key(options) not in self._rendered:
                self._lines_for(options)
                self.set_timer(0.02, self._render_ahead)
                return

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        # As Textual makes it (Widget.vertical_scrollbar), but one that keeps what it drew.
        def make() -> ScrollBar:
            bar = KeptScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            return bar

        return own_vertical_scrollbar(self, make)

    # Textual animates a scroll by keys (a line takes 20 ms, drawn in steps): a line at a
    # time is read more easily, and sooner, when it simply moves.
    def action_scroll_down(self) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction
        self.scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction
        self.scroll_up(animate=False)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._counts_waiting:  # scrolled before they were redrawn: never old counts
            self._forget_counts()
        if self._range_stale:
            self._range_stale = False
            self.call_later(self._update)
        # What every line needs, worked out once per redraw rather than once per line.
        self._frame = (self._lines(), self.scroll_offset, self.scrollable_content_region.width)
        self._style = self.rich_style
        # A line is styled once (Textual's styles cache does it again after every scroll,
        # for every line in view): a scroll shows lines already styled, and styles one.
        width = self.region.width  # as Textual's styles cache draws it: with the gutter
        looks = (
            width,
            self._rendered_width,
            self.scroll_offset.x,
            *style_inputs(self, self._style),
        )
        if looks != self._styled_for:
            self._styled.clear()
            self._styled_for = looks
        view = _view_key(self.options)
        strips = [self._styled_line(view, y, width) for y in crop.line_range]
        x1, x2 = crop.column_span
        if (x1, x2) != (0, width):
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styled.clear()  # e.g. focus: the border and tint of every line change

    def _styled_line(self, view: tuple[str, ...], y: int, width: int) -> Strip:
        shows = (view, *self._source(y - self.styles.padding.top))
        strip = self._styled.get(shows)
        if strip is None:
            forget_styled_lines(self)
            strip = _joined_runs(super().render_lines(Region(0, y, width, 1))[0])
            self._styled[shows] = strip
        return strip

    def _source(self, y: int) -> tuple[str, int]:
        """Which line of the view is shown on content line `y`."""
        (header, rows), (_scroll_x, scroll_y), _width = self._frame
        if y < 0:
            return ("padding", y)
        if y < len(header):
            return ("header", y)
        index = scroll_y + y - len(header)
        return ("row", index) if index < len(rows) else ("blank", 0)

    def render_line(self, y: int) -> Strip:
        # The headings take the first lines; the rows scroll beneath them, so that at the
        # end of the scroll range the last row is on the last line.
        (header, rows), (scroll_x, _), width = self._frame
        kind, index = self._source(y)
        if kind == "header":
            line = header[index]
        elif kind == "row":
            line = rows[index]
            index += len(header)
        else:
            return Strip.blank(width).apply_style(self._style)
        if scroll_x or line.cell_length != width:
            line = line.crop_extend(scroll_x, scroll_x + width, None)
        # Where each piece of text is (line `index` of `get_selection`'s text, from column
        # scroll_x): how a mouse selection finds the characters under it.
        line = self._highlight_selected(line, index).apply_offsets(scroll_x, index)
        return line.apply_style(self._style)

    # -- selecting text with the mouse, and copying it -----------------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text of the view shown: its headings' lines, then its rows'."""
        header, rows = self._lines_for(self.options)
        text = "\n".join(strip.text.rstrip() for strip in (*header, *rows))
        return selection.extract(text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._styled.clear()
        self.refresh()

    def _highlight_selected(self, line: Strip, index: int) -> Strip:
        """`line` (line `index` of the view), with its selected part shown as selected."""
        selection = self.text_selection
        span = None if selection is None else selection.get_span(index)
        if span is None:
            return line
        start, end = span
        end = line.cell_length if end == -1 else min(end, line.cell_length)
        if start >= end:
            return line
        before, chosen, after = line.divide([start, end, line.cell_length])
        style = self.screen.get_component_rich_style("screen--selection")
        chosen = Strip(Segment.apply_style(iter(chosen), post_style=style), chosen.cell_length)
        return Strip.join([before, chosen, after])


class ComparisonGrid(Vertical):
    """The grid, with a line that says whether all options or one of them is shown."""

    DEFAULT_CSS = """
    ComparisonGrid { height: 1fr; }
    /* Always two lines, never wrapped: a switch of view lays nothing out again. The
       option's full name is in the column heading below. */
    ComparisonGrid > #grid-mode {
        height: 2;
        padding: 0 1;
        background: $boost;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ComparisonGrid > #grid-scroll {
        height: 1fr;
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    ComparisonGrid > #grid-scroll:focus { background-tint: $foreground 3%; }
    """

    # Drawn by `_show`, which updates only the parts that change: no repaint of it all.
    single_option: reactive[bool] = reactive(False, init=False, repaint=False)
    """One option at a time, rather than all side by side."""
    option_index: reactive[int] = reactive(0, init=False, repaint=False)
    """The option shown when one is shown at a time."""

    def __init__(self, aid: DecisionAid, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.aid = aid
        self.chosen_by_user = False
        """Once someone has switched with `v`, resizing no longer switches for them."""

    def compose(self) -> ComposeResult:
        yield KeptStatic(id="grid-mode")
        yield GridView(self.aid, id="grid-scroll")

    def on_mount(self) -> None:
        self._show()

    def on_resize(self) -> None:
        if not self.chosen_by_user:
            self.single_option = not fits_side_by_side(self.size.width, len(self.aid.options))

    def toggle_single_option(self) -> None:
        self.chosen_by_user = True
        self.single_option = not self.single_option

    def show_one(self, index: int) -> None:
        """Show option `index` alone (drawn once, by the switch of view)."""
        self.chosen_by_user = True
        self.set_reactive(ComparisonGrid.option_index, index)
        if self.single_option:
            self._show()
        self.single_option = True

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
            return Content(
                ngettext(
                    "All {count} options side by side · v: one option at a time",
                    "All {count} options side by side · v: one option at a time",
                    total,
                ).format(count=total)
                + "\n"
                + _("↑ ↓ scroll: each question, then what happens, in numbers")
            )
        option = self.aid.options[self.option_index]
        return Content.assemble(
            _("Option {number} of {total}: ").format(number=self.option_index + 1, total=total),
            plain(option_heading(option)).stylize("bold"),
            "\n",
            Content.from_markup("[@click=screen.previous_option]$text[/]", text=_("◀ previous")),
            " " + _("([ or ←)") + " · ",
            Content.from_markup("[@click=screen.next_option]$text[/]", text=_("next ▶")),
            " " + _("(] or →)") + " · " + _("v: all side by side"),
        )

    def show_aid(self, aid: DecisionAid) -> None:
        """Show `aid`'s counts: the same aid with the counts for new patient inputs."""
        self.aid = aid
        self.query_one(GridView).show_aid(aid)

    def _show(self) -> None:
        self.query_one("#grid-mode", KeptStatic).update(self.mode_line(), layout=False)
        self.query_one(GridView).show(self.shown_options)
