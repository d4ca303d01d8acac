"""The clinic's settings: name, identifier, contact, patient identifier system, time zone."""

from __future__ import annotations

from pathlib import Path

from sdm_tui.cli.settings import format_settings
from sdm_tui.settings import AppConfig, resolve_settings
from sdm_tui.settings.clinic import Clinic, system_zone_name


def _resolve(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> AppConfig:
    user = tmp_path / "settings.toml"
    user.write_text(text, encoding="utf-8")
    resolved = resolve_settings(
        user_file=user, site_file=tmp_path / "none.toml", environ=environ or {}
    )
    return AppConfig.from_settings(resolved)


def test_the_clinic_from_file_and_environment(tmp_path: Path) -> None:
    config = _resolve(
        tmp_path,
        'clinic_name = "Riverside"\nclinic_identifier_system = "urn:oid:2.16.840.1"\n'
        'clinic_identifier = "ORG-7"\ntimezone = "Europe/London"\n'
        'patient_identifier_system = "https://riverside.example.org/mrn"\n',
        {"SDM_TUI_CLINIC_PHONE": "0100 555", "SDM_TUI_TIMEZONE": "America/New_York"},
    )
    clinic = config.clinic
    assert (clinic.name, clinic.identifier, clinic.identifier_system) == (
        "Riverside",
        "ORG-7",
        "urn:oid:2.16.840.1",
    )
    assert clinic.phone == "0100 555"  # from the environment
    assert clinic.zone_name == "America/New_York"  # the environment beats the file
    assert clinic.patient_identifier_system == "https://riverside.example.org/mrn"


def test_bad_values_are_reported_and_ignored(tmp_path: Path) -> None:
    user = tmp_path / "settings.toml"
    user.write_text(
        'timezone = "Mars/Olympus"\nclinic_identifier_system = "not a uri"\n'
        'clinic_name = "two\\nlines"\n',
        encoding="utf-8",
    )
    resolved = resolve_settings(user_file=user, site_file=tmp_path / "none.toml", environ={})
    problems = {p.setting: p.text() for p in resolved.problems}
    assert "not a known time zone" in problems["timezone"]
    assert "not an absolute URI" in problems["clinic_identifier_system"]
    assert "line break" in problems["clinic_name"]
    assert f"{user}:1" in problems["timezone"]
    clinic = AppConfig.from_settings(resolved).clinic
    assert clinic == Clinic.in_zone("")  # nothing set: no clinic, the system's zone


def test_sdm_tui_settings_shows_them(tmp_path: Path) -> None:
    user = tmp_path / "settings.toml"
    user.write_text('clinic_name = "Riverside"\n', encoding="utf-8")
    resolved = resolve_settings(user_file=user, site_file=tmp_path / "none.toml", environ={})
    lines = {line.split()[0]: line for line in format_settings(resolved).splitlines() if line}
    assert "Riverside" in lines["clinic_name"] and f"{user}:1" in lines["clinic_name"]
    assert "(not set)" in lines["clinic_phone"]
    assert f"the system's ({system_zone_name()})" in lines["timezone"]


def test_the_system_zone_follows_tz() -> None:
    assert system_zone_name({"TZ": "Asia/Tokyo"}) == "Asia/Tokyo"
    assert system_zone_name({"TZ": ":Europe/Paris"}) == "Europe/Paris"
