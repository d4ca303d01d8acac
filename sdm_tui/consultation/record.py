"""The consultation record: what patient and clinician entered, who entered it and when.

Plain data only. Every change goes through `sdm_tui.consultation.rules`, which validates,
neutralises free text and stamps each entry with its contributor and a UTC time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo
from typing import TYPE_CHECKING, Any, Literal

from sdm_tui.aid.model import DecisionAid
from sdm_tui.i18n import N_

if TYPE_CHECKING:
    from sdm_tui.consultation.follow_up import FollowUp

Contributor = Literal["patient", "clinician", "both", "companion"]
CONTRIBUTORS: tuple[Contributor, ...] = ("patient", "clinician", "both", "companion")
"""Who entered something. "companion" is someone else present (a participant with role
"other", e.g. a daughter) giving their own view (the Ottawa guide "for two")."""

Mode = Literal["clinical", "training", "preview"]
MODES: tuple[Mode, ...] = ("clinical", "training", "preview")

ParticipantRole = Literal["patient", "clinician", "other"]
PARTICIPANT_ROLES: tuple[ParticipantRole, ...] = ("patient", "clinician", "other")

ConfirmingRole = Literal["patient", "clinician"]
CONFIRMING_ROLES: tuple[ConfirmingRole, ...] = ("patient", "clinician")

# The labels below are marked with N_(): the record keeps them in English (a data format);
# a screen or a document translates them where it shows them, `_(label)`.
ROLES_IN_DECIDING: dict[str, str] = {
    "decide_myself": N_("I prefer to decide myself after hearing the options"),
    "decide_together": N_("I prefer to decide together with my clinician"),
    "clinician_decides": N_("I prefer my clinician to decide"),
}

NOT_YET_REASONS: dict[str, str] = {
    "more_time": N_("More time to think"),
    "more_information": N_("More information"),
    "talk_with_others": N_("Talk it over with family or others"),
    "other": N_("Another reason"),
}

OWN_WORDS: dict[str, str] = {
    "matters_most": N_("What matters most to me"),
    "worries": N_("What worries me"),
    "questions": N_("My questions"),
}
"""The patient's own-words boxes: key -> heading."""

OTHERS_VIEWS: dict[str, str] = {
    "involved": N_("Who else is involved in the decision"),
    "their_views": N_("What they think, or which option they prefer"),
    "pressure": N_("Any pressure from others, and from whom"),
}
"""Others' views and pressure (Ottawa Personal Decision Guide, "Support"): key -> heading.
Each is optional."""

PLAN_WHO: tuple[str, ...] = ("patient", "clinician", "both", "someone else")

# The SURE test of decisional conflict: Légaré F, Kearing S, Clay K, et al. "Are you SURE?
# Assessing patient decisional conflict with a 4-item screening test." Canadian Family
# Physician 2010;56(8):e308-14 (Ottawa Hospital Research Institute). One point per "yes";
# a score of 3 or less screens positive for decisional conflict.
SURE_ITEMS: tuple[tuple[str, str], ...] = (
    (
        "sure",
        # Translators: own wording; replace with the SURE items of the Ottawa Personal Decision
        # Guide, Spanish edition (decisionaid.ohri.ca/decguide.html), when obtained.
        N_("Do you feel SURE about the best choice for you?"),
    ),
    (
        "understand",
        # Translators: own wording; replace with the SURE items of the Ottawa Personal Decision
        # Guide, Spanish edition (decisionaid.ohri.ca/decguide.html), when obtained.
        N_("Do you know the benefits and risks of each option?"),
    ),
    (
        "risk_benefit",
        # Translators: own wording; replace with the SURE items of the Ottawa Personal Decision
        # Guide, Spanish edition (decisionaid.ohri.ca/decguide.html), when obtained.
        N_("Are you clear about which benefits and risks matter most to you?"),
    ),
    (
        "encouragement",
        # Translators: own wording; replace with the SURE items of the Ottawa Personal Decision
        # Guide, Spanish edition (decisionaid.ohri.ca/decguide.html), when obtained.
        N_("Do you have enough support and advice to make a choice?"),
    ),
)
SURE_KEYS: tuple[str, ...] = tuple(key for key, _ in SURE_ITEMS)

RATING_LABELS: tuple[str, ...] = (
    N_("Not at all"),
    N_("A little"),
    N_("Somewhat"),
    N_("Quite a lot"),
    N_("Very much"),
)
"""Labels of the ratings 0..4 of how much a value matters (marked: `_(label)` where shown)."""
MAX_RATING = len(RATING_LABELS) - 1

IDENTIFIER_LENGTH = 64
"""The longest patient identifier (a record number), as the record allows."""

UNSURE = "unsure"
"""The leaning when the patient does not lean towards any option yet."""

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock: the current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class Entry:
    """One answer, with who gave it and when (timezone-aware UTC)."""

    value: Any
    contributor: Contributor
    at: datetime


@dataclass(frozen=True, slots=True)
class Participant:
    role: ParticipantRole
    name: str = ""
    detail: str = ""
    """For a clinician their role (e.g. "GP"); for another person their relation."""


@dataclass(frozen=True, slots=True)
class PatientIdentifier:
    """The patient's identifier in the clinic's records: a value and, if known, the URI
    of the register it is from (the clinic's record numbers)."""

    value: str
    system: str = ""


@dataclass(frozen=True, slots=True)
class PlanStep:
    """Who does what by when."""

    what: str
    who: str
    by_when: str
    contributor: Contributor
    at: datetime
    by_date: date | None = None
    """The date read from `by_when` ("in 2 weeks" -> a day), or None (dates.read_when)."""


@dataclass(frozen=True, slots=True)
class Decision:
    option_id: str | None
    """The chosen option, or None for "not yet"."""
    not_yet_reason: str | None = None
    """A NOT_YET_REASONS key when the decision is "not yet"."""
    reason_text: str = ""
    differs_reason: str = ""
    """Why the choice differs from what the ratings point to."""

    @property
    def is_not_yet(self) -> bool:
        return self.option_id is None


def _default_participants() -> list[Participant]:
    return [Participant("patient"), Participant("clinician")]


@dataclass(slots=True)
class Consultation:
    """One consultation with one decision aid. Change it only through the rules."""

    aid: DecisionAid
    mode: Mode = "clinical"
    started_at: datetime = field(default_factory=utc_now)
    participants: list[Participant] = field(default_factory=_default_participants)
    preferred_role: Entry | None = None
    ratings: dict[str, Entry] = field(default_factory=dict)
    own_words: dict[str, Entry] = field(default_factory=dict)
    leaning: Entry | None = None
    clinician_view: Entry | None = None
    check_answers: dict[int, Entry] = field(default_factory=dict)
    others_views: dict[str, Entry] = field(default_factory=dict)
    """Others' views and pressure, by OTHERS_VIEWS key; empty boxes are left out."""
    sure: dict[str, Entry] = field(default_factory=dict)
    collaborate: dict[str, Entry] = field(default_factory=dict)
    """The patient's CollaboRATE answers by question (see collaborate.py); empty if skipped."""
    decision: Entry | None = None
    plan: list[PlanStep] = field(default_factory=list)
    review: Entry | None = None
    success_measure: Entry | None = None
    confirmations: dict[str, datetime] = field(default_factory=dict)
    patient_identifier: Entry | None = None
    """The patient's identifier (an Entry of a PatientIdentifier), entered in team talk."""
    exported_at: datetime | None = None
    """When the current state was exported; any later change sets it back to None."""
    inputs: dict[str, Entry] = field(default_factory=dict)
    """Personalised evidence (aid format 2): input id -> its value, entered by the clinician
    (a number, or a choice's value id). See `consultation.inputs`."""
    clock: Clock = field(default=utc_now, repr=False, compare=False)
    """Where the rules get the time from; tests inject a fixed clock."""
    observers: list[Callable[[str], None]] = field(default_factory=list, repr=False, compare=False)
    """Called with an event name after every change (autosave, the rehearsal event log)."""
    # -- follow-up (issue 18): dates, the "not yet" safety net, the follow-up visit --------
    consultation_id: str = ""
    """A stable id (identity.py), written in every record: a follow-up names it."""
    time_zone: tzinfo | None = field(default=None, repr=False, compare=False)
    """The clinic's time zone, for "today" (dates.local_today); None: this computer's."""
    review_date: date | None = None
    """The date read from the review text, or None (set with the review by set_review)."""
    no_review: Entry | None = None
    """Why no review or next step is needed (text), or None."""
    follow_up: FollowUp | None = None
    """Set when this is a follow-up visit of an earlier decision (follow_up.py)."""
    # -- languages (issue 22) -----------------------------------------------------------
    patient_language: str | None = None
    """The language of the patient's copy, chosen for this consultation (a code with a
    catalog, see sdm_tui.i18n); None: the aid's, when sdm-tui has a catalog for it."""
