"""`sdm-tui new ID`: a commented template that loads, with warnings as reminders only."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from sdm_tui.aid.check import check_files
from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.template import is_valid_id, render, write_new_aid
from sdm_tui.cli import main


def test_new_writes_id_toml_in_the_current_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "knee-pain"]) == 0
    path = tmp_path / "knee-pain.toml"
    assert path.is_file()
    out = capsys.readouterr().out
    assert "knee-pain.toml" in out and "sdm-tui check" in out
    aid = load_aid(path)
    assert (aid.id, aid.title, aid.status) == ("knee-pain", "Knee pain", "draft")
    assert aid.last_reviewed == dt.date.today()
    assert aid.review_by is not None and aid.review_by > aid.last_reviewed


def test_new_writes_into_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["new", "statins-2", "--dir", str(tmp_path)]) == 0
    assert (tmp_path / "statins-2.toml").is_file()


def test_new_aid_passes_check_with_warnings_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["new", "my-aid", "--dir", str(tmp_path)]) == 0
    path = tmp_path / "my-aid.toml"
    report = check_files([path])
    (file_report,) = report.files
    assert file_report.aid is not None
    assert file_report.errors == []
    # Reminders of what a template cannot know: each author's conflicts, the source's year,
    # the outcome counts (left commented out: no invented numbers), funding, the update
    # policy, a second value, a knowledge check, the TODOs themselves, and the source that
    # no outcome cites yet.
    assert sorted({p.code for p in file_report.warnings}) == [
        "SDM102",
        "SDM107",
        "SDM111",
        "SDM114",
        "SDM115",
        "SDM124",
        "SDM125",
        "SDM126",
        "SDM127",
    ]
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    assert "0 errors" in capsys.readouterr().out
    assert main(["check", "--strict", str(path)]) == 1


def test_template_explains_each_section() -> None:
    text = render("x", dt.date(2026, 3, 14))
    assert text.startswith("#:schema ./aid.schema.json\n")
    for header in ("[[authors]]", "[[sources]]", "[[options]]", "[[questions]]", "[[values]]"):
        at = text.index(f"\n{header}")
        comment = text[:at].rstrip().rsplit("\n", 1)[-1]
        assert comment.startswith("#"), f"no comment above {header}"
    for optional in ("# [[outcomes]]", "# [[checks]]", "# [lint]"):
        assert optional in text
    assert "$" not in text  # every placeholder filled in


def test_review_date_a_year_on_even_from_29_february() -> None:
    aid_text = render("leap", dt.date(2028, 2, 29))
    assert "last_reviewed = 2028-02-29" in aid_text
    assert "review_by = 2029-02-28" in aid_text


def test_new_refuses_to_overwrite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text("# my work\n", encoding="utf-8")
    assert main(["new", "mine", "--dir", str(tmp_path)]) == 1
    assert path.read_text(encoding="utf-8") == "# my work\n"
    assert "already exists" in capsys.readouterr().err
    with pytest.raises(FileExistsError):
        write_new_aid("mine", tmp_path)


@pytest.mark.parametrize("bad", ["Knee", "knee_pain", "knee pain", "../escape", "", "é", "a\n"])
def test_new_refuses_an_invalid_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bad: str
) -> None:
    folder = tmp_path / "aids"
    folder.mkdir()
    with pytest.raises(SystemExit) as info:
        main(["new", bad, "--dir", str(folder)])
    assert info.value.code == 2
    assert "not a valid id" in capsys.readouterr().err
    assert os.listdir(folder) == []
    assert not is_valid_id(bad)
    with pytest.raises(ValueError):
        render(bad, dt.date(2026, 3, 14))


def test_new_into_a_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["new", "x", "--dir", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
