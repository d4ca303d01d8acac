"""Selecting text on the options grid with the mouse, and copying it (Ctrl+C).

The grid draws its own lines; Textual asks the widget for the text under a selection. It
once called the grid's own `_render` by mistake (a name Textual uses), and the app stopped.
"""

from __future__ import annotations

from textual.selection import Selection

from sdm_tui.aid.library import Library
from sdm_tui.app.widgets.comparison_grid import GridView
from tests.app.test_screen_options import STATINS, app_for, open_options


def grid_lines(grid: GridView) -> list[str]:
    everything = grid.get_selection(Selection(None, None))
    assert everything is not None
    return everything[0].splitlines()


async def test_a_question_selected_with_the_mouse_is_copied(bundled_library: Library) -> None:
    aid = bundled_library.get(STATINS)
    assert aid is not None
    question = aid.questions[0].text.split(" my ")[0]  # its first line in the grid
    assert question == "How much does it lower"
    app = app_for(aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot)
        grid = app.screen.query_one(GridView)
        lines = grid_lines(grid)
        y = next(i for i, line in enumerate(lines) if question in line)
        x = lines[y].index(question) + grid.styles.padding.left
        await pilot.mouse_down(GridView, offset=(x, y))
        await pilot.hover(GridView, offset=(x + len(question) - 1, y))
        await pilot.mouse_up(GridView, offset=(x + len(question) - 1, y))
        assert grid.text_selection is not None
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.clipboard == question


async def test_a_selection_across_lines_copies_each_line_as_shown(
    bundled_library: Library,
) -> None:
    aid = bundled_library.get(STATINS)
    assert aid is not None
    app = app_for(aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_options(app, pilot)
        grid = app.screen.query_one(GridView)
        lines = grid_lines(grid)
        # From the top left corner to the fifth character of the fifth line (the mouse is
        # on the last character selected).
        await pilot.mouse_down(GridView, offset=(grid.styles.padding.left, 0))
        await pilot.mouse_up(GridView, offset=(grid.styles.padding.left + 4, 4))
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running
        assert app.clipboard == "\n".join([*lines[:4], lines[4][:5]])
