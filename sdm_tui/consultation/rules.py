"""Every way a consultation changes, and what is computed from it: the one API for screens.

Each rule validates its arguments (ValueError on nonsense), neutralises free text and
stamps entries with their contributor and a UTC time from the consultation's clock.
Team talk and "what matters" live here; the SURE test, the alignment, the decision and
the confirmations have their own modules and are re-exported.
"""

from __future__ import annotations

import re

from sdm_tui.aid.model import DecisionAid
from sdm_tui.consultation.alignment import (
    alignment,
    alignment_bounds,
    choice_differs_from_ratings,
    top_aligned,
)
from sdm_tui.consultation.collaborate import collaborate_top_score, set_collaborate
from sdm_tui.consultation.confirmation import (
    both_confirmed,
    confirm,
    toggle_confirmation,
    withdraw,
)
from sdm_tui.consultation.decision import (
    add_plan_step,
    clear_decision,
    decide,
    decide_not_yet,
    not_yet_gap,
    remove_plan_step,
    set_no_review,
    set_review,
    set_success_measure,
    update_plan_step,
)
from sdm_tui.consultation.entries import changed, clean, is_int, make_entry, stamp
from sdm_tui.consultation.identity import new_consultation_id
from sdm_tui.consultation.record import (
    IDENTIFIER_LENGTH,
    MAX_RATING,
    MODES,
    OTHERS_VIEWS,
    OWN_WORDS,
    ROLES_IN_DECIDING,
    UNSURE,
    Clock,
    Consultation,
    Contributor,
    Mode,
    Participant,
    ParticipantRole,
    PatientIdentifier,
    utc_now,
)
from sdm_tui.consultation.sure import set_sure, sure_flag, sure_score
from sdm_tui.i18n import _, available_languages

__all__ = [
    "add_other_participant",
    "add_plan_step",
    "alignment",
    "alignment_bounds",
    "answer_check",
    "both_confirmed",
    "choice_differs_from_ratings",
    "clear_decision",
    "collaborate_top_score",
    "confirm",
    "decide",
    "decide_not_yet",
    "has_unsaved_work",
    "is_empty",
    "mark_exported",
    "new_consultation",
    "not_yet_gap",
    "remove_other_participant",
    "remove_plan_step",
    "set_clinician_view",
    "set_collaborate",
    "set_leaning",
    "set_no_review",
    "set_others_view",
    "set_own_words",
    "set_participant",
    "set_patient_identifier",
    "set_preferred_role",
    "set_rating",
    "set_review",
    "set_success_measure",
    "set_sure",
    "sure_flag",
    "sure_score",
    "toggle_confirmation",
    "top_aligned",
    "update_other_participant",
    "update_plan_step",
    "withdraw",
]


def new_consultation(
    aid: DecisionAid, mode: Mode = "clinical", clock: Clock = utc_now
) -> Consultation:
    """A fresh consultation with an unnamed patient and clinician."""
    if mode not in MODES:
        raise ValueError(
            _("unknown mode {mode}; expected one of {modes}").format(mode=repr(mode), modes=MODES)
        )
    c = Consultation(aid=aid, mode=mode, clock=clock)
    started = clock()
    c.started_at = stamp(c)
    c.consultation_id = new_consultation_id(mode, aid.id, aid.sha256, started)
    return c


# -- team talk: who is present ---------------------------------------------------------


def set_participant(c: Consultation, role: str, name: str, detail: str = "") -> None:
    """Name the patient or the clinician (detail: the clinician's role, e.g. "GP")."""
    named: tuple[ParticipantRole, ...] = ("patient", "clinician")
    if role not in named:
        raise ValueError(
            _("set_participant names the patient or clinician, not {role}").format(role=repr(role))
        )
    new = Participant(role, clean(name), clean(detail))
    for index, participant in enumerate(c.participants):
        if participant.role == role:
            if participant != new:
                c.participants[index] = new
                changed(c, "set_participant")
            return
    c.participants.append(new)
    changed(c, "set_participant")


def set_patient_language(c: Consultation, language: str | None) -> None:
    """The language the patient's copy is written in (None: the aid's). ValueError for a
    language sdm-tui has no catalog for."""
    if language is not None and language not in available_languages():
        raise ValueError(_("no catalog for language {language}").format(language=repr(language)))
    if c.patient_language != language:
        c.patient_language = language
        changed(c, "set_patient_language")


_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


def set_patient_identifier(
    c: Consultation, value: str, system: str = "", contributor: str = "clinician"
) -> None:
    """The patient's identifier in the clinic's records (e.g. a record number) and the
    URI of its register; an empty value removes it. ValueError for a system that is not
    an absolute URI or a value longer than IDENTIFIER_LENGTH."""
    value, system = clean(value), clean(system)
    if len(value) > IDENTIFIER_LENGTH:
        raise ValueError(
            _("an identifier has at most {limit} characters").format(limit=IDENTIFIER_LENGTH)
        )
    if system and not _URI.fullmatch(system):
        raise ValueError(_("the identifier's system must be an absolute URI, e.g. urn:oid:1.2.3"))
    current = c.patient_identifier
    if not value:
        if current is not None:
            c.patient_identifier = None
            changed(c, "set_patient_identifier")
        return
    new = PatientIdentifier(value, system)
    if current is None or current.value != new:
        c.patient_identifier = make_entry(c, new, contributor)
        changed(c, "set_patient_identifier")


def _other(name: str, detail: str) -> Participant:
    other = Participant("other", clean(name), clean(detail))
    if not other.name and not other.detail:
        raise ValueError(_("another participant needs a name or a relation"))
    return other


def _check_other(c: Consultation, index: int) -> None:
    if not is_int(index) or not 0 <= index < len(c.participants):
        raise ValueError(_("no participant {index}").format(index=repr(index)))
    if c.participants[index].role != "other":
        raise ValueError(_("the patient and the clinician cannot be removed or replaced"))


def add_other_participant(c: Consultation, name: str, detail: str = "") -> int:
    """Add someone else present (detail: relation, e.g. "daughter"); returns their index
    in `c.participants`."""
    c.participants.append(_other(name, detail))
    changed(c, "add_other_participant")
    return len(c.participants) - 1


def update_other_participant(c: Consultation, index: int, name: str, detail: str = "") -> None:
    _check_other(c, index)
    other = _other(name, detail)
    if c.participants[index] != other:
        c.participants[index] = other
        changed(c, "update_other_participant")


def remove_other_participant(c: Consultation, index: int) -> None:
    _check_other(c, index)
    del c.participants[index]
    changed(c, "remove_other_participant")


# -- what matters to the patient -------------------------------------------------------


def set_preferred_role(
    c: Consultation, key: str | None, contributor: Contributor = "patient"
) -> None:
    """The role the patient prefers in deciding (a ROLES_IN_DECIDING key); None clears."""
    if key is None:
        c.preferred_role = None
    elif key not in ROLES_IN_DECIDING:
        raise ValueError(
            _("unknown role {key}; expected one of {keys}").format(
                key=repr(key), keys=list(ROLES_IN_DECIDING)
            )
        )
    else:
        c.preferred_role = make_entry(c, key, contributor)
    changed(c, "set_preferred_role")


def set_rating(
    c: Consultation, value_id: str, rating: int | None, contributor: Contributor = "patient"
) -> None:
    """How much a value matters, 0 (not at all) .. 4 (very much); None clears."""
    if value_id not in {value.id for value in c.aid.values}:
        raise ValueError(_("unknown value {value}").format(value=repr(value_id)))
    if rating is None:
        c.ratings.pop(value_id, None)
    elif not is_int(rating) or not 0 <= rating <= MAX_RATING:
        raise ValueError(
            _("a rating is a whole number 0..{top}, not {rating}").format(
                top=MAX_RATING, rating=repr(rating)
            )
        )
    else:
        c.ratings[value_id] = make_entry(c, rating, contributor)
    changed(c, f"set_rating:{value_id}")


def set_own_words(
    c: Consultation, key: str, text: str, contributor: Contributor = "patient"
) -> None:
    """The patient's own words (an OWN_WORDS key); empty text clears."""
    if key not in OWN_WORDS:
        raise ValueError(
            _("unknown box {key}; expected one of {keys}").format(
                key=repr(key), keys=list(OWN_WORDS)
            )
        )
    text = clean(text)
    if text:
        c.own_words[key] = make_entry(c, text, contributor)
    else:
        c.own_words.pop(key, None)
    changed(c, f"set_own_words:{key}")


def set_others_view(
    c: Consultation, key: str, text: str, contributor: Contributor = "patient"
) -> None:
    """Others' views and pressure (an OTHERS_VIEWS key), optional; empty text clears.

    A companion may enter their own view here (contributor "companion"). The same text
    again is no change: whoever entered it stays its contributor (a box showing it again
    reports its text)."""
    if key not in OTHERS_VIEWS:
        raise ValueError(
            _("unknown box {key}; expected one of {keys}").format(
                key=repr(key), keys=list(OTHERS_VIEWS)
            )
        )
    text = clean(text)
    old = c.others_views.get(key)
    if text and old is not None and old.value == text:
        return
    if text:
        c.others_views[key] = make_entry(c, text, contributor)
    elif c.others_views.pop(key, None) is None:
        return
    changed(c, f"set_others_view:{key}")


# -- weighing up ----------------------------------------------------------------------


def set_leaning(
    c: Consultation, option_id: str | None, contributor: Contributor = "patient"
) -> None:
    """The option the patient leans towards, "unsure", or None to clear."""
    if option_id is None:
        c.leaning = None
    elif option_id != UNSURE and option_id not in {option.id for option in c.aid.options}:
        raise ValueError(_("unknown option {option}").format(option=repr(option_id)))
    else:
        c.leaning = make_entry(c, option_id, contributor)
    changed(c, "set_leaning")


def set_clinician_view(c: Consultation, text: str) -> None:
    """The clinician's view, if shared; empty text clears."""
    text = clean(text)
    c.clinician_view = make_entry(c, text, "clinician") if text else None
    changed(c, "set_clinician_view")


def answer_check(
    c: Consultation, index: int, choice: int, contributor: Contributor = "patient"
) -> bool:
    """Record the answer to knowledge check `index`; returns whether it is correct."""
    if not is_int(index) or not 0 <= index < len(c.aid.checks):
        raise ValueError(_("no knowledge check {index}").format(index=repr(index)))
    check = c.aid.checks[index]
    if not is_int(choice) or not 0 <= choice < len(check.choices):
        raise ValueError(
            _("no choice {choice} in knowledge check {index}").format(
                choice=repr(choice), index=index
            )
        )
    c.check_answers[index] = make_entry(c, choice, contributor)
    changed(c, "answer_check")
    return choice == check.answer


# -- lifecycle ------------------------------------------------------------------------


def is_empty(c: Consultation) -> bool:
    """Whether nothing at all has been entered (names included)."""
    entered = (
        c.preferred_role,
        c.ratings,
        c.own_words,
        c.leaning,
        c.clinician_view,
        c.check_answers,
        c.others_views,
        c.sure,
        c.decision,
        c.plan,
        c.review,
        c.no_review,
        c.success_measure,
        c.confirmations,
        c.collaborate,
    )
    if any(entered):
        return False
    f = c.follow_up
    if f is not None and (f.steps or f.measure_met or f.acted_on or f.decision_why or f.regret):
        return False
    return all(p.role != "other" and not p.name and not p.detail for p in c.participants)


def has_unsaved_work(c: Consultation) -> bool:
    """Whether something was entered that no export shows yet."""
    return c.exported_at is None and not is_empty(c)


def mark_exported(c: Consultation) -> None:
    """Note that the current state has been exported (any later change clears this)."""
    c.exported_at = stamp(c)
