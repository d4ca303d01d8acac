"""Text typed into an "add" row and not added: kept across stages and after a crash.

Before, the team's "Add someone" row and the plan's new-step row lost what was typed on
Ctrl+N, Ctrl+B and a crash, without a word.
"""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from sdm_tui.app.factory import make_app
from sdm_tui.app.recovery import AUTOSAVE_DELAY, RecoveryScreen
from tests.builders import ManualDelays, fixed_clock
from tests.keys import type_text

AID = "statins-primary-prevention"
STEP = ".plan-row.-new .step-what"


async def type_into(pilot, selector: str, text: str) -> None:
    box = pilot.app.screen.query_one(selector, Input)
    box.focus()
    await pilot.pause()
    await type_text(pilot, text)


async def test_typed_but_not_added_survives_leaving_the_stage(bundled_library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_consultation(bundled_library.get(AID))
        await pilot.pause()
        await type_into(pilot, "#new-other-name", "Sam")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.stage_key == "options"
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.screen.query_one("#new-other-name", Input).value == "Sam"
        app.go_to_stage("decide")
        await pilot.pause()
        await type_into(pilot, STEP, "Blood test")
        app.go_to_stage("weigh")
        await pilot.pause()
        app.go_to_stage("decide")
        await pilot.pause()
        assert app.screen.query_one(STEP, Input).value == "Blood test"
        assert app.consultation.plan == [], "kept as typed, not added behind anyone's back"


async def test_typed_but_not_added_is_in_crash_recovery(bundled_library, tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    delays = ManualDelays()
    app = make_app(
        library=bundled_library, clock=fixed_clock, recovery_folder=folder, delays=delays
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.start_consultation(bundled_library.get(AID), stage="decide")
        await pilot.pause()
        await type_into(pilot, STEP, "Blood test")
        await pilot.pause()
        delays.advance(AUTOSAVE_DELAY)  # the quiet after the last change
        (saved,) = folder.glob("consultation-*.json")
        assert json.loads(saved.read_text())["drafts"] == {"decide:new-step-what": "Blood test"}
    app.recovery.close()  # the crash
    second = make_app(library=bundled_library, clock=fixed_clock, recovery_folder=folder)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(second.screen, RecoveryScreen)
        await pilot.click("#resume")
        await pilot.pause()
        assert second.screen.stage_key == "decide"
        assert second.screen.query_one(STEP, Input).value == "Blood test"
    second.recovery.close()
