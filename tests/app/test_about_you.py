"""The options stage of a format-2 aid: "About you" takes the patient's inputs, and the grid,
the outcome panels and their icon arrays show the numbers for them only."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from sdm_tui.aid.library import Library
from sdm_tui.aid.loader import load_aid
from sdm_tui.app.app import SdmApp
from sdm_tui.app.factory import make_app
from sdm_tui.app.widgets.comparison_grid import GridView
from sdm_tui.app.widgets.icon_array import IconArray
from sdm_tui.app.widgets.outcome_panel import OutcomePanel
from tests.builders import fixed_clock

AID2 = Path(__file__).resolve().parents[1] / "data" / "aids" / "format2" / "personalised.toml"


def app_with_format_2() -> SdmApp:
    return make_app(library=Library(None, [load_aid(AID2)]), clock=fixed_clock, recovery=False)


async def open_options(app: SdmApp, pilot: Pilot) -> None:
    app.start_consultation(app.library.aids[0], stage="options")
    await pilot.pause()
    await pilot.pause()


async def enter_risk(pilot: Pilot, text: str) -> None:
    """Type `text` over what the risk box holds (u goes to it from the numbers)."""
    box = pilot.app.screen.query_one("#input-risk", Input)
    if pilot.app.focused is not box:
        await pilot.press("u")
    assert pilot.app.focused is box
    box.select_all()
    await pilot.press("backspace", *text)
    await pilot.pause()
    await pilot.pause()


def basis(app: SdmApp) -> str:
    return app.screen.query_one("#basis", Static).render().plain  # type: ignore[union-attr]


def grid_text(app: SdmApp) -> str:
    """Every cell of the grid's rows, as the grid draws them now."""
    table = app.screen.query_one(GridView).table
    return "\n".join(str(cell) for column in table.columns for cell in column.cells)


def stroke_arrays(app: SdmApp) -> list[float]:
    (panel,) = [p for p in app.screen.query(OutcomePanel) if p.outcome.id == "stroke"]
    return [array.count for array in panel.query(IconArray)]


async def test_inputs_redraw_every_number_and_say_whose_they_are() -> None:
    app = app_with_format_2()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot)
        # Nothing entered: the numbers wait; the grid keeps the focus (u goes to the box).
        assert isinstance(app.focused, GridView)
        assert (
            basis(app)
            == "To see the numbers for this patient, enter: 10-year risk of a stroke (press u)."
        )
        assert "not shown yet" in grid_text(app)

        await enter_risk(pilot, "8")
        assert basis(app).startswith("Numbers for 10-year risk of a stroke: 8 in 100, as entered")
        entry = app.consultation.inputs["risk"]  # type: ignore[union-attr]
        assert (entry.value, entry.contributor) == (8.0, "clinician")
        # The age band's list shows the aid's default: nobody entered it, so it is not kept.
        assert "age" not in app.consultation.inputs  # type: ignore[union-attr]
        assert basis(app).endswith("Age band: Under 65 (the aid's default). Press u to change.")
        assert "6 out of 100, between 5 and 7" in grid_text(app)
        await pilot.press("enter", "o")  # on to the numbers, then the pictures
        await pilot.pause()
        await pilot.pause()
        assert stroke_arrays(app) == [6, 8]

        await enter_risk(pilot, "25")
        await pilot.pause()
        assert "19 out of 100, between 15 and 23" in grid_text(app)
        assert "6 out of 100" not in grid_text(app)
        assert stroke_arrays(app) == [19, 25]

        await enter_risk(pilot, "99")
        assert basis(app) == (
            "10-year risk of a stroke: 99 is out of range (from 1 to 50 in 100). "
            "No numbers are shown for it."
        )
        assert "risk" not in app.consultation.inputs  # type: ignore[union-attr]
        assert "19 out of 100" not in grid_text(app) and stroke_arrays(app) == []


def test_snapshot_about_you_100x30(snap_compare) -> None:
    app = app_with_format_2()

    async def run_before(pilot: Pilot) -> None:
        await open_options(pilot.app, pilot)  # type: ignore[arg-type]
        await enter_risk(pilot, "14")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


async def test_grid_still_scrolls_after_an_input_changed_while_it_was_hidden() -> None:
    """A risk entered from the Outcomes view redraws the hidden grid: back on the grid, its
    outcome rows must still scroll into view (its scroll range was once left empty)."""
    app = app_with_format_2()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        await enter_risk(pilot, "8")
        await pilot.press("enter")  # on to the outcomes
        await pilot.pause()
        await pilot.press("pagedown", "g")
        await pilot.pause()
        await pilot.pause()
        grid = app.screen.query_one(GridView)
        assert app.focused is grid
        await pilot.press("end")
        await pilot.pause()
        assert grid.max_scroll_y > 0
        assert grid.scroll_y == grid.max_scroll_y


async def test_a_steady_box_still_scrolls_to_its_cursor_when_text_outgrows_it() -> None:
    """SteadyInput skips only the layout Textual asks for at each change of length: the box
    still knows its text's width, so a long entry scrolls to keep the cursor in view."""
    from textual.app import App, ComposeResult

    from sdm_tui.app.textual_compat import SteadyInput

    class OneBox(App[None]):
        CSS = "SteadyInput { width: 12; }"

        def compose(self) -> ComposeResult:
            yield SteadyInput()

    app = OneBox()
    async with app.run_test(size=(30, 5)) as pilot:
        box = app.query_one(SteadyInput)
        box.focus()
        await pilot.press(*"0123456789abcdefghij")
        await pilot.pause()
        assert box.value == "0123456789abcdefghij"
        assert box.virtual_size.width == len(box.value) + 1  # the text and the cursor
        assert box.scroll_offset.x > 0  # scrolled: the cursor at the end is in view
        assert "hij" in "".join(strip.text for strip in app.screen._compositor.render_strips())


def drawn_rows(grid: GridView) -> str:
    """The grid's lines in view, as drawn."""
    return "\n".join(grid.render_line(y).text for y in range(grid.size.height))


async def test_counts_are_redrawn_in_view_at_once_and_out_of_view_before_a_scroll() -> None:
    """Counts out of view are redrawn just after the key's frame (the key shows sooner);
    counts in view with it. Either way no old count is ever drawn."""
    app = app_with_format_2()
    async with app.run_test(size=(100, 24)) as pilot:
        await open_options(app, pilot)
        grid = app.screen.query_one(GridView)
        assert "Stroke" not in drawn_rows(grid)  # below the questions: out of view
        await enter_risk(pilot, "8")
        assert "Stroke" not in drawn_rows(grid)
        await pilot.press("enter", "end", *["up"] * 3)  # back to the grid, to the stroke row
        await pilot.pause()
        assert "6 out of 100, between 5 and 7" in drawn_rows(grid)

        await enter_risk(pilot, "25")  # the counts are in view now
        assert "19 out of 100, between 15 and 23" in drawn_rows(grid)
        assert "6 out of 100" not in drawn_rows(grid)
