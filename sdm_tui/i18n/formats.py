"""Dates and numbers as the language writes them (Babel's CLDR data), imported only when a
date or number is shown: Babel costs ~45 ms on first use, and the library screen needs none.
"""

from __future__ import annotations

from datetime import date

from sdm_tui.i18n import current_language

_DAY_PATTERNS = {"en": "EEE d MMM y"}
"""English keeps the form the first release printed ("Wed 3 Mar 2027"); other languages
use CLDR's own order for a day with its weekday (Spanish "mié, 3 mar 2027")."""
_DAY_SKELETON = "yMMMEd"


def format_day(day: date, language: str | None = None) -> str:
    """A day with its weekday, short: "Wed 3 Mar 2027", "mié, 3 mar 2027"."""
    from babel.dates import format_date, format_skeleton

    language = language or current_language()
    pattern = _DAY_PATTERNS.get(language)
    if pattern is not None:
        return format_date(day, pattern, locale=language)
    return format_skeleton(_DAY_SKELETON, day, locale=language)


def format_decimal(number: float, language: str | None = None) -> str:
    """A number with the language's decimal mark and grouping: 2.1 / 2,1; 12,345 / 12.345."""
    from babel.numbers import format_decimal as babel_decimal

    return babel_decimal(number, locale=language or current_language())
