"""The library: a folder of aids, where a broken file never stops the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sdm_tui.aid.library import (
    AIDS_ENV,
    aid_files,
    bundled_aids_folder,
    default_aids_folder,
    load_library,
)
from tests.builders import DATA as TEST_DATA

DATA = TEST_DATA / "aids"
MINIMAL = DATA / "minimal.toml"
INVALID = DATA / "invalid"
DUPLICATES = DATA / "duplicate_ids"


def aid_text(aid_id: str, title: str, status: str = "example", tags: str = "") -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace('id = "minimal"', f'id = "{aid_id}"', 1)
    text = text.replace('title = "Minimal test aid"', f'title = "{title}"')
    text = text.replace('status = "example"', f'status = "{status}"')
    if tags:
        text = text.replace("review_by = 2028-01-15", f"review_by = 2028-01-15\ntags = {tags}")
    return text


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "aids"
    path.mkdir()
    return path


def test_broken_file_does_not_stop_the_good_one(folder: Path) -> None:
    # The broken file sorts first, so loading carries on past it.
    shutil.copy(INVALID / "not_toml.toml", folder / "a-broken.toml")
    shutil.copy(MINIMAL, folder / "b-good.toml")
    library = load_library(folder)
    assert library.folder == folder
    assert [aid.id for aid in library.aids] == ["minimal"]
    (failure,) = library.failures
    assert failure.path == folder / "a-broken.toml"
    assert [p.code for p in failure.problems] == ["SDM001"]
    assert failure.problems[0].line == 43


def test_failures_keep_every_problem(folder: Path) -> None:
    shutil.copy(INVALID / "five_mistakes.toml", folder / "five.toml")
    shutil.copy(INVALID / "not_utf8.toml", folder / "latin1.toml")
    shutil.copy(MINIMAL, folder / "good.toml")
    library = load_library(folder)
    assert len(library.aids) == 1
    by_name = {f.path.name: f for f in library.failures}
    assert set(by_name) == {"five.toml", "latin1.toml"}
    assert len(by_name["five.toml"].problems) == 5
    assert by_name["latin1.toml"].problems[0].name == "not-utf8"


def test_only_top_level_toml_files_are_aids(folder: Path) -> None:
    shutil.copy(MINIMAL, folder / "good.toml")
    (folder / "notes.txt").write_text("not an aid", encoding="utf-8")
    (folder / "sub").mkdir()
    shutil.copy(INVALID / "not_toml.toml", folder / "sub" / "nested.toml")
    (folder / "dir.toml").mkdir()
    assert aid_files(folder) == [folder / "good.toml"]
    library = load_library(folder)
    assert len(library.aids) == 1 and not library.failures


def test_duplicate_ids_across_files_name_both_files_and_offer_neither() -> None:
    library = load_library(DUPLICATES)
    assert library.aids == []  # which one won must not depend on how names sort
    first, failure = library.failures
    assert first.path == DUPLICATES / "a.toml"
    assert str(DUPLICATES / "b.toml") in first.problems[0].message
    assert failure.path == DUPLICATES / "b.toml"
    (problem,) = failure.problems
    assert problem.code == "SDM016"
    assert problem.file == DUPLICATES / "b.toml"
    assert str(DUPLICATES / "a.toml") in problem.message
    assert '"shared"' in problem.message
    assert problem.path == "id"
    assert problem.line == 3
    assert problem.source_line == 'id = "shared"'
    assert problem.fix


def test_missing_folder_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    library = load_library(tmp_path / "nowhere")
    assert library.aids == []
    (failure,) = library.failures
    assert failure.problems[0].message


def test_env_var_names_the_default_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(AIDS_ENV, raising=False)
    assert default_aids_folder() == bundled_aids_folder()

    monkeypatch.setenv(AIDS_ENV, str(folder))
    assert AIDS_ENV == "SDM_TUI_AIDS"
    assert default_aids_folder() == folder
    (folder / "clinic.toml").write_text(aid_text("clinic-aid", "Clinic aid"), encoding="utf-8")
    library = load_library()
    assert library.folder == folder
    assert [aid.id for aid in library.aids] == ["clinic-aid"]


def test_env_var_expands_home(private_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(AIDS_ENV, "~/my-aids")
    assert default_aids_folder() == private_home / "my-aids"


def test_explicit_folder_wins_over_env_var(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(AIDS_ENV, str(tmp_path / "elsewhere"))
    shutil.copy(MINIMAL, folder / "good.toml")
    assert [aid.id for aid in load_library(folder).aids] == ["minimal"]


def test_retired_aids_are_hidden_unless_asked_for(folder: Path) -> None:
    (folder / "current.toml").write_text(aid_text("current", "Current aid"), encoding="utf-8")
    (folder / "old.toml").write_text(aid_text("old", "Old aid", status="retired"), encoding="utf-8")
    library = load_library(folder)
    assert len(library.aids) == 2  # retired aids load; they are only not offered
    assert [a.id for a in library.offered()] == ["current"]
    assert [a.id for a in library.offered(include_retired=True)] == ["current", "old"]
    assert library.search("aid") == [library.get("current")]
    assert [a.id for a in library.search("old")] == []
    assert [a.id for a in library.search("old", include_retired=True)] == ["old"]
    assert library.get("old") is not None and library.get("old").is_retired


def test_search_filters_by_title_question_id_and_tags(folder: Path) -> None:
    (folder / "knee.toml").write_text(
        aid_text("knee-oa", "Knee osteoarthritis", tags='["joint", "Surgery"]'),
        encoding="utf-8",
    )
    (folder / "statins.toml").write_text(
        aid_text("statins", "Statins for heart disease", tags='["cholesterol"]'),
        encoding="utf-8",
    )
    library = load_library(folder)

    def ids(query: str) -> list[str]:
        return [a.id for a in library.search(query)]

    assert ids("") == ["knee-oa", "statins"]
    assert ids("knee") == ["knee-oa"]
    assert ids("KNEE") == ["knee-oa"]  # case does not matter
    assert ids("surgery") == ["knee-oa"]  # tags
    assert ids("cholesterol") == ["statins"]
    assert ids("knee-oa") == ["knee-oa"]  # the id
    assert ids("tablet") == ["knee-oa", "statins"]  # the question
    assert ids("knee joint") == ["knee-oa"]  # every word must match
    assert ids("knee cholesterol") == []
    assert ids("hip") == []


# -- the bundled library --------------------------------------------------------------------


def test_bundled_folder_has_aids() -> None:
    folder = bundled_aids_folder()
    assert folder.is_dir(), f"no bundled aids folder at {folder}"
    files = aid_files(folder)
    assert len(files) >= 3, f"expected at least 3 bundled aids in {folder}, found {len(files)}"


def test_every_bundled_aid_loads() -> None:
    folder = bundled_aids_folder()
    files = aid_files(folder)
    assert len(files) >= 3
    library = load_library(folder)
    report = [
        f"{p.location()}: {p.headline()}" for failure in library.failures for p in failure.problems
    ]
    assert not report, "\n".join(report)
    translated = [lang for languages in library.translations.values() for lang in languages]
    assert len(library.aids) + len(translated) == len(files)  # every file is offered
    assert len({aid.id for aid in library.aids}) == len(library.aids)
    for aid in library.aids:
        assert aid.path is not None and aid.path.parent == folder
        assert len(aid.options) >= 2
