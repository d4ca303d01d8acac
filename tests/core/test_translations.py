"""Aids in several languages: one id, a file per language, the same structure; the library
lists the aid once with its languages, and `check` finds every way a translation departs
from its original."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from sdm_tui.aid import schema
from sdm_tui.aid.check import check_files, expand_paths, format_text
from sdm_tui.aid.json_schema import aid_json_schema
from sdm_tui.aid.library import bundled_aids_folder, load_library
from sdm_tui.aid.lint import LintSettings
from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.problems import Problem
from sdm_tui.aid.translation import compare
from sdm_tui.cli import main
from sdm_tui.consultation import decide, new_consultation
from sdm_tui.export import render_html, render_markdown, to_record
from tests.builders import FixedClock
from tests.translated_aids import (
    ARABIC_WORDS,
    ENGLISH,
    HEBREW_WORDS,
    spanish,
    write_rtl_pair,
    write_spanish_pair,
)

TODAY = dt.date(2026, 3, 14)
STATINS = bundled_aids_folder() / "statins-primary-prevention.toml"
STATINS_ES = bundled_aids_folder() / "statins-primary-prevention.es.toml"


def line_of(path: Path, start: str, after: str = "") -> int:
    """The number of the first line starting with `start` (after one containing `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    begin = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines[begin:], begin + 1) if line.startswith(start))


def problems_of(path: Path, *paths: Path, **settings: object) -> list[Problem]:
    files = expand_paths(list(paths) or [path])
    report = check_files(files, LintSettings(**settings), TODAY)  # type: ignore[arg-type]
    return next(f for f in report.files if f.path == path).problems


# -- the library ----------------------------------------------------------------------------


def test_the_library_lists_an_aid_once_with_its_languages(tmp_path: Path) -> None:
    original, translated = write_spanish_pair(tmp_path)
    library = load_library(tmp_path)
    assert not library.failures
    assert [aid.path for aid in library.aids] == [original]
    assert library.languages("minimal") == ["en", "es"]
    variants = library.variants("minimal")
    assert list(variants) == ["en", "es"]
    assert variants["es"].path == translated and variants["es"].title == "Ayuda mínima de prueba"
    assert library.get("minimal") is variants["en"]  # choosing it starts in the original
    assert library.pick("minimal", "es") is variants["es"]
    assert library.pick("minimal", "es-MX") is variants["es"]  # the same primary language
    assert library.pick("minimal", "ES") is variants["es"]
    assert library.pick("minimal", "fr") is variants["en"]  # no French: the original
    assert library.pick("minimal", None) is variants["en"]
    assert library.pick("nothing", "es") is None and library.variants("nothing") == {}
    assert library.search("pastilla") == [variants["en"]]  # found by its Spanish words


@pytest.mark.parametrize("name", ["0-first.toml", "minimal.es.toml", "zz-last.toml"])
def test_a_translation_joins_its_original_whichever_loads_first(tmp_path: Path, name: str) -> None:
    (tmp_path / "minimal.toml").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / name).write_text(spanish(), encoding="utf-8")
    library = load_library(tmp_path, first=1)  # the other file is still pending
    assert library.pending
    assert list(library.variants("minimal")) == ["en", "es"]  # loads what is pending
    assert not library.pending and not library.failures
    assert len(library.aids) == 1
    assert library.language_changes == 1  # a list that shows languages redraws on this


def test_a_translation_that_disagrees_is_not_offered_but_its_original_is(tmp_path: Path) -> None:
    write_spanish_pair(tmp_path, spanish().replace("chance.tablet = 30", "chance.tablet = 31"))
    library = load_library(tmp_path)
    assert library.languages("minimal") == ["en"]
    assert library.pick("minimal", "es") is library.get("minimal")
    assert library.language_changes == 2  # added, then withdrawn
    (failure,) = library.failures
    assert failure.path.name == "minimal.es.toml"
    assert [p.code for p in failure.problems] == ["SDM017"]


# -- check: the structure --------------------------------------------------------------------


def test_a_changed_number_names_both_places_and_the_fix(tmp_path: Path) -> None:
    original, translated = write_spanish_pair(
        tmp_path, spanish().replace("chance.tablet = 30", "chance.tablet = 31")
    )
    (problem,) = problems_of(translated, tmp_path)
    assert problem.code == "SDM017" and problem.name == "translation-differs"
    assert problem.is_error
    assert problem.line == line_of(translated, "chance.tablet")
    assert problem.path == 'outcomes[id="better"].chance.tablet'
    assert problem.message == (
        f"is 31, the original ({original}:{line_of(original, 'chance.tablet')}) says 30"
    )
    assert problem.fix == "a translation keeps the original's numbers: write 30"
    report = check_files(expand_paths([tmp_path]), today=TODAY)
    assert report.error_count == 1
    assert f"{translated}:{problem.line}:" in format_text(report)


EDITS: list[tuple[str, Callable[[str], str], str, str]] = [
    (
        "an option id",
        lambda t: (
            t.replace('id = "none"', 'id = "ninguna"')
            .replace(".none", ".ninguna")
            .replace("none = 1", "ninguna = 1")
        ),
        'options[id="ninguna"].id',
        'is "ninguna", the original',
    ),
    (
        "a source's year",
        lambda t: t.replace("year = 2020", "year = 2021"),
        'sources[id="trial"].year',
        "says 2020",
    ),
    (
        "an outcome's per",
        lambda t: t.replace("per = 100\n", "per = 1000\n", 1),
        'outcomes[id="better"].per',
        "says 100",
    ),
    (
        "a favours number",
        lambda t: t.replace("favours.none = 2", "favours.none = 1"),
        'values[id="avoid-pills"].favours.none',
        "says 2",
    ),
    (
        "a check's answer",
        lambda t: t.replace("answer = 1", "answer = 0"),
        "checks[0].answer",
        "says 1",
    ),
    (
        "an outcome left out",
        lambda t: t[: t.index('[[outcomes]]\nid = "sick"')] + t[t.index("[[values]]") :],
        'outcomes[id="sick"]',
        "has this entry; this translation does not",
    ),
    (
        "a count left out",
        lambda t: t.replace("chance.none = 20\n", ""),
        'outcomes[id="better"].chance.none',
        'has outcomes[id="better"].chance.none = 20; this translation does not',
    ),
    (
        "a text left out",
        lambda t: t.replace('explanation = "30 de cada 100."\n', ""),
        "checks[0].explanation",
        "has a text here; this translation has none",
    ),
    (
        "a question added",
        lambda t: t.replace(
            "[[outcomes]]",
            '[[questions]]\nid = "extra"\ntext = "¿Otra?"\nanswers.tablet = "Sí."\n'
            'answers.none = "No."\n\n[[outcomes]]',
            1,
        ),
        'questions[id="extra"]',
        "this entry is not in the original",
    ),
    (
        "a choice added",
        lambda t: t.replace('choices = ["20", "30"]', 'choices = ["20", "30", "40"]'),
        "checks[0].choices[2]",
        "this key is not in the original",
    ),
]


@pytest.mark.parametrize(("what", "edit", "where", "said"), EDITS, ids=[e[0] for e in EDITS])
def test_check_reports_each_difference_of_structure(
    tmp_path: Path, what: str, edit: Callable[[str], str], where: str, said: str
) -> None:
    _, translated = write_spanish_pair(tmp_path, edit(spanish()))
    found = [p for p in problems_of(translated, tmp_path) if p.code == "SDM017"]
    assert found, what
    assert found[0].path == where
    assert said in found[0].message
    assert found[0].line is not None and found[0].fix


def test_the_words_may_differ_and_nothing_is_reported(tmp_path: Path) -> None:
    _, translated = write_spanish_pair(tmp_path)
    assert problems_of(translated, tmp_path) == []
    original, translation = load_aid(tmp_path / "minimal.toml"), load_aid(translated)
    assert compare(original, translation) == []
    assert translation.is_translation and not original.is_translation


# -- check: texts, dates, files --------------------------------------------------------------


def test_a_text_with_other_numbers_is_a_warning_that_can_be_silenced(tmp_path: Path) -> None:
    _, translated = write_spanish_pair(
        tmp_path, spanish().replace('"30 de cada 100."', '"31 de cada 100."')
    )
    (problem,) = problems_of(translated, tmp_path)
    assert (problem.code, problem.severity) == ("SDM131", "warning")
    assert problem.path == "checks[0].explanation"
    assert "has the numbers 31, 100, the original's text" in problem.message
    assert "30, 100" in problem.message and problem.why.startswith("sdm-tui: ")
    assert load_library(tmp_path).languages("minimal") == ["en", "es"]  # still offered
    assert problems_of(translated, tmp_path, ignore=frozenset({"SDM131"})) == []


def test_a_translation_of_an_older_version_is_out_of_date(tmp_path: Path) -> None:
    _, translated = write_spanish_pair(tmp_path, spanish(of_version="0.9.0"))
    (problem,) = problems_of(translated, tmp_path)
    assert (problem.code, problem.name) == ("SDM132", "translation-out-of-date")
    assert problem.line == line_of(translated, "translation_of")
    assert 'translates version "0.9.0" of the original' in problem.message
    assert 'is now "1.0.0"' in problem.message


def test_an_original_reviewed_after_its_translation_is_out_of_date(tmp_path: Path) -> None:
    older = spanish().replace("last_reviewed = 2026-01-15", "last_reviewed = 2025-06-01")
    _, translated = write_spanish_pair(tmp_path, older)
    (problem,) = problems_of(translated, tmp_path)
    assert problem.code == "SDM132" and problem.path == "last_reviewed"
    assert "reviewed on 2026-01-15, after this translation (2025-06-01)" in problem.message


def test_a_translation_without_its_original(tmp_path: Path) -> None:
    lonely = tmp_path / "minimal.es.toml"
    lonely.write_text(spanish(), encoding="utf-8")
    (problem,) = problems_of(lonely)
    assert (problem.code, problem.name) == ("SDM018", "translation-without-original")
    assert problem.line == line_of(lonely, "translation_of")
    assert load_library(tmp_path).aids == []


def test_a_translation_checked_alone_is_compared_with_the_file_beside_it(tmp_path: Path) -> None:
    _, translated = write_spanish_pair(
        tmp_path, spanish().replace("chance.tablet = 30", "chance.tablet = 31")
    )
    report = check_files([translated], today=TODAY)
    assert [f.path for f in report.files] == [translated]  # the original is not reported
    assert [p.code for p in report.files[0].problems] == ["SDM017"]


def test_two_files_in_one_language_are_both_refused(tmp_path: Path) -> None:
    _, translated = write_spanish_pair(tmp_path)
    twin = tmp_path / "minimal.es-copy.toml"
    twin.write_text(spanish(), encoding="utf-8")
    library = load_library(tmp_path)
    assert library.languages("minimal") == ["en"]
    failed = {f.path: [p.code for p in f.problems] for f in library.failures}
    assert failed == {translated: ["SDM019"], twin: ["SDM019"]}
    said = {f.path: f.problems[0].message for f in library.failures}
    assert twin.name in said[translated] and translated.name in said[twin]


def test_a_translation_into_its_originals_language_or_of_another(tmp_path: Path) -> None:
    english_again = spanish().replace('language = "es"', 'language = "en"')
    _, translated = write_spanish_pair(tmp_path, english_again)
    assert [p.code for p in problems_of(translated, tmp_path)] == ["SDM019"]
    wrong_source = spanish().replace(
        'translation_of = { language = "en"', 'translation_of = { language = "fr"'
    )
    _, translated = write_spanish_pair(tmp_path, wrong_source)
    (problem,) = problems_of(translated, tmp_path)
    assert problem.code == "SDM017" and problem.path == "translation_of.language"
    assert problem.fix == 'write translation_of.language = "en"'


# -- the bundled Spanish aid --------------------------------------------------------------


def test_the_bundled_spanish_statins_aid_agrees_with_its_original() -> None:
    original, translation = load_aid(STATINS), load_aid(STATINS_ES)
    assert compare(original, translation) == []
    assert translation.translation_of is not None
    assert translation.translation_of.version == original.version
    assert (translation.language, translation.status) == ("es", "example")
    assert "traducción asistida por máquina" in translation.summary
    assert "traductor clínico nativo" in translation.summary
    assert [o.id for o in translation.options] == [o.id for o in original.options]
    assert translation.outcomes[0].method == original.outcomes[0].method
    assert translation.inputs[0].per == original.inputs[0].per == 100
    library = load_library(bundled_aids_folder())
    assert library.languages(original.id) == ["en", "es"]


def test_the_reading_grade_is_not_asked_of_a_spanish_text() -> None:
    report = check_files(expand_paths([bundled_aids_folder()]), LintSettings(max_grade=1), TODAY)
    graded = {f.path.name: [p for p in f.problems if p.code == "SDM110"] for f in report.files}
    assert graded["statins-primary-prevention.toml"]  # English is graded (and fails grade 1)
    assert graded["statins-primary-prevention.es.toml"] == []


def test_the_english_screening_topics_are_not_asked_of_a_spanish_text(tmp_path: Path) -> None:
    screening = 'tags = ["screening"]\nversion = "1.0.0"\n'
    original, translated = write_spanish_pair(
        tmp_path, spanish().replace('version = "1.0.0"\n', screening, 1)
    )
    original.write_text(ENGLISH.replace('version = "1.0.0"\n', screening, 1), encoding="utf-8")
    assert "SDM129" in [p.code for p in problems_of(original, tmp_path)]
    assert "SDM129" not in [p.code for p in problems_of(translated, tmp_path)]


def test_check_on_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write_spanish_pair(tmp_path, spanish().replace("chance.none = 20", "chance.none = 21"))
    assert main(["check", "--today", "2026-03-14", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "error[SDM017]" in out and "a translation keeps the original's numbers" in out


# -- the format ------------------------------------------------------------------------------


def test_every_key_says_what_a_translation_does_with_it() -> None:
    def walk(fields: tuple[schema.Field, ...]) -> list[schema.Field]:
        return [f for field in fields for f in (field, *walk(field.fields))]

    every = walk(schema.AID)
    assert {field.translation for field in every} == {"same", "words", "own"}
    named = {field.name: field.translation for field in schema.AID}
    assert named["id"] == named["options"] == "same"
    assert named["title"] == "words" and named["translation_of"] == "own"
    node = aid_json_schema()["properties"]["translation_of"]
    assert node["required"] == ["language", "version"]


# -- right-to-left text ----------------------------------------------------------------------


def test_an_aid_in_arabic_with_a_hebrew_translation_loads_and_exports(tmp_path: Path) -> None:
    _, translated = write_rtl_pair(tmp_path)
    library = load_library(tmp_path)
    assert not library.failures
    assert library.languages("minimal") == ["ar", "he"]
    assert problems_of(translated, tmp_path) == []
    for aid in library.variants("minimal").values():
        consultation = new_consultation(aid, clock=FixedClock())
        decide(consultation, "tablet")
        record = to_record(consultation)
        label = aid.option("tablet").label
        for audience in ("patient", "clinic"):
            markdown = render_markdown(record, audience)
            page = render_html(record, audience)
            assert label in markdown and label in page
            assert aid.title in markdown and aid.title in page
            assert f'lang="{aid.language}"' in page
    arabic = library.get("minimal")
    assert arabic is not None
    assert arabic.option("tablet").label == ARABIC_WORDS['"Take the tablet"'].strip('"')
    assert HEBREW_WORDS['"Take the tablet"'].strip('"') in translated.read_text(encoding="utf-8")
