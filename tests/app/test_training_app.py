"""Training mode: a whole rehearsal from a scenario, the panels, the debrief, the command."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from sdm_tui.aid.library import Library
from sdm_tui.app.app import SdmApp
from sdm_tui.app.factory import make_app
from sdm_tui.app.screens.base import StageScreen
from sdm_tui.app.training.debrief_screen import DebriefScreen
from sdm_tui.app.training.mode import training_session
from sdm_tui.app.training.observer_panel import ObserverPanelScreen, ScoreRow
from sdm_tui.app.training.persona_card import PersonaCardScreen
from sdm_tui.app.training.picker import ScenarioPickerScreen
from sdm_tui.app.training.session import ScenarioChoice
from sdm_tui.app.training.timer import StageTimer, clock_text
from sdm_tui.cli import main
from sdm_tui.consultation import rules
from sdm_tui.consultation.record import SURE_KEYS
from sdm_tui.consultation.sure import set_sure
from sdm_tui.export import to_record, write_exports
from sdm_tui.rehearsal import load_scenario, load_scenarios
from sdm_tui.rehearsal.scenario import bundled_scenarios_folder
from tests.builders import FIXED_TIME, fixed_clock
from tests.screen_text import screen_text

STATINS_SCENARIO = bundled_scenarios_folder() / "statins-strong-preference.toml"
MARKUP = "[bold]Ann[/bold] [/red] [@click=app.quit]x[/]"
OPTION5_SCORES = {1: 3, 2: 4, 3: 2, 4: 3, 5: 2}  # 14 of 20 points: 70 out of 100


class ManualClock:
    """A clock the test moves on, so that stage times are known exactly."""

    def __init__(self) -> None:
        self.now = FIXED_TIME

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += dt.timedelta(seconds=seconds)


def training_app(
    library: Library,
    *,
    clock: Callable[[], dt.datetime] = fixed_clock,
    start: bool = True,
    folder: Path | None = None,
    export_folder: Path | None = None,
) -> SdmApp:
    scenarios, failures = load_scenarios(folder, library)
    start_with = (
        next(s for s in scenarios if s.id == "statins-strong-preference") if start else None
    )
    return make_app(
        library=library,
        clock=clock,
        mode="training",
        recovery=False,
        export_folder=export_folder or Path("/training/exports"),
        scenario_choice=ScenarioChoice(scenarios, failures, start_with),
    )


async def next_stage(pilot: Pilot, key: str) -> str:
    await pilot.press("ctrl+n")
    await pilot.pause()
    app = pilot.app
    assert isinstance(app.screen, StageScreen) and app.screen.stage_key == key
    text = screen_text(app)
    assert "TRAINING" in text, key
    return text


async def score_option5(pilot: Pilot) -> None:
    await pilot.press("f4")
    await pilot.pause()
    panel = pilot.app.screen
    assert isinstance(panel, ObserverPanelScreen)
    for number, score in OPTION5_SCORES.items():
        panel.query_one(f"#score-{number}", ScoreRow).focus()
        await pilot.press(str(score))
    panel.query_one("#note-1", Input).focus()
    await pilot.press(*"Named the choice")
    await pilot.pause()
    total = str(panel.query_one("#option5-total", Static).render())
    assert total == "OPTION-5 total: 70/100"
    await pilot.press("f4")
    await pilot.pause()
    assert isinstance(pilot.app.screen, StageScreen)


async def test_full_rehearsal_with_debrief_export(bundled_library: Library, tmp_path: Path) -> None:
    clock = ManualClock()
    out = tmp_path / "out"
    out.mkdir()
    app = training_app(bundled_library, clock=clock, export_folder=out)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        c = app.consultation
        session = training_session(app)
        assert c is not None and c.mode == "training" and session is not None
        text = screen_text(app)
        assert "TRAINING" in text and "⏱ Team 0:00" in text
        assert "f3 Persona" in text and "f4 Observer" in text

        # The actor's card: shown, a concern marked drawn out, hidden again.
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, PersonaCardScreen)
        card = screen_text(app)
        assert "Pat Hollis, 59 (fictional)" in card and "Opening line" in card
        app.screen.query_one("#reveal-0").scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        await pilot.click("#reveal-0")
        await pilot.pause()
        assert session.log.revealed_concerns() == ["mother-stroke"]
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, StageScreen)

        rules.set_participant(c, "clinician", "Dr Lee", "GP")
        clock.advance(60)
        await next_stage(pilot, "options")
        clock.advance(120)
        await next_stage(pilot, "values")
        for value_id, rating in {
            "lower-risk": 3,
            "no-daily-tablet": 2,
            "side-effects": 4,
            "habits-first": 1,  # the patient would have said 3: not drawn out
        }.items():
            rules.set_rating(c, value_id, rating, "patient")
        rules.set_own_words(c, "worries", "My mum had a stroke", "patient")
        clock.advance(90)
        text = await next_stage(pilot, "weigh")
        assert "⏱ Weigh up 0:00" in text
        rules.set_leaning(c, "no-statin", "patient")
        for key in SURE_KEYS:
            set_sure(c, key, True, "patient")
        clock.advance(30)
        await next_stage(pilot, "decide")
        rules.decide(c, "no-statin", contributor="both")
        rules.add_plan_step(c, "Walk 30 minutes a day", "patient", "from Monday", "both")
        rules.confirm(c, "patient")
        rules.confirm(c, "clinician")
        await score_option5(pilot)
        clock.advance(30)
        await next_stage(pilot, "summary")

        # The consultation's own exports say TRAINING too.
        await pilot.press("ctrl+s")
        await pilot.pause()
        consultation_files = sorted(out.iterdir())
        assert len(consultation_files) == 5  # Markdown and HTML of each copy, the record
        record = to_record(c)
        consultation_files += write_exports(record, out, formats=("html",), audience="clinic")
        for path in consultation_files:
            if path.suffix == ".json":  # machine-readable: the mode, not a banner
                assert json.loads(path.read_text(encoding="utf-8"))["mode"] == "training"
            else:
                assert "TRAINING" in path.read_text(encoding="utf-8"), path.name

        clock.advance(15)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        shown = screen_text(app)
        assert "TRAINING" in shown and "Rehearsal debrief" in shown
        assert "Pat Hollis is sure statins are poison" in shown
        clock.advance(600)  # the debrief's own time is not counted
        await pilot.press("ctrl+s")
        await pilot.pause()
        result = str(app.screen.query_one("#debrief-result", Static).render())
        assert result.startswith("✓ Saved the debrief in")
        debrief_files = sorted(out.glob("*-debrief.*"))
        assert [p.suffix for p in debrief_files] == [".json", ".md"]
        assert all(p.name in result for p in debrief_files)

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StageScreen) and app.screen.stage_key == "summary"

    data = json.loads(debrief_files[0].read_text(encoding="utf-8"))
    assert data["mode"] == "training" and data["banners"][0].startswith("TRAINING")
    stages = {s["key"]: s["seconds"] for s in data["times"]["stages"]}
    assert stages == {
        "team": 60,
        "options": 120,
        "values": 90,
        "weigh": 30,
        "decide": 30,
        "summary": 15,
    }
    talks = {t["key"]: t["seconds"] for t in data["times"]["talks"]}
    assert talks == {"team": 60, "option": 120, "decision": 165}
    option5 = data["option5"]
    assert option5["total"] == sum(OPTION5_SCORES.values()) * 100 // 20 == 70
    assert [i["score"] for i in option5["items"]] == list(OPTION5_SCORES.values())
    assert option5["items"][0]["note"] == "Named the choice"
    drawn = {
        row["value_id"]: (row["recorded"], row["hidden"], row["drawn_out"])
        for row in data["values"]
    }
    assert drawn == {
        "lower-risk": (3, 3, "yes"),
        "no-daily-tablet": (2, 2, "yes"),
        "side-effects": (4, 4, "yes"),
        "habits-first": (1, 3, "no"),
        "avoid-diabetes": (None, 1, "not asked"),
    }
    assert data["leaning"]["hidden"] == "no-statin"
    assert data["leaning"]["choice"] == "no-statin" and data["leaning"]["choice_matches"] is True
    assert data["sure"]["score"] == 4 and data["sure"]["flag"] is False
    assert [c["revealed"] for c in data["concerns"]] == [True, False]
    kinds = {e["kind"] for e in data["events"]}
    assert {"stage_entered", "stage_left", "rating_changed", "note_added", "leaning_set"} <= kinds
    assert {
        "sure_answered",
        "decision_set",
        "plan_changed",
        "confirmed",
        "concern_revealed",
    } <= kinds
    assert all(e["at"] for e in data["events"])

    markdown = debrief_files[1].read_text(encoding="utf-8")
    assert markdown.startswith("# Rehearsal debrief: Pat Hollis is sure statins are poison")
    assert "**TRAINING" in markdown
    assert "Team talk" in markdown and "2m00s" in markdown  # option talk's bar
    assert "**Total: 70 out of 100**" in markdown
    assert "The choice matches the patient's hidden leaning." in markdown
    assert "Score 4 of 4: no decisional conflict found." in markdown
    assert "| Important to me: side effects" not in markdown or "| yes |" in markdown


async def test_every_stage_screen_says_training(bundled_library: Library) -> None:
    app = training_app(bundled_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in ("team", "options", "values", "weigh", "decide", "summary"):
            app.go_to_stage(key)
            await pilot.pause()
            text = screen_text(app)
            assert "⚠ TRAINING" in text, key
            assert app.screen.query_one(StageTimer) is not None


async def test_debrief_export_error_keeps_everything(
    bundled_library: Library, tmp_path: Path
) -> None:
    app = training_app(bundled_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        folder = app.screen.query_one("#debrief-folder", Input)
        folder.value = str(tmp_path / "missing")
        await pilot.press("ctrl+s")
        await pilot.pause()
        result = str(app.screen.query_one("#debrief-result", Static).render())
        assert result.startswith("✗ Not exported.")
        folder.value = str(tmp_path)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(list(tmp_path.glob("*-debrief.*"))) == 2


async def test_picker_lists_scenarios_and_broken_files(
    bundled_library: Library, tmp_path: Path
) -> None:
    (tmp_path / "good.toml").write_bytes(STATINS_SCENARIO.read_bytes())
    (tmp_path / "broken.toml").write_text(
        'format = 1\nid = "broken"\naid = "no-such-aid"\n[persona]\nname = "X"\n',
        encoding="utf-8",
    )
    app = training_app(bundled_library, start=False, folder=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScenarioPickerScreen)
        text = screen_text(app)
        assert "TRAINING" in text and "Pat Hollis, 59" in text
        assert "Statins to prevent a first" in text and "Learning objectives" in text
        assert "broken.toml: could not be loaded" in text
        await pilot.press("enter")
        await pilot.pause()
        session = training_session(app)
        assert isinstance(app.screen, StageScreen) and session is not None
        assert session.scenario.id == "statins-strong-preference"


async def test_training_keys_are_absent_in_clinical_mode(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_consultation(bundled_library.get("statins-primary-prevention"))  # type: ignore[arg-type]
        await pilot.pause()
        for key in ("team", "options"):
            app.go_to_stage(key)
            await pilot.pause()
            text = screen_text(app)
            assert "Persona" not in text and "Observer" not in text and "⏱" not in text
            assert not app.screen.query(StageTimer)
            await pilot.press("f3", "f4", "f5")
            await pilot.pause()
            assert isinstance(app.screen, StageScreen)


async def test_scenario_text_is_shown_literally(bundled_library: Library, tmp_path: Path) -> None:
    text = STATINS_SCENARIO.read_text(encoding="utf-8")
    text = text.replace('name = "Pat Hollis"', f'name = "{MARKUP}"')
    text = text.replace('title = "Pat Hollis is sure statins are poison"', f'title = "{MARKUP}"')
    path = tmp_path / "markup.toml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path, bundled_library)
    app = make_app(
        library=bundled_library,
        clock=fixed_clock,
        mode="training",
        recovery=False,
        scenario_choice=ScenarioChoice([scenario], [], None),
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert MARKUP in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert MARKUP in screen_text(app)
        await pilot.press("f3", "f5")
        await pilot.pause()
        assert MARKUP in screen_text(app)
        assert app.is_running


def test_clock_text() -> None:
    assert clock_text(0) == "0:00"
    assert clock_text(133) == "2:13"
    assert clock_text(3725) == "1:02:05"


# -- the command --------------------------------------------------------------------------


def test_rehearse_with_a_broken_scenario_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(
        STATINS_SCENARIO.read_text(encoding="utf-8").replace(
            'aid = "statins-primary-prevention"', 'aid = "no-such-aid"'
        ),
        encoding="utf-8",
    )
    code = main(["rehearse", str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert f"{path}:8:7: error[SDM220]" in err
    assert "   8 | aid = " in err
    assert "1 with errors" in err


def test_rehearse_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["rehearse", str(tmp_path / "missing.toml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["rehearse", "--aids", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err


# -- snapshots ----------------------------------------------------------------------------


def test_snapshot_picker_100x30(snap_compare, bundled_library: Library) -> None:
    app = training_app(bundled_library, start=False)
    assert snap_compare(app, terminal_size=(100, 30))


def test_snapshot_observer_panel_100x30(snap_compare, bundled_library: Library) -> None:
    app = training_app(bundled_library)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.go_to_stage("options")  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_snapshot_debrief_100x30(snap_compare, bundled_library: Library) -> None:
    app = training_app(bundled_library)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        sdm = pilot.app
        assert isinstance(sdm, SdmApp) and sdm.consultation is not None
        session = training_session(sdm)
        assert session is not None
        rules.set_rating(sdm.consultation, "side-effects", 4, "patient")
        for number, score in OPTION5_SCORES.items():
            session.scores.set_score(number, score)
        await pilot.press("f5")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
