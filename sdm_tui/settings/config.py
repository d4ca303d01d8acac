"""`AppConfig`: the settings in force as typed values, built once from `ResolvedSettings`.

`ResolvedSettings` keeps every value as `object`, with where it came from and whether it
is locked (what `sdm-tui settings` and the settings screen show). What the app and the
commands *use* is this: one frozen value per setting, named as the setting, of its type.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sdm_tui.i18n.negotiate import LanguageChoice, choose_language
from sdm_tui.settings.clinic import Clinic
from sdm_tui.settings.declarations import SETTING_BY_NAME
from sdm_tui.settings.resolve import ResolvedSettings


def _default(name: str) -> object:
    return SETTING_BY_NAME[name].default


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"setting {name} is {value!r}, not a number")
    return float(value)


def _folder(name: str, value: object) -> Path | None:
    if value is None or value == "":
        return None
    if not isinstance(value, (str, Path)):
        raise TypeError(f"setting {name} is {value!r}, not a folder")
    return Path(value)


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"setting {name} is {value!r}, not on or off")
    return value


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"setting {name} is {value!r}, not text")
    return value


def _optional_text(name: str, value: object) -> str | None:
    return None if value is None else _text(name, value)


_CLINIC_OWN = ("name", "identifier_system", "identifier", "phone", "web", "address")
_CLINIC_FIELDS = (
    *(f"clinic_{name}" for name in _CLINIC_OWN),
    "patient_identifier_system",
    "timezone",
)


@dataclass(frozen=True)
class AppConfig:
    """Every setting's value in force (the defaults when built with no arguments)."""

    aids_folder: Path | None = None
    """None: $SDM_TUI_AIDS (when set), else the bundled aids."""
    export_folder: Path | None = None
    """None: the folder the app was started in."""
    idle_minutes: float = _number("idle_minutes", _default("idle_minutes"))
    """0: the screen is never hidden."""
    recovery: bool = _flag("recovery", _default("recovery"))
    recovery_max_age_hours: float = _number(
        "recovery_max_age_hours", _default("recovery_max_age_hours")
    )
    max_reading_grade: float = _number("max_reading_grade", _default("max_reading_grade"))
    theme: str = _text("theme", _default("theme"))
    # -- the clinic (issue 19): None is not set ------------------------------------------
    clinic_name: str | None = None
    clinic_identifier_system: str | None = None
    clinic_identifier: str | None = None
    clinic_phone: str | None = None
    clinic_web: str | None = None
    clinic_address: str | None = None
    patient_identifier_system: str | None = None
    timezone: str | None = None
    """An IANA name; None: the system's time zone."""
    language: str | None = None
    """A BCP 47 tag; None: the system locale's (see language_choice)."""

    @classmethod
    def from_settings(cls, settings: ResolvedSettings) -> AppConfig:
        """The values of `settings` (already checked by `resolve_settings`), typed."""
        values = settings.values
        return cls(
            aids_folder=_folder("aids_folder", values["aids_folder"]),
            export_folder=_folder("export_folder", values["export_folder"]),
            idle_minutes=_number("idle_minutes", values["idle_minutes"]),
            recovery=_flag("recovery", values["recovery"]),
            recovery_max_age_hours=_number(
                "recovery_max_age_hours", values["recovery_max_age_hours"]
            ),
            max_reading_grade=_number("max_reading_grade", values["max_reading_grade"]),
            theme=_text("theme", values["theme"]),
            **{name: _optional_text(name, values[name]) for name in _CLINIC_FIELDS},
            language=_optional_text("language", values["language"]),
        )

    @property
    def clinic(self) -> Clinic:
        """The clinic these settings describe (its time zone checked when it was read)."""
        fields = {name: getattr(self, f"clinic_{name}") or "" for name in _CLINIC_OWN}
        fields["patient_identifier_system"] = self.patient_identifier_system or ""
        try:
            return Clinic.in_zone(self.timezone or "", **fields)
        except ValueError:  # a zone removed from the system since: the system's own
            return Clinic.in_zone("", **fields)

    def language_choice(self, environ: Mapping[str, str] | None = None) -> LanguageChoice:
        """The language to show: this setting's, else the system locale's; English when
        either has no catalog."""
        return choose_language(self.language, os.environ if environ is None else environ)

    @property
    def idle_seconds(self) -> float:
        return self.idle_minutes * 60

    @property
    def recovery_max_age(self) -> timedelta:
        return timedelta(hours=self.recovery_max_age_hours)
