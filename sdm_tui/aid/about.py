"""'About this aid': who wrote it, their conflicts of interest, who paid, how current the
evidence is and when it is updated, as lines of plain text. Pure; used by the app's About
view and by the patient's copy.

A record keeps these lines in English (`about_items` inside `in_language("en")`), and a
copy in another language re-words the program's own parts with `translated_item`: what the
author typed (names, roles, conflicts, funding, policy) is shown as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sdm_tui.aid.model import DecisionAid
from sdm_tui.i18n import N_, _

NOT_STATED = N_("Not stated.")
WRITTEN_BY = N_("Written by")
PAID_FOR_BY = N_("Paid for by")
HOW_CURRENT = N_("How current it is")
KEPT_UP_TO_DATE = N_("How it is kept up to date")
VERSION = N_("Version")
HEADINGS = (WRITTEN_BY, PAID_FOR_BY, HOW_CURRENT, KEPT_UP_TO_DATE, VERSION)

_AUTHOR_LINE = re.compile(
    r"(?P<author>.*): conflicts of interest: (?P<conflicts>.*)"  # i18n: not shown
)
_REVIEW_LINE = re.compile(
    r"Evidence last checked (?P<checked>\d{4}-\d\d-\d\d)\."  # i18n: not shown
    r"(?: Due for review by (?P<due>\d{4}-\d\d-\d\d)\.)?"  # i18n: not shown
)


@dataclass(frozen=True, slots=True)
class AboutItem:
    """One heading and its text, both shown as typed."""

    heading: str
    text: str


def _author_line(author: str, conflicts: str) -> str:
    return _("{author}: conflicts of interest: {conflicts}").format(
        author=author, conflicts=conflicts
    )


def _review_line(checked: str, due: str | None) -> str:
    review = _("Evidence last checked {day}.").format(day=checked)
    if due is not None:
        review += " " + _("Due for review by {day}.").format(day=due)
    return review


def _or_not_stated(text: str) -> str:
    return text.strip() or _(NOT_STATED)


def about_items(aid: DecisionAid) -> list[AboutItem]:
    """What a patient should know about the aid itself (IPDAS: disclosure and evidence)."""
    authors = [
        _author_line(
            f"{author.name}{f' ({author.role})' if author.role else ''}",
            _or_not_stated(author.conflicts_of_interest or ""),
        )
        for author in aid.authors
    ]
    review = _review_line(
        aid.last_reviewed.isoformat(), None if aid.review_by is None else aid.review_by.isoformat()
    )
    return [
        AboutItem(_(WRITTEN_BY), "\n".join(authors)),
        AboutItem(_(PAID_FOR_BY), _or_not_stated(aid.funding)),
        AboutItem(_(HOW_CURRENT), review),
        AboutItem(_(KEPT_UP_TO_DATE), _or_not_stated(aid.update_policy)),
        AboutItem(_(VERSION), aid.version + " (" + aid.status + ")"),
    ]


def _translated_line(line: str) -> str:
    if line == NOT_STATED:
        return _(NOT_STATED)
    if (review := _REVIEW_LINE.fullmatch(line)) is not None:
        return _review_line(review["checked"], review["due"])
    if (author := _AUTHOR_LINE.fullmatch(line)) is not None:
        conflicts = author["conflicts"]
        return _author_line(
            author["author"], _(NOT_STATED) if conflicts == NOT_STATED else conflicts
        )
    return line


def translated_item(heading: str, text: str) -> AboutItem:
    """An item as a record keeps it (in English), in the language in force: the headings
    and the program's own sentences translated, the author's words as typed."""
    shown = _(heading) if heading in HEADINGS else heading
    return AboutItem(shown, "\n".join(_translated_line(line) for line in text.split("\n")))
