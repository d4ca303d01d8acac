"""The link between a rehearsal and `sdm-tui observe`: private files, liveness by lock,
each side taking what is new in the other's file, and clear errors for bad files."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from sdm_tui.aid.library import Library
from sdm_tui.rehearsal import load_scenario
from sdm_tui.rehearsal.event_log import EventLog
from sdm_tui.rehearsal.link import (
    LinkError,
    ObserverLink,
    RehearsalLink,
    live_rehearsals,
    parse_state,
    private_folder,
    scenario_card,
    state_data,
)
from sdm_tui.rehearsal.option5 import ObserverScores
from sdm_tui.rehearsal.scenario import bundled_scenarios_folder
from tests.builders import FIXED_TIME


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _state(link: RehearsalLink, bundled_library: Library, **changes: object) -> dict:
    scenario = load_scenario(
        bundled_scenarios_folder() / "statins-strong-preference.toml", bundled_library
    )
    log = EventLog()
    log.stage_entered("team", FIXED_TIME)
    scores = ObserverScores()
    scores.set_score(2, 4)
    data = state_data(
        link.instance,
        scenario_card(scenario),
        "team",
        log,
        scores,
        paused=False,
        now=FIXED_TIME,
        scores_revision=1,
        observer_revision=0,
    )
    return {**data, **changes}


def test_a_rehearsal_and_its_observer_meet_through_private_files(
    tmp_path: Path, bundled_library: Library
) -> None:
    folder = tmp_path / "link"
    rehearsal = RehearsalLink(folder)
    rehearsal.open()
    rehearsal.publish(_state(rehearsal, bundled_library))
    assert _mode(folder) == 0o700 and _mode(rehearsal.state_path) == 0o600

    (live,) = live_rehearsals(folder)
    assert live.instance == rehearsal.instance
    assert live.title == "Pat Hollis is sure statins are poison"
    observer = ObserverLink(folder, live.instance)
    state = observer.read_state()
    assert state is not None and state.scores.score(2) == 4 and state.clock.label == "Team talk"
    assert state.card["leaning"] == "No statin for now"  # the hidden parts travel here only
    assert observer.read_state() is None, "unchanged: nothing new"

    assert rehearsal.observer_update() is None, "no observer yet"
    scores = ObserverScores()
    scores.set_score(1, 3)
    scores.set_note(1, "Named the choice")
    observer.write(1, scores, ["mother-stroke"])
    assert _mode(observer.observer_path) == 0o600
    update = rehearsal.observer_update()
    assert update is not None and update.revision == 1
    assert update.scores.note(1) == "Named the choice" and update.revealed == ["mother-stroke"]
    assert rehearsal.observer_update() is None, "taken once"

    rehearsal.close()
    assert sorted(folder.iterdir()) == []
    with pytest.raises(LinkError, match="the rehearsal has ended"):
        observer.read_state()
    with pytest.raises(LinkError, match="the rehearsal has ended"):
        observer.write(2, scores, [])


def test_an_ended_rehearsal_is_not_offered_and_is_swept(
    tmp_path: Path, bundled_library: Library
) -> None:
    folder = tmp_path / "link"
    crashed = RehearsalLink(folder)
    crashed.open()
    crashed.publish(_state(crashed, bundled_library))
    assert crashed._lock is not None
    os.close(crashed._lock)  # the process died: the kernel let go of its lock
    assert live_rehearsals(folder) == []
    with pytest.raises(LinkError, match="ended"):
        ObserverLink(folder, crashed.instance).read_state()
    RehearsalLink(folder).open()  # the next rehearsal sweeps what the dead one left
    assert not crashed.state_path.exists()


def test_bad_folders_are_refused_or_made_private(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    os.chmod(shared, 0o777)
    private_folder(shared)
    assert _mode(shared) == 0o700, "our own folder, opened up: made private again"
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)
    with pytest.raises(LinkError, match="is not a folder"):
        private_folder(tmp_path / "link")
    (tmp_path / "file").write_text("x")
    with pytest.raises(LinkError, match="cannot use the folder"):
        private_folder(tmp_path / "file")
    if os.getuid() == 0:  # as root (CI): a folder of another user
        theirs = tmp_path / "theirs"
        theirs.mkdir(mode=0o700)
        os.chown(theirs, 12345, 12345)
        with pytest.raises(LinkError, match="belongs to another user"):
            private_folder(theirs)


def test_damaged_files_are_clear_errors(tmp_path: Path, bundled_library: Library) -> None:
    folder = tmp_path / "link"
    rehearsal = RehearsalLink(folder)
    rehearsal.open()
    rehearsal.observer_path.write_text("{not json")
    with pytest.raises(LinkError, match=r"observer's file .* is damaged"):
        rehearsal.observer_update()
    rehearsal.observer_path.write_text(json.dumps({"sdm_tui_observer": 1, "revision": -1}))
    with pytest.raises(LinkError, match="its scores are missing"):
        rehearsal.observer_update()

    observer = ObserverLink(folder, rehearsal.instance)
    rehearsal.state_path.write_text("[]")
    with pytest.raises(LinkError, match="is not a JSON object"):
        observer.read_state()
    rehearsal.publish(_state(rehearsal, bundled_library, sdm_tui_rehearsal_link=99))
    with pytest.raises(LinkError, match="not a rehearsal's link file"):
        observer.read_state()
    (live,) = live_rehearsals(folder)
    assert live.title == "(its file cannot be read)"
    with pytest.raises(ValueError, match="stage time"):
        parse_state(_state(rehearsal, bundled_library, stage={"key": "team", "at": "no"}))
    rehearsal.close()


def test_observe_without_a_usable_rehearsal_says_why_and_exits(
    tmp_path: Path,
    bundled_library: Library,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import argparse

    from sdm_tui.cli import observe

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    folder = tmp_path / "sdm-tui"
    assert observe.run(argparse.Namespace(rehearsal=None)) == 1
    assert "no rehearsal is running for this user" in capsys.readouterr().err

    crashed = RehearsalLink(folder)
    crashed.open()
    crashed.publish(_state(crashed, bundled_library))
    assert crashed._lock is not None
    os.close(crashed._lock)  # a stale file: its rehearsal died
    assert observe.run(argparse.Namespace(rehearsal=None)) == 1
    assert "no rehearsal is running" in capsys.readouterr().err

    first, second = RehearsalLink(folder), RehearsalLink(folder)
    for each in (first, second):
        each.open()
        each.publish(_state(each, bundled_library))
    assert observe.run(argparse.Namespace(rehearsal=None)) == 2
    err = capsys.readouterr().err
    assert "several rehearsals are running" in err and first.instance in err
    assert observe.run(argparse.Namespace(rehearsal="nope")) == 2
    first.state_path.write_text("{damaged")
    assert observe.run(argparse.Namespace(rehearsal=first.instance)) == 1
    err = capsys.readouterr().err
    assert "is damaged (not JSON)" in err and "Traceback" not in err
    first.close()
    second.close()
