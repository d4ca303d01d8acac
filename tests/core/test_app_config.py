"""The settings reach the app once, typed (`AppConfig`), and the app's mode is one object."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from sdm_tui.aid.library import Library
from sdm_tui.app.factory import make_app
from sdm_tui.app.mode import ClinicalMode
from sdm_tui.app.training.keys import TRAINING_ACTION
from sdm_tui.app.training.mode import TrainingMode
from sdm_tui.app.training.session import ScenarioChoice
from sdm_tui.settings import SETTINGS, AppConfig, resolve_settings


def test_a_field_for_every_setting_with_its_declared_default() -> None:
    fields = {field.name: field.default for field in dataclasses.fields(AppConfig)}
    assert fields == {setting.name: setting.default for setting in SETTINGS}


def test_built_from_the_settings_in_force_with_their_types(tmp_path: Path) -> None:
    user = tmp_path / "settings.toml"
    user.write_text(
        'export_folder = "out"\nidle_minutes = 2\nrecovery = false\n'
        'recovery_max_age_hours = 1\ntheme = "nord"\n',
        encoding="utf-8",
    )
    resolved = resolve_settings(user_file=user, site_file=tmp_path / "none.toml", environ={})
    config = AppConfig.from_settings(resolved)
    assert config == AppConfig(
        export_folder=tmp_path / "out",
        idle_minutes=2.0,
        recovery=False,
        recovery_max_age_hours=1.0,
        theme="nord",
    )
    assert isinstance(config.idle_minutes, float) and config.idle_seconds == 120
    assert config.recovery_max_age == timedelta(hours=1)


def test_the_app_takes_its_config_from_the_settings(tmp_path: Path) -> None:
    user = tmp_path / "settings.toml"
    user.write_text('theme = "nord"\nidle_minutes = 3\n', encoding="utf-8")
    resolved = resolve_settings(user_file=user, site_file=tmp_path / "none.toml", environ={})
    app = make_app(library=Library(None, []), recovery=False, settings=resolved)
    assert app.config == AppConfig.from_settings(resolved)
    assert (app.theme, app.idle_seconds, app.settings) == ("nord", 180, resolved)


def test_the_mode_answers_banner_keys_and_recovery() -> None:
    clinical = make_app(library=Library(None, []), recovery=False).mode
    assert isinstance(clinical, ClinicalMode) and clinical.name == "clinical"
    assert clinical.banner(None) == [] and not clinical.allows(TRAINING_ACTION)
    assert clinical.first_screen() is None and clinical.keeps_recovery

    training = make_app(
        library=Library(None, []),
        recovery=False,
        mode="training",
        scenario_choice=ScenarioChoice([], [], None),
    ).mode
    assert isinstance(training, TrainingMode) and training.banner(None)[0].startswith("TRAINING")
    assert not training.allows(TRAINING_ACTION)  # until a rehearsal starts
    assert training.first_screen() is not None  # the scenario picker


def test_a_preview_is_not_made_by_make_app() -> None:
    with pytest.raises(ValueError, match="preview"):
        make_app(library=Library(None, []), recovery=False, mode="preview")
