"""Hostile file kinds a user can name: named pipes, symlink loops, names with escapes.

Each case is real (os.mkfifo, os.symlink, a file named with an OSC sequence). A pipe
that is opened the ordinary way blocks for ever, so every read runs under `within`:
before the fix these tests fail after a few seconds instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sdm_tui.aid.library import load_library
from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.problems import AidLoadError
from sdm_tui.cli import main
from sdm_tui.store.safe_files import (
    NotRegularFileError,
    display_path,
    read_regular_file,
    regular_file_problem,
)
from tests.builders import MINIMAL, ROOT

OSC_TITLE = "\x1b]0;PWNED\x07"
TERMINAL_ACTORS = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b")


def within(seconds: float, action: Callable[[], Any]) -> Any:
    """`action()`'s result or exception; fails (not hangs) if it takes longer."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = action()
        except BaseException as error:  # handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "y.toml"
    os.mkfifo(path)
    return path


def sdm_tui(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a fresh interpreter; `timeout` turns a hang into a failure."""
    return subprocess.run(
        [sys.executable, "-m", "sdm_tui.cli", *args],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
    )


# -- defect 3: named pipes ------------------------------------------------------------


def test_reading_a_fifo_is_refused_not_blocked(fifo: Path) -> None:
    with pytest.raises(NotRegularFileError, match="named pipe"):
        within(5, lambda: read_regular_file(fifo))
    assert "named pipe" in (regular_file_problem(fifo) or "")
    assert regular_file_problem(MINIMAL) is None


def test_an_aid_that_is_a_fifo_is_unreadable(fifo: Path) -> None:
    with pytest.raises(AidLoadError) as caught:
        within(5, lambda: load_aid(fifo))
    (problem,) = caught.value.problems
    assert "named pipe" in problem.message and problem.name == "unreadable"


def test_a_fifo_settings_file_is_reported_and_ignored(fifo: Path) -> None:
    from sdm_tui.settings.resolve import read_settings_file

    problems: list[Any] = []
    found = within(5, lambda: read_settings_file(fifo, problems))
    assert found.values == {}
    assert "named pipe" in problems[0].text()


def test_a_fifo_recovery_file_is_an_error_not_a_hang(tmp_path: Path) -> None:
    from sdm_tui.store.recovery import RecoveryError, RecoveryStore

    store = RecoveryStore(tmp_path / "recovery")
    store.prepare()
    os.mkfifo(store.folder / "consultation-dead.json")  # a dead instance's file, say
    with pytest.raises(RecoveryError, match="named pipe"):
        within(5, store.pending)
    store.close()


def test_every_command_given_a_fifo_says_so_and_exits(tmp_path: Path) -> None:
    aid, record = tmp_path / "y.toml", tmp_path / "pipe.json"
    os.mkfifo(aid)
    os.mkfifo(record)
    checked = sdm_tui("check", str(aid))
    assert checked.returncode == 1 and "named pipe" in checked.stdout
    exported = sdm_tui("export", str(record), "-o", str(tmp_path))
    assert exported.returncode == 1 and "named pipe" in exported.stderr
    previewed = sdm_tui("preview", str(aid))
    assert previewed.returncode == 2 and "named pipe" in previewed.stderr
    config = tmp_path / "config" / "sdm-tui"
    config.mkdir(parents=True)
    os.mkfifo(config / "settings.toml")
    settings = sdm_tui("settings", env={"XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert settings.returncode == 0 and "named pipe" in settings.stdout + settings.stderr
    assert "(not a regular file: ignored)" in settings.stdout, "not called absent"


# -- defect 4: a symlink loop in the aids folder --------------------------------------


def test_a_symlink_loop_is_listed_as_unreadable(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_bytes(MINIMAL.read_bytes())
    os.symlink("b.toml", tmp_path / "a.toml")
    os.symlink("a.toml", tmp_path / "b.toml")
    library = within(10, lambda: load_library(tmp_path))
    assert [aid.path.name for aid in library.aids] == ["good.toml"]
    assert sorted(f.path.name for f in library.failures) == ["a.toml", "b.toml"]
    assert all(f.problems[0].name == "unreadable" for f in library.failures)


def test_check_lists_a_symlink_loop(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    os.symlink("loop.toml", tmp_path / "loop.toml")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "loop.toml" in out and "symbolic links" in out


# -- defect 5: escape sequences in file names -----------------------------------------


def test_display_path_makes_every_actor_visible() -> None:
    shown = display_path(Path(f"a{OSC_TITLE}\u202eb\u200bc\x9bd\ne.toml"))
    assert not any(actor in shown for actor in (*TERMINAL_ACTORS, "\n"))
    assert "<U+202E>" in shown and "<U+200B>" in shown and "\u241b" in shown


def test_check_never_prints_a_file_name_raw(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / f"a{OSC_TITLE}.toml").write_text("x = [\n", encoding="utf-8")
    (tmp_path / "z\u202eevil.toml").write_bytes(MINIMAL.read_bytes())
    for fmt in ("text", "json"):
        assert main(["check", "--format", fmt, str(tmp_path)]) == 1
        out, err = capsys.readouterr()
        assert "PWNED" in out
        assert not any(actor in out + err for actor in TERMINAL_ACTORS)


def test_export_never_prints_a_record_name_raw(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / f"r{OSC_TITLE}\u202e.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["export", str(bad), "-o", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "PWNED" in err and "not valid JSON" in err
    assert not any(actor in out + err for actor in TERMINAL_ACTORS)


# -- defect 6: TEXTUAL_SCREENSHOT -----------------------------------------------------


@pytest.mark.parametrize(
    "variable", ["TEXTUAL_SCREENSHOT", "TEXTUAL_SCREENSHOT_LOCATION", "TEXTUAL_LOG"]
)
def test_textual_trace_variables_are_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str
) -> None:
    monkeypatch.setenv(variable, "1")
    seen: dict[str, str | None] = {}

    class FakeApp:
        return_code = 0

        def run(self) -> None:
            seen["value"] = os.environ.get(variable)

    monkeypatch.setattr("sdm_tui.app.factory.make_app", lambda **kwargs: FakeApp())
    assert main(["run", "--no-recovery"]) == 0
    assert seen == {"value": None}
    assert f"{variable} ignored" in capsys.readouterr().err


def test_the_app_saves_no_screenshot_even_if_textual_was_asked(tmp_path: Path) -> None:
    from sdm_tui.app.app import SdmApp

    shots = tmp_path / "shots"
    shots.mkdir()
    assert SdmApp.save_screenshot(object(), path=str(shots)) == ""  # type: ignore[arg-type]
    assert list(shots.iterdir()) == []


# -- defect 11: check on a folder with no aids; one id in two files -------------------


def test_check_on_a_folder_without_aids_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["check", str(tmp_path)]) == 1
    assert "holds no decision-aid files" in capsys.readouterr().out


# -- defect 7: limits per aid ---------------------------------------------------------


def _minimal_with(extra: str, before: str = "[[questions]]") -> bytes:
    text = MINIMAL.read_text(encoding="utf-8")
    at = text.index(before)
    return (text[:at] + extra + text[at:]).encode("utf-8")


def test_ten_thousand_options_are_one_problem_at_once(tmp_path: Path) -> None:
    from sdm_tui.aid.loader import parse_aid

    options = "".join(
        f'\n[[options]]\nid = "o{n}"\nlabel = "O{n}"\nsummary = "S."\n' for n in range(10_000)
    )
    with pytest.raises(AidLoadError) as caught:
        within(10, lambda: parse_aid(_minimal_with(options), tmp_path / "many.toml"))
    (problem,) = caught.value.problems
    assert problem.name == "too-many" and "10002 entries" in problem.message
    assert "at most 8" in problem.message


@pytest.mark.parametrize(("table", "limit"), [("values", 20), ("questions", 30), ("outcomes", 30)])
def test_every_list_of_an_aid_has_a_limit(tmp_path: Path, table: str, limit: int) -> None:
    from sdm_tui.aid.loader import parse_aid

    entries = "".join(f'\n[[{table}]]\nid = "x{n}"\n' for n in range(limit + 1))
    with pytest.raises(AidLoadError) as caught:
        parse_aid(_minimal_with(entries, before="[[options]]"), tmp_path / "a.toml")
    assert any(
        p.name == "too-many" and f"at most {limit}" in p.message for p in caught.value.problems
    )


def test_a_text_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    from sdm_tui.aid.loader import parse_aid
    from sdm_tui.aid.schema import MAX_TEXT_CHARS

    text = MINIMAL.read_text(encoding="utf-8").replace(
        'summary = "A test aid with two options."', f'summary = "{"a" * (MAX_TEXT_CHARS + 1)}"'
    )
    with pytest.raises(AidLoadError) as caught:
        parse_aid(text.encode("utf-8"), tmp_path / "long.toml")
    (problem,) = caught.value.problems
    assert problem.name == "too-long" and problem.path == "summary" and problem.line == 6


def test_the_json_schema_carries_the_limits() -> None:
    from sdm_tui.aid.json_schema import aid_json_schema

    options = aid_json_schema()["properties"]["options"]
    assert options["maxItems"] == 8 and options["minItems"] == 2
