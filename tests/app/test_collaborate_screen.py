"""The patient's CollaboRATE rating: for the patient alone, optional, into the clinic record."""

from __future__ import annotations

import json
from pathlib import Path

from sdm_tui.app.factory import make_app
from sdm_tui.app.screens.collaborate import CollaborateScreen
from sdm_tui.consultation import rules
from tests.builders import fixed_clock
from tests.screen_text import screen_text

AID = "statins-primary-prevention"


async def test_patient_answers_reach_the_clinic_record_only(bundled_library, tmp_path: Path):
    app = make_app(
        library=bundled_library, clock=fixed_clock, recovery=False, export_folder=tmp_path
    )
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_consultation(bundled_library.get(AID), stage="summary")
        c = app.consultation  # what is recorded before the next await is drawn
        rules.set_clinician_view(c, "Clinician's private view")
        rules.decide(c, c.aid.options[0].id)
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, CollaborateScreen)
        shown = screen_text(app)
        assert "For you to answer" in shown
        assert "Clinician's private view" not in shown
        for key, score in (("understand", "4"), ("listen", "4"), ("include", "3")):
            app.screen.query_one(f"#collaborate-{key}").focus()
            await pilot.press(score)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.stage_key == "summary"
        assert {k: e.value for k, e in c.collaborate.items()} == {
            "understand": 4,
            "listen": 4,
            "include": 3,
        }
        assert {e.contributor for e in c.collaborate.values()} == {"patient"}
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert record["collaborate"]["top_score"] is False
    clinic = next(tmp_path.glob("*clinic*.md")).read_text()
    patient = next(tmp_path.glob("*patient*.md")).read_text()
    assert "CollaboRATE" in clinic
    assert "CollaboRATE" not in patient


async def test_rating_can_be_skipped(bundled_library):
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_consultation(bundled_library.get(AID), stage="summary")
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        app.screen.query_one("#done").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.stage_key == "summary"
        assert app.consultation.collaborate == {}
