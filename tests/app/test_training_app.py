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
from sdm_tui.app.recovery import AUTOSAVE_DELAY, RecoveryScreen
from sdm_tui.app.screens.base import StageScreen
from sdm_tui.app.screens.confirm import ConfirmScreen
from sdm_tui.app.training.debrief_screen import DebriefScreen
from sdm_tui.app.training.mode import training_session
from sdm_tui.app.training.observe_app import ObserverApp
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
from sdm_tui.rehearsal.event_log import EventLog
from sdm_tui.rehearsal.link import (
    POLL_SECONDS,
    ObserverLink,
    RehearsalLink,
    live_rehearsals,
    scenario_card,
    state_data,
)
from sdm_tui.rehearsal.option5 import ObserverScores
from sdm_tui.rehearsal.scenario import bundled_scenarios_folder
from tests.builders import FIXED_TIME, ManualDelays, fixed_clock
from tests.keys import type_text
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
    recovery_folder: Path | None = None,
    delays: ManualDelays | None = None,
    link_folder: Path | None = None,
) -> SdmApp:
    scenarios, failures = load_scenarios(folder, library)
    start_with = (
        next(s for s in scenarios if s.id == "statins-strong-preference") if start else None
    )
    return make_app(
        library=library,
        clock=clock,
        mode="training",
        recovery=recovery_folder is not None,
        recovery_folder=recovery_folder,
        delays=delays,
        export_folder=export_folder or Path("/training/exports"),
        scenario_choice=ScenarioChoice(scenarios, failures, start_with, link_folder),
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
        if number == 1:  # no total, partial or not, until all five are scored
            total = str(panel.query_one("#option5-total", Static).render())
            assert total == "OPTION-5 total: given when all 5 are scored (1 of 5 scored)"
    panel.query_one("#note-1", Input).focus()
    await type_text(pilot, "Named the choice")
    await pilot.pause()
    total = str(panel.query_one("#option5-total", Static).render())
    assert total == "OPTION-5 total: 70/100"
    await pilot.press("f4")
    await pilot.pause()
    assert isinstance(pilot.app.screen, StageScreen)


@pytest.mark.heavy
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
        assert "f3 Persona" in text and "f4 Score" in text

        # The actor's card: shown, a concern marked drawn out, hidden again.
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, PersonaCardScreen)
        card = screen_text(app)
        assert "Pat Hollis, 59 (fictional)" in card and "Opening line" in card
        # What the learner must discover is not on the learner's screen.
        assert "Leaning" not in card and "mother" not in card.lower()
        assert "sdm-tui observe" in card
        session.log.concern_revealed("mother-stroke", session.now())  # as the observer marks
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
        await pilot.press("f8")  # the trainer's pause: ten minutes not counted
        await pilot.pause()
        assert "⏸ Decide 0:00 paused (F8)" in screen_text(app)
        clock.advance(600)
        await pilot.press("f8")
        await pilot.pause()
        assert "⏱ Decide 0:00" in screen_text(app)
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
        debrief_text = " ".join(
            str(w.render()) for w in app.screen.query(".debrief-section").results(Static)
        )
        assert "Learning objectives:" in debrief_text
        assert "Confirmed by the patient: ✓ at" in debrief_text
        assert "Concern drawn out" in debrief_text and "Stage entered" in debrief_text
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


async def test_trainer_work_asks_before_quitting_and_survives_a_crash(
    bundled_library: Library, tmp_path: Path
) -> None:
    """Scores with the consultation exported: Ctrl+Q and F10 ask first; the scores, marks
    and log are kept for crash recovery (in a folder apart from the clinic's) and come back
    on Resume; once the debrief is exported, quitting asks nothing."""
    folder, out, delays = tmp_path / "recovery", tmp_path / "out", ManualDelays()
    out.mkdir()
    app = training_app(bundled_library, recovery_folder=folder, delays=delays, export_folder=out)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session, c = training_session(app), app.consultation
        assert session is not None and c is not None
        session.scores.set_score(1, 3)
        session.scores.set_note(1, "Named the choice")
        session.log.concern_revealed("mother-stroke", session.now())
        rules.mark_exported(c)  # the consultation itself is exported (or empty)
        assert not app.consultation_unsaved() and app.has_unsaved_work()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "OPTION-5 scores, notes and drawn-out marks" in detail
        await pilot.press("escape")
        app.go_to_stage("summary")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "End without exporting?" in screen_text(
            app
        )
        await pilot.press("escape")
        await pilot.pause()
        delays.advance(AUTOSAVE_DELAY)
        (saved,) = sorted((folder / "training").glob("consultation*.json"))
        state = json.loads(saved.read_text(encoding="utf-8"))["mode_state"]
        assert state["scenario_id"] == "statins-strong-preference"
        assert state["option5"]["items"][0]["score"] == 3
        assert not list(folder.glob("consultation*.json")), "apart from the clinic's files"
    assert app.recovery is not None
    app.recovery.close()  # the app "crashed": the kernel lets go of its lock

    second = training_app(bundled_library, start=False, recovery_folder=folder, export_folder=out)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(second.screen, RecoveryScreen)
        await pilot.click("#resume")
        await pilot.pause()
        back = training_session(second)
        assert back is not None and second.current_stage.key == "summary"
        assert back.scores.score(1) == 3 and back.scores.note(1) == "Named the choice"
        assert back.log.revealed_concerns() == ["mother-stroke"]
        assert second.has_unsaved_work()
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not second.has_unsaved_work()
        await pilot.press("ctrl+q")  # the debrief is exported: nothing to ask
        await pilot.pause()
    assert second.return_code == 0


async def test_an_observer_scores_from_a_second_terminal_while_the_learner_goes_on(
    bundled_library: Library, tmp_path: Path
) -> None:
    """Two apps, as in two terminals: `sdm-tui observe` scores, notes and marks while the
    learner moves on; the in-app panel never blocks Ctrl+N nor covers the stage timer;
    when the rehearsal ends the observer says so. Polls run by hand (no waits)."""
    folder, clock = tmp_path / "link", ManualClock()
    learner_delays, observer_delays = ManualDelays(), ManualDelays()
    app = training_app(bundled_library, clock=clock, delays=learner_delays, link_folder=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = training_session(app)
        assert session is not None
        (live,) = live_rehearsals(folder)
        link = ObserverLink(folder, live.instance)
        state = link.read_state(force=True)
        assert state is not None
        observer = ObserverApp(link, state, delays=observer_delays, clock=clock)
        async with observer.run_test(size=(120, 34)) as watcher:
            await watcher.pause()
            assert "Leaning: No statin for now" in screen_text(observer)
            assert "the learner is on Team talk ⏱ 0:00" in screen_text(observer)
            await watcher.press("3")
            await watcher.press("tab", *"Named it")
            observer.query_one("#reveal-0").scroll_visible(animate=False, immediate=True)
            await watcher.pause()
            await watcher.click("#reveal-0")
            await watcher.pause()

            learner_delays.advance(POLL_SECONDS)  # the learner's side takes it in
            assert session.scores.score(1) == 3 and session.scores.note(1) == "Named it"
            assert session.log.revealed_concerns() == ["mother-stroke"]

            # The in-app panel shows it, leaves the timer in view, and Ctrl+N moves on.
            await pilot.press("f4")
            await pilot.pause()
            assert isinstance(app.screen, ObserverPanelScreen)
            timer = app.screen_stack[-2].query_one(StageTimer)
            panel = app.screen.query_one("#observer")
            assert panel.region.y > timer.region.y, "the panel starts below the title row"
            assert app.screen.query_one("#score-1", ScoreRow).value == 3
            clock.advance(42)
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert isinstance(app.screen, StageScreen) and app.screen.stage_key == "options"
            learner_delays.advance(POLL_SECONDS)
            clock.advance(5)
            observer_delays.advance(POLL_SECONDS)
            await watcher.pause()
            assert "the learner is on The options ⏱ 0:05" in screen_text(observer)

            app.end_consultation()  # the learner ends: the observer is told, not crashed
            await pilot.pause()
            observer_delays.advance(POLL_SECONDS)
            await watcher.pause()
            assert "✗ Not connected: the rehearsal has ended" in screen_text(observer)
    assert list(folder.iterdir()) == []


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
            assert "f1 Help" in text.rstrip().splitlines()[-1], key  # the footer fits


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


def test_snapshot_observer_view_120x34(
    snap_compare, bundled_library: Library, tmp_path: Path
) -> None:
    """`sdm-tui observe`: the whole card with its hidden parts, and OPTION-5 beside it."""
    folder = tmp_path / "link"
    rehearsal = RehearsalLink(folder)  # the learner's end, as a running rehearsal holds it
    rehearsal.open()
    log = EventLog()
    log.stage_entered("options", FIXED_TIME)
    scenario = load_scenario(STATINS_SCENARIO, bundled_library)
    rehearsal.publish(
        state_data(
            rehearsal.instance,
            scenario_card(scenario),
            "options",
            log,
            ObserverScores(),
            paused=False,
            now=FIXED_TIME,
            scores_revision=0,
            observer_revision=0,
        )
    )
    link = ObserverLink(folder, rehearsal.instance)
    state = link.read_state(force=True)
    assert state is not None
    observer = ObserverApp(
        link, state, delays=ManualDelays(), clock=lambda: FIXED_TIME + dt.timedelta(seconds=73)
    )

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()

    try:
        assert snap_compare(observer, terminal_size=(120, 34), run_before=run_before)
    finally:
        rehearsal.close()


def test_snapshot_learner_persona_card_100x30(snap_compare, bundled_library: Library) -> None:
    """The learner's F3 card: who to play, nothing the learner must discover."""
    app = training_app(bundled_library)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
