"""Two instances on one account: each keeps its own consultation, locked while it runs.

Real processes: an `fcntl.flock` lock is released by the kernel when its process dies,
also on SIGKILL, and that is what these tests rely on.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sdm_tui.app.factory import make_app
from sdm_tui.app.recovery import AUTOSAVE_DELAY, RecoveryScreen
from sdm_tui.consultation import rules
from sdm_tui.store.recovery import RecoveryStore
from tests.builders import ROOT, ManualDelays, fixed_clock
from tests.screen_text import screen_text

AID = "statins-primary-prevention"
INSTANCE = """
import json, sys
from pathlib import Path
from sdm_tui.store.recovery import RecoveryStore
store = RecoveryStore(Path(sys.argv[1]))
store.prepare()
store.save(json.dumps({"record": {"patient": sys.argv[2]}}))
print("saved", flush=True)
sys.stdin.read()
"""


def start_instance(folder: Path, patient: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", INSTANCE, str(folder), patient],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None and process.stdout.readline() == "saved\n"
    return process


def test_a_live_instance_is_never_offered_and_a_killed_one_is(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    a = start_instance(folder, "Ann Example")
    try:
        (a_file,) = folder.glob("consultation-*.json")
        old = time.time() - 30 * 3600
        os.utime(a_file, (old, old))  # even a file that looks stale is not touched
        b = RecoveryStore(folder)
        b.prepare()
        assert b.pending() is None, "B is never offered A's live consultation"
        b.save(json.dumps({"record": {"patient": "Bob Other"}}))
        assert a_file.exists()
        os.utime(a_file, None)
    finally:
        a.send_signal(signal.SIGKILL)
        a.wait()
    c = RecoveryStore(folder)
    c.prepare()
    offered = c.pending()
    assert offered is not None and offered.path == a_file
    assert offered.record["record"]["patient"] == "Ann Example"
    d = RecoveryStore(folder)
    d.prepare()
    assert d.pending() is None, "offered to C: not to D started meanwhile; B is alive"
    c.adopt(offered)
    assert c.path == a_file
    c.save(json.dumps({"record": {"patient": "Ann Example", "more": 1}}))
    assert json.loads(a_file.read_text())["record"]["more"] == 1
    for store in (b, c, d):
        store.close()


def test_two_killed_instances_are_offered_one_to_each_new_instance(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    a = start_instance(folder, "Ann Example")
    b = start_instance(folder, "Bob Other")
    for process in (a, b):
        process.send_signal(signal.SIGKILL)
        process.wait()
    first, second = RecoveryStore(folder), RecoveryStore(folder)
    offers = []
    for store in (first, second):
        store.prepare()
        offered = store.pending()
        assert offered is not None
        offers.append(offered.record["record"]["patient"])
    assert sorted(offers) == ["Ann Example", "Bob Other"]
    first.close()
    second.close()


async def test_the_prompt_names_stage_aid_time_and_clinician_not_the_patient(
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
        rules.set_participant(app.consultation, "patient", "Ann Example")
        rules.set_participant(app.consultation, "clinician", "Dr Jo Bloggs", "GP")
        app.go_to_stage("values")
        await pilot.pause()
        delays.advance(AUTOSAVE_DELAY)  # the quiet after the last change
    app.recovery.close()
    second = make_app(library=bundled_library, clock=fixed_clock, recovery_folder=folder)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(second.screen, RecoveryScreen)
        shown = screen_text(second)
        assert "Dr Jo Bloggs" in shown and "values" in shown and "Statins" in shown
        assert "Ann Example" not in shown
    second.recovery.close()
