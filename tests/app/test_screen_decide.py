"""Stage 6, decide together: the choice, the plan, the review and the two confirmations."""

from __future__ import annotations

import dataclasses

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, RadioSet, Select

from sdm_tui.aid.library import Library
from sdm_tui.aid.model import DecisionAid
from sdm_tui.app.app import SdmApp
from sdm_tui.app.factory import make_app
from sdm_tui.app.screens.decide import WITHDRAWN_NOTICE, DecideScreen
from sdm_tui.app.widgets.marked_radio import MarkedRadioButton
from sdm_tui.app.widgets.plan_editor import PlanEditor, StepText
from sdm_tui.consultation import rules
from sdm_tui.consultation.record import Consultation, Decision
from tests.builders import FIXED_TIME, fixed_clock
from tests.keys import type_text

STATINS = "statins-primary-prevention"


def screen_text(app: SdmApp) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def widget_text(app: SdmApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def notices(app: SdmApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def start(app: SdmApp, aid_id: str = STATINS) -> Consultation:
    """A consultation opened straight on decide together (team talk never drawn): what the
    test records before its next await is there when the stage is first drawn."""
    aid = app.library.get(aid_id)
    assert aid is not None
    app.start_consultation(aid, stage="decide")
    assert app.consultation is not None
    return app.consultation


async def open_decide(app: SdmApp, pilot: Pilot) -> DecideScreen:
    """Decide together, drawn: opened again unless `start` has just opened it."""
    if not isinstance(app.screen, DecideScreen):
        app.go_to_stage("decide")
    await pilot.pause()
    assert isinstance(app.screen, DecideScreen)
    return app.screen


async def revisit(app: SdmApp, pilot: Pilot) -> DecideScreen:
    app.go_to_stage("summary")
    await pilot.pause()
    return await open_decide(app, pilot)


async def type_into(pilot: Pilot, target: str | Widget, text: str) -> None:
    field = pilot.app.screen.query_one(target) if isinstance(target, str) else target
    field.focus()
    await pilot.pause()
    await pilot.press("end")  # focus selects the whole text; add to it instead
    await type_text(pilot, text)
    await pilot.pause()


async def click(pilot: Pilot, target: str | Widget) -> None:
    widget = pilot.app.screen.query_one(target) if isinstance(target, str) else target
    widget.scroll_visible(animate=False)
    # Twice: the click before may have laid the stage out again (a note came or went), and
    # a click aimed at where the button was would miss it (failed once in a full run).
    await pilot.pause()
    await pilot.pause()
    await pilot.click(widget)
    await pilot.pause()


async def choose(pilot: Pilot, index: int) -> None:
    """Pick the choice at `index` with the keyboard (options first, then "not yet")."""
    choice = pilot.app.screen.query_one("#choice", RadioSet)
    choice.focus()
    await pilot.pause()
    current = choice._selected or 0
    steps = index - current
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await pilot.pause()


async def test_choice_plan_and_review_are_recorded_and_kept(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = start(app)
        screen = await open_decide(app, pilot)
        assert "Record a choice or 'not yet' above first" in screen_text(app) or (
            screen.query_one("#confirm-patient", Button).disabled
        )

        # No F2 pressed: each part is entered as its natural owner (issue 21).
        await choose(pilot, 0)
        assert c.decision is not None
        assert c.decision.value == Decision("statin")
        assert c.decision.contributor == "both"

        await type_into(pilot, ".plan-row.-new .step-what", "Start atorvastatin")
        assert "typing as clinician · F2 changes" in screen_text(app)
        await type_into(pilot, ".plan-row.-new .step-by-when", "Monday")
        await pilot.press("enter")
        await pilot.pause()
        assert [(s.what, s.who, s.by_when, s.contributor) for s in c.plan] == [
            ("Start atorvastatin", "both", "Monday", "clinician")
        ]
        assert "— clinician" in screen_text(app)  # beside the step
        await type_into(pilot, "#review", "in 3 months")
        assert c.review is not None and c.review.contributor == "clinician"
        await pilot.press("f2", "!")  # the patient types in the review now
        assert (c.review.value, c.review.contributor) == ("in 3 months!", "patient")
        assert "F2 entering as: patient" in screen_text(app)
        assert "— patient" in screen_text(app)
        await pilot.press("backspace")
        await type_into(pilot, "#measure", "no muscle aches")
        assert c.review is not None and c.review.value == "in 3 months"
        assert c.success_measure is not None and c.success_measure.value == "no muscle aches"
        assert c.success_measure.contributor == "clinician"  # F2 chose for the review only

        screen = await revisit(app, pilot)
        assert screen.query_one("#choice", RadioSet).pressed_index == 0
        (row,) = screen.query_one(PlanEditor).step_rows()
        assert row.typed() == StepText("Start atorvastatin", "both", "Monday")
        assert screen.query_one("#review", Input).value == "in 3 months"
        assert screen.query_one("#measure", Input).value == "no muscle aches"


async def test_not_yet_with_a_reason(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = start(app)
        screen = await open_decide(app, pilot)
        assert not screen.query_one("#not-yet-box").display
        await choose(pilot, 4)  # two options, then the third "not yet" reason
        assert c.decision is not None
        assert c.decision.value == Decision(None, "talk_with_others")
        assert c.decision.contributor == "both"  # a decision is made together
        assert screen.query_one("#not-yet-box").display
        await type_into(pilot, "#not-yet-text", "with my wife")
        assert c.decision.value == Decision(None, "talk_with_others", "with my wife")

        screen = await revisit(app, pilot)
        assert screen.query_one("#choice", RadioSet).pressed_index == 4
        assert screen.query_one("#not-yet-text", Input).value == "with my wife"

        await click(pilot, "#clear-choice")
        assert c.decision is None
        assert app.screen.query_one("#choice", RadioSet).pressed_index == -1


async def test_a_choice_that_differs_from_the_ratings_can_say_why(
    bundled_library: Library,
) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = start(app)
        rules.set_rating(c, "no-daily-tablet", 4)
        rules.set_leaning(c, "no-statin")
        screen = await open_decide(app, pilot)
        reminder = widget_text(app, "#reminder")
        assert "leaning: No statin for now" in reminder
        assert "line up most with: No statin for now" in reminder
        assert "not a recommendation" in reminder
        assert not screen.query_one("#differs-box").display

        await choose(pilot, 0)
        assert rules.choice_differs_from_ratings(c)
        assert screen.query_one("#differs-box").display
        assert "differs from what the ratings line up with most" in widget_text(
            app, "#differs-note"
        )
        await type_into(pilot, "#differs-reason", "my father had a stroke")
        assert c.decision is not None
        assert c.decision.value.differs_reason == "my father had a stroke"

        await choose(pilot, 1)
        assert not screen.query_one("#differs-box").display
        assert c.decision.value == Decision("no-statin")


async def test_both_confirm_then_a_change_withdraws_and_says_so(
    bundled_library: Library,
) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = start(app)
        rules.decide(c, "statin")
        rules.add_plan_step(c, "Start atorvastatin", "patient", "Monday")
        await open_decide(app, pilot)
        assert "○ Patient: not confirmed yet" in widget_text(app, "#patient-state")

        await click(pilot, "#confirm-patient")
        assert c.confirmations == {"patient": FIXED_TIME}
        assert "✓ Confirmed by the patient at 09:30 UTC" in widget_text(app, "#patient-state")
        assert "○ Clinician: not confirmed yet" in widget_text(app, "#clinician-state")
        assert "withdraw" in str(app.screen.query_one("#confirm-patient", Button).label)

        await click(pilot, "#confirm-clinician")
        assert rules.both_confirmed(c)
        assert "✓ Both have confirmed" in widget_text(app, "#confirm-both")

        (row,) = app.screen.query_one(PlanEditor).step_rows()
        await type_into(pilot, row.query_one(".step-what"), " daily")
        assert c.plan[0].what == "Start atorvastatin daily"
        assert c.confirmations == {}
        assert WITHDRAWN_NOTICE in notices(app)
        assert "Confirmations withdrawn" in widget_text(app, "#confirm-note")
        assert "○ Patient: not confirmed yet" in widget_text(app, "#patient-state")
        assert "Not yet confirmed by both" in widget_text(app, "#confirm-both")

        # Confirming again clears the warning; a party can withdraw by its own button.
        await click(pilot, "#confirm-patient")
        assert "Confirmations withdrawn" not in widget_text(app, "#confirm-note")
        await click(pilot, "#confirm-patient")
        assert c.confirmations == {}
        assert str(app.screen.query_one("#confirm-patient", Button).label) == ("Patient: I confirm")


async def test_each_kind_of_change_withdraws(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = start(app)
        rules.decide(c, "statin")
        rules.add_plan_step(c, "Start atorvastatin", "patient")
        screen = await open_decide(app, pilot)

        def confirm_both() -> None:
            rules.confirm(c, "patient")
            rules.confirm(c, "clinician")
            screen._show_confirmations()
            app.clear_notifications()

        def withdrawn_and_told() -> None:
            assert c.confirmations == {}
            assert WITHDRAWN_NOTICE in notices(app)

        confirm_both()
        await type_into(pilot, "#review", "6 weeks")
        withdrawn_and_told()
        confirm_both()
        await type_into(pilot, "#measure", "fewer aches")
        withdrawn_and_told()
        confirm_both()
        await choose(pilot, 1)
        withdrawn_and_told()
        confirm_both()
        (row,) = screen.query_one(PlanEditor).step_rows()
        row.query_one(".step-who", Select).value = "clinician"
        await pilot.pause()
        assert c.plan[0].who == "clinician"
        withdrawn_and_told()
        confirm_both()
        await click(pilot, row.query_one(".remove-step"))
        assert c.plan == []
        withdrawn_and_told()


async def test_plan_steps_are_validated_and_removed(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = start(app)
        rules.decide(c, "statin")
        screen = await open_decide(app, pilot)
        await click(pilot, ".add-step")
        assert c.plan == []
        assert "Type what is to be done first" in widget_text(app, "#plan-problem")

        for what in ("Blood test", "Start tablets"):
            await type_into(pilot, ".plan-row.-new .step-what", what)
            await pilot.press("enter")
            await pilot.pause()
        assert [s.what for s in c.plan] == ["Blood test", "Start tablets"]
        assert "Type what" not in screen_text(app)

        first, _ = screen.query_one(PlanEditor).step_rows()
        first.query_one(".step-what", Input).value = ""
        await pilot.pause()
        assert "Step 1 needs something to do" in widget_text(app, "#plan-problem")
        assert c.plan[0].what == "Blood test"

        await click(pilot, first.query_one(".remove-step"))
        assert [s.what for s in c.plan] == ["Start tablets"]
        (row,) = app.screen.query_one(PlanEditor).step_rows()
        assert row.typed().what == "Start tablets"


async def test_exported_consultation_cannot_be_confirmed_until_changed(
    bundled_library: Library,
) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = start(app)
        rules.decide(c, "statin")
        rules.confirm(c, "patient")
        rules.mark_exported(c)
        screen = await open_decide(app, pilot)
        assert c.exported_at is not None, "opening the screen must not change the record"
        assert screen.query_one("#confirm-patient", Button).disabled
        assert "Exported at 09:30 UTC" in widget_text(app, "#confirm-note")
        await type_into(pilot, "#review", "soon")
        assert c.exported_at is None
        assert not screen.query_one("#confirm-patient", Button).disabled


def markup_aid(minimal_aid: DecisionAid) -> DecisionAid:
    options = tuple(
        dataclasses.replace(option, label=f"[bold]{option.label}[/bold] [/red]")
        for option in minimal_aid.options
    )
    return dataclasses.replace(minimal_aid, options=options)


async def test_markup_looking_text_shows_literally(minimal_aid: DecisionAid) -> None:
    library = Library(None, [markup_aid(minimal_aid)])
    app = make_app(library=library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = start(app, "minimal")
        rules.set_rating(c, "avoid-pills", 4)
        rules.set_leaning(c, "none")
        await open_decide(app, pilot)
        await choose(pilot, 0)
        await type_into(pilot, ".plan-row.-new .step-what", "[@click=app.quit]x[/]")
        await pilot.press("enter")
        await pilot.pause()
        assert c.plan[0].what == "[@click=app.quit]x[/]"
        labels = [str(button.label) for button in app.screen.query(MarkedRadioButton)]
        assert labels[:2] == [
            "[bold]Take the tablet[/bold] [/red]",
            "[bold]No tablet[/bold] [/red]",
        ]
        row = app.screen.query_one(PlanEditor).step_rows()[0]
        assert row.query_one(".step-what", Input).value == "[@click=app.quit]x[/]"
        assert "leaning: [bold]No tablet[/bold] [/red]" in widget_text(app, "#reminder")
        assert "([bold]No tablet[/bold] [/red])" in widget_text(app, "#differs-note")
        assert app.is_running


def test_snapshot_decide_100x30(snap_compare, bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)

    async def run_before(pilot: Pilot) -> None:
        sdm_app: SdmApp = pilot.app  # type: ignore[assignment]
        c = start(sdm_app)
        rules.set_rating(c, "lower-risk", 4)
        rules.set_leaning(c, "statin")
        rules.decide(c, "statin")
        rules.add_plan_step(c, "Start atorvastatin 20 mg", "patient", "Monday")
        rules.add_plan_step(c, "Blood test for cholesterol", "clinician", "in 3 months")
        rules.set_review(c, "in 3 months")
        rules.confirm(c, "patient")
        await open_decide(sdm_app, pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_snapshot_confirming_at_80x24(snap_compare, bundled_library: Library) -> None:
    """At 80x24 the choice is screens above the buttons: the panel says what is being
    confirmed, and each entry says who entered it (issue 21)."""
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)

    async def run_before(pilot: Pilot) -> None:
        sdm_app: SdmApp = pilot.app  # type: ignore[assignment]
        c = start(sdm_app)
        rules.decide(c, "statin")
        rules.add_plan_step(c, "Start atorvastatin 20 mg", "patient", "Monday", "clinician")
        rules.set_review(c, "in 3 months", "clinician")
        rules.set_success_measure(c, "No aches, lower cholesterol", "patient")
        await open_decide(sdm_app, pilot)
        sdm_app.screen.query_one("#confirm-clinician").focus()
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
