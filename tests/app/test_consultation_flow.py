"""A whole consultation, driven through the screens as a patient and clinician would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from sdm_tui.app.factory import make_app
from sdm_tui.app.screens.library import LibraryScreen
from tests.builders import fixed_clock
from tests.keys import type_text
from tests.screen_text import screen_text

AID = "statins-primary-prevention"


async def focus(pilot, selector: str):
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    return widget


async def type_into(pilot, selector: str, text: str) -> None:
    widget = await focus(pilot, selector)
    if isinstance(widget, Input):
        widget.value = ""
    elif isinstance(widget, TextArea):
        widget.clear()
    await type_text(pilot, text)


async def next_stage(pilot, expected: str) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert pilot.app.screen.stage_key == expected


@pytest.mark.heavy
async def test_full_consultation_from_library_to_exports_and_end(
    bundled_library, tmp_path: Path, private_home: Path
) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    app = make_app(library=bundled_library, clock=fixed_clock, export_folder=out)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # 1. Library: type to filter, Enter opens the only match.
        await type_text(pilot, "statin")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.stage_key == "team"
        c = app.consultation
        aid = c.aid
        assert aid.id == AID

        # 2. Team talk.
        await type_into(pilot, "#patient-name", "Ann [b]Example[/b]")
        await type_into(pilot, "#clinician-name", "Dr Lee")
        await type_into(pilot, "#clinician-role", "GP")
        await focus(pilot, "#preferred-role")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert c.participants[0].name == "Ann [b]Example[/b]"
        assert c.preferred_role.value == "decide_together"
        assert "Ann [b]Example[/b]" in screen_text(app)

        # 3. Options: the clinician enters the 10-year risk (u); the outcomes view shows
        # absolute counts for it.
        await next_stage(pilot, "options")
        await pilot.press("u", "1", "4", "enter", "o")
        await pilot.pause()
        assert c.inputs["cv-risk-10y"].value == 14.0
        assert "out of 100" in screen_text(app)
        assert "10 out of 100 people, between 9 and 11" in screen_text(app)

        # 4. What matters: ratings by number keys, own words typed.
        await next_stage(pilot, "values")
        for index, rating in enumerate((4, 1, 3)):
            await focus(pilot, f"#rating-{index}")
            await pilot.press(str(rating))
        await type_into(pilot, "#words-worries", "Aching muscles <script>")
        assert [c.ratings[v.id].value for v in aid.values[:3]] == [4, 1, 3]
        assert c.own_words["worries"].value == "Aching muscles <script>"
        assert c.ratings[aid.values[0].id].contributor == "patient"

        # 5. Weigh up: leaning, SURE (all yes), clinician's view.
        await next_stage(pilot, "weigh")
        await focus(pilot, "#leaning")
        await pilot.press("enter")
        for key in ("sure", "understand", "risk_benefit", "encouragement"):
            await focus(pilot, f"#sure-{key}")
            await pilot.press("y")
        await type_into(pilot, "#clinician-view", "Reasonable either way.")
        await pilot.pause()
        assert c.leaning.value == aid.options[0].id
        assert c.clinician_view.contributor == "clinician"
        label = app.screen.query_one("#not-a-recommendation")
        assert "not a recommendation" in str(label.render())

        # 6. Decide together: choice, a plan step, review, both confirm.
        await next_stage(pilot, "decide")
        await focus(pilot, "#choice")
        await pilot.press("enter")
        await type_into(pilot, ".plan-row.-new .step-what", "Start atorvastatin 20 mg")
        await type_into(pilot, ".plan-row.-new .step-by-when", "Monday")
        await pilot.press("enter")
        await type_into(pilot, "#review", "In 3 months")
        await type_into(pilot, "#measure", "Cholesterol lower, no aches")
        for role in ("patient", "clinician"):
            await focus(pilot, f"#confirm-{role}")
            await pilot.press("enter")
        await pilot.pause()
        assert c.decision.value.option_id == aid.options[0].id
        assert [step.what for step in c.plan] == ["Start atorvastatin 20 mg"]
        assert set(c.confirmations) == {"patient", "clinician"}

        # 7. Summary: export, then end the consultation.
        await next_stage(pilot, "summary")
        await focus(pilot, "#folder")
        await pilot.press("enter")
        await pilot.pause()
        files = sorted(p.name for p in out.iterdir())
        assert len(files) == 5, files  # Markdown and HTML of each copy, and the record
        patient_md = next(out.glob("*patient*.md")).read_text()
        clinic_md = next(out.glob("*clinic*.md")).read_text()
        record = json.loads(next(out.glob("*.json")).read_text())
        assert "EXAMPLE" in patient_md and "EXAMPLE" in clinic_md
        assert "Take a statin" in patient_md
        assert "Start atorvastatin 20 mg" in patient_md
        assert "Reasonable either way" not in patient_md, "the clinician's view is clinic-only"
        assert "Reasonable either way" in clinic_md
        assert "<script>" not in patient_md and "&lt;script&gt;" in patient_md
        assert record["aid"]["id"] == AID
        assert record["aid"]["sha256"] == aid.sha256
        assert record["decision"]["option_id"] == aid.options[0].id
        assert record["confirmations"]["patient"] and record["confirmations"]["clinician"]
        assert {r["contributor"] for r in record["ratings"]} == {"patient"}
        # No F2 pressed: the plan and review are the clinician's, the decision both's.
        assert record["plan"][0]["contributor"] == "clinician"
        assert record["review"]["contributor"] == "clinician"
        assert record["decision"]["contributor"] == "both"
        assert record["sure"]["score"] == 4

        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.consultation is None
        assert "Ann" not in screen_text(app)
        assert app.screen.query_one("#search").value == "", "the last search is cleared too"

    # Nothing of the patient is left anywhere but the exports the user asked for.
    left_in_home = [p for p in private_home.rglob("*") if p.is_file()]
    assert left_in_home == []
    assert sorted(p.name for p in out.iterdir()) == files
