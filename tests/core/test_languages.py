"""Which language is shown: the setting, the system locale, English as the fallback; and a
document's language apart from the screen's."""

from __future__ import annotations

from datetime import date

import pytest

from sdm_tui.cli import main
from sdm_tui.i18n import _, current_language, in_language, ngettext, use_language
from sdm_tui.i18n.formats import format_day, format_decimal
from sdm_tui.i18n.negotiate import choose_language, patient_copy_language, system_language
from sdm_tui.settings import AppConfig, resolve_settings


@pytest.fixture(autouse=True)
def _english_after() -> object:
    yield
    use_language("en")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "es_MX.UTF-8"}, "es_MX.UTF-8"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, "es_ES.UTF-8"),
        ({"LANG": "en_GB.UTF-8", "LANGUAGE": "fr:es"}, "fr"),
    ],
)
def test_system_language_is_read_as_gettext_does(environ: dict[str, str], expected: str) -> None:
    assert system_language(environ) == expected


def test_setting_beats_the_system_and_unknown_languages_fall_back_to_english() -> None:
    assert choose_language(None, {"LANG": "es_MX.UTF-8"}).language == "es"
    assert choose_language("en", {"LANG": "es_MX.UTF-8"}).language == "en"
    french = choose_language("fr-CA", {})
    assert (french.language, french.asked, french.fell_back) == ("en", "fr-CA", True)
    assert not choose_language(None, {"LANG": "C"}).fell_back


def test_language_setting_sources_in_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    user = tmp_path / "settings.toml"
    user.write_text('language = "en"\n', encoding="utf-8")
    site = tmp_path / "site.toml"
    resolved = resolve_settings(environ={}, user_file=user, site_file=site)
    assert (resolved["language"], resolved.sources["language"].kind) == ("en", "user file")
    resolved = resolve_settings(environ={"SDM_TUI_LANGUAGE": "es"}, user_file=user, site_file=site)
    assert (resolved["language"], resolved.sources["language"].kind) == ("es", "environment")
    resolved = resolve_settings(
        overrides={"language": "en"},
        environ={"SDM_TUI_LANGUAGE": "es"},
        user_file=user,
        site_file=site,
    )
    assert resolved.sources["language"].kind == "command line"
    config = AppConfig.from_settings(resolved)
    assert config.language_choice({"LANG": "es_ES.UTF-8"}).language == "en"


def test_a_bad_language_is_reported_and_ignored(tmp_path) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve_settings(
        environ={"SDM_TUI_LANGUAGE": "español!"},
        user_file=tmp_path / "none.toml",
        site_file=tmp_path / "none-site.toml",
    )
    assert resolved["language"] is None
    assert "'español!' is not a language code" in resolved.problems[0].text()


def test_a_document_language_applies_inside_its_block_only() -> None:
    use_language("es")
    assert current_language() == "es"
    with in_language("en"):
        assert current_language() == "en"
        with in_language("xx"):
            assert current_language() == "en"
    assert current_language() == "es"
    assert _("{asked} (no catalog: {shown} shown)") == "{asked} (sin catálogo: se muestra {shown})"
    assert ngettext("{n} x", "{n} xs", 2) == "{n} xs"


def test_patient_copy_language() -> None:
    assert patient_copy_language("es", "en", "en") == "es"
    assert patient_copy_language(None, "es-MX", "en") == "es"
    assert patient_copy_language(None, "fr", "es") == "es"


def test_dates_and_numbers_as_each_language_writes_them() -> None:
    day = date(2027, 3, 3)
    assert format_day(day, "en") == "Wed 3 Mar 2027"
    assert format_day(day, "es") == "mié, 3 mar 2027"
    assert (format_decimal(2.1, "en"), format_decimal(2.1, "es")) == ("2.1", "2,1")
    with in_language("es"):
        assert format_decimal(12345.5) == "12.345,5"


def test_settings_command_shows_the_language_and_its_source(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SDM_TUI_SITE_SETTINGS", str(tmp_path / "site.toml"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("SDM_TUI_LANGUAGE", "fr")
    assert main(["settings"]) == 0
    line = next(row for row in capsys.readouterr().out.splitlines() if row.startswith("language"))
    assert "fr (no catalog: en shown)" in line and "environment SDM_TUI_LANGUAGE" in line
    assert main(["settings", "--language", "es"]) == 0
    line = next(row for row in capsys.readouterr().out.splitlines() if row.startswith("language"))
    # in Spanish now: where it came from too
    assert line.split()[1] == "es" and "origen: línea de comandos --language" in line


def test_the_patient_language_is_kept_in_the_record_and_read_back() -> None:
    from sdm_tui.consultation.rules import set_patient_language
    from sdm_tui.export.record_json import to_record
    from sdm_tui.export.record_model import record_from_data, record_to_data
    from sdm_tui.export.record_read import from_record
    from tests.builders import full_consultation

    consultation = full_consultation()
    assert "patient_language" not in record_to_data(to_record(consultation))
    set_patient_language(consultation, "es")
    data = record_to_data(to_record(consultation))
    assert data["patient_language"] == "es"
    restored = from_record(record_from_data(data), consultation.aid)
    assert restored.patient_language == "es"
    with pytest.raises(ValueError, match="no catalog"):
        set_patient_language(consultation, "fr")


def test_certainty_levels_are_said_in_the_language(spanish: None) -> None:
    from sdm_tui.aid.figures import certainty_name

    assert certainty_name("moderate") == "moderada"
    assert certainty_name("very low") == "muy baja"
    assert certainty_name("GRADE B") == "GRADE B"  # not the format's: as the aid has it


def test_a_practical_issues_default_heading_is_in_the_aids_language() -> None:
    from sdm_tui.aid.library import bundled_aids_folder
    from sdm_tui.aid.loader import load_aid

    folder = bundled_aids_folder()
    english = load_aid(folder / "statins-primary-prevention.toml")
    spanish = load_aid(folder / "statins-primary-prevention.es.toml")
    heading = {q.category: q.text for q in english.questions if q.category}
    assert heading["medication-routine"] == "Medication routine"
    assert {q.category: q.text for q in spanish.questions if q.category}[
        "medication-routine"
    ] == "Rutina de medicación"
