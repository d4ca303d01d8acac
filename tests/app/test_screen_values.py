"""Stage 4, what matters to you: ratings by key and mouse, own words, nothing lost."""

from __future__ import annotations

import dataclasses

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from sdm_tui.aid.library import Library
from sdm_tui.aid.model import DecisionAid, ValueStatement
from sdm_tui.app.factory import make_app
from sdm_tui.app.screens.values import ValuesScreen
from sdm_tui.app.widgets.rating import FOCUS_MARK, Rating, lay_out
from sdm_tui.consultation import rules
from tests.builders import fixed_clock
from tests.keys import type_text

STATINS = "statins-primary-prevention"
STATIN_VALUES = ("lower-risk", "no-daily-tablet", "side-effects", "habits-first", "avoid-diabetes")
MARKUP = "[b]x[/b] [@click=app.quit]q[/]"


def screen_text(app: App) -> str:
    """What the terminal shows now, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def rendered(widget: Static | Rating) -> str:
    return widget.render().plain  # type: ignore[union-attr]


async def open_values(app, pilot: Pilot, aid: DecisionAid | None = None) -> None:
    app.start_consultation(aid or app.library.get(STATINS), stage="values")
    await pilot.pause()


def click_offset(rating: Rating, choice: int) -> tuple[int, int]:
    """A point inside choice `choice` (the rating has no padding or border)."""
    x, y = rating.offset_of(choice)
    return x + 1, y


# -- the rating widget on its own ------------------------------------------------------


def test_lay_out_keeps_each_choice_whole_and_wraps_when_narrow() -> None:
    texts = ["○ 0 Not at all", "○ 1 A little", "○ 2 Somewhat", "○ 3 Quite a lot"]
    (line,) = lay_out(texts, "", 200)
    assert [cell.choice for cell in line] == [0, 1, 2, 3]
    assert line[0].x == len(FOCUS_MARK)
    narrow = lay_out(texts, "– not rated yet", 32)
    assert len(narrow) > 1
    assert all(cell.x + len(cell.text) <= 32 for row in narrow for cell in row)
    assert narrow[-1][-1] == (None, narrow[-1][-1].x, "– not rated yet")


class RatingApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[int | None] = []

    def compose(self) -> ComposeResult:
        yield Rating(2, id="rating")

    def on_rating_changed(self, event: Rating.Changed) -> None:
        assert event.control is event.rating
        self.changes.append(event.value)


async def test_rating_keys_post_changed_and_unrated_is_a_state() -> None:
    app = RatingApp()
    async with app.run_test(size=(60, 5)) as pilot:
        rating = app.query_one(Rating)
        assert "● 2 Somewhat" in rendered(rating)
        assert app.changes == []  # the initial value is not a change
        rating.focus()
        await pilot.press("4", "left", "delete")
        assert rating.value is None
        assert "not rated yet" in rendered(rating)
        assert "●" not in rendered(rating)
        await pilot.press("right", "backspace", "left", "right", "right", "0")
        assert app.changes == [4, 3, None, 0, None, 4, 0]  # right at 4 stays 4


async def test_rating_wraps_at_narrow_width_and_clicks_still_hit() -> None:
    app = RatingApp()
    async with app.run_test(size=(30, 8)) as pilot:
        rating = app.query_one(Rating)
        assert rating.size.height > 1
        x, y = click_offset(rating, 4)
        assert y > 0
        await pilot.click(Rating, offset=(x, y))
        assert rating.value == 4


async def test_a_rating_row_grows_and_shrinks_with_the_not_rated_words() -> None:
    """A key lays nothing out unless the row's height changes; when it does, the row
    is given its new height (the words are not cut off, nothing is left behind)."""
    texts = Rating().choice_texts()
    width = next(
        w
        for w in range(30, 120)
        if len(lay_out(texts, "", w)) < len(lay_out(texts, Rating.UNSET_TEXT, w))
    )
    app = RatingApp()  # rated 2 to begin with
    async with app.run_test(size=(width, 8)) as pilot:
        rating = app.query_one(Rating)
        rating.focus()
        await pilot.pause()
        rated = rating.size.height
        await pilot.press("delete")
        assert rating.size.height == rated + 1
        assert "not rated yet" in screen_text(app)
        await pilot.press("3")
        assert rating.size.height == rated
        assert "not rated yet" not in screen_text(app)
        await pilot.press("4")  # the same height: no layout needed, still drawn
        assert "● 4" in screen_text(app)
        assert app.changes[-3:] == [None, 3, 4]


# -- the screen -------------------------------------------------------------------------


async def test_number_keys_rate_the_focused_statement_as_the_patient(
    bundled_library: Library,
) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_values(app, pilot)
        assert isinstance(app.screen, ValuesScreen)
        assert app.focused is app.screen.query_one("#rating-0")
        await pilot.press("3", "tab", "4", "right", "tab", "1", "left")
        ratings = app.consultation.ratings
        assert {k: e.value for k, e in ratings.items()} == {
            "lower-risk": 3,
            "no-daily-tablet": 4,
            "side-effects": 0,
        }
        assert {e.contributor for e in ratings.values()} == {"patient"}
        assert "Rated so far: 3 of 5" in rendered(app.screen.query_one("#rated-count", Static))
        assert "● 3 Quite a lot" in screen_text(app)
        await pilot.press("delete")
        assert "side-effects" not in app.consultation.ratings
        assert "Rated so far: 2 of 5" in screen_text(app)


async def test_f2_makes_the_clinician_the_contributor(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_values(app, pilot)
        await pilot.press("f2")
        assert app.contributor == "clinician"
        assert "entering as: clinician" in screen_text(app)
        await pilot.press("2")
        entry = app.consultation.ratings["lower-risk"]
        assert (entry.value, entry.contributor) == (2, "clinician")


async def test_clicking_a_position_selects_it(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_values(app, pilot)
        rating = app.screen.query_one("#rating-1", Rating)
        await pilot.click("#rating-1", offset=click_offset(rating, 1))
        assert app.consultation.ratings["no-daily-tablet"].value == 1
        assert app.focused is rating
        # The "not rated yet" words and the gaps are not choices.
        first = app.screen.query_one("#rating-0", Rating)
        status = lay_out(first.choice_texts(), first.UNSET_TEXT, first.size.width)[-1][-1]
        await pilot.click("#rating-0", offset=(status.x + 2, 0))
        assert "lower-risk" not in app.consultation.ratings


async def test_each_statement_shows_its_detail(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_values(app, pilot)
        text = screen_text(app)
        assert "Lowering my chance of a heart attack or stroke" in text
        assert "The higher your risk, the more a statin can lower it." in text


async def test_own_words_typed_are_recorded(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_values(app, pilot)
        app.screen.query_one("#words-worries", TextArea).focus()
        await type_text(pilot, "My knees, 3 times")
        entry = app.consultation.own_words["worries"]
        assert (entry.value, entry.contributor) == ("My knees, 3 times", "patient")
        app.screen.query_one("#words-questions", TextArea).focus()
        await pilot.pause()
        await pilot.press("f2", "f2")  # for this box: patient, clinician, both
        await type_text(pilot, "Can I stop?")
        entry = app.consultation.own_words["questions"]
        assert (entry.value, entry.contributor) == ("Can I stop?", "both")
        assert app.consultation.own_words["worries"].contributor == "patient"
        # Clearing the box clears the entry.
        app.screen.query_one("#words-questions", TextArea).clear()
        await pilot.pause()
        assert "questions" not in app.consultation.own_words


async def test_leaving_and_coming_back_keeps_every_entry(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_values(app, pilot)
        await pilot.press("4", "tab", "tab", "0")
        app.screen.query_one("#words-matters_most", TextArea).focus()
        await type_text(pilot, "Seeing my grandchildren")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.current_stage.key == "weigh"
        await pilot.press("ctrl+b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ValuesScreen)
        values = [screen.query_one(f"#rating-{i}", Rating).value for i in range(5)]
        assert values == [4, None, 0, None, None]
        words = screen.query_one("#words-matters_most", TextArea)
        assert words.text == "Seeing my grandchildren"
        assert "Rated so far: 2 of 5" in screen_text(app)
        # Coming back does not re-stamp the entries: nothing was changed.
        assert app.consultation.own_words["matters_most"].contributor == "patient"


async def test_markup_in_aid_and_typed_text_is_shown_literally(minimal_aid: DecisionAid) -> None:
    value = ValueStatement(
        "avoid-pills",
        statement="[bold]Avoiding[/bold] pills [/red]",
        detail="[@click=app.quit]x[/] and [link=https://example.org]here[/link]",
        favours={"none": 2, "tablet": -1},
    )
    aid = dataclasses.replace(minimal_aid, values=(value,))
    app = make_app(library=Library(None, [aid]), clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_values(app, pilot, aid)
        text = screen_text(app)
        assert "[bold]Avoiding[/bold] pills [/red]" in text
        assert "[@click=app.quit]x[/] and [link=https://example.org]here[/link]" in text
        words = app.screen.query_one("#words-worries", TextArea)
        words.focus()
        await type_text(pilot, MARKUP)
        assert app.consultation.own_words["worries"].value == MARKUP
        assert MARKUP in screen_text(app)
        # Clicking where the would-be links are drawn does nothing.
        detail = app.screen.query_one(".detail", Static)
        await pilot.click(detail, offset=(1, 0))
        await pilot.click(words, offset=(12, 1))
        await pilot.pause()
        assert app.return_code is None
        assert isinstance(app.screen, ValuesScreen)  # no "quit?" question either
        app.go_to_stage("options")
        await pilot.pause()
        app.go_to_stage("values")
        await pilot.pause()
        assert app.screen.query_one("#words-worries", TextArea).text == MARKUP


# -- snapshot ---------------------------------------------------------------------------


def test_snapshot_values_with_some_ratings(snap_compare, bundled_library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)

    async def run_before(pilot: Pilot) -> None:
        app.start_consultation(app.library.get(STATINS))
        await pilot.pause()
        c = app.consultation
        rules.set_rating(c, "lower-risk", 3, "patient")
        rules.set_rating(c, "no-daily-tablet", 4, "patient")
        rules.set_own_words(c, "worries", "Muscle aches", "patient")
        app.go_to_stage("values")
        await pilot.pause()
        await pilot.press("tab", "tab", "1")

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
