"""Which language to show: the `language` setting, else the system's locale, else English.

A language with no catalog falls back to English, saying so (see `choose_language`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sdm_tui.i18n import SOURCE_LANGUAGE, available_languages

LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*")
"""A BCP 47 tag (`es`, `es-MX`) or a POSIX locale's language part (`es_MX`)."""

_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""Where gettext itself looks, strongest first."""


@dataclass(frozen=True)
class LanguageChoice:
    language: str
    """The code shown: one of available_languages()."""
    asked: str | None
    """What the setting or the system asked for (None: nothing)."""

    @property
    def fell_back(self) -> bool:
        """True when what was asked for has no catalog, so English is shown."""
        return self.asked is not None and base_language(self.asked) != self.language


def base_language(tag: str) -> str:
    """`es` of `es-MX`, `es_MX.UTF-8` or `es@euro`."""
    return re.split(r"[-_.@]", tag.strip(), maxsplit=1)[0].lower()


def supported(tag: str) -> str | None:
    """The catalog for `tag` (its base language), or None when there is none."""
    language = base_language(tag)
    return language if language in available_languages() else None


def system_language(environ: Mapping[str, str]) -> str | None:
    """The language the system's locale asks for, or None (unset, C or POSIX)."""
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "")
        for tag in value.split(":") if name == "LANGUAGE" else (value,):
            tag = tag.strip()
            if tag and tag not in ("C", "POSIX") and not tag.startswith("C."):
                return tag
    return None


def patient_copy_language(chosen: str | None, aid_language: str, app_language: str) -> str:
    """The language of a patient's copy: the one chosen for the consultation, else the
    aid's (when sdm-tui has a catalog for it), else the app's."""
    for tag in (chosen, aid_language):
        if tag and (language := supported(tag)) is not None:
            return language
    return app_language


def choose_language(setting: str | None, environ: Mapping[str, str]) -> LanguageChoice:
    """The `language` setting when set, else the system's; English when it has no catalog."""
    asked = setting or system_language(environ)
    if asked is None:
        return LanguageChoice(SOURCE_LANGUAGE, None)
    return LanguageChoice(supported(asked) or SOURCE_LANGUAGE, asked)
