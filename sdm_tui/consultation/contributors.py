"""Who enters each part of the record by default, and how a contributor is named.

Patient and clinician are distinct contributors (coproduction): each entry says who gave
it. Most parts have a natural owner: the patient's ratings and words are the patient's,
the plan and the review are usually typed by the clinician, the decision is made by both.
A screen enters each part as its natural owner unless someone says otherwise (F2), and
shows beside each entry who entered it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sdm_tui.consultation.record import CONTRIBUTORS, Consultation, Contributor
from sdm_tui.i18n import N_, _


class Person(Protocol):
    """A participant, from a consultation or from a record."""

    @property
    def role(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def detail(self) -> str: ...


NATURAL_OWNERS: dict[str, Contributor] = {
    "preferred_role": "patient",
    "ratings": "patient",
    "own_words": "patient",
    "leaning": "patient",
    "check_answers": "patient",
    "sure": "patient",
    "others_views": "patient",
    "collaborate": "patient",
    "clinician_view": "clinician",
    "decision": "both",
    "plan": "clinician",
    "review": "clinician",
    "success_measure": "clinician",
}
"""Record part (a `Consultation` field) -> who enters it unless someone says otherwise."""

FIXED_OWNERS: dict[str, Contributor] = {"clinician_view": "clinician", "collaborate": "patient"}
"""Parts that only one contributor ever enters, whoever is at the keyboard."""

_NAMES: dict[str, str] = {
    "patient": N_("patient"),
    "clinician": N_("clinician"),
    "both": N_("patient and clinician"),
    "companion": N_("companion"),
}
"""How each contributor is named (marked: `contributor_name` translates)."""


def natural_owner(part: str) -> Contributor:
    """Who enters `part` by default; the patient for a part not listed. A box of a part
    ("others_views.pressure") has the part's owner, and its own F2 choice."""
    return NATURAL_OWNERS.get(part.split(".", 1)[0], "patient")


def companions(participants: Sequence[Person]) -> list[Person]:
    """The people present besides the patient and the clinician."""
    return [p for p in participants if p.role == "other"]


def available_contributors(c: Consultation) -> tuple[Contributor, ...]:
    """Who can be entering now: a companion only when someone else is present."""
    if companions(c.participants):
        return CONTRIBUTORS
    return tuple(who for who in CONTRIBUTORS if who != "companion")


def next_contributor(c: Consultation, part: str, current: Contributor) -> Contributor:
    """The contributor after `current` (F2) among those available, in the part's own
    order: its natural owner first, then the other of patient and clinician, then both,
    then a companion, so that one press switches between patient and clinician. A fixed
    part keeps its owner."""
    if part.split(".", 1)[0] in FIXED_OWNERS:
        return FIXED_OWNERS[part.split(".", 1)[0]]
    owner = natural_owner(part)
    available = available_contributors(c)
    choices = (owner, *(who for who in available if who != owner))
    if current not in choices:
        return choices[0]
    return choices[(choices.index(current) + 1) % len(choices)]


def companion_name(participants: Sequence[Person]) -> str:
    """How the companion is named: "Dana (companion)" when one person else is present and
    named (by name, else relation), otherwise "companion"."""
    others = companions(participants)
    if len(others) == 1:
        person = others[0]
        called = person.name or person.detail
        if called:
            return _("{name} (companion)").format(name=called)
    return _(_NAMES["companion"])


def contributor_name(contributor: str, participants: Sequence[Person] = ()) -> str:
    """A contributor in plain words: "clinician", "patient and clinician", "Dana (companion)"."""
    if contributor == "companion":
        return companion_name(participants)
    return _(_NAMES[contributor]) if contributor in _NAMES else contributor


def attribution(contributor: str, participants: Sequence[Person] = ()) -> str:
    """What follows an entry on screen: "— clinician"."""
    return "— " + contributor_name(contributor, participants)
