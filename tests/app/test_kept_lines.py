"""Lines drawn once and shown again (the grid, its scrollbar, its mode line) are never stale:
after any walk through positions, views, focus and themes, the screen is exactly what a fresh
app shows when it goes straight there."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Tabs

from sdm_tui.aid.library import Library
from sdm_tui.app.app import SdmApp
from sdm_tui.app.factory import make_app
from sdm_tui.app.widgets.comparison_grid import ComparisonGrid, GridView
from sdm_tui.app.widgets.kept_lines import KeptStatic
from tests.builders import fixed_clock
from tests.screen_text import screen_text

STATINS = "statins-primary-prevention"
SIZE = (100, 30)


def screen_with_colours(app: SdmApp) -> str:
    return screen_text(app, colours=True)


async def open_grid(app: SdmApp, pilot: Pilot) -> GridView:
    app.start_consultation(app.library.get(STATINS), stage="options")  # type: ignore[arg-type]
    await pilot.pause()
    await pilot.pause()
    return app.screen.query_one(GridView)


async def fresh_screen(library: Library, scroll_y: int, *, single: bool, theme: str) -> str:
    """What an app that has shown nothing else before shows at this place."""
    app = make_app(library=library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        grid = await open_grid(app, pilot)
        if single:
            app.screen.query_one(ComparisonGrid).toggle_single_option()
            await pilot.pause()
        grid.scroll_to(y=scroll_y, animate=False)
        await pilot.pause()
        await pilot.pause()
        assert grid.scroll_y == scroll_y
        return screen_with_colours(app)


@pytest.mark.heavy
async def test_walking_the_grid_shows_what_going_straight_there_shows(
    bundled_library: Library,
) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    seen: dict[tuple[int, bool, str], str] = {}
    async with app.run_test(size=SIZE) as pilot:
        grid = await open_grid(app, pilot)
        assert grid.has_focus
        walk = ["down"] * 5 + ["up"] * 3 + ["v", "down", "down", "v", "up"]
        for key in walk:
            await pilot.press(key)
            await pilot.pause()
            single = app.screen.query_one(ComparisonGrid).single_option
            seen[(int(grid.scroll_y), single, app.theme)] = screen_with_colours(app)
        app.theme = "textual-light"  # every colour changes: nothing drawn before may show
        await pilot.pause()
        await pilot.pause()
        seen[(int(grid.scroll_y), single, app.theme)] = screen_with_colours(app)
    assert len(seen) >= 8
    for (scroll_y, single, theme), screen in seen.items():
        expected = await fresh_screen(bundled_library, scroll_y, single=single, theme=theme)
        assert screen == expected, (scroll_y, single, theme)


async def test_focus_leaving_the_grid_redraws_its_lines(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=SIZE) as pilot:
        grid = await open_grid(app, pilot)
        focused = screen_with_colours(app)
        await pilot.press("down", "up")
        app.screen.query_one(Tabs).focus()
        await pilot.pause()
        assert not grid.has_focus
        unfocused = screen_with_colours(app)
        assert unfocused != focused
        grid.focus()
        await pilot.pause()
        assert screen_with_colours(app) == focused


class OneLine(App[None]):
    def compose(self) -> ComposeResult:
        yield KeptStatic(Content("Same words"))


async def test_kept_static_tells_apart_the_same_words_in_another_style() -> None:
    app = OneLine()
    async with app.run_test(size=(30, 3)) as pilot:
        line = app.query_one(KeptStatic)
        plain_look = line.render_lines(Region(0, 0, 30, 1))
        line.update(Content("Same words").stylize("bold"), layout=False)
        await pilot.pause()
        bold_look = line.render_lines(Region(0, 0, 30, 1))
        assert any(segment.style and segment.style.bold for segment in bold_look[0])
        line.update(Content("Same words"), layout=False)
        await pilot.pause()
        assert line.render_lines(Region(0, 0, 30, 1)) == plain_look
