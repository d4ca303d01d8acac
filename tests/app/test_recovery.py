"""Crash recovery: saved as the consultation changes, private, offered back, then removed."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from sdm_tui.app.app import TERMINAL_GONE
from sdm_tui.app.factory import make_app
from sdm_tui.app.recovery import AUTOSAVE_DELAY, RecoveryScreen
from sdm_tui.consultation import rules
from sdm_tui.store.atomic import TEMP_PREFIX, TEMP_SUFFIX
from sdm_tui.store.recovery import RecoveryError, RecoveryStore
from tests.builders import ManualDelays, fixed_clock

AID = "statins-primary-prevention"


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def saved_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("consultation*.json"))


def test_store_is_private_and_sweeps_orphans_and_stale_files(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    store = RecoveryStore(folder)
    store.prepare()
    store.save('{"a": 1}')
    assert mode_of(folder) == 0o700
    assert mode_of(store.path) == 0o600
    orphan = folder / f"{TEMP_PREFIX}abc{TEMP_SUFFIX}"
    orphan.write_text("half a save")
    young = folder / f"{TEMP_PREFIX}live{TEMP_SUFFIX}"
    young.write_text("another instance's save in progress")
    old = time.time() - 13 * 3600
    os.utime(store.path, (old, old))
    os.utime(orphan, (old, old))
    store.prepare()
    assert not orphan.exists()
    assert young.exists(), "a young temporary file may be a live instance's save"
    assert store.path.exists(), "an instance's own file is not stale while it runs"
    store.close()  # the instance ends
    RecoveryStore(folder).prepare()
    assert not store.path.exists(), "a recovery file older than max_age is removed unopened"
    assert not store.path.with_suffix(".lock").exists()


def test_a_recovery_file_dated_in_the_future_is_stale(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    store = RecoveryStore(folder)
    store.prepare()
    store.save('{"a": 1}')
    soon, later = time.time() + 60, time.time() + 3600
    os.utime(store.path, (soon, soon))
    store.close()
    peek = RecoveryStore(folder)
    assert peek.pending() is not None, "a clock a minute apart is no reason"
    peek.close()
    os.utime(store.path, (later, later))
    RecoveryStore(folder).prepare()
    assert saved_files(folder) == []


def test_damaged_file_is_reported_not_raised_as_anything_else(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.prepare()
    (tmp_path / "consultation-dead.json").write_text("{not json")
    with pytest.raises(RecoveryError, match="damaged"):
        store.pending()


async def test_consultation_is_saved_as_it_changes_and_resumed(
    bundled_library, tmp_path: Path
) -> None:
    folder = tmp_path / "recovery"
    delays = ManualDelays()
    app = make_app(
        library=bundled_library, clock=fixed_clock, recovery_folder=folder, delays=delays
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.start_consultation(bundled_library.get(AID))
        consultation = app.consultation
        value_id = consultation.aid.values[0].id
        rules.set_rating(consultation, value_id, 3)
        rules.set_own_words(consultation, "worries", "Muscle aches [b]like my dad[/b]")
        rules.decide(consultation, consultation.aid.options[0].id)
        app.go_to_stage("values")
        await pilot.pause()
        delays.advance(AUTOSAVE_DELAY)  # the quiet after the last change
        (path,) = saved_files(folder)
        saved = json.loads(path.read_text())
        assert saved["stage"] == "values"
        assert saved["record"]["own_words"]["worries"]["text"] == "Muscle aches [b]like my dad[/b]"
        # The app "crashes": it never ends the consultation, so the file stays.
    app.recovery.close()  # and the kernel lets go of its lock

    second = make_app(library=bundled_library, clock=fixed_clock, recovery_folder=folder)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(second.screen, RecoveryScreen)
        await pilot.click("#resume")
        await pilot.pause()
        assert second.screen.stage_key == "values"
        recovered = second.consultation
        assert recovered.ratings[value_id].value == 3
        assert recovered.own_words["worries"].value == "Muscle aches [b]like my dad[/b]"
        assert recovered.decision.value.option_id == consultation.aid.options[0].id
        await pilot.press("ctrl+n")  # the next stage after the one resumed at
        await pilot.pause()
        assert second.current_stage.key == "weigh"
        assert second.screen.stage_key == "weigh"
        assert saved_files(folder) == [path], "the resumed consultation keeps its file"
        second.end_consultation()
        await pilot.pause()
        assert saved_files(folder) == []


async def test_discard_removes_the_file_and_later_keeps_it(bundled_library, tmp_path: Path):
    folder = tmp_path / "recovery"
    delays = ManualDelays()
    app = make_app(
        library=bundled_library, clock=fixed_clock, recovery_folder=folder, delays=delays
    )
    async with app.run_test() as pilot:
        app.start_consultation(bundled_library.get(AID))
        rules.set_own_words(app.consultation, "questions", "How long for?")
        await pilot.pause()
        delays.advance(AUTOSAVE_DELAY)
    app.recovery.close()
    (saved,) = saved_files(folder)
    for choice, survives in (("later", True), ("discard", False)):
        app = make_app(library=bundled_library, recovery_folder=folder)
        async with app.run_test() as pilot:
            await pilot.pause()
            await pilot.pause()
            await pilot.click(f"#{choice}")
            await pilot.pause()
            assert app.consultation is None
        app.recovery.close()
        assert saved.exists() is survives


async def test_recovery_off_writes_nothing(bundled_library, tmp_path: Path, private_home):
    delays = ManualDelays()
    app = make_app(library=bundled_library, recovery=False, delays=delays)
    async with app.run_test() as pilot:
        app.start_consultation(bundled_library.get(AID))
        rules.set_own_words(app.consultation, "worries", "private")
        await pilot.pause()
        delays.advance(AUTOSAVE_DELAY + 0.3)  # well past when an autosave would run
    assert [p for p in private_home.rglob("*") if p.is_file()] == []


async def test_unwritable_recovery_folder_warns_and_keeps_going(bundled_library, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    app = make_app(library=bundled_library, recovery_folder=blocker / "recovery")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        app.start_consultation(bundled_library.get(AID))
        await pilot.pause()
        assert app.consultation is not None
        assert any("recovery" in str(n.message).lower() for n in app._notifications)


async def test_a_lost_terminal_stops_the_app_and_keeps_the_consultation_for_recovery(
    bundled_library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "recovery"
    stopped: list[int] = []
    app = make_app(library=bundled_library, clock=fixed_clock, recovery_folder=folder)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.start_consultation(bundled_library.get(AID))
        words = "Said just before the window closed"
        rules.set_own_words(app.consultation, "worries", words)
        monkeypatch.setattr("sdm_tui.app.app.os._exit", stopped.append)
        monkeypatch.setattr("sdm_tui.app.app.os.isatty", lambda fd: True)
        app.check_terminal()  # the terminal is there: nothing happens
        assert stopped == []
        monkeypatch.setattr("sdm_tui.app.app.os.isatty", lambda fd: False)
        app.check_terminal()  # saved at once, not after the autosave's delay
        assert stopped == [TERMINAL_GONE]
        (path,) = saved_files(folder)
        saved = json.loads(path.read_text())
        assert saved["record"]["own_words"]["worries"]["text"] == words
