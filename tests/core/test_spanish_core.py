"""The command line, the report, the settings and the consultation's own words in Spanish;
the record keeps its English question texts; Spanish dates shown and read (issue 22)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sdm_tui.cli import main
from sdm_tui.consultation.collaborate import COLLABORATE_INTRO, COLLABORATE_LABELS
from sdm_tui.consultation.dates import read_when, shown_date
from sdm_tui.consultation.decision import not_yet_gap
from sdm_tui.consultation.follow_up import REGRET_ITEMS, REGRET_LABELS, REGRET_PROMPT
from sdm_tui.consultation.record import SURE_ITEMS
from sdm_tui.consultation.rules import new_consultation
from sdm_tui.consultation.sure import set_sure, sure_help
from sdm_tui.export.record_json import to_record
from sdm_tui.i18n import _
from sdm_tui.settings import resolve_settings
from tests.builders import FixedClock, full_consultation, minimal_aid

RECORDS_V1 = Path(__file__).resolve().parent.parent / "data" / "records" / "v1"
TODAY = date(2027, 3, 1)


@pytest.fixture
def no_settings_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No site or user settings file, and no language from the environment."""
    monkeypatch.setenv("SDM_TUI_SITE_SETTINGS", str(tmp_path / "site.toml"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("SDM_TUI_LANGUAGE", raising=False)


# -- the command line ---------------------------------------------------------------------


def test_the_list_of_commands_is_in_spanish_with_argparse_own_words(
    no_settings_files: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SDM_TUI_LANGUAGE", "es")
    with pytest.raises(SystemExit) as stopped:
        main(["--help"])
    out = capsys.readouterr().out
    assert stopped.value.code == 0
    assert out.startswith("uso: sdm-tui")
    assert "opciones:" in out and "mostrar este mensaje de ayuda y salir" in out
    assert "iniciar una consulta (lo predeterminado)" in out
    assert "Sin comando, se entiende `run`." in out


def test_a_command_help_and_its_usage_mistakes_are_in_spanish(
    no_settings_files: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help", "--language", "es"])
    out = capsys.readouterr().out
    assert "Crea documentos a partir de un registro de consulta guardado" in out
    assert "la carpeta en la que escribir" in out  # argparse wraps the rest
    with pytest.raises(SystemExit) as stopped:
        main(["export", "--language", "es"])  # no RECORD.json: argparse's own message
    assert stopped.value.code == 2
    assert "se necesitan los siguientes argumentos: RECORD.json" in capsys.readouterr().err
    status = main(
        ["export", "x.json", "--format", "fhir", "--audience", "patient", "--language", "es"]
    )
    assert status == 2
    assert "no hay copia para el paciente" in capsys.readouterr().err


def test_the_same_help_stays_english_in_english(
    no_settings_files: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help", "--language", "en"])
    out = capsys.readouterr().out
    assert out.startswith("usage: sdm-tui export") and "options:" in out
    assert "the folder to write into (default: the current folder)" in out


def test_the_report_is_in_spanish(
    no_settings_files: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    markdown = tmp_path / "report.md"
    argv = ["report", str(RECORDS_V1), "--today", "2027-01-01", "--md", str(markdown)]
    assert main([*argv, "--language", "es"]) == 0
    out = capsys.readouterr().out
    for words in (
        "Informe de registros de consulta",
        "Consultas clínicas",
        "Decisiones",
        "Medidas",
        "Papel preferido al decidir (todas las ayudas)",
        "Consultas contadas: 2.",
        "1/1 (100%)",
        "Escrito: ",
    ):
        assert words in out, words
    text = markdown.read_text(encoding="utf-8")
    assert text.startswith("# Informe de registros de consulta")
    assert "### Decisiones" in text and "| Guía |" in text


def test_the_settings_command_is_in_spanish_with_names_and_values_as_written(
    no_settings_files: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["settings", "--language", "es"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("archivo del usuario: ") and lines[0].endswith("(no existe)")
    theme = next(line for line in lines if line.startswith("theme"))
    assert theme.split()[1] == "textual-dark" and "origen: predeterminado" in theme
    aids = next(line for line in lines if line.startswith("aids_folder"))
    assert "las ayudas incluidas" in aids


def test_a_bad_setting_is_reported_in_spanish(spanish: None, tmp_path: Path) -> None:
    settings = resolve_settings(
        environ={"SDM_TUI_IDLE_MINUTES": "lots"},
        user_file=tmp_path / "user.toml",
        site_file=tmp_path / "site.toml",
    )
    assert [problem.text() for problem in settings.problems] == [
        "entorno SDM_TUI_IDLE_MINUTES: idle_minutes: 'lots' no es un número; se ignora "
        "(válido: un número de 0 a 240)"
    ]


# -- the questionnaires: shown in Spanish, kept in English ---------------------------------


def test_sure_collaborate_and_regret_wording_in_spanish(spanish: None) -> None:
    assert _(SURE_ITEMS[0][1]) == "¿Se siente seguro/a de cuál es la mejor opción para usted?"
    assert _(COLLABORATE_INTRO) == "Pensando en la consulta que acaba de tener:"
    assert _(COLLABORATE_LABELS[4]) == "Se hizo todo el esfuerzo posible"
    assert _(REGRET_ITEMS[1][1]) == "Me arrepiento de la elección que se hizo."
    assert _(REGRET_LABELS[1]) == "Totalmente de acuerdo"
    assert _(REGRET_PROMPT).startswith("Por favor, piense en la decisión que tomó")
    every = (
        [q for _k, q in SURE_ITEMS] + list(COLLABORATE_LABELS) + [s for _n, s, _r in REGRET_ITEMS]
    )
    assert all(_(text) != text for text in every)


def test_the_record_keeps_the_english_question_whatever_the_language(spanish: None) -> None:
    record = to_record(full_consultation())
    assert record.sure is not None
    assert [item.question for item in record.sure.items] == [q for _k, q in SURE_ITEMS]
    assert record.sure.items[0].question == "Do you feel SURE about the best choice for you?"


def test_what_helps_after_a_low_sure_score_and_the_not_yet_rule_in_spanish(spanish: None) -> None:
    c = new_consultation(minimal_aid(), clock=FixedClock())
    for key, _question in SURE_ITEMS:
        set_sure(c, key, key != "understand")
    assert sure_help(c) == [
        "Más información: repase de nuevo los beneficios y riesgos de las opciones, y qué "
        "probabilidad tiene cada uno (la etapa Opciones); apunte las preguntas que quiera hacer."
    ]
    from sdm_tui.consultation.decision import decide_not_yet

    decide_not_yet(c, "more_time")
    assert (not_yet_gap(c) or "").startswith("Un «todavía no» necesita un camino de vuelta")


# -- dates ---------------------------------------------------------------------------------


def test_a_day_is_shown_in_the_language(spanish: None) -> None:
    assert shown_date(date(2027, 3, 3)) == "mié, 3 mar 2027"
    assert read_when("en 2 semanas", TODAY).shown == "lun, 15 mar 2027"


def test_a_day_stays_english_in_english() -> None:
    assert shown_date(date(2027, 3, 3)) == "Wed 3 Mar 2027"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("en 3 meses", date(2027, 6, 1)),
        ("dentro de 2 semanas", date(2027, 3, 15)),
        ("un año", date(2028, 3, 1)),
        ("en una semana, en el centro de salud", date(2027, 3, 8)),
        ("10 días", date(2027, 3, 11)),
        ("3 de marzo de 2027", date(2027, 3, 3)),
        ("revisar el 15 de Septiembre de 2027 en consulta", date(2027, 9, 15)),
        ("in 3 months", date(2027, 6, 1)),  # English is read in every language
        ("2027-04-01", date(2027, 4, 1)),
    ],
)
def test_spanish_dates_are_read_in_spanish(spanish: None, text: str, day: date) -> None:
    assert read_when(text, TODAY).day == day


def test_spanish_dates_are_not_read_in_english_and_problems_are_in_spanish(
    spanish: None,
) -> None:
    assert read_when("30 de febrero de 2027", TODAY).problem == (
        "30 de febrero de 2027 no es una fecha del calendario"
    )
    from sdm_tui.i18n import SOURCE_LANGUAGE, in_language

    with in_language(SOURCE_LANGUAGE):
        assert read_when("en 3 meses", TODAY).day is None
        assert read_when("3 de marzo de 2027", TODAY).day is None
        assert read_when("2027-02-30", TODAY).problem == "2027-02-30 is not a date in the calendar"
