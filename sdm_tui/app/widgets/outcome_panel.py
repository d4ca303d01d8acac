"""One outcome: what it is, how sure and from where, then each option's count and icon array."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from sdm_tui.aid.citations import number_markers
from sdm_tui.aid.figures import (
    certainty_words,
    difference_phrase,
    icon_grid,
    legend,
    option_heading,
    other_frame_phrase,
    outcome_type_words,
    rounding_note,
    shown_count_phrase,
    shown_people_phrase,
)
from sdm_tui.aid.model import DecisionAid, Option, Outcome
from sdm_tui.app.plain import plain
from sdm_tui.app.widgets.icon_array import IconArray
from sdm_tui.i18n import _, current_language, ngettext

FIGURE_GAP = 4
"""Cells a figure needs besides its picture: its left border, padding and margin."""
NARROWEST_FIGURE = 24
"""A figure without a picture still needs room for its words."""
GUESSED_CHROME = 8
"""Cells around a panel's content in the outcomes view: scroll padding and bar, border, padding."""
MUTED = "$foreground-muted"
"""Content spans take theme colours, but not the contrast-based `$text-muted`."""


def outcome_type_content(outcome: Outcome) -> Content:
    """ "✓ Benefit" or "⚠ Harm": the word and symbol carry it, the colour only repeats it."""
    colour = "$text-success" if outcome.is_benefit else "$text-error"
    return Content(outcome_type_words(outcome)).stylize(f"bold {colour}")


def outcome_heading(aid: DecisionAid, outcome: Outcome, *, with_counts: bool = False) -> Content:
    """Type and label; timeframe, certainty and source; the difference between two options.

    `with_counts` adds every option's count, for when the pictures are stacked and the
    second option's count would be a long scroll away from the first's.
    """
    source = aid.source(outcome.source)
    citation = (
        source.citation
        if source
        else _("{source} (not in the list of sources)").format(source=outcome.source)
    )
    lines = [
        Content.assemble(
            outcome_type_content(outcome),
            ": ",
            plain(number_markers(aid, outcome.label)).stylize("bold"),
        ),
        plain(
            _("Timeframe: {timeframe} · {certainty}").format(
                timeframe=outcome.timeframe, certainty=certainty_words(outcome)
            )
        ).stylize(MUTED),
        plain(_("Source: {citation}").format(citation=citation)).stylize(MUTED),
    ]
    if with_counts:
        for option in aid.options:
            count = outcome.count_for(option.id)
            lines.append(
                Content.assemble(
                    plain(f"• {option_heading(option)}: "),
                    plain(shown_count_phrase(outcome, option.id)).stylize(
                        "bold" if count is not None else f"italic {MUTED}"
                    ),
                )
            )
    if len(aid.options) == 2 and (difference := difference_phrase(outcome, *aid.options)):
        lines.append(plain(difference))
    if other := other_frame_phrase(outcome, aid.options):
        lines.append(plain(_("Said the other way round: {phrase}.").format(phrase=other)))
    if icon_grid(outcome.per) is not None:
        lines.append(Content(legend(outcome.per)).stylize(MUTED))
    return Content("\n").join(lines)


def too_many_to_draw(per: int) -> str:
    """Why an option's figure has no picture: "(no picture: 10000 people are too many to
    draw)", the number as the language writes it ("10.000" in Spanish)."""
    if current_language() == "en":
        shown = str(per)  # as the first release printed it
    else:
        from sdm_tui.i18n.formats import format_decimal

        shown = format_decimal(per)
    return ngettext(
        "(no picture: {count} people are too many to draw)",
        "(no picture: {count} people are too many to draw)",
        per,
    ).format(count=shown)


def figure_words(outcome: Outcome, option: Option) -> Content:
    """The option's name, then "N out of PER people" or "not known", and any rounding note."""
    count = outcome.count_for(option.id)
    phrase = plain(shown_people_phrase(outcome, option.id))
    lines = [
        plain(option_heading(option)).stylize("bold"),
        phrase.stylize(f"italic {MUTED}" if count is None else "bold"),
    ]
    if note := rounding_note(count, outcome.per):
        lines.append(plain(note).stylize(MUTED))
    return Content("\n").join(lines)


class OptionFigure(Vertical):
    """One option's count for one outcome: its name, "N out of PER people", the picture."""

    DEFAULT_CSS = """
    OptionFigure {
        width: 1fr;
        height: auto;
        padding: 0 1;
        margin: 0 1 0 0;
        border-left: outer $panel-lighten-2;
    }
    OptionFigure > .figure-words { height: auto; }
    """

    def __init__(self, outcome: Outcome, option: Option) -> None:
        super().__init__()
        self.outcome = outcome
        self.option = option
        self.count = outcome.count_for(option.id)

    def show(self, outcome: Outcome) -> None:
        """The same option's figure for new counts (its picture stays, redrawn)."""
        self.outcome = outcome
        self.count = outcome.count_for(self.option.id)
        self.query_one(".figure-words", Static).update(figure_words(outcome, self.option))
        for array in self.query(IconArray):
            if self.count is not None:
                array.show(self.count, outcome.per)

    def compose(self) -> ComposeResult:
        per = self.outcome.per
        yield Static(figure_words(self.outcome, self.option), classes="figure-words")
        if self.count is None:
            return
        if icon_grid(per) is None:
            yield Static(plain(too_many_to_draw(per)))
        else:
            yield IconArray(self.count, per)


class OutcomePanel(Vertical):
    """An outcome with every option's figure, side by side where they fit, else stacked."""

    DEFAULT_CSS = """
    OutcomePanel {
        height: auto;
        padding: 0 1;
        margin: 0 0 1 0;
        border: round $panel-lighten-2;
    }
    OutcomePanel > .outcome-heading { height: auto; }
    OutcomePanel > .option-figures { height: auto; margin: 1 0 0 0; }
    OutcomePanel.-stacked > .option-figures { layout: vertical; }
    OutcomePanel.-stacked OptionFigure { margin: 0 0 1 0; }
    """

    def __init__(self, aid: DecisionAid, outcome: Outcome) -> None:
        super().__init__(classes="-benefit" if outcome.is_benefit else "-harm")
        self.aid = aid
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        heading = outcome_heading(self.aid, self.outcome, with_counts=self.has_class("-stacked"))
        yield Static(heading, classes="outcome-heading")
        with Horizontal(classes="option-figures"):
            for option in self.aid.options:
                yield OptionFigure(self.outcome, option)

    def show_outcome(self, aid: DecisionAid, outcome: Outcome) -> None:
        """Redraw with the counts for new patient inputs: words, pictures and all.

        In place where every picture stays (only counts change: the heading, the words and
        the icons are redrawn); composed afresh where a picture comes or goes (an input
        entered or cleared). Recomposing four panels took 100 ms; in place is one frame."""
        drawn = [f.count is not None for f in self.query(OptionFigure)]
        self.aid = aid
        self.outcome = outcome
        figures = list(self.query(OptionFigure))
        if drawn != [outcome.count_for(f.option.id) is not None for f in figures]:
            self.refresh(recompose=True)
            self.call_after_refresh(self._line_up_pictures)
            return
        heading = outcome_heading(aid, outcome, with_counts=self.has_class("-stacked"))
        self.query_one(".outcome-heading", Static).update(heading)
        for figure in figures:
            figure.show(outcome)

    def needed_width(self) -> int:
        """Cells for all options side by side."""
        grid = icon_grid(self.outcome.per)
        figure = max(NARROWEST_FIGURE, grid.width if grid else 0) + FIGURE_GAP
        return figure * len(self.aid.options)

    def on_mount(self) -> None:
        # A first guess from the terminal's width, so that the first layout is usually right:
        # each change of layout costs a pass over the whole screen.
        self._choose_layout(self.app.size.width - GUESSED_CHROME)

    def on_resize(self, event: events.Resize) -> None:
        self._choose_layout(self.content_size.width)
        self.call_after_refresh(self._line_up_pictures)

    def _choose_layout(self, width: int) -> None:
        stacked = width < self.needed_width()
        if stacked != self.has_class("-stacked"):
            self.set_class(stacked, "-stacked")
            heading = outcome_heading(self.aid, self.outcome, with_counts=stacked)
            self.query_one(".outcome-heading", Static).update(heading)

    def _line_up_pictures(self) -> None:
        """Side by side, every picture starts on the same line, whatever wraps above it."""
        words = list(self.query(".figure-words").results(Static))
        if self.has_class("-stacked"):
            for each in words:
                each.styles.min_height = None
            return
        natural = [
            each.get_content_height(each.size, each.size, each.content_size.width) for each in words
        ]
        for each in words:
            each.styles.min_height = max(natural)
