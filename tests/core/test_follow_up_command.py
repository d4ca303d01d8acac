"""`sdm-tui follow-up RECORD.json` on bad input: a record file that is not a record, from
a newer version, truncated, or edited by hand gets one message naming the file and the
problem, exit status 1, no traceback, and nothing is written (the app never starts)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from sdm_tui.cli.follow_up import configure, run
from tests.export_records import full_record


def _run(path: Path) -> int:
    parser = argparse.ArgumentParser()
    configure(parser)
    return run(parser.parse_args([str(path), "--no-recovery"]))


def _good() -> dict:  # type: ignore[type-arg]
    return full_record()


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _cases() -> list[tuple[str, str | bytes, str]]:
    good = _good()
    newer = {**good, "record_version": 7}
    truncated = json.dumps(good, indent=2)[:900]
    edited = json.loads(json.dumps(good))
    edited["plan"][0]["who"] = "the neighbour"
    bad_id = {**good, "consultation_id": "not an id!"}
    return [
        ("notes.json", '{"hello": "world"}', "not an sdm-tui consultation record"),
        ("list.json", "[1, 2, 3]", "it holds an array"),
        ("newer.json", json.dumps(newer), "made by a newer sdm-tui (record version 7)"),
        ("truncated.json", truncated, "is not valid JSON"),
        ("edited.json", json.dumps(edited), "at $.plan[0].who"),
        ("bad-id.json", json.dumps(bad_id), "at $.consultation_id"),
        ("binary.json", b"\xff\xfe\x00garbage", "is not UTF-8 text"),
        ("preview.json", json.dumps({**good, "mode": "preview"}), "an author's preview"),
    ]


@pytest.mark.parametrize(("name", "content", "problem"), _cases(), ids=lambda v: str(v)[:12])
def test_a_bad_record_is_named_and_nothing_is_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    problem: str,
) -> None:
    path = _write(tmp_path, name, content)
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    assert _run(path) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("sdm-tui follow-up: ") and name in err and problem in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert sorted(os.listdir(tmp_path)) == before  # nothing written


def test_a_missing_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path / "gone.json") == 1
    assert "gone.json: no such file" in capsys.readouterr().err


def test_patient_text_is_never_quoted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = _good()
    edited["plan"][0]["who"] = "Ann Smith's secret"
    assert _run(_write(tmp_path, "r.json", json.dumps(edited))) == 1
    assert "secret" not in capsys.readouterr().err


def test_where_the_json_breaks_reads_as_one_phrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # json's own message for a cut string ends in "starting at": no "at at line" after it.
    path = _write(tmp_path, "cut.json", '{"record_format": "sdm-tui/consul')
    assert _run(path) == 1
    err = capsys.readouterr().err
    assert "Unterminated string starting at: line 1, column 19" in err
    assert "at at" not in err
