"""`sdm-tui export`: documents from a saved record, and clear messages for bad ones."""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sdm_tui.cli.export import configure, run
from sdm_tui.export import RECORD_VERSION, render_html, render_markdown
from sdm_tui.export.fhir import dumps_fhir
from sdm_tui.export.record_file import MAX_RECORD_BYTES, load_record, record_schema
from tests.export_records import ALL_RECORDS, dumps, full_record, training_record

STAMP = "sdm-2026-11-26T0428Z-minimal"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sdm-tui export")
    configure(parser)
    return parser


def _args(*argv: str | Path) -> argparse.Namespace:
    return _parser().parse_args([str(a) for a in argv])


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def record_file(tmp_path: Path) -> Path:
    path = tmp_path / "record.json"
    path.write_text(dumps(full_record()), encoding="utf-8")
    return path


def _write(tmp_path: Path, data: Any, name: str = "bad.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _run_fails(capsys: pytest.CaptureFixture[str], args: argparse.Namespace, code: int = 1) -> str:
    assert run(args) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    assert captured.err.startswith("sdm-tui export: ")
    assert captured.err.count("\n") == 1  # one message, one line
    return captured.err


# -- writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "audience", "names"),
    [
        ("md", "patient", ["patient.md"]),
        ("html", "clinic", ["clinic.html"]),
        ("fhir", "clinic", ["fhir.json"]),
        ("all", "clinic", ["clinic.md", "clinic.html", "fhir.json"]),
        ("all", "patient", ["patient.md", "patient.html"]),
    ],
)
def test_writes_each_format(
    record_file: Path,
    out: Path,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    audience: str,
    names: list[str],
) -> None:
    args = _args(record_file, "--format", fmt, "--audience", audience, "-o", out)
    assert run(args) == 0
    written = [Path(line) for line in capsys.readouterr().out.splitlines()]
    assert [p.name for p in written] == [f"{STAMP}-{name}" for name in names]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)


def test_documents_are_those_of_the_renderers(
    record_file: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(_args(record_file, "-o", out, "--paper", "letter")) == 0  # all, for the clinic
    record = json.loads(record_file.read_text(encoding="utf-8"))
    assert (out / f"{STAMP}-clinic.md").read_text() == render_markdown(record, "clinic")
    assert (out / f"{STAMP}-clinic.html").read_text() == render_html(record, "clinic", "letter")
    assert (out / f"{STAMP}-fhir.json").read_text() == dumps_fhir(record)


def test_defaults(record_file: Path) -> None:
    args = _args(record_file)
    assert (args.format, args.audience, args.output, args.paper) == (
        "all",
        "clinic",
        Path("."),
        "a4",
    )


@pytest.mark.parametrize("name", sorted(ALL_RECORDS))
def test_every_kind_of_record_exports(
    name: str, tmp_path: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, dumps(ALL_RECORDS[name]()), "record.json")
    assert run(_args(path, "-o", out)) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_never_overwrites(record_file: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(_args(record_file, "--format", "md", "-o", out)) == 0
    assert run(_args(record_file, "--format", "md", "-o", out)) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"{STAMP}-clinic-2.md", f"{STAMP}-clinic.md"]


# -- usage mistakes --------------------------------------------------------------------------


def test_fhir_has_no_patient_copy(record_file: Path, out: Path, capsys) -> None:
    err = _run_fails(capsys, _args(record_file, "--format", "fhir", "--audience", "patient"), 2)
    assert "--audience clinic" in err
    assert list(out.iterdir()) == []


def test_unknown_choices_are_usage_mistakes(record_file: Path, capsys) -> None:
    for field, value in (("format", "pdf"), ("audience", "public"), ("paper", "a3")):
        args = _args(record_file)
        setattr(args, field, value)
        assert f"--{field}" in _run_fails(capsys, args, 2)
    with pytest.raises(SystemExit) as caught:
        _args(record_file, "--format", "pdf")
    assert caught.value.code == 2


# -- bad records -----------------------------------------------------------------------------


def test_missing_file_and_folder(tmp_path: Path, out: Path, capsys) -> None:
    assert "no such file" in _run_fails(capsys, _args(tmp_path / "nope.json", "-o", out))
    assert "is a folder" in _run_fails(capsys, _args(out, "-o", out))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON (Expecting property name"),
        ("", "is not valid JSON"),
        ("[1, 2]", "not a consultation record (it holds an array"),
        ('"text"', "not a consultation record (it holds text"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        pytest.param("[" * 100_000, "nested too deeply", id="deep"),
        ('{"record_format": "other"}', "is not an sdm-tui consultation record"),
    ],
)
def test_not_a_record(tmp_path: Path, out: Path, capsys, content: str, message: str) -> None:
    err = _run_fails(capsys, _args(_write(tmp_path, content), "-o", out))
    assert message in err
    assert list(out.iterdir()) == []


def test_not_utf8(tmp_path: Path, out: Path, capsys) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "Zoë"}'.encode("latin-1"))
    assert "is not UTF-8 text" in _run_fails(capsys, _args(path, "-o", out))


def test_too_large(tmp_path: Path, out: Path, capsys) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_RECORD_BYTES + 1)
    assert "too large" in _run_fails(capsys, _args(path, "-o", out))


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (3, "was made by a newer sdm-tui (record version 3); this sdm-tui reads version 2"),
        (0, "has record version 0, which this sdm-tui does not know"),
        ("1", "has no valid record_version"),
        (None, "has no valid record_version"),
        (True, "has no valid record_version"),
    ],
)
def test_unknown_versions(tmp_path: Path, out: Path, capsys, version: Any, message: str) -> None:
    record = {**full_record(), "record_version": version}
    err = _run_fails(capsys, _args(_write(tmp_path, record), "-o", out))
    assert message in err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: r["ratings"][0].update(rating=9),
            "$.ratings[0].rating: expected a number of at most 4",
        ),
        (lambda r: r.pop("plan"), "'plan' is a required property"),
        (
            lambda r: r.update(mode="real"),
            '$.mode: expected one of "clinical", "preview", "training"',
        ),
        (lambda r: r.update(started_at="yesterday"), "$.started_at: expected text matching"),
        (lambda r: r["aid"].update(options="none"), "$.aid.options: expected array"),
        (lambda r: r.update(extra=1), "at $: unexpected 'extra'"),
    ],
)
def test_a_record_of_the_wrong_shape_says_where(
    tmp_path: Path, out: Path, capsys, change: Any, message: str
) -> None:
    record = full_record()
    change(record)
    err = _run_fails(capsys, _args(_write(tmp_path, record), "-o", out))
    assert "is not a valid consultation record: at " in err
    assert message in err


def test_messages_do_not_repeat_what_the_patient_typed(tmp_path: Path, out: Path, capsys) -> None:
    record = full_record()
    record["own_words"]["worries"]["text"] = 12345  # wrong type, and "private"
    record["participants"][0]["role"] = "Ann Smith's secret"
    err = _run_fails(capsys, _args(_write(tmp_path, record), "-o", out))
    assert "secret" not in err and "12345" not in err


def _damaged(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record with each part, in turn, removed or replaced by a value of the wrong kind."""
    variants = []
    for key in record:
        if key in ("record_format", "record_version"):
            continue
        for wrong in (None, "x", [], {}):
            variants.append({**record, key: wrong})
        variants.append({k: v for k, v in record.items() if k != key})
    for key in record["aid"]:
        for wrong in (None, [{}]):
            variants.append({**record, "aid": {**record["aid"], key: wrong}})
    for key in ("ratings", "plan", "knowledge_checks", "participants"):
        variants.append({**record, key: [{}]})
        variants.append({**record, key: [None]})
    return variants


@pytest.mark.parametrize("with_schema", [True, False])
def test_a_damaged_record_never_gives_a_traceback(
    tmp_path: Path, out: Path, capsys, monkeypatch: pytest.MonkeyPatch, with_schema: bool
) -> None:
    """Exactly the records the published schema refuses are refused (the record model and
    the schema generated from it agree), and jsonschema, only a test extra, is not needed
    for it: never a traceback."""
    validator = jsonschema.Draft202012Validator(record_schema())
    if not with_schema:
        monkeypatch.setitem(sys.modules, "jsonschema", None)  # import fails
    for index, record in enumerate(_damaged(training_record())):
        path = _write(tmp_path, record, f"damaged-{index}.json")
        folder = out / str(index)
        folder.mkdir()
        code = run(_args(path, "-o", folder))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        assert code in (0, 1), captured.err
        if code == 1:
            assert captured.err.startswith("sdm-tui export: ") and captured.err.count("\n") == 1
            assert not list(folder.iterdir())
        if with_schema:
            assert (code == 1) == (not validator.is_valid(record)), captured.err


def test_lone_surrogates_in_a_record_still_export(tmp_path: Path, out: Path, capsys) -> None:
    text = dumps(full_record()).replace("Walking my dog", "Walking \\ud800 my dog")
    path = _write(tmp_path, text)
    assert run(_args(path, "--format", "all", "-o", out)) == 0
    written = [Path(p) for p in capsys.readouterr().out.splitlines()]
    assert "Walking \ufffd my dog" in written[0].read_text(encoding="utf-8")


# -- failed writes ---------------------------------------------------------------------------


def test_output_folder_problems(record_file: Path, tmp_path: Path, capsys) -> None:
    err = _run_fails(capsys, _args(record_file, "-o", tmp_path / "nowhere"))
    assert "does not exist" in err
    file = tmp_path / "file.txt"
    file.write_text("x")
    assert "is not a folder" in _run_fails(capsys, _args(record_file, "-o", file))


def test_load_record_reads_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumps(full_record()).encode("utf-8"))
    assert load_record(path)["record_version"] == RECORD_VERSION


def test_damaged_variants_are_many() -> None:
    """The damage test above really tries a lot of broken records."""
    assert len(_damaged(copy.deepcopy(full_record()))) > 120
