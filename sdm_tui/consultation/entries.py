"""What every rule does on the way in: check the contributor, clean text, stamp the time."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sdm_tui.consultation.record import CONTRIBUTORS, Consultation, Contributor, Entry
from sdm_tui.i18n import _
from sdm_tui.store.text import neutralise


def stamp(c: Consultation) -> datetime:
    """The consultation clock's time in UTC, to the second (as the record keeps it)."""
    moment = c.clock()
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(_("the consultation clock must give timezone-aware times"))
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def check_contributor(contributor: str) -> Contributor:
    if contributor not in CONTRIBUTORS:
        raise ValueError(
            _("unknown contributor {contributor}; expected one of {keys}").format(
                contributor=repr(contributor), keys=CONTRIBUTORS
            )
        )
    return contributor


def clean(text: str) -> str:
    """Free text as stored: control and bidi characters made visible, ends trimmed."""
    if not isinstance(text, str):
        raise ValueError(_("expected text, got {kind}").format(kind=type(text).__name__))
    return neutralise(text).strip()


def make_entry(c: Consultation, value: Any, contributor: str) -> Entry:
    return Entry(value, check_contributor(contributor), stamp(c))


def changed(c: Consultation, event: str = "change") -> None:
    """Note a change: the exported documents no longer show the current state."""
    c.exported_at = None
    announce(c, event)


def announce(c: Consultation, event: str) -> None:
    """Tell the observers (autosave, the rehearsal log) that `event` happened."""
    for observer in list(c.observers):
        observer(event)


def withdraw_confirmations(c: Consultation) -> bool:
    """A confirmation covers what was on screen; a change to it withdraws both.

    Returns True if any confirmation was withdrawn, so the screen can say so.
    """
    withdrawn = bool(c.confirmations)
    c.confirmations.clear()
    return withdrawn


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
