"""The stage bar: every stage named, the current one marked, a click goes to a stage."""

from __future__ import annotations

from sdm_tui.aid.library import Library
from sdm_tui.app.factory import make_app
from sdm_tui.app.stages import STAGE_BY_KEY
from sdm_tui.app.widgets.stage_bar import StageBar
from tests.builders import fixed_clock
from tests.screen_text import screen_text


async def test_clicking_a_stage_goes_there_and_marks_it(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_consultation(bundled_library.aids[0])
        await pilot.pause()
        bar = app.screen.query_one(StageBar)
        assert "▶2 Team" in screen_text(app)
        values = STAGE_BY_KEY["values"]
        start = next(x for x in range(100) if bar.stage_at(x) == values)
        await pilot.click(StageBar, offset=(start + 1, 0))
        await pilot.pause()
        assert app.current_stage == values
        assert f"▶{values.number} {values.short}" in screen_text(app)
        bar = app.screen.query_one(StageBar)
        assert bar.stage_at(start - 1) != values  # the stage before it ends where it starts
        assert bar.stage_at(1000) is None
        await pilot.hover(StageBar, offset=(start + 1, 0))
        assert bar.tooltip == f"Go to {values.title} (key {values.number})"
