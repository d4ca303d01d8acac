"""The words sdm-tui shows, in the language in force: gettext over the catalogs in
`sdm_tui/locale/` (extracted, updated and compiled with Babel: `make i18n`).

Mark every string a person reads where it is shown:
- `_("Options")`; with values, named placeholders: `_("Step {number}").format(number=n)`
  (never an f-string: the catalog would hold the values, not the message);
- counts with plural forms: `ngettext("{n} option", "{n} options", n).format(n=n)`;
- a constant defined at import time with `N_("...")`, which only marks it, and translated
  where it is shown with `_(CONSTANT)`;
- a short word whose sense depends on where it is: `pgettext("button", "Open")`.

Words fixed when a module is imported (a screen's key bindings, which Textual's footer reads
from the class) may be `_()` at class level: `sdm-tui` chooses the language before it
imports any module with words. Anything else defined at import time uses `N_()`.

The language in force is the app's (`use_language`, once at start), or inside
`in_language(code)` the one a document is written in: the patient's copy in the patient's
language and the clinic's copy in the clinic's, whatever the screen shows.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "sdm_tui"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"
"""The language the messages are written in: it needs no catalog."""

_app_language = SOURCE_LANGUAGE
_document_language: ContextVar[str | None] = ContextVar("document_language", default=None)

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "N_",
    "SOURCE_LANGUAGE",
    "_",
    "available_languages",
    "current_language",
    "in_language",
    "ngettext",
    "npgettext",
    "pgettext",
    "translations",
    "use_language",
]


@cache
def available_languages() -> tuple[str, ...]:
    """English, then every language with a compiled catalog, by code."""
    found = sorted(
        path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    )
    return (SOURCE_LANGUAGE, *(code for code in found if code != SOURCE_LANGUAGE))


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The catalog of `language` (a code from available_languages); English has none."""
    if language == SOURCE_LANGUAGE or language not in available_languages():
        return _gettext.NullTranslations()
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as catalog:
        return _gettext.GNUTranslations(catalog)


def current_language() -> str:
    """The language words are being shown in now (see in_language and use_language)."""
    return _document_language.get() or _app_language


def use_language(language: str) -> None:
    """Show the app in `language` from now on (a code from available_languages)."""
    global _app_language
    _app_language = language if language in available_languages() else SOURCE_LANGUAGE


@contextmanager
def in_language(language: str | None) -> Iterator[str]:
    """Within this block, words are in `language` (None: the app's): a document for the
    patient in theirs, while the screen stays in the clinician's."""
    if language is not None and language not in available_languages():
        language = SOURCE_LANGUAGE
    token = _document_language.set(language)
    try:
        yield current_language()
    finally:
        _document_language.reset(token)


def _(message: str) -> str:
    """`message` in the language in force."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the language in force (whose catalog
    knows how many forms it has and which applies)."""
    return translations(current_language()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` where it means what `context` says (a button, a column), translated."""
    return translations(current_language()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    return translations(current_language()).npgettext(context, singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it yet (a constant)."""
    return message
