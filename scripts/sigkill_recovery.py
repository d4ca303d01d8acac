"""Opt-in stress test of crash recovery: many SIGKILLs at random moments (not run in CI).

    .venv/bin/python scripts/sigkill_recovery.py [KILLS]   (default 200)

Each round starts a child that "types" an entry every 20 ms and saves the way the app's
Autosaver does (debounced by AUTOSAVE_DELAY, through RecoveryStore and its atomic write),
kills it with SIGKILL at a random moment, and has a new RecoveryStore (a new instance)
take the dead instance's file. It counts entries typed more than one second before the
kill that the recovered file lacks, files that cannot be read back, and files not offered.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sdm_tui.app.recovery import AUTOSAVE_DELAY  # noqa: E402
from sdm_tui.store.recovery import RecoveryError, RecoveryStore  # noqa: E402

CHILD = """
import json, sys, time
from pathlib import Path
from sdm_tui.store.recovery import RecoveryStore
store = RecoveryStore(Path(sys.argv[1]))
store.prepare()
delay = float(sys.argv[2])
entries, first_unsaved = [], None
while True:
    entries.append(time.monotonic())
    print(len(entries) - 1, entries[-1], flush=True)
    first_unsaved = first_unsaved or time.monotonic()
    if time.monotonic() - first_unsaved >= delay:
        store.save(json.dumps({"record": {"entries": entries}}))
        first_unsaved = None
    time.sleep(0.02)
"""


def one_round(folder: Path, rng: random.Random) -> tuple[int, str]:
    """(entries lost that were typed over a second before the kill, what went wrong)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(AUTOSAVE_DELAY)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    child.stdout.readline()  # it has started
    time.sleep(rng.uniform(0.3, 2.5))
    os.kill(child.pid, signal.SIGKILL)
    killed_at = time.monotonic()
    typed = [float(line.split()[1]) for line in child.stdout.read().splitlines()]
    child.wait()
    store = RecoveryStore(folder)
    store.prepare()
    try:
        offered = store.pending()
    except RecoveryError as error:
        return 0, f"unreadable: {error}"
    must_have = [t for t in typed if killed_at - t > 1.0]
    if offered is None:
        return len(must_have), "not offered" if must_have else ""
    saved = set(offered.record["record"]["entries"])
    store.discard_pending(offered)
    store.close()
    return sum(1 for t in must_have if t not in saved), ""


def main() -> int:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rng = random.Random(20)
    lost = problems = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(kills):
            count, problem = one_round(Path(folder), rng)
            lost += count
            problems += bool(problem)
            if problem:
                print(problem, file=sys.stderr)
        left = sorted(p.name for p in Path(folder).iterdir())
    seconds = time.monotonic() - started
    print(
        f"{kills} SIGKILLs in {seconds:.0f} s: {lost} entries typed over 1 s before a kill "
        f"lost, {problems} files unreadable or not offered; left in the folder: {left}"
    )
    return 1 if lost or problems else 0


if __name__ == "__main__":
    sys.exit(main())
