"""Stage 3, option talk: the comparison grid, the outcomes as counts and pictures, option pages.

For a format-2 aid the stage starts with "About you": the clinician enters the patient's
inputs, and every count, range and icon array below redraws for them (the only thing
entered here). Otherwise the stage only shows the aid.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Click
from textual.lazy import Lazy
from textual.widgets import ContentSwitcher, Static, Tab, Tabs

from sdm_tui.aid.citations import number_markers
from sdm_tui.aid.evidence import InputError, format_value
from sdm_tui.aid.figures import (
    certainty_words,
    kind_words,
    option_heading,
    other_frame_phrase,
    shown_people_phrase,
)
from sdm_tui.aid.model import DecisionAid, Option
from sdm_tui.app.plain import plain
from sdm_tui.app.screens.base import StageScreen
from sdm_tui.app.widgets.about_you import AboutYou
from sdm_tui.app.widgets.comparison_grid import ComparisonGrid
from sdm_tui.app.widgets.outcome_panel import MUTED, OutcomePanel, outcome_type_content
from sdm_tui.consultation.inputs import (
    basis_sentence,
    clear_input,
    input_values,
    missing_inputs,
    set_input,
    shown_aid,
)
from sdm_tui.i18n import _

OPTION_KEYS = Binding.Group(_("Option"), compact=True)
FOCUS_IN_VIEW = {"compare": "#grid-scroll", "outcomes": "#outcomes-scroll"}


class OptionTab(Static):
    """An option's name above the pages: ▶ marks the page shown; a click shows its page."""

    def __init__(self, index: int, option: Option, *, current: bool) -> None:
        super().__init__()
        self.index = index
        self.option = option
        self.tooltip = _("Show this option's page ([ and ] move between pages)")
        self.mark(current)

    def mark(self, current: bool) -> None:
        self.set_class(current, "-current")
        self.update(Content.assemble("▶ " if current else "  ", plain(self.option.label)))

    def on_click(self, event: Click) -> None:
        screen = self.screen
        if isinstance(screen, OptionsScreen):
            screen.show_page(self.index)


class PageOutcomes(Static):
    """An option page's numbers: redrawn when the patient's inputs change."""

    def __init__(self, option: Option, content: Content) -> None:
        super().__init__(content, classes="page-section")
        self.option = option


class OptionsScreen(StageScreen):
    stage_key = "options"
    CSS_PATH = "options.tcss"

    BINDINGS = [
        # The tabs name their keys, so g, o and p stay out of the crowded footer.
        Binding(
            "g",
            "show_view('compare')",
            _("Grid"),
            id="view-compare",
            tooltip=_("Compare the options in a grid"),
            show=False,
        ),
        Binding(
            "o",
            "show_view('outcomes')",
            _("Outcomes"),
            id="view-outcomes",
            tooltip=_("Outcomes as counts and pictures, benefits then harms"),
            show=False,
        ),
        Binding(
            "p",
            "show_view('pages')",
            _("Pages"),
            id="view-pages",
            tooltip=_("A page per option"),
            show=False,
        ),
        Binding(
            "v",
            "toggle_single_option",
            _("One/all"),
            id="single-option",
            tooltip=_("Show one option at a time, or all side by side"),
        ),
        Binding(
            "left_square_bracket",
            "option(-1)",
            _("Previous option"),
            key_display="[",
            group=OPTION_KEYS,
            id="previous-option",
            tooltip=_("Previous option (from all side by side: one at a time)"),
        ),
        Binding(
            "right_square_bracket",
            "option(1)",
            _("Next option"),
            key_display="]",
            group=OPTION_KEYS,
            id="next-option",
            tooltip=_("Next option (from all side by side: one at a time)"),
        ),
        # The arrows move between options only where one is shown at a time; elsewhere
        # they are left to what has the focus.
        Binding("left", "option_arrow(-1)", _("Previous option"), show=False),
        Binding("right", "option_arrow(1)", _("Next option"), show=False),
        Binding(
            "a",
            "about",
            _("About"),
            id="about-aid",
            tooltip=_(
                "About this aid: who wrote it, their interests, who paid, when it is updated"
            ),
        ),
        Binding(
            "u",
            "about_you",
            _("About you"),
            id="about-you",
            tooltip=_("The patient's details the numbers are for (a risk, an age band)"),
            show=False,  # the About-you line says "u"; an 80-column footer has no room
        ),
        Binding(
            "i",
            "toggle_pictures",
            _("Pictures"),
            id="pictures",
            tooltip=_("Show or hide the icon arrays (the counts stay)"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.current_view = "compare"
        """The view shown: "compare", "outcomes" or "pages"."""
        self.single_option = False
        """Whether the grid shows one option at a time (mirrors the grid, for the footer)."""
        self._stale_views: set[str] = set()
        """Views drawn for inputs that have changed since: redrawn when next shown."""

    @property
    def shown(self) -> DecisionAid:
        """The aid with its counts for this patient's inputs (the aid itself for format 1)."""
        return shown_aid(self.consultation)

    def compose_body(self) -> ComposeResult:
        if self.aid.inputs:
            values = input_values(self.consultation)
            helps = {item.id: number_markers(self.aid, item.help) for item in self.aid.inputs}
            yield AboutYou(self.aid.inputs, values, self._basis(), helps, apply=self.apply_input)
        # The tabs and the three views sit in the body itself, the views shown one at a
        # time by the body's class (options.tcss), rather than in a TabbedContent: its
        # four nested widgets were drawn again with every frame of the grid (~0.7 ms of a
        # scroll's ~8 ms) and made every key's binding chain longer.
        yield Tabs(
            Tab(_("Compare (g)"), id="compare"),
            Tab(_("Outcomes (o)"), id="outcomes"),
            Tab(_("Option pages (p)"), id="pages"),
            id="views",
        )
        yield ComparisonGrid(self.shown, id="grid")
        yield from self._compose_outcomes()
        yield from self._compose_pages()

    def on_mount(self) -> None:
        super().on_mount()
        grid = self.query_one(ComparisonGrid)
        self.watch(grid, "single_option", self._single_option_changed)
        # The grid has the focus even while the numbers wait for an input: a number key
        # pressed to change stage must never be typed into the patient's risk (u goes there).
        self.query_one("#grid-scroll").focus()

    # -- views --------------------------------------------------------------------------

    def _compose_outcomes(self) -> ComposeResult:
        shown = self.shown
        # Lazy: the grid shows first; hidden views are mounted just after.
        with Lazy(VerticalScroll(id="outcomes-scroll")):
            yield Static(
                Content(_("Counts are out of the same number of people for every option.")),
                classes="muted",
            )
            for heading, outcomes in (
                (_("✓ Benefits"), shown.benefits),
                (_("⚠ Harms"), shown.harms),
            ):
                yield Static(Content(heading), classes="heading outcome-group")
                if not outcomes:
                    yield Static(Content(_("None listed in this aid.")), classes="muted")
                for outcome in outcomes:
                    yield OutcomePanel(shown, outcome)

    def _compose_pages(self) -> ComposeResult:
        with Lazy(Vertical(id="pages-view")):
            # Scrolls sideways if many long names do not fit; [ and ] reach every page anyway.
            with HorizontalScroll(id="option-tabs", can_focus=False):
                for index, option in enumerate(self.aid.options):
                    yield OptionTab(index, option, current=index == 0)
            with ContentSwitcher(id="option-pages", initial="option-0"):
                for index, option in enumerate(self.aid.options):
                    with VerticalScroll(id=f"option-{index}", classes="option-page"):
                        yield from self._compose_page(option)

    def _compose_page(self, option: Option) -> ComposeResult:
        # One Static per part, not per line: a page holds many lines and widgets cost time.
        yield Static(plain(option_heading(option)), classes="page-title")
        position = _("Option {number} of {total}").format(
            number=self.aid.options.index(option) + 1, total=len(self.aid.options)
        )
        yield Static(plain(f"{position} · {kind_words(option)}"), classes="muted")
        summary = option.summary
        if option.details:
            summary += "\n\n" + option.details.strip()
        yield Static(plain(number_markers(self.aid, summary)), classes="page-text")
        if self.aid.questions:
            yield Static(Content(_("Answers to the questions")), classes="heading")
            yield Static(self._page_answers(option), classes="page-section")
        if self.aid.outcomes:
            yield Static(Content(_("What happens, in numbers")), classes="heading")
            yield PageOutcomes(option, self._page_outcomes(option))

    def _page_answers(self, option: Option) -> Content:
        return Content("\n\n").join(
            Content.assemble(
                plain(number_markers(self.aid, question.text)).stylize("bold"),
                "\n",
                plain(
                    number_markers(
                        self.aid, question.answers.get(option.id, _("(no answer given)"))
                    )
                ),
            )
            for question in self.aid.questions
        )

    def _page_outcomes(self, option: Option) -> Content:
        shown = self.shown
        lines = [Content(_("The pictures are in Outcomes (o).")).stylize(MUTED)]
        for outcome in (*shown.benefits, *shown.harms):
            count = outcome.count_for(option.id)
            facts = f"{outcome.timeframe} · {certainty_words(outcome)}"
            if other := other_frame_phrase(outcome, (option,)):
                facts += "\n" + _("Said the other way round: {phrase}").format(phrase=other)
            lines.append(
                Content.assemble(
                    "\n",
                    outcome_type_content(outcome),
                    ": ",
                    plain(number_markers(self.aid, outcome.label)),
                    "\n",
                    plain(shown_people_phrase(outcome, option.id)).stylize(
                        "bold" if count is not None else f"italic {MUTED}"
                    ),
                    "\n",
                    plain(facts).stylize(MUTED),
                )
            )
        return Content("\n").join(lines)

    @on(Tabs.TabActivated, "#views")
    def _view_changed(self, event: Tabs.TabActivated) -> None:
        self._show_view(event.tab.id or "compare")

    def _show_view(self, view: str) -> None:
        if view == self.current_view:
            return
        body = self.query_one("#body")
        body.remove_class(f"-view-{self.current_view}").add_class(f"-view-{view}")
        self.current_view = view
        self._redraw_view(view)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Called for every binding on every focus change: no DOM queries here.
        if action == "toggle_single_option":
            return self.current_view == "compare"
        if action == "option":
            # The same keys whether all options are shown or one: `v` leaves the footer
            # as it is (rebuilding or restyling it costs more than the switch itself).
            return self.current_view in ("compare", "pages")
        if action == "option_arrow":
            return self.current_view == "pages" or (
                self.current_view == "compare" and self.single_option
            )
        if action == "toggle_pictures":
            return self.current_view == "outcomes"
        if action == "about_you":  # asked also while the screen closes with the consultation
            consultation = self.sdm_app.consultation
            return consultation is not None and bool(consultation.aid.inputs)
        return super().check_action(action, parameters)

    def _single_option_changed(self, single_option: bool) -> None:
        # No refresh of the footer: it shows the same keys either way, and the arrows
        # (not shown) are checked when pressed.
        self.single_option = single_option

    def action_show_view(self, view: str) -> None:
        self._show_view(view)
        self.query_one("#views", Tabs).active = view
        self._focus_view(view)

    def _focus_view(self, view: str) -> None:
        if view == "pages":
            for pages in self.query("#option-pages").results(ContentSwitcher):
                self.query_one(f"#{pages.current}").focus()
        else:
            for scroll in self.query(FOCUS_IN_VIEW[view]):
                scroll.focus()

    def action_toggle_single_option(self) -> None:
        grid = self.query_one(ComparisonGrid)
        grid.toggle_single_option()
        # Now, not when the grid's watcher reports it: the footer then changes in the same
        # frame as the grid, rather than one frame (30 ms) later.
        self._single_option_changed(grid.single_option)

    def action_option(self, delta: int) -> None:
        if self.current_view == "compare":
            grid = self.query_one(ComparisonGrid)
            if grid.single_option:
                grid.move(delta)
            else:  # from all side by side: one at a time, the first (or, going back, last)
                grid.show_one(0 if delta > 0 else len(self.aid.options) - 1)
                self._single_option_changed(True)
            return
        for pages in self.query("#option-pages").results(ContentSwitcher):
            index = int((pages.current or "option-0").removeprefix("option-"))
            self.show_page((index + delta) % len(self.aid.options))

    def show_page(self, index: int) -> None:
        """Show option `index`'s page, and mark its name in the row above."""
        self.query_one("#option-pages", ContentSwitcher).current = f"option-{index}"
        for tab in self.query(OptionTab):
            tab.mark(tab.index == index)
        self._focus_view("pages")

    def action_option_arrow(self, delta: int) -> None:
        self.action_option(delta)

    def action_previous_option(self) -> None:
        """For the grid's "◀ previous" link."""
        self.action_option(-1)

    def action_next_option(self) -> None:
        """For the grid's "next ▶" link."""
        self.action_option(1)

    def action_about(self) -> None:
        """Open 'About this aid' (authors' conflicts of interest, funding, update policy)."""
        from sdm_tui.app.screens.about import AboutAidScreen

        self.app.push_screen(AboutAidScreen(self.aid))

    def action_toggle_pictures(self) -> None:
        for scroll in self.query("#outcomes-scroll"):
            scroll.toggle_class("-no-pictures")

    # -- About you: the patient's inputs ----------------------------------------------------

    def action_about_you(self) -> None:
        """Go to the first box of "About you", at once: the keys typed right after u (a
        risk, "14") must reach the box, not the stage keys 1 to 7 (`focus()` would move
        the focus only after the keys already waiting)."""
        for box in self.query(".patient-input"):
            self.set_focus(box)
            return

    @on(AboutYou.Changed)
    def _input_changed(self, event: AboutYou.Changed) -> None:
        self.apply_input(event.input_id, event.raw)

    def apply_input(self, input_id: str, text: str) -> None:
        """A value typed or chosen in About you: entered as the clinician's, every number
        redrawn for it; a value not accepted clears the input and says why."""
        c = self.consultation
        panel = self.query_one(AboutYou)
        raw = text.strip()
        current = input_values(c).get(input_id)
        if input_id not in c.inputs and current is not None and raw == format_value(current):
            return  # a box showing the aid's default as it mounts: nobody entered it
        problem = ""
        if not raw:
            clear_input(c, input_id)
        else:
            try:
                set_input(c, input_id, raw, "clinician")
            except InputError as error:
                clear_input(c, input_id)  # no number from a value not accepted
                problem = _("{problem}. No numbers are shown for it.").format(problem=error)
        panel.show_basis(problem or self._basis(), problem=bool(problem))
        self.show_numbers()

    @on(AboutYou.Done)
    def _input_done(self, event: AboutYou.Done) -> None:
        """Enter in a box: the next box that still needs a value, else the numbers."""
        values = input_values(self.consultation)
        missing = [i for i in self.aid.inputs if i.id not in values and i.id != event.input_id]
        if missing:
            self.query_one(f"#input-{missing[0].id}").focus()
        else:
            self._focus_view(self.current_view)

    def _basis(self) -> str:
        """Which inputs the numbers are for, or what to enter (and the key that goes there)."""
        c = self.consultation
        sentence = basis_sentence(c)
        if not sentence:
            return ""
        if missing_inputs(c):
            return _("{sentence} (press u).").format(sentence=sentence[:-1])
        return _("{sentence} Press u to change.").format(sentence=sentence)

    def show_numbers(self) -> None:
        """Redraw every count, range and picture for the inputs now in force: the grid at
        once; the outcomes and the option pages when they are shown (a change must be
        drawn within a frame, and the hidden views would double the work)."""
        shown = self.shown
        self.query_one(ComparisonGrid).show_aid(shown)
        self._stale_views = {"outcomes", "pages"}
        self._redraw_view(self.current_view)

    def _redraw_view(self, view: str) -> None:
        """Bring `view` up to date with the inputs, if they changed since it was drawn."""
        if view not in self._stale_views:
            return
        self._stale_views.discard(view)
        shown = self.shown
        if view == "outcomes":
            outcomes = {outcome.id: outcome for outcome in shown.outcomes}
            for panel in self.query(OutcomePanel):
                panel.show_outcome(shown, outcomes[panel.outcome.id])
        elif view == "pages":
            for page in self.query(PageOutcomes):
                page.update(self._page_outcomes(page.option))
