"""Dates that are dates: "2027-03-01", "in 3 months", "2 weeks", "3m" turned into a day.

In Spanish (the language in force), the common Spanish forms are read too: "en 3 meses",
"dentro de 2 semanas", "un año", "3 de marzo de 2027"; English forms are read in every
language.

The review date and each plan step's "by when" are typed as free text; this module reads a
date out of it, so that the screens can show it back ("→ Mon 1 Mar 2027") and question a
date in the past, and the record and the report can count with it. Text beside the date
("2027-03-01 at the surgery") stays as typed; only the date is read.

Today is the clinic's today: `local_today(clock, zone)` is the one place that says which
day it is, from the consultation's clock (UTC) in the clinic's time zone (None: this
computer's local time). A clinic time-zone setting points `zone` at itself.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

from sdm_tui.i18n import _, current_language

__all__ = ["WhenRead", "add_months", "local_today", "read_when", "shown_date"]

_ISO = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])")
_UNITS = {
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "m": "month",
    "mo": "month",
    "mos": "month",
    "month": "month",
    "months": "month",
    "y": "year",
    "yr": "year",
    "yrs": "year",
    "year": "year",
    "years": "year",
}
_WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
}


def _count_pattern(
    lead: str, numbers: dict[str, int], units: dict[str, str], end: str
) -> re.Pattern[str]:
    """A count of days, weeks, months or years ("in 3 months", "en tres meses"): `lead`
    the optional words before it, `end` what may not follow the unit."""
    return re.compile(
        r"(?:^|(?<=\s)|(?<=\())(?:"
        + lead
        + r")?(?P<n>[0-9]{1,3}|"
        + "|".join(numbers)
        + r")\s*(?P<unit>"
        + "|".join(sorted(units, key=len, reverse=True))
        + r")(?!"
        + end
        + ")",
        re.IGNORECASE,
    )


_RELATIVE = _count_pattern(r"in\s+", _WORD_NUMBERS, _UNITS, "[a-z]")
_ES_UNITS = {
    "día": "day",
    "días": "day",
    "dia": "day",
    "dias": "day",
    "sem": "week",
    "semana": "week",
    "semanas": "week",
    "mes": "month",
    "meses": "month",
    "año": "year",
    "años": "year",
}
_ES_WORD_NUMBERS = {
    "un": 1,
    "una": 1,
    "uno": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "doce": 12,
}
_ES_RELATIVE = _count_pattern(r"(?:en|dentro\s+de)\s+", _ES_WORD_NUMBERS, _ES_UNITS, r"[^\W\d_]")
_ES_MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
_ES_DAY = re.compile(
    r"(?<![0-9])(?P<day>[0-9]{1,2})\s+(?:de\s+)?(?P<month>"
    + "|".join(_ES_MONTHS)
    + r")\s+(?:de\s+|del\s+)?(?P<year>[0-9]{4})(?![0-9])",
    re.IGNORECASE,
)
"""A day written out in Spanish: "3 de marzo de 2027", "3 marzo 2027"."""
MAX_YEARS_AHEAD = 20
"""A date further ahead than this is a typing mistake, not a plan."""


def local_today(clock: Callable[[], datetime] | None = None, zone: tzinfo | None = None) -> date:
    """Today in the clinic's time zone: the clock's time (default: now) in `zone`
    (default: this computer's local time zone)."""
    moment = clock() if clock is not None else datetime.now(timezone.utc)
    return moment.astimezone(zone).date()


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 31st becomes the month's last day when shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _relative(today: date, number: int, unit: str) -> date:
    if unit == "day":
        return today + timedelta(days=number)
    if unit == "week":
        return today + timedelta(weeks=number)
    if unit == "month":
        return add_months(today, number)
    return add_months(today, 12 * number)


@dataclass(frozen=True, slots=True)
class WhenRead:
    """What a "when" text says: the date read from it (or None), and any problem."""

    text: str
    day: date | None
    problem: str = ""
    """Why no date could be read from text that looks like one ("2027-02-30")."""
    past: bool = False
    """The date is before today: to be questioned, not refused (a record written late)."""

    @property
    def shown(self) -> str:
        """The date as shown back beside the text ("Mon 1 Mar 2027"), or ""."""
        return "" if self.day is None else shown_date(self.day)


def shown_date(day: date) -> str:
    """A date as a person reads it in the language in force, weekday included: "Mon 1 Mar
    2027", "lun, 1 mar 2027"."""
    from sdm_tui.i18n.formats import format_day

    return format_day(day)


def read_when(text: str, today: date) -> WhenRead:
    """The date that `text` names, from `today`: a date written YYYY-MM-DD anywhere in it
    (the first), else a span ahead ("in 3 months", "2 weeks", "3m", "a year"). In Spanish,
    also "3 de marzo de 2027" and "en 3 meses", "dentro de 2 semanas", "un año"."""
    spanish = current_language() == "es"
    if (found := _ISO.search(text)) is not None:
        year, month, day = (int(part) for part in found.groups())
        return _calendar_day(text, found.group(), year, month, day, today)
    if spanish and (found := _ES_DAY.search(text)) is not None:
        month = _ES_MONTHS[found.group("month").lower()]
        year, day = int(found.group("year")), int(found.group("day"))
        return _calendar_day(text, found.group(), year, month, day, today)
    spans = [(_RELATIVE.search(text), _WORD_NUMBERS, _UNITS)]
    if spanish:
        spans.append((_ES_RELATIVE.search(text), _ES_WORD_NUMBERS, _ES_UNITS))
    found_spans = [(span, words, units) for span, words, units in spans if span is not None]
    if found_spans:
        span, words, units = min(found_spans, key=lambda found: found[0].start())
        raw = span.group("n").lower()
        number = words.get(raw) or int(raw)
        unit = units[span.group("unit").lower()]
        try:
            when = _relative(today, number, unit)
        except (OverflowError, ValueError):
            return WhenRead(text, None, _("that is too far ahead to be a date"))
        return _checked(text, when, today)
    return WhenRead(text, None)


def _calendar_day(
    text: str, written: str, year: int, month: int, day: int, today: date
) -> WhenRead:
    try:
        when = date(year, month, day)
    except ValueError:
        return WhenRead(text, None, _("{date} is not a date in the calendar").format(date=written))
    return _checked(text, when, today)


def _checked(text: str, when: date, today: date) -> WhenRead:
    if when.year > today.year + MAX_YEARS_AHEAD:
        return WhenRead(
            text,
            None,
            _("{date} is more than {years} years ahead").format(
                date=when.isoformat(), years=MAX_YEARS_AHEAD
            ),
        )
    return WhenRead(text, when, past=when < today)
