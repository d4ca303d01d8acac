"""Settings: defaults < site file < user file < environment < command line; site-locked
privacy settings; invalid values reported with file, line and the valid choices."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sdm_tui.cli import main
from sdm_tui.cli.settings import format_settings
from sdm_tui.settings import SETTINGS, resolve_settings, save_user_settings, update_user_settings
from sdm_tui.settings.resolve import SITE_ENV, user_settings_path
from sdm_tui.settings.save import toml_string
from tests.builders import ROOT


@pytest.fixture(autouse=True)
def no_outside_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither the machine's site file nor the caller's SDM_TUI_* variables may leak in."""
    for setting in SETTINGS:
        monkeypatch.delenv(setting.env, raising=False)
    monkeypatch.setenv(SITE_ENV, str(tmp_path / "no-site-file.toml"))


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "site.toml", tmp_path / "user.toml"


def resolve(files: tuple[Path, Path], environ: dict[str, str] | None = None, **overrides: object):
    site, user = files
    return resolve_settings(
        overrides=overrides, environ=environ or {}, user_file=user, site_file=site
    )


def test_defaults_apply_with_no_files_no_environment_and_no_options(files) -> None:
    resolved = resolve(files)
    assert resolved["idle_minutes"] == 5.0
    assert resolved["recovery"] is True
    assert resolved["recovery_max_age_hours"] == 8.0
    assert resolved["max_reading_grade"] == 8.0
    assert resolved["theme"] == "textual-dark"
    assert resolved["aids_folder"] is None
    assert all(source.kind == "default" for source in resolved.sources.values())
    assert resolved.problems == []


def test_each_source_wins_over_the_weaker_ones_in_order(files) -> None:
    site, user = files
    site.write_text('theme = "nord"\nmax_reading_grade = 7\n')
    resolved = resolve(files)
    assert resolved["theme"] == "nord"
    assert resolved.sources["theme"].describe() == f"site file {site}:1"

    user.write_text('# mine\ntheme = "dracula"\n')
    resolved = resolve(files)
    assert resolved["theme"] == "dracula"
    assert resolved.sources["theme"].describe() == f"user file {user}:2"
    assert resolved["max_reading_grade"] == 7.0  # the site's, not overridden

    environ = {"SDM_TUI_THEME": "monokai"}
    resolved = resolve(files, environ)
    assert resolved["theme"] == "monokai"
    assert resolved.sources["theme"].describe() == "environment SDM_TUI_THEME"

    resolved = resolve(files, environ, theme="high-contrast-light")
    assert resolved["theme"] == "high-contrast-light"
    assert resolved.sources["theme"].describe() == "command line --theme"


def test_order_holds_for_a_privacy_setting_the_site_does_not_set(files) -> None:
    _, user = files
    user.write_text("idle_minutes = 2\nrecovery = true\n")
    assert resolve(files)["idle_minutes"] == 2.0
    environ = {"SDM_TUI_IDLE_MINUTES": "3", "SDM_TUI_RECOVERY": "off"}
    resolved = resolve(files, environ)
    assert (resolved["idle_minutes"], resolved["recovery"]) == (3.0, False)
    resolved = resolve(files, environ, idle_minutes=4.0)
    assert resolved["idle_minutes"] == 4.0
    assert resolved.sources["idle_minutes"].describe() == "command line --idle-minutes"


def test_site_file_locks_its_privacy_settings_against_user_environment_and_cli(files) -> None:
    site, user = files
    site.write_text("[privacy]\nidle_minutes = 1\nrecovery = false\ntheme_unused = 1\n")
    user.write_text("idle_minutes = 30\nrecovery = true\n")
    environ = {"SDM_TUI_IDLE_MINUTES": "20", "SDM_TUI_RECOVERY": "on"}
    resolved = resolve(files, environ, idle_minutes=10.0, recovery=True)
    assert resolved["idle_minutes"] == 1.0
    assert resolved["recovery"] is False
    assert resolved.is_locked("idle_minutes") and resolved.is_locked("recovery")
    assert not resolved.is_locked("theme")
    assert resolved.sources["idle_minutes"].describe() == f"site file {site}:2"
    ignored = [p.text() for p in resolved.problems if "locked" in p.message]
    assert len(ignored) == 6  # user file, environment and command line, for both
    assert any(text.startswith("command line --idle-minutes") for text in ignored)
    # A key in [privacy] that is not a privacy setting is reported, with the valid names.
    unknown = next(p for p in resolved.problems if "theme_unused" in p.setting)
    assert unknown.where == f"{site}:4"
    assert "idle_minutes" in unknown.valid


def test_site_file_top_level_privacy_keys_lock_too_but_other_site_keys_do_not(files) -> None:
    site, user = files
    site.write_text('recovery_max_age_hours = 2\ntheme = "nord"\n')
    user.write_text('recovery_max_age_hours = 24\ntheme = "dracula"\n')
    resolved = resolve(files)
    assert resolved["recovery_max_age_hours"] == 2.0
    assert resolved["theme"] == "dracula"


def test_invalid_value_reports_file_line_and_choices_and_the_default_applies(files) -> None:
    _, user = files
    user.write_text('idle_minutes = 3\n\ntheme = "purple"\nmax_reading_grade = "eight"\n')
    resolved = resolve(files)
    assert resolved["theme"] == "textual-dark"
    assert resolved.sources["theme"].kind == "default"
    assert resolved["max_reading_grade"] == 8.0
    assert resolved["idle_minutes"] == 3.0  # the valid ones still apply
    theme = next(p for p in resolved.problems if p.setting == "theme")
    assert theme.where == f"{user}:3"
    assert "'purple' is not a known theme" in theme.message
    assert "high-contrast-dark" in theme.valid and "ansi-dark" in theme.valid
    grade = next(p for p in resolved.problems if p.setting == "max_reading_grade")
    assert grade.where == f"{user}:4"
    assert grade.valid == "a number from 1 to 20"


def test_out_of_range_bad_type_unknown_key_and_bad_environment_are_reported(files) -> None:
    _, user = files
    user.write_text('idle_minutes = 9999\nrecovery = "maybe"\ncolour = "red"\n')
    resolved = resolve(files, {"SDM_TUI_RECOVERY": "perhaps", "SDM_TUI_IDLE_MINUTES": "x"})
    texts = [p.text() for p in resolved.problems]
    assert any(f"{user}:1: idle_minutes: 9999 is outside 0..240" in t for t in texts)
    assert any(f"{user}:2: recovery:" in t and "true or false" in t for t in texts)
    assert any(f"{user}:3: colour: unknown setting" in t for t in texts)
    assert any(t.startswith("environment SDM_TUI_RECOVERY: recovery: 'perhaps'") for t in texts)
    assert any(t.startswith("environment SDM_TUI_IDLE_MINUTES") for t in texts)
    assert resolved["idle_minutes"] == 5.0 and resolved["recovery"] is True


def test_broken_toml_reports_its_line_and_defaults_apply(files) -> None:
    _, user = files
    user.write_text('theme = "nord"\nidle_minutes = = 3\n')
    resolved = resolve(files)
    assert resolved["theme"] == "textual-dark"
    (problem,) = resolved.problems
    assert problem.where == f"{user}:2" and "not valid TOML" in problem.message


def test_invalid_command_line_value_is_ignored_and_reported(files) -> None:
    resolved = resolve(files, idle_minutes=-1.0, theme="nope")
    assert resolved["idle_minutes"] == 5.0 and resolved["theme"] == "textual-dark"
    assert {p.where for p in resolved.problems} == {
        "command line --idle-minutes",
        "command line --theme",
    }


def test_paths_are_relative_to_their_file_and_expand_the_home_folder(files, tmp_path) -> None:
    _, user = files
    user.write_text('aids_folder = "clinic-aids"\nexport_folder = "~/exports"\n')
    resolved = resolve(files)
    assert resolved["aids_folder"] == tmp_path / "clinic-aids"
    assert resolved["export_folder"] == Path(os.environ["HOME"]) / "exports"
    assert resolve(files, {"SDM_TUI_AIDS": "/srv/aids"})["aids_folder"] == Path("/srv/aids")


def test_save_is_atomic_private_and_reads_back(files, monkeypatch) -> None:
    _, user = files
    values = {
        "theme": "high-contrast-light",
        "idle_minutes": 2.5,
        "recovery": False,
        "export_folder": Path('/tmp/a "quoted" \\ folder\n'),
    }
    save_user_settings(values, user)
    assert user.stat().st_mode & 0o777 == 0o600
    resolved = resolve(files)
    assert resolved.problems == []
    for name, value in values.items():
        assert resolved[name] == value
    assert [p.name for p in user.parent.iterdir() if p.name.startswith(".sdm-tmp")] == []

    import sdm_tui.store.atomic as atomic

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError):
        save_user_settings({"theme": "nord"}, user)
    assert resolve(files)["theme"] == "high-contrast-light"  # the old file is intact
    assert [p.name for p in user.parent.iterdir() if p.name.startswith(".sdm-tmp")] == []


def test_update_keeps_other_user_values_and_none_removes_one(files) -> None:
    _, user = files
    user.write_text('theme = "nord"\nidle_minutes = 2\naids_folder = "/srv/aids"\n')
    update_user_settings({"theme": "dracula", "aids_folder": None}, user)
    resolved = resolve(files)
    assert (resolved["theme"], resolved["idle_minutes"]) == ("dracula", 2.0)
    assert resolved["aids_folder"] is None


def test_save_refuses_an_invalid_value(files) -> None:
    _, user = files
    with pytest.raises(ValueError):
        save_user_settings({"theme": "purple"}, user)
    assert not user.exists()


def test_toml_strings_escape_quotes_backslashes_and_control_characters() -> None:
    import tomli

    text = 'a "b" \\c\n\t\x1b\x7f é'
    assert tomli.loads(f"k = {toml_string(text)}")["k"] == text


def test_user_file_lives_in_the_platform_config_folder(private_home: Path) -> None:
    assert user_settings_path() == private_home / ".config" / "sdm-tui" / "settings.toml"


def test_settings_command_lists_every_setting_with_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site.toml"
    site.write_text("[privacy]\nidle_minutes = 1\n")
    monkeypatch.setenv(SITE_ENV, str(site))
    user = user_settings_path()
    user.parent.mkdir(parents=True)
    user.write_text('theme = "nord"\nrecovery = "sometimes"\n')
    monkeypatch.setenv("SDM_TUI_MAX_GRADE", "9")
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    for setting in SETTINGS:
        assert setting.name in out
    lines = {line.split()[0]: line for line in out.splitlines() if line and line[0].isalpha()}
    assert f"from user file {user}:1" in lines["theme"]
    assert f"from site file {site}:2" in lines["idle_minutes"]
    assert "[locked: privacy setting fixed by the site file]" in lines["idle_minutes"]
    assert "from environment SDM_TUI_MAX_GRADE" in lines["max_reading_grade"]
    assert "from default" in lines["recovery"]
    assert f"{user}:2: recovery: 'sometimes' is not true or false" in out
    assert "valid: true or false" in out


def test_settings_command_runs_from_the_installed_entry_point(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), SITE_ENV: str(tmp_path / "none.toml")}
    done = subprocess.run(
        [sys.executable, "-m", "sdm_tui.cli", "settings"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "theme" in done.stdout and "(not present)" in done.stdout


def test_format_settings_marks_built_in_folders(files) -> None:
    out = format_settings(resolve(files))
    assert "the bundled aids" in out and "the current folder" in out


def test_check_takes_its_max_grade_from_the_settings(monkeypatch, capsys) -> None:
    from sdm_tui.aid import check

    seen = {}

    def fake_check(files, settings, today=None):
        seen["grade"] = settings.max_grade
        seen["today"] = today
        raise SystemExit(0)

    monkeypatch.setattr(check, "check_files", fake_check)
    monkeypatch.setenv("SDM_TUI_MAX_GRADE", "10")
    with pytest.raises(SystemExit):
        main(["check", str(ROOT / "decision_aids")])
    assert seen["grade"] == 10.0
    with pytest.raises(SystemExit):
        main(["check", "--max-grade", "6", str(ROOT / "decision_aids")])
    assert seen["grade"] == 6.0
    assert seen["today"] is None  # the day the check runs
    with pytest.raises(SystemExit):
        main(["check", "--today", "2027-06-01", str(ROOT / "decision_aids")])
    assert str(seen["today"]) == "2027-06-01"


def test_run_passes_resolved_settings_to_the_app(monkeypatch, tmp_path) -> None:
    import sdm_tui.app.factory as factory

    built = {}

    class FakeApp:
        return_code = 0

        def run(self) -> None:
            pass

    def fake_make_app(**kwargs):
        built.update(kwargs)
        return FakeApp()

    monkeypatch.setattr(factory, "make_app", fake_make_app)
    monkeypatch.setenv("SDM_TUI_IDLE_MINUTES", "7")
    monkeypatch.setenv("SDM_TUI_RECOVERY", "on")
    assert main(["--no-recovery", "--theme", "ansi-dark", "--export-dir", str(tmp_path)]) == 0
    settings = built["settings"]
    assert settings["recovery"] is False
    assert settings.sources["recovery"].describe() == "command line --no-recovery"
    assert settings["idle_minutes"] == 7.0
    assert settings["theme"] == "ansi-dark"
    assert settings["export_folder"] == tmp_path


# -- the settings screen ------------------------------------------------------------------


def settings_app(bundled_library, tmp_path: Path, site_text: str = ""):
    from sdm_tui.app.factory import make_app

    site = tmp_path / "site.toml"
    if site_text:
        site.write_text(site_text)
    settings = resolve_settings(site_file=site, environ={})
    return make_app(library=bundled_library, recovery=False, settings=settings)


async def test_f9_opens_settings_showing_sources_and_locked_privacy_settings(
    bundled_library, tmp_path
) -> None:
    from textual.widgets import Input

    from sdm_tui.app.settings_screen import SettingsScreen
    from tests.screen_text import screen_text

    app = settings_app(bundled_library, tmp_path, "[privacy]\nidle_minutes = 2\n")
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        assert app.idle_seconds == 120
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        text = screen_text(app)
        for setting in SETTINGS:  # a row each (the clinic's are below the fold)
            name = app.screen.query_one(f"#row-{setting.name} .setting-name")
            assert str(name.render()).startswith(f"{setting.name} – ")
        assert "theme" in text
        locked = app.screen.query_one("#row-idle_minutes .setting-source")
        expected = f"LOCKED – locked by the site file {tmp_path / 'site.toml'}:2"
        assert str(locked.render()).startswith(expected)
        assert app.screen.query_one("#setting-idle_minutes", Input).disabled
        assert "from default" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)


async def test_save_writes_the_user_file_and_applies_theme_idle_time_and_export_folder(
    bundled_library, tmp_path
) -> None:
    from textual.widgets import Input, Select

    app = settings_app(bundled_library, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.action_settings()
        await pilot.pause()
        screen = app.screen
        screen.query_one("#setting-theme", Select).value = "high-contrast-light"
        screen.query_one("#setting-idle_minutes", Input).value = "2"
        screen.query_one("#setting-export_folder", Input).value = str(tmp_path / "out")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not screen  # closed
        assert app.theme == "high-contrast-light"
        assert app.idle_seconds == 120
        assert app.idle_watcher is not None and app.idle_watcher.idle_seconds == 120
        assert app.export_folder == tmp_path / "out"
    saved = resolve_settings(site_file=tmp_path / "site.toml", environ={})
    assert saved.sources["theme"].kind == "user file"
    assert (saved["theme"], saved["idle_minutes"]) == ("high-contrast-light", 2.0)
    assert saved["export_folder"] == tmp_path / "out"
    assert saved.sources["recovery"].kind == "default"  # unchanged ones are not written
    assert "recovery" not in user_settings_path().read_text()


async def test_an_invalid_entry_is_marked_and_nothing_is_saved(bundled_library, tmp_path) -> None:
    from textual.widgets import Input, Static

    app = settings_app(bundled_library, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.action_settings()
        await pilot.pause()
        app.screen.query_one("#setting-idle_minutes", Input).value = "soon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = app.screen.query_one("#error-idle_minutes", Static)
        assert error.display
        assert "a number from 0 to 240" in str(error.render())
        assert not user_settings_path().exists()


async def test_settings_are_offered_in_the_command_palette(bundled_library, tmp_path) -> None:
    app = settings_app(bundled_library, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Settings" in titles


def test_settings_package_never_imports_textual() -> None:
    code = "import sys, sdm_tui.settings, sdm_tui.cli.settings; print('textual' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "False"


def test_snapshot_settings_screen_at_80x24(
    snap_compare, bundled_library, tmp_path, monkeypatch
) -> None:
    from sdm_tui.app.factory import make_app

    monkeypatch.chdir(tmp_path)  # relative paths: the same text on every run
    Path("site.toml").write_text("[privacy]\nrecovery = false\n")
    settings = resolve_settings(
        site_file=Path("site.toml"), user_file=Path("user/settings.toml"), environ={}
    )
    app = make_app(library=bundled_library, recovery=False, settings=settings)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_docs_describe_every_setting_and_its_variable() -> None:
    text = (ROOT / "docs" / "settings.md").read_text()
    for setting in SETTINGS:
        assert f"`{setting.name}`" in text and f"`{setting.env}`" in text
        if setting.cli:
            assert f"`{setting.cli}" in text
