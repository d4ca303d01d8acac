"""`sdm-tui check`: compiler-style findings grouped by file, JSON for machines, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sdm_tui.aid.loader import MAX_FILE_BYTES
from sdm_tui.cli import main
from tests.builders import DATA as TEST_DATA
from tests.builders import ROOT
from tests.conftest import CHECK_TODAY

DATA = TEST_DATA / "aids"
MINIMAL = DATA / "minimal.toml"
INVALID = DATA / "invalid"
DUPLICATES = DATA / "duplicate_ids"
PROBLEM_KEYS = {"file", "line", "column", "path", "code", "message", "fix"}


def check(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["check", "--today", CHECK_TODAY, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def run_cli(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m sdm_tui.cli ...` in a fresh interpreter, from a checkout or an install."""
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "sdm_tui.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=60,
    )


# -- text output ----------------------------------------------------------------------------


def test_good_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(capsys, MINIMAL)
    assert code == 0
    assert "error[" not in out
    assert out.strip().endswith("checked 1 file: 1 ok, 0 with errors (0 errors, 0 warnings)")
    assert err == ""


def test_bad_file_exits_1_with_compiler_style_output(capsys: pytest.CaptureFixture[str]) -> None:
    path = INVALID / "count_out_of_range.toml"
    code, out, _ = check(capsys, path)
    assert code == 1
    lines = out.splitlines()
    headline = (
        f'{path}:47:17: error[SDM009]: outcomes[id="better"].chance.tablet: 130 is outside 0..100'
    )
    assert headline in lines
    at = lines.index(headline)
    source, caret, fix = lines[at + 1 : at + 4]
    assert source == "   47 | chance.tablet = 130"
    assert caret.rstrip().endswith("^")
    assert caret.index("^") == source.index("130")  # the caret sits under the value
    assert caret.index("|") == source.index("|")
    assert fix.strip().startswith("= fix:") and "0 to 100" in fix
    assert "1 with errors" in lines[-1] and "1 error," in lines[-1]


def test_file_problem_has_no_key_path(capsys: pytest.CaptureFixture[str]) -> None:
    path = INVALID / "not_toml.toml"
    code, out, _ = check(capsys, path)
    assert code == 1
    assert f"{path}:43:5: error[SDM001]: not valid TOML: " in out
    assert "   43 | per 100" in out


def test_five_mistakes_are_printed_together_in_line_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = INVALID / "five_mistakes.toml"
    code, out, _ = check(capsys, path)
    assert code == 1
    headlines = [line for line in out.splitlines() if line.startswith(f"{path}:")]
    assert [h.split(": ", 1)[0].removeprefix(f"{path}:") for h in headlines] == [
        "9:10",
        "31:1",
        "45:10",
        "47:17",
        "62:16",
    ]
    assert [h.split("error[", 1)[1][:6] for h in headlines] == [
        "SDM014",
        "SDM004",
        "SDM008",
        "SDM009",
        "SDM010",
    ]
    assert out.count("= fix:") == 5
    assert out.count("^") == 5
    assert "(5 errors, 0 warnings)" in out


def test_findings_are_grouped_by_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first, second = INVALID / "unknown_source.toml", INVALID / "bad_status.toml"
    code, out, _ = check(capsys, first, MINIMAL, second)
    assert code == 1
    files = [line.split(":", 1)[0] for line in out.splitlines() if "error[" in line]
    assert files == [str(first), str(second)]
    assert out.splitlines()[-1].startswith("checked 3 files: 1 ok, 2 with errors")


def test_folder_is_checked_file_by_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, INVALID)
    assert code == 1
    fixtures = sorted(INVALID.glob("*.toml"))
    for fixture in fixtures:
        assert f"{fixture}:" in out, f"{fixture.name} is not reported"
    assert f"checked {len(fixtures)} files: 0 ok, {len(fixtures)} with errors" in out


def test_output_is_safe_for_a_terminal(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        'id = "minimal"', 'id = "bad\\u001b]0;owned\\u0007"'
    )
    (tmp_path / "escape.toml").write_text(text, encoding="utf-8")
    (tmp_path / "raw.toml").write_bytes(b"x = 1\n\x1b[2Jbad line\n")
    code, out, _ = check(capsys, tmp_path / "escape.toml", tmp_path / "raw.toml", INVALID)
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out
    assert "\u202e" not in out  # bidi_control.toml's source line is shown inert


def test_duplicate_ids_across_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, DUPLICATES)
    assert code == 1
    b, a = DUPLICATES / "b.toml", DUPLICATES / "a.toml"
    assert f'{b}:3:1: error[SDM016]: id: id "shared" is also used by {a}; neither is offered' in out
    assert f'{a}:3:1: error[SDM016]: id: id "shared" is also used by {b}; neither is offered' in out


def test_a_file_named_twice_is_checked_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, MINIMAL, DATA / "." / "minimal.toml", DATA)
    assert code == 0, out
    assert "checked 1 file: 1 ok" in out


def test_too_large_and_too_deep_files_are_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "big.toml").write_text("# x\n" * (MAX_FILE_BYTES // 4 + 1), encoding="utf-8")
    (tmp_path / "deep.toml").write_text("a = " + "[" * 1000 + "]" * 1000, encoding="utf-8")
    code, out, err = check(capsys, tmp_path)
    assert code == 1
    assert f"{tmp_path / 'big.toml'}: error[SDM013]: " in out
    assert "1 MiB" in out
    assert f"{tmp_path / 'deep.toml'}: error[" in out
    assert "nested" in out
    assert err == ""


# -- usage mistakes -------------------------------------------------------------------------


def test_missing_path_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = check(capsys, MINIMAL, tmp_path / "nowhere.toml")
    assert code == 2
    assert out == ""
    assert "nowhere.toml" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "--bogus", str(MINIMAL)],
        ["check", "--format", "xml", str(MINIMAL)],
    ],
    ids=["no-path", "unknown-option", "bad-format"],
)
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err


# -- JSON -----------------------------------------------------------------------------------


def test_json_carries_every_finding(capsys: pytest.CaptureFixture[str]) -> None:
    five = INVALID / "five_mistakes.toml"
    code, out, _ = check(capsys, "--format", "json", MINIMAL, five)
    assert code == 1
    payload = json.loads(out)
    assert payload["errors"] == 5
    assert payload["warnings"] == 0
    good, bad = payload["files"]
    assert good == {"file": str(MINIMAL), "aid_id": "minimal", "ok": True, "problems": []}
    assert bad["file"] == str(five) and bad["ok"] is False and bad["aid_id"] is None
    assert len(bad["problems"]) == 5
    for problem in bad["problems"]:
        assert problem.keys() >= PROBLEM_KEYS
        assert problem["file"] == str(five)
        assert isinstance(problem["line"], int) and isinstance(problem["column"], int)
        assert problem["path"] and problem["message"] and problem["fix"]
        assert problem["code"].startswith("SDM")
        assert problem["severity"] == "error"
    first = bad["problems"][0]
    assert (first["line"], first["column"], first["path"], first["code"]) == (
        9,
        10,
        "status",
        "SDM014",
    )
    assert 'did you mean "reviewed"?' in first["fix"]


def test_json_for_a_file_problem(capsys: pytest.CaptureFixture[str]) -> None:
    path = INVALID / "not_utf8.toml"
    code, out, _ = check(capsys, path, "--format", "json")
    assert code == 1
    (report,) = json.loads(out)["files"]
    (problem,) = report["problems"]
    assert (problem["line"], problem["column"], problem["path"], problem["code"]) == (
        29,
        14,
        "",
        "SDM013",
    )


def test_json_for_a_good_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, "--format", "json", MINIMAL)
    assert code == 0
    assert json.loads(out)["errors"] == 0


# -- a real process -------------------------------------------------------------------------


def test_subprocess_exit_codes_and_output(tmp_path: Path) -> None:
    good = run_cli("check", "--today", CHECK_TODAY, MINIMAL)
    assert good.returncode == 0, good.stderr
    assert "checked 1 file: 1 ok" in good.stdout

    bad_path = INVALID / "chance_unknown_option.toml"
    bad = run_cli("check", bad_path)
    assert bad.returncode == 1, bad.stderr
    assert (
        f'{bad_path}:49:1: error[SDM007]: outcomes[id="better"].chance.surgery: '
        "`surgery` names no option"
    ) in bad.stdout
    assert "   49 | chance.surgery = 10" in bad.stdout
    assert "      | ^" in bad.stdout

    missing = run_cli("check", tmp_path / "nowhere.toml")
    assert missing.returncode == 2
    assert "nowhere.toml" in missing.stderr

    usage = run_cli("check", "--bogus", MINIMAL)
    assert usage.returncode == 2
    assert "usage:" in usage.stderr

    for result in (good, bad, missing, usage):
        assert "Traceback" not in result.stderr


def test_subprocess_json_and_refused_files(tmp_path: Path) -> None:
    shutil.copy(MINIMAL, tmp_path / "good.toml")
    (tmp_path / "deep.toml").write_text("a = " + "[" * 1000 + "]" * 1000, encoding="utf-8")
    (tmp_path / "big.toml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    result = run_cli("check", "--today", CHECK_TODAY, "--format", "json", tmp_path, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    assert set(files) == {"big.toml", "deep.toml", "good.toml"}
    assert files["good.toml"]["ok"] is True
    for name in ("big.toml", "deep.toml"):
        (problem,) = files[name]["problems"]
        assert problem.keys() >= PROBLEM_KEYS
        assert problem["message"] and problem["fix"]


# -- lint warnings beside the errors (more in test_lint.py) ---------------------------------


def test_today_sets_the_day_review_dates_are_judged_against(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # minimal.toml: last_reviewed = 2026-01-15, review_by = 2028-01-15
    assert main(["check", "--today", "2028-01-15", str(MINIMAL)]) == 0
    assert "review-overdue" not in capsys.readouterr().out
    assert main(["check", "--strict", "--today", "2028-01-16", str(MINIMAL)]) == 1
    out = capsys.readouterr().out
    assert "warning[SDM108]: `review_by` is in the past" in out or "SDM108" in out
    assert "SDM109" in out  # last reviewed more than two years before that day
    with pytest.raises(SystemExit) as info:
        main(["check", "--today", "15/01/2028", str(MINIMAL)])
    assert info.value.code == 2
    assert "is not a date like" in capsys.readouterr().err


def test_list_rules_needs_no_path_and_no_path_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--list-rules"]) == 0
    assert "SDM101  no-no-action-option" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["check"])
    assert info.value.code == 2
    assert "--list-rules" in capsys.readouterr().err


def test_warnings_and_errors_are_reported_together(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("year = 2020\n", "")
    (tmp_path / "warned.toml").write_text(text.replace('"minimal"', '"warned"'), encoding="utf-8")
    code, out, _ = check(
        capsys, "--format", "json", tmp_path / "warned.toml", INVALID / "bad_status.toml"
    )
    assert code == 1
    payload = json.loads(out)
    assert (payload["errors"], payload["warnings"]) == (1, 1)
    warned, broken = payload["files"]
    assert warned["ok"] is True and [p["code"] for p in warned["problems"]] == ["SDM111"]
    assert warned["problems"][0]["severity"] == "warning"
    assert broken["ok"] is False and broken["problems"][0]["severity"] == "error"
    assert broken["problems"][0]["why"] == ""  # errors have no lint standard


# -- rehearsal scenarios ----------------------------------------------------------------------

SCENARIOS = ROOT / "decision_aids" / "scenarios"


def test_a_folder_brings_its_scenarios_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, ROOT / "decision_aids")
    assert code == 0  # 5 bundled aids, a Spanish translation and 3 scenarios
    assert out.strip().endswith("checked 9 files: 9 ok, 0 with errors (0 errors, 0 warnings)")


def test_scenario_files_are_checked_against_the_aids(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (SCENARIOS / "statins-strong-preference.toml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace('aid = "statins-primary-prevention"', 'aid = "nope"'), "utf-8")
    unrated = tmp_path / "unrated.toml"
    unrated.write_text(
        text.replace('id = "statins-strong-preference"', 'id = "unrated"').replace(
            "ratings.avoid-diabetes = 1\n", ""
        ),
        "utf-8",
    )
    code, out, _ = check(capsys, tmp_path)
    assert code == 1
    assert f"{broken}:8:7: error[SDM220]" in out
    assert "    8 | aid = " in out
    assert f"{unrated}" in out and "warning[SDM230]" in out
    assert out.strip().endswith("checked 2 files: 1 ok, 1 with errors (1 error, 1 warning)")

    code, out, _ = check(capsys, unrated, "--strict")
    assert code == 1 and "--strict: warnings fail the run" in out
    code, out, _ = check(capsys, unrated, "--format", "json")
    payload = json.loads(out)
    assert code == 0 and payload["files"][0]["aid_id"] == "statins-primary-prevention"
    assert payload["files"][0]["problems"][0]["code"] == "SDM230"


def test_scenario_folder_named_twice_is_checked_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, ROOT / "decision_aids", SCENARIOS)
    assert code == 0 and "checked 9 files" in out


def test_aids_names_the_library_scenarios_are_checked_against(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A scenario for an aid outside decision_aids/: an unknown aid, until --aids DIR."""
    aids = tmp_path / "aids"
    aids.mkdir()
    aid_text = (ROOT / "decision_aids" / "statins-primary-prevention.toml").read_text("utf-8")
    assert 'id = "statins-primary-prevention"' in aid_text
    (aids / "local.toml").write_text(
        aid_text.replace('id = "statins-primary-prevention"', 'id = "statins-local"', 1), "utf-8"
    )
    text = (SCENARIOS / "statins-strong-preference.toml").read_text(encoding="utf-8")
    scenario = tmp_path / "local-scenario.toml"
    scenario.write_text(text.replace('aid = "statins-primary-prevention"', 'aid = "statins-local"'))
    code, out, _ = check(capsys, scenario)
    assert code == 1 and "error[SDM220]" in out
    code, out, _ = check(capsys, scenario, "--aids", aids)
    assert code == 0 and "checked 1 file: 1 ok" in out
    code, _, err = check(capsys, scenario, "--aids", tmp_path / "nowhere")
    assert code == 2 and "--aids: no such folder" in err
