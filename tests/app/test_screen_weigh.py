"""Stage 5, weigh up: alignment bars, leaning, clinician's view, knowledge checks, SURE."""

from __future__ import annotations

import dataclasses

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Static, TextArea

from sdm_tui.aid.library import Library
from sdm_tui.aid.model import DecisionAid, KnowledgeCheck
from sdm_tui.app.factory import make_app
from sdm_tui.app.screens.weigh import (
    NOT_A_RECOMMENDATION,
    WeighUpScreen,
    WrappingRadioButton,
)
from sdm_tui.app.widgets.alignment_bars import AXIS, BAR, AlignmentBars, AlignmentRow, bar_cells
from sdm_tui.app.widgets.yes_no import YesNo
from sdm_tui.consultation import rules
from sdm_tui.consultation.record import SURE_KEYS, UNSURE
from tests.builders import fixed_clock
from tests.keys import type_text

STATINS = "statins-primary-prevention"
MARKUP = "[b]x[/b] [@click=app.quit]q[/]"


def screen_text(app: App) -> str:
    """What the terminal shows now, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def rendered(widget) -> str:
    return widget.render().plain


def statins_app():
    from sdm_tui.aid.library import bundled_aids_folder, load_library

    return make_app(library=load_library(bundled_aids_folder()), clock=fixed_clock, recovery=False)


async def open_weigh(app, pilot: Pilot, aid: DecisionAid | None = None, **ratings: int) -> None:
    app.start_consultation(aid or app.library.get(STATINS), stage="weigh")
    for value_id, rating in ratings.items():  # before the stage is first drawn
        rules.set_rating(app.consultation, value_id.replace("_", "-"), rating, "patient")
    await pilot.pause()


async def show(pilot: Pilot, selector: str) -> None:
    """Scroll a widget into view (the stage is taller than the terminal)."""
    pilot.app.screen.query_one(selector).scroll_visible(animate=False, immediate=True)
    await pilot.pause()


def bar_lines(app: App) -> dict[str, str]:
    """Each option's bar line, keyed by the option label at its start."""
    bars = app.screen.query_one(AlignmentBars)
    lines = rendered(bars).splitlines()
    return {
        row.label: next(line for line in lines if line.startswith(row.label)) for row in bars.rows
    }


# -- the bars on their own ------------------------------------------------------------


def test_bar_cells_share_one_scale_around_the_zero_line() -> None:
    # Scores run from -20 to +24 over a 45-cell area: the zero line sits at cell 20.
    assert bar_cells(0, -20, 24, 45) == (20, 0)
    assert bar_cells(-20, -20, 24, 45) == (20, 20)
    assert bar_cells(24, -20, 24, 45) == (20, 24)
    assert bar_cells(12, -20, 24, 45) == (20, 12)
    assert bar_cells(1, -20, 24, 45)[1] == 1  # a non-zero score is never invisible
    assert bar_cells(5, 0, 10, 21) == (0, 10)  # nothing can point away: no room left of 0


class BarsApp(App[None]):
    def compose(self):
        rows = [AlignmentRow("Towards", 8), AlignmentRow("Away", -4), AlignmentRow("Even", 0)]
        yield AlignmentBars(rows, (-8, 8))


async def test_bars_point_left_for_negative_and_carry_their_numbers() -> None:
    app = BarsApp()
    async with app.run_test(size=(60, 6)):
        lines = rendered(app.query_one(AlignmentBars)).splitlines()
        assert "points away" in lines[0] and "towards" in lines[0]
        towards, away, even = lines[1:]
        assert towards.index(BAR) > towards.index(AXIS) and towards.rstrip().endswith("+8")
        assert away.index(BAR) < away.index(AXIS) and away.rstrip().endswith("-4")
        assert BAR not in even and even.rstrip().endswith("0")
        # -4 is half of the -8 the scale allows, +8 all of the +8.
        assert away.count(BAR) * 2 in (
            towards.count(BAR) - 1,
            towards.count(BAR),
            towards.count(BAR) + 1,
        )


async def test_long_labels_wrap_and_narrow_bars_go_under_their_label() -> None:
    class NarrowApp(App[None]):
        def compose(self):
            rows = [AlignmentRow("A very long option label that goes on and on", 3)]
            yield AlignmentBars(rows, (-4, 4))

    app = NarrowApp()
    async with app.run_test(size=(40, 8)):
        text = rendered(app.query_one(AlignmentBars))
        for words in ("A very long", "option label", "that goes on", "and on"):
            assert words in text
        assert "+3" in text
    app = NarrowApp()
    async with app.run_test(size=(20, 10)):
        lines = rendered(app.query_one(AlignmentBars)).splitlines()
        assert any(BAR in line and "+3" in line for line in lines)
        assert all(len(line) <= 20 for line in lines)


# -- alignment on the screen -------------------------------------------------------------


async def test_alignment_bars_show_the_hand_computed_scores_for_statins() -> None:
    app = statins_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weigh(app, pilot, lower_risk=3, no_daily_tablet=4, side_effects=1)
        # statin:    3x2 + 4x(-2) + 1x(-1) = -3
        # no-statin: 3x(-1) + 4x2 + 1x1  = +6
        lines = bar_lines(app)
        statin, no_statin = lines["Take a statin"], lines["No statin for now"]
        assert statin.rstrip().endswith("-3") and statin.index(BAR) < statin.index(AXIS)
        assert no_statin.rstrip().endswith("+6") and no_statin.index(BAR) > no_statin.index(AXIS)
        text = screen_text(app)
        assert NOT_A_RECOMMENDATION in text
        assert "Each rating × how much that value points to the option, added up." in text
        assert "line up most with: No statin for now." in text
        assert "Based on 3 of 5 statements rated." in text


async def test_alignment_for_the_minimal_aid(minimal_aid: DecisionAid) -> None:
    app = make_app(library=Library(None, [minimal_aid]), clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weigh(app, pilot, minimal_aid, avoid_pills=4)
        lines = bar_lines(app)  # 4 x favours (tablet -1, none +2)
        assert lines["Take the tablet"].rstrip().endswith("-4")
        assert lines["No tablet"].rstrip().endswith("+8")
        # The scale runs from -4 to +8: the tablet's bar reaches the far left.
        assert lines["Take the tablet"].count(BAR) == lines["Take the tablet"].index(AXIS) - len(
            "Take the tablet "
        )


async def test_all_zero_ratings_point_nowhere() -> None:
    app = statins_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weigh(app, pilot, lower_risk=0, habits_first=0)
        text = screen_text(app)
        assert "do not point to one option more than another" in text
        assert BAR not in rendered(app.screen.query_one(AlignmentBars))


async def test_nothing_rated_says_so_instead_of_drawing_bars() -> None:
    app = statins_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weigh(app, pilot)
        assert not app.screen.query(AlignmentBars)
        assert "Nothing has been rated yet" in screen_text(app)
        assert NOT_A_RECOMMENDATION not in screen_text(app)
        await pilot.click("#go-values")
        await pilot.pause()
        assert app.current_stage.key == "values"


# -- leaning, clinician's view, checks, SURE ------------------------------------------


async def test_leaning_by_keys_and_by_click() -> None:
    app = statins_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weigh(app, pilot, lower_risk=2)
        assert app.focused is app.screen.query_one("#weigh-scroll")  # the bars stay in view
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#leaning")
        await pilot.press("down", "enter")
        entry = app.consultation.leaning
        assert (entry.value, entry.contributor) == ("no-statin", "patient")
        await pilot.press("f2")
        buttons = app.screen.query_one("#leaning", RadioSet).query(WrappingRadioButton)
        await pilot.click(buttons[-1])
        entry = app.consultation.leaning
        assert (entry.value, entry.contributor) == (UNSURE, "clinician")
        assert "● Unsure" in "".join(rendered(b) for b in buttons).replace("▐", "").replace("▌", "")


async def test_clinician_view_is_always_the_clinicians() -> None:
    app = statins_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weigh(app, pilot)
        assert app.contributor == "patient"
        await show(pilot, "#clinician-view")
        assert "The clinician's view (optional)" in screen_text(app)
        app.screen.query_one("#clinician-view", TextArea).focus()
        await type_text(pilot, "A statin seems reasonable")
        entry = app.consultation.clinician_view
        assert (entry.value, entry.contributor) == ("A statin seems reasonable", "clinician")


async def test_knowledge_checks_give_feedback() -> None:
    app = statins_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weigh(app, pilot)
        feedback = app.screen.query_one("#check-0-feedback", Static)
        assert not feedback.display
        check = app.screen.query_one("#check-0", RadioSet)
        check.focus()
        await pilot.press("down", "enter")  # "Yes: a statin helps everyone": wrong
        assert app.consultation.check_answers[0].value == 1
        assert feedback.display
        assert rendered(feedback).startswith(
            "✗ Not quite. The answer is: No: most would have had the same result either way."
        )
        assert "Only the difference between the two columns is people who avoid one" in rendered(
            feedback
        )
        assert feedback.has_class("-wrong")
        await pilot.press("up", "enter")
        assert app.consultation.check_answers[0].value == 0
        assert rendered(feedback).startswith("✓ Right.")
        assert feedback.has_class("-right")
        await show(pilot, "#check-0-feedback")
        assert "✓ Right." in screen_text(app)


async def test_sure_score_and_flag() -> None:
    app = statins_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weigh(app, pilot)
        result = app.screen.query_one("#sure-result", Static)
        assert "0 of 4 so far" in rendered(result)
        app.screen.query_one("#sure-sure", YesNo).focus()
        await pilot.press("y", "tab", "y", "tab", "y")
        assert "3 of 4 so far" in rendered(result)
        assert rules.sure_score(app.consultation) is None
        await pilot.press("tab", "n")
        assert rules.sure_score(app.consultation) == 3
        assert rendered(result).startswith(
            "⚠ SURE score 3 of 4: the patient may not feel ready to decide (decisional conflict)."
        )
        assert "Consider more information, time or support." in rendered(result)
        assert result.has_class("-flag")
        await show(pilot, "#sure-result")
        assert "⚠ SURE score 3 of 4" in screen_text(app)
        await pilot.press("left")  # the focused "No" becomes "Yes"
        assert rendered(result) == "SURE score 4 of 4: no sign of decisional conflict."
        assert not result.has_class("-flag")
        await pilot.press("delete")
        assert "encouragement" not in app.consultation.sure
        assert "3 of 4 so far" in rendered(result)


async def test_sure_answer_by_click_with_the_clinician_entering() -> None:
    app = statins_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weigh(app, pilot)
        await show(pilot, "#sure-understand")
        yes_no = app.screen.query_one("#sure-understand", YesNo)
        yes_no.focus()
        await pilot.press("f2")  # F2 is for the part with the focus: the SURE test
        await pilot.click(yes_no, offset=yes_no.offset_of(1))
        entry = app.consultation.sure["understand"]
        assert (entry.value, entry.contributor) == (False, "clinician")
        assert "● No" in rendered(yes_no)


async def test_leaving_and_coming_back_keeps_every_entry() -> None:
    app = statins_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weigh(app, pilot, lower_risk=4)
        await pilot.press("tab", "down", "down", "enter")  # unsure
        app.screen.query_one("#clinician-view", TextArea).focus()
        await type_text(pilot, "Either is fine")
        app.screen.query_one("#check-1", RadioSet).focus()
        await pilot.press("down", "enter")
        for key, answer in zip(SURE_KEYS, "yyny", strict=True):
            app.screen.query_one(f"#sure-{key}", YesNo).focus()
            await pilot.press(answer)
        c = app.consultation
        before = (c.leaning, c.clinician_view, dict(c.check_answers), dict(c.sure))

        app.go_to_stage("decide")
        await pilot.pause()
        app.go_to_stage("weigh")
        await pilot.pause()

        screen = app.screen
        assert isinstance(screen, WeighUpScreen)
        assert screen.query_one("#leaning", RadioSet).pressed_index == 2
        assert screen.query_one("#clinician-view", TextArea).text == "Either is fine"
        assert screen.query_one("#check-1", RadioSet).pressed_index == 1
        assert rendered(screen.query_one("#check-1-feedback", Static)).startswith("✓ Right.")
        assert not screen.query_one("#check-0-feedback", Static).display
        answers = [screen.query_one(f"#sure-{key}", YesNo).answer for key in SURE_KEYS]
        assert answers == [True, True, False, True]
        assert "⚠ SURE score 3 of 4" in rendered(screen.query_one("#sure-result", Static))
        # Coming back changed nothing in the record.
        assert (c.leaning, c.clinician_view, c.check_answers, c.sure) == before


async def test_markup_in_aid_and_typed_text_is_shown_literally(minimal_aid: DecisionAid) -> None:
    options = (
        dataclasses.replace(minimal_aid.options[0], label="[bold]Take[/bold] it [/red]"),
        dataclasses.replace(minimal_aid.options[1], label="[@click=app.quit]None[/]"),
    )
    check = KnowledgeCheck(
        question="Which [i]one[/i]? [/]",
        choices=("[@click=app.quit]quit[/]", "[link=https://example.org]link[/link]"),
        answer=0,
        explanation="Because [red]red[/red].",
    )
    aid = dataclasses.replace(
        minimal_aid,
        options=options,
        checks=(check,),
    )
    app = make_app(library=Library(None, [aid]), clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 60)) as pilot:
        await open_weigh(app, pilot, aid, avoid_pills=2)
        text = screen_text(app)
        for literal in (
            "[bold]Take[/bold] it [/red]",
            "[@click=app.quit]None[/]",
            "Which [i]one[/i]? [/]",
            "[@click=app.quit]quit[/]",
            "[link=https://example.org]link[/link]",
            "line up most with: [@click=app.quit]None[/].",
        ):
            assert literal in text, literal
        # Clicking the would-be link picks the answer and does not quit.
        choice = app.screen.query_one("#check-0", RadioSet).query(WrappingRadioButton)[0]
        await pilot.click(choice, offset=(8, 0))
        await pilot.pause()
        assert app.return_code is None
        assert isinstance(app.screen, WeighUpScreen)
        assert "✓ Right. Because [red]red[/red]." in screen_text(app)
        await pilot.click(app.screen.query_one(AlignmentBars), offset=(3, 2))
        app.screen.query_one("#clinician-view", TextArea).focus()
        await type_text(pilot, MARKUP)
        assert app.consultation.clinician_view.value == MARKUP
        assert MARKUP in screen_text(app)
        assert app.return_code is None


# -- snapshots ----------------------------------------------------------------------------


def _answered(app) -> object:
    async def run_before(pilot: Pilot) -> None:
        app.start_consultation(app.library.get(STATINS))
        await pilot.pause()
        c = app.consultation
        for value_id, rating in (("lower-risk", 3), ("no-daily-tablet", 4), ("side-effects", 1)):
            rules.set_rating(c, value_id, rating, "patient")
        for key, yes in zip(SURE_KEYS, (True, False, True, True), strict=True):
            rules.set_sure(c, key, yes, "patient")
        rules.set_leaning(c, UNSURE, "patient")
        rules.answer_check(c, 0, 0, "patient")
        app.go_to_stage("weigh")
        await pilot.pause()

    return run_before


def test_snapshot_weigh_up_at_100x30(snap_compare) -> None:
    app = statins_app()
    assert snap_compare(app, terminal_size=(100, 30), run_before=_answered(app))


def test_snapshot_weigh_up_sure_at_80x24(snap_compare) -> None:
    app = statins_app()
    answered = _answered(app)

    async def run_before(pilot: Pilot) -> None:
        await answered(pilot)
        await show(pilot, "#sure-result")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_a_companion_gives_their_own_view_tagged_as_theirs() -> None:
    """Others' views and pressure (Ottawa guide) are optional boxes of their own; someone
    else present can enter their view as a companion (OPDG for two), shown beside it."""
    app = statins_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_consultation(app.library.get(STATINS), stage="weigh")
        rules.add_other_participant(app.consultation, "Dana", "daughter")  # before it is drawn
        await pilot.pause()
        c = app.consultation
        involved = app.screen.query_one("#others-involved", Input)
        involved.focus()
        await pilot.pause()
        await type_text(pilot, "My daughter")
        assert c.others_views["involved"].contributor == "patient"
        views = app.screen.query_one("#others-their_views", Input)
        views.focus()
        await pilot.pause()
        await pilot.press("f2", "f2", "f2")  # patient, then clinician, both, companion
        assert "typing as Dana (companion) · F2 changes" in screen_text(app)
        await type_text(pilot, "Try the tablet")
        entry = c.others_views["their_views"]
        assert (entry.value, entry.contributor) == ("Try the tablet", "companion")
        await pilot.press("tab")
        await pilot.pause()
        assert "— Dana (companion)" in screen_text(app)
        assert c.others_views["involved"].contributor == "patient"  # F2 was for that box
        assert "typing as patient" in screen_text(app)  # the next box: the patient again
        # The clinician's view is the clinician's, whoever is at the keyboard.
        app.screen.query_one("#clinician-view").focus()
        await pilot.pause()
        await pilot.press("f2")
        assert app.contributor == "clinician"


def test_snapshot_others_views_at_80x24(snap_compare) -> None:
    """Others' views and pressure, one entered by a companion, each with who entered it;
    the focused box says who is typing there (issue 21)."""
    app = statins_app()

    async def run_before(pilot: Pilot) -> None:
        app.start_consultation(app.library.get(STATINS))
        await pilot.pause()
        c = app.consultation
        rules.add_other_participant(c, "Dana", "daughter")
        rules.set_others_view(c, "involved", "My daughter Dana", "patient")
        rules.set_others_view(c, "their_views", "I think Dad should try it", "companion")
        app.go_to_stage("weigh")
        await pilot.pause()
        app.screen.query_one("#others-pressure", Input).focus()
        await pilot.pause()
        # Focus scrolls the box into view by itself, after a refresh; on a loaded machine
        # that came after `show` and left the screen elsewhere. Let it finish first.
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await show(pilot, "#others-pressure")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
