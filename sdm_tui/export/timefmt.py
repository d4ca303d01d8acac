"""Times as the record keeps them: ISO 8601 in UTC to the second, e.g. 2026-11-26T04:12:00Z."""

from __future__ import annotations

from datetime import datetime, timezone


def to_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("record times must be timezone-aware")
    text = moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()
    return text.replace("+00:00", "Z")


def from_iso(text: str) -> datetime:
    """Parse a record time (Python 3.10's fromisoformat does not read a trailing Z)."""
    if not isinstance(text, str):
        raise ValueError(f"expected an ISO 8601 time, got {text!r}")  # i18n: not shown
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time without a timezone: {text!r}")  # i18n: not shown
    return moment.astimezone(timezone.utc)


def to_iso_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else to_iso(moment)
