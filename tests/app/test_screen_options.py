"""Stage 3, option talk: the grid, the outcomes as counts and pictures, the option pages."""

from __future__ import annotations

import dataclasses
import itertools

from rich.table import Table
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Static, Tabs

from sdm_tui.aid.citations import number_markers
from sdm_tui.aid.evidence import personalise
from sdm_tui.aid.figures import AFFECTED, NOT_KNOWN_LONG, UNAFFECTED, drawn_people
from sdm_tui.aid.library import Library
from sdm_tui.aid.model import DecisionAid, Option, Outcome, Question
from sdm_tui.app.app import SdmApp
from sdm_tui.app.factory import make_app
from sdm_tui.app.screens.options import OptionTab
from sdm_tui.app.widgets.comparison_grid import ComparisonGrid, GridView, fits_side_by_side
from sdm_tui.app.widgets.icon_array import IconArray
from sdm_tui.app.widgets.outcome_panel import OutcomePanel
from sdm_tui.consultation import rules
from tests.builders import fixed_clock
from tests.screen_text import screen_text

STATINS = "statins-primary-prevention"
PSA = "psa-screening"
KNEE = "knee-osteoarthritis"


def app_for(*aids: DecisionAid) -> SdmApp:
    return make_app(library=Library(None, list(aids)), clock=fixed_clock, recovery=False)


async def open_options(app: SdmApp, pilot: Pilot, aid: DecisionAid | str = STATINS) -> None:
    chosen = app.library.get(aid) if isinstance(aid, str) else aid
    app.start_consultation(chosen, stage="options")  # type: ignore[arg-type]
    await pilot.pause()
    await pilot.pause()


async def enter_risk(app: SdmApp, pilot: Pilot, risk: str) -> None:
    """Enter the statin aid's 10-year risk (format 2), as the clinician does it with u."""
    await pilot.press("u", *risk, "enter")
    await pilot.pause()


async def show(pilot: Pilot, key: str) -> None:
    """Switch view by key, and wait for the lazily mounted views and their layout."""
    await pilot.press(key)
    await pilot.pause()
    await pilot.pause()


def text_of(widget: Static) -> str:
    return widget.render().plain  # type: ignore[union-attr]


def grid_table(app: SdmApp) -> Table:
    """The rows of the grid as Rich builds them (the header is a table of its own)."""
    return app.screen.query_one(GridView).table


def column_texts(table: Table) -> list[list[str]]:
    return [[str(cell) for cell in column.cells] for column in table.columns]


def three_options(aid: DecisionAid) -> DecisionAid:
    third = Option(id="third", label="A third way", summary="Something else.")
    questions = tuple(
        Question(q.id, q.text, {**q.answers, "third": f"Third answer to {q.id}."})
        for q in aid.questions
    )
    return dataclasses.replace(aid, options=(*aid.options, third), questions=questions)


# -- the grid -------------------------------------------------------------------------


async def test_grid_shows_every_question_and_every_answer(bundled_library: Library) -> None:
    aid = bundled_library.get(STATINS)
    assert aid is not None
    app = app_for(aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot)
        await enter_risk(app, pilot, "14")
        shown = personalise(aid, {"cv-risk-10y": 14.0})
        questions, *options = column_texts(grid_table(app))
        for question in aid.questions:
            assert question.text in questions
            for option, answers in zip(aid.options, options, strict=True):
                assert number_markers(aid, question.answers[option.id]) in answers
                assert "[@" not in " ".join(answers)  # markers shown as [n]
        # Below the questions, every outcome in absolute numbers, for every option.
        for outcome in shown.outcomes:
            for option, answers in zip(aid.options, options, strict=True):
                count = f"{outcome.count_for(option.id):g} out of {outcome.per}"
                assert any(answer.startswith(count) for answer in answers), count
        text = screen_text(app)
        assert "Take a statin" in text
        assert "No statin for now" in text
        assert "watchful waiting" not in text  # only the label the author wrote
        assert "How much does it" in text
        assert "Medication routine" in questions  # a practical issue, as a row
        assert "All 2 options side by side" in text


async def test_grid_lines_join_pieces_that_look_the_same(bundled_library: Library) -> None:
    """Every piece of a line costs its colours again on the way to the terminal: the lines
    the grid draws join neighbours that look the same, and lose no text doing it."""
    aid = bundled_library.get(STATINS)
    assert aid is not None
    app = app_for(aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot)
        grid = app.screen.query_one(GridView)
        width, height = grid.region.size
        lines = grid.render_lines(Region(0, 0, width, height))
        looks = [[segment.style.clear_meta_and_links() for segment in line] for line in lines]
        assert all(a != b for line in looks for a, b in itertools.pairwise(line))
        # A blank cell between borders takes their colour: spaces show only a background.
        for line in lines:
            for a, b in itertools.pairwise(line):
                if not a.text.strip(" ") or not b.text.strip(" "):
                    assert a.style.bgcolor != b.style.bgcolor or a.style.reverse != b.style.reverse
        assert any("│" + " " * 10 in segment.text for line in lines for segment in line)
        for y, line in enumerate(lines):  # render_line: the same line before it is styled
            assert grid.render_line(y).text in line.text


def test_side_by_side_needs_readable_columns() -> None:
    assert fits_side_by_side(80, 2)
    assert not fits_side_by_side(80, 3)
    assert fits_side_by_side(100, 3)
    assert not fits_side_by_side(200, 4)


async def test_one_option_at_a_time_at_80x24(minimal_aid: DecisionAid) -> None:
    aid = three_options(minimal_aid)
    app = app_for(aid)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_options(app, pilot, aid)
        grid = app.screen.query_one(ComparisonGrid)
        # Three options do not fit 80 columns: one at a time, without being asked.
        assert grid.single_option
        assert "Option 1 of 3: Take the tablet" in screen_text(app)
        _, answers = column_texts(grid_table(app))
        assert answers[0] == "A tablet each morning."
        await pilot.press("right_square_bracket")
        assert "Option 2 of 3: No tablet" in screen_text(app)
        await pilot.press("right")
        assert "Option 3 of 3: A third way" in screen_text(app)
        assert column_texts(grid_table(app))[1][0] == "Third answer to involve."
        await pilot.press("right")  # wraps round
        assert "Option 1 of 3" in screen_text(app)
        await pilot.press("left")
        assert "Option 3 of 3" in screen_text(app)
        await pilot.click("#grid-mode", offset=(3, 1))  # "◀ previous"
        await pilot.pause()
        assert "Option 2 of 3" in screen_text(app)
        await pilot.press("v")
        assert not grid.single_option
        assert "All 3 options side by side" in screen_text(app)
        assert len(grid_table(app).columns) == 4


async def test_two_options_side_by_side_at_80x24_and_v_switches(bundled_library: Library) -> None:
    app = app_for(bundled_library.get(STATINS))  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await open_options(app, pilot)
        grid = app.screen.query_one(ComparisonGrid)
        assert not grid.single_option
        assert "v One/all" in screen_text(app)
        assert "[] Option" in screen_text(app)
        # The arrows are left alone while all options are side by side...
        await pilot.press("right")
        assert "All 2 options side by side" in screen_text(app)
        # ...while ] shows one option at a time, from the first.
        await pilot.press("right_square_bracket")
        assert grid.single_option
        assert "Option 1 of 2: Take a statin" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert "Option 2 of 2: No statin for now" in screen_text(app)
        await pilot.press("v")
        assert not grid.single_option
        assert "All 2 options side by side" in screen_text(app)
        # [ from all side by side goes to the last option.
        await pilot.press("left_square_bracket")
        assert "Option 2 of 2: No statin for now" in screen_text(app)
        await pilot.press("left")
        assert "Option 1 of 2: Take a statin" in screen_text(app)
        await pilot.press("v")
        assert grid.single_option is False
        await pilot.press("v")
        assert "Option 1 of 2: Take a statin" in screen_text(app)


# -- the outcomes ---------------------------------------------------------------------


def figure_texts(app: SdmApp) -> list[str]:
    return [text_of(s) for s in app.screen.query(".figure-words").results(Static)]


async def test_outcomes_show_counts_and_not_known(minimal_aid: DecisionAid) -> None:
    better, sick = minimal_aid.outcomes
    no_figure = dataclasses.replace(sick, chance={"tablet": 5})  # nothing for "none"
    aid = dataclasses.replace(minimal_aid, outcomes=(better, no_figure))
    app = app_for(aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot, aid)
        await show(pilot, "o")
        assert app.screen.query_one("#views", Tabs).active == "outcomes"
        assert app.focused is app.screen.query_one("#outcomes-scroll")
        figures = figure_texts(app)
        assert figures == [
            "Take the tablet\n30 out of 100 people",
            "No tablet\n20 out of 100 people",
            "Take the tablet\n5 out of 100 people",
            f"No tablet\n{NOT_KNOWN_LONG}",
        ]
        # A figure that is not known has no picture.
        assert [a.count for a in app.screen.query(IconArray)] == [30, 20, 5]
        headings = [text_of(s) for s in app.screen.query(".outcome-heading").results(Static)]
        assert headings[0].startswith("✓ Benefit: Feel better\n")
        assert "Timeframe: 1 year · certainty of evidence: moderate" in headings[0]
        assert "Source: A. Author. A trial. Journal 2020;1:1-2." in headings[0]
        assert "10 more out of 100 with “Take the tablet” than with “No tablet”." in headings[0]
        assert headings[1].startswith("⚠ Harm: Feel sick\n")
        assert "certainty of evidence: not stated" in headings[1]
        assert "more out of" not in headings[1]  # no difference against "not known"
        text = screen_text(app)
        assert "✓ Benefits" in text
        assert "30 out of 100 people" in text
        assert "%" not in text


async def test_benefits_come_before_harms(bundled_library: Library) -> None:
    app = app_for(bundled_library.get(STATINS))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot)
        await show(pilot, "o")
        kinds = [panel.outcome.type for panel in app.screen.query(OutcomePanel)]
        assert kinds == ["benefit", "benefit", "harm", "harm"]
        groups = [text_of(s) for s in app.screen.query(".outcome-group").results(Static)]
        assert groups == ["✓ Benefits", "⚠ Harms"]


async def test_pictures_line_up_and_stack_when_narrow(bundled_library: Library) -> None:
    app = app_for(bundled_library.get(PSA))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot, PSA)
        await show(pilot, "o")
        panels = list(app.screen.query(OutcomePanel))
        # 1000 people take 54 columns: two do not fit side by side in 100.
        assert all(panel.has_class("-stacked") for panel in panels)
        heading = text_of(panels[0].query_one(".outcome-heading", Static))
        assert "• PSA screening: 995 out of 1000" in heading
        assert "• No screening: 994 out of 1000" in heading
        array = panels[0].query_one(IconArray)
        assert len(array.lines) == 11  # compact: two people a character (issue 21)
        assert array.size.width == 54
    app = app_for(bundled_library.get(KNEE))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot, KNEE)
        await show(pilot, "o")
        panel = app.screen.query(OutcomePanel).first()
        assert not panel.has_class("-stacked")  # out of 100: side by side
        # A label may wrap to two lines; the pictures still start on one line.
        first, second = panel.query(IconArray)
        assert first.region.y == second.region.y


async def test_pictures_can_be_hidden_and_counts_stay(bundled_library: Library) -> None:
    app = app_for(bundled_library.get(STATINS))  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await open_options(app, pilot)
        await enter_risk(app, pilot, "14")
        await show(pilot, "o")
        assert "i Pictures" in screen_text(app)
        # At 80x24 "About you" and the first heading fill the view: the pictures are below.
        assert len(app.screen.query(IconArray)) == 8
        assert all(array.display for array in app.screen.query(IconArray))
        await pilot.press("i")
        assert all(not array.display for array in app.screen.query(IconArray))
        assert "10 out of 100 people, between 9 and 11" in figure_texts(app)[0]


# -- the icon array widget --------------------------------------------------------------


class IconApp(App[None]):
    def __init__(self, count: float, per: int) -> None:
        super().__init__()
        self.count = count
        self.per = per

    def compose(self) -> ComposeResult:
        yield IconArray(self.count, self.per)


async def test_icon_array_draws_per_people_with_count_affected() -> None:
    for count, per, filled in ((8, 100, 8), (5, 1000, 5), (1.5, 100, 2), (0, 100, 0)):
        app = IconApp(count, per)
        async with app.run_test(size=(80, 30)):
            array = app.query_one(IconArray)
            assert drawn_people(array.render().plain.split("\n")) == (filled, per - filled)
            assert array.tooltip == f"{count:g} out of {per} people"


async def test_icon_array_colour_only_repeats_the_shape() -> None:
    app = IconApp(3, 10)
    async with app.run_test(size=(40, 5)):
        strip = app.query_one(IconArray).render_line(0)
        styles = {segment.text: segment.style for segment in strip if segment.text.strip()}
        assert set(styles) == {AFFECTED, UNAFFECTED}
        assert styles[AFFECTED] != styles[UNAFFECTED]


# -- the option pages -----------------------------------------------------------------


async def test_a_page_per_option(bundled_library: Library) -> None:
    aid = bundled_library.get("knee-osteoarthritis")
    assert aid is not None
    app = app_for(aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot, aid)
        await show(pilot, "p")
        pages = app.screen.query_one("#option-pages", ContentSwitcher)
        assert pages.current == "option-0"
        assert app.focused is app.screen.query_one("#option-0")
        assert "▶ Knee replacement" in screen_text(app)
        assert "Option 1 of 2 · An active option" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert pages.current == "option-1"
        assert app.focused is app.screen.query_one("#option-1")
        assert "▶ Non-surgical treatment" in screen_text(app)
        page = app.screen.query_one("#option-1")
        texts = "\n".join(text_of(s) for s in page.query(Static))
        option = aid.options[1]
        assert number_markers(aid, option.summary) in texts
        assert number_markers(aid, option.details.strip()) in texts
        for question in aid.questions:
            assert f"{question.text}\n{number_markers(aid, question.answers[option.id])}" in texts
        assert "Pain and daily life much better after 1 year\n68 out of 100 people" in texts
        assert f"Unsure or unhappy with the new knee after 1 year\n{NOT_KNOWN_LONG}" in texts
        await pilot.press("right")  # wraps round
        assert pages.current == "option-0"
        # The names above the pages answer the mouse.
        await pilot.click(app.screen.query(OptionTab).last())
        await pilot.pause()
        assert pages.current == "option-1"
        assert [tab.has_class("-current") for tab in app.screen.query(OptionTab)] == [False, True]


async def test_no_action_page_says_so(minimal_aid: DecisionAid) -> None:
    app = app_for(minimal_aid)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_options(app, pilot, minimal_aid)
        await show(pilot, "p")
        await pilot.press("left_square_bracket")
        await pilot.pause()
        text = screen_text(app)
        assert "No tablet" in text
        assert "watchful waiting" not in text
        assert "The option of taking no action" in text


# -- keys, mouse, and what the stage leaves alone -------------------------------------


async def test_views_by_key_and_mouse_and_nothing_is_recorded(bundled_library: Library) -> None:
    app = app_for(bundled_library.get(STATINS))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot)
        views = app.screen.query_one("#views", Tabs)

        def shown_views() -> list[str]:
            ids = ("grid", "outcomes-scroll", "pages-view")
            return [view for view in ids if any(w.display for w in app.screen.query(f"#{view}"))]

        assert shown_views() == ["grid"]
        assert app.focused is app.screen.query_one("#grid-scroll")
        await pilot.press("down", "pagedown")
        assert app.screen.query_one("#grid-scroll").scroll_y > 0
        await show(pilot, "p")
        assert views.active == "pages"
        assert shown_views() == ["pages-view"]
        await show(pilot, "g")
        assert views.active == "compare"
        assert shown_views() == ["grid"]
        outcomes_tab = views.get_tab("outcomes")
        assert outcomes_tab is not None
        await pilot.click(outcomes_tab)
        await pilot.pause()
        assert views.active == "outcomes"
        assert shown_views() == ["outcomes-scroll"]
        # Tab reaches the view tabs from the view: keyboard alone gets everywhere.
        await show(pilot, "g")
        await pilot.press("shift+tab")
        assert app.focused is views
        await pilot.press("right")  # the tabs move between the views too
        await pilot.pause()
        assert views.active == "outcomes"
        assert shown_views() == ["outcomes-scroll"]
        c = app.consultation
        assert c is not None
        assert rules.is_empty(c)
        assert not rules.has_unsaved_work(c)


MARKUP = "[bold]x[/bold] [/red] [@click=app.quit]q[/]"


def markup_aid(minimal_aid: DecisionAid) -> DecisionAid:
    better, sick = minimal_aid.outcomes
    options = tuple(
        dataclasses.replace(o, label=f"{o.label} {MARKUP}", details=f"Details {MARKUP}")
        for o in minimal_aid.options
    )
    (question,) = minimal_aid.questions
    question = Question(
        question.id, f"Q {MARKUP}", {o.id: f"Answer {MARKUP}" for o in minimal_aid.options}
    )
    outcomes: tuple[Outcome, ...] = (
        dataclasses.replace(better, label=f"Better {MARKUP}", timeframe=f"1 year {MARKUP}"),
        sick,
    )
    sources = (dataclasses.replace(minimal_aid.sources[0], citation=f"Cite {MARKUP}"),)
    return dataclasses.replace(
        minimal_aid, options=options, questions=(question,), outcomes=outcomes, sources=sources
    )


async def test_markup_looking_text_shows_literally(minimal_aid: DecisionAid) -> None:
    aid = markup_aid(minimal_aid)
    app = app_for(aid)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_options(app, pilot, aid)
        questions, *answers = column_texts(grid_table(app))
        assert f"Q {MARKUP}" in questions
        assert answers[0][0] == f"Answer {MARKUP}"
        assert f"Take the tablet {MARKUP}" in answers[0]
        assert_fragments_shown(screen_text(app))
        await pilot.press("v")  # one option at a time: the label in our own mode line
        assert f"Option 1 of 2: Take the tablet {MARKUP}" in screen_text(app)
        await show(pilot, "o")
        heading = text_of(app.screen.query(".outcome-heading").results(Static).__next__())
        assert heading.startswith(f"✓ Benefit: Better {MARKUP}\nTimeframe: 1 year {MARKUP}")
        assert f"Source: Cite {MARKUP}" in heading
        assert figure_texts(app)[0].startswith(f"Take the tablet {MARKUP}\n")
        assert_fragments_shown(screen_text(app))
        await show(pilot, "p")
        page = "\n".join(text_of(s) for s in app.screen.query("#option-0 Static").results(Static))
        assert f"Details {MARKUP}" in page
        assert f"Q {MARKUP}\nAnswer {MARKUP}" in page
        assert_fragments_shown(screen_text(app))
        # The "link" is only text: clicking it does nothing.
        page_text = app.screen.query_one("#option-0 .page-section", Static)
        await pilot.click(page_text, offset=(30, 1))
        assert app.is_running


def assert_fragments_shown(text: str) -> None:
    for fragment in ("[bold]x[/bold]", "[/red]", "[@click=app.quit]q[/]"):
        assert fragment in text


# -- snapshots ------------------------------------------------------------------------


def test_snapshot_grid_100x30(snap_compare, bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)

    async def run_before(pilot: Pilot) -> None:
        await open_options(pilot.app, pilot)  # type: ignore[arg-type]

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_snapshot_outcomes_80x24(snap_compare, bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)

    async def run_before(pilot: Pilot) -> None:
        await open_options(pilot.app, pilot, PSA)  # type: ignore[arg-type]
        await show(pilot, "o")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_about_shows_authors_interests_funding_and_update_policy(
    minimal_aid: DecisionAid,
) -> None:
    aid = dataclasses.replace(
        minimal_aid,
        funding="The [b]clinic[/b] budget.",
        update_policy="Checked every year.",
    )
    app = app_for(aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot, aid)
        await pilot.press("a")
        await pilot.pause()
        assert type(app.screen).__name__ == "AboutAidScreen"
        text = screen_text(app)
        assert "About this aid: Minimal test aid" in text
        assert "Test author: conflicts of interest: None declared" in text
        assert "The [b]clinic[/b] budget." in text  # as typed, never markup
        assert "Checked every year." in text
        assert "Due for review by 2028-01-15" in text
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ != "AboutAidScreen"


def test_snapshot_about_100x30(snap_compare, bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)

    async def run_before(pilot: Pilot) -> None:
        await open_options(pilot.app, pilot)  # type: ignore[arg-type]
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
