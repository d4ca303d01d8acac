"""Settings: one TOML file per user (and one per site), the environment, the command line.

No UI here: the `sdm-tui settings` command and the app's settings screen both build on it.
"""

from sdm_tui.settings.config import AppConfig
from sdm_tui.settings.declarations import SETTING_BY_NAME, SETTINGS, THEMES, Setting
from sdm_tui.settings.resolve import (
    ResolvedSettings,
    SettingProblem,
    Source,
    resolve_settings,
    site_settings_path,
    user_settings_path,
)
from sdm_tui.settings.save import save_user_settings, update_user_settings

__all__ = [
    "SETTINGS",
    "SETTING_BY_NAME",
    "THEMES",
    "AppConfig",
    "ResolvedSettings",
    "Setting",
    "SettingProblem",
    "Source",
    "resolve_settings",
    "save_user_settings",
    "site_settings_path",
    "update_user_settings",
    "user_settings_path",
]
