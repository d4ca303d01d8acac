"""The pure consultation core: entries, validation, alignment, SURE, decision, confirmations."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.model import DecisionAid, ValueStatement
from sdm_tui.consultation import (
    SURE_ITEMS,
    Consultation,
    Decision,
    add_other_participant,
    add_plan_step,
    alignment,
    alignment_bounds,
    answer_check,
    both_confirmed,
    choice_differs_from_ratings,
    clear_decision,
    confirm,
    decide,
    decide_not_yet,
    has_unsaved_work,
    is_empty,
    mark_exported,
    new_consultation,
    remove_other_participant,
    remove_plan_step,
    rules,
    set_clinician_view,
    set_leaning,
    set_own_words,
    set_participant,
    set_preferred_role,
    set_rating,
    set_review,
    set_success_measure,
    set_sure,
    sure_flag,
    sure_score,
    top_aligned,
    update_other_participant,
    update_plan_step,
    withdraw,
)
from tests.builders import MINIMAL, ROOT, T0, FixedClock


@pytest.fixture(scope="module")
def aid() -> DecisionAid:
    return load_aid(MINIMAL)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def c(aid: DecisionAid, clock: FixedClock) -> Consultation:
    return new_consultation(aid, clock=clock)


def _three_values(aid: DecisionAid) -> DecisionAid:
    """minimal.toml plus two values, one of which leaves an option out."""
    extra = (
        ValueStatement("feel-better", "Feeling better", {"tablet": 2, "none": -1}),
        ValueStatement("no-sickness", "Not feeling sick", {"none": 1}),
    )
    return dataclasses.replace(aid, values=(*aid.values, *extra))


def test_core_imports_no_textual() -> None:
    code = (
        "import sys; import sdm_tui.consultation, sdm_tui.consultation.rules; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# -- new consultation, participants -------------------------------------------------------


def test_new_consultation_defaults(c: Consultation, aid: DecisionAid) -> None:
    assert c.aid is aid
    assert c.mode == "clinical"
    assert c.started_at == T0
    assert [p.role for p in c.participants] == ["patient", "clinician"]
    assert is_empty(c)
    assert not has_unsaved_work(c)


def test_new_consultation_rejects_unknown_mode(aid: DecisionAid) -> None:
    with pytest.raises(ValueError, match="mode"):
        new_consultation(aid, mode="live")


def test_clock_must_be_timezone_aware(aid: DecisionAid) -> None:
    with pytest.raises(ValueError, match="timezone"):
        new_consultation(aid, clock=lambda: datetime(2026, 1, 1))


def test_times_are_stored_in_utc(aid: DecisionAid) -> None:
    paris = timezone(timedelta(hours=1))
    c = new_consultation(aid, clock=lambda: datetime(2026, 11, 26, 5, 12, 30, 999, paris))
    set_rating(c, "avoid-pills", 2)
    assert c.ratings["avoid-pills"].at == T0
    assert c.ratings["avoid-pills"].at.tzinfo == timezone.utc


def test_participants(c: Consultation) -> None:
    set_participant(c, "patient", "  Ann Smith ")
    set_participant(c, "clinician", "Dr Bo", "GP")
    index = add_other_participant(c, "Cy", "daughter")
    assert c.participants[0].name == "Ann Smith"
    assert c.participants[1].detail == "GP"
    assert c.participants[index].role == "other"
    update_other_participant(c, index, "Cy Smith", "daughter")
    assert c.participants[index].name == "Cy Smith"
    assert not is_empty(c)
    remove_other_participant(c, index)
    assert len(c.participants) == 2
    with pytest.raises(ValueError):
        remove_other_participant(c, 0)  # the patient stays
    with pytest.raises(ValueError):
        add_other_participant(c, "", " ")
    with pytest.raises(ValueError):
        set_participant(c, "other", "Dee")


def test_naming_participants_counts_as_work(c: Consultation) -> None:
    set_participant(c, "patient", "Ann")
    assert not is_empty(c)
    assert has_unsaved_work(c)


# -- what matters ---------------------------------------------------------------------------


def test_rating_is_recorded_with_contributor_and_time(c: Consultation, clock: FixedClock) -> None:
    later = clock.advance(5)
    set_rating(c, "avoid-pills", 3)
    entry = c.ratings["avoid-pills"]
    assert (entry.value, entry.contributor, entry.at) == (3, "patient", later)
    set_rating(c, "avoid-pills", 1, contributor="clinician")
    assert c.ratings["avoid-pills"].contributor == "clinician"
    set_rating(c, "avoid-pills", None)
    assert c.ratings == {}


@pytest.mark.parametrize("bad", [-1, 5, 2.0, True, "3"])
def test_rating_outside_scale_is_refused(c: Consultation, bad: object) -> None:
    with pytest.raises(ValueError):
        set_rating(c, "avoid-pills", bad)  # type: ignore[arg-type]
    assert c.ratings == {}


def test_unknown_value_and_contributor_are_refused(c: Consultation) -> None:
    with pytest.raises(ValueError, match="value"):
        set_rating(c, "no-such-value", 2)
    with pytest.raises(ValueError, match="contributor"):
        set_rating(c, "avoid-pills", 2, contributor="nurse")


def test_preferred_role(c: Consultation) -> None:
    set_preferred_role(c, "decide_together")
    assert c.preferred_role is not None
    assert c.preferred_role.value == "decide_together"
    with pytest.raises(ValueError):
        set_preferred_role(c, "flip_a_coin")
    set_preferred_role(c, None)
    assert c.preferred_role is None


def test_own_words_are_neutralised_and_empty_clears(c: Consultation) -> None:
    set_own_words(c, "worries", "\x1b]0;pwned\x07 side effects \u202eevil")
    text = c.own_words["worries"].value
    assert "\x1b" not in text and "\u202e" not in text
    assert "\u241b]0;pwned\u2407" in text  # ESC and BEL made visible
    assert "<U+202E>" in text
    set_own_words(c, "worries", "   ")
    assert "worries" not in c.own_words
    with pytest.raises(ValueError):
        set_own_words(c, "hopes", "x")


def test_leaning(c: Consultation) -> None:
    set_leaning(c, "unsure")
    assert c.leaning is not None and c.leaning.value == "unsure"
    set_leaning(c, "tablet", contributor="both")
    assert c.leaning.value == "tablet"
    assert c.leaning.contributor == "both"
    with pytest.raises(ValueError):
        set_leaning(c, "surgery")
    set_leaning(c, None)
    assert c.leaning is None


def test_clinician_view(c: Consultation) -> None:
    set_clinician_view(c, "Both are reasonable.")
    assert c.clinician_view is not None
    assert c.clinician_view.contributor == "clinician"
    set_clinician_view(c, "")
    assert c.clinician_view is None


def test_knowledge_check(c: Consultation) -> None:
    assert answer_check(c, 0, 1) is True
    assert answer_check(c, 0, 0) is False
    assert c.check_answers[0].value == 0
    with pytest.raises(ValueError):
        answer_check(c, 1, 0)
    with pytest.raises(ValueError):
        answer_check(c, 0, 2)


# -- alignment --------------------------------------------------------------------------------


def test_alignment_of_minimal_by_hand(c: Consultation, aid: DecisionAid) -> None:
    # avoid-pills favours none +2, tablet -1.
    assert alignment(aid, c.ratings) == {"tablet": 0, "none": 0}
    set_rating(c, "avoid-pills", 4)
    assert alignment(aid, c.ratings) == {"tablet": -4, "none": 8}
    assert alignment(aid, {"avoid-pills": 1}) == {"tablet": -1, "none": 2}
    assert top_aligned(c) == ["none"]


def test_alignment_with_several_values_by_hand(aid: DecisionAid) -> None:
    three = _three_values(aid)
    ratings = {"avoid-pills": 1, "feel-better": 4, "no-sickness": 3}
    # tablet: 1*-1 + 4*2 + 3*0 = 7; none: 1*2 + 4*-1 + 3*1 = 1
    assert alignment(three, ratings) == {"tablet": 7, "none": 1}
    # unrated values count 0
    assert alignment(three, {"no-sickness": 2}) == {"tablet": 0, "none": 2}


def test_alignment_bounds(aid: DecisionAid) -> None:
    assert alignment_bounds(aid) == (-4, 8)
    # tablet: -4 .. 8; none: -4 .. 12
    assert alignment_bounds(_three_values(aid)) == (-4, 12)


def test_top_aligned_ties_and_no_ratings(c: Consultation) -> None:
    assert top_aligned(c) == []
    set_rating(c, "avoid-pills", 0)
    assert top_aligned(c) == ["tablet", "none"]


def test_choice_differs_from_ratings(c: Consultation) -> None:
    decide(c, "tablet")
    assert not choice_differs_from_ratings(c)  # nothing rated yet
    set_rating(c, "avoid-pills", 4)
    assert choice_differs_from_ratings(c)
    decide(c, "none")
    assert not choice_differs_from_ratings(c)
    decide_not_yet(c, "more_time")
    assert not choice_differs_from_ratings(c)


# -- SURE -------------------------------------------------------------------------------------


def test_sure_score_needs_all_four(c: Consultation) -> None:
    keys = [key for key, _ in SURE_ITEMS]
    for key in keys[:3]:
        set_sure(c, key, True)
        assert sure_score(c) is None
        assert not sure_flag(c)
    set_sure(c, keys[3], True)
    assert sure_score(c) == 4
    assert not sure_flag(c)
    set_sure(c, "encouragement", False)
    assert sure_score(c) == 3
    assert sure_flag(c)
    set_sure(c, "sure", None)
    assert sure_score(c) is None
    assert not sure_flag(c)


def test_sure_validation(c: Consultation) -> None:
    with pytest.raises(ValueError):
        set_sure(c, "happy", True)
    with pytest.raises(ValueError):
        set_sure(c, "sure", 1)  # type: ignore[arg-type]


# -- decision, plan, confirmations ---------------------------------------------------------------


def test_decide_and_not_yet(c: Consultation) -> None:
    decide(c, "tablet", differs_reason="I want\x1b[2J to try it")
    assert c.decision is not None
    assert c.decision.value == Decision("tablet", None, "", "I want\u241b[2J to try it")
    assert c.decision.contributor == "both"
    decide_not_yet(c, "talk_with_others", "Ask my daughter")
    assert c.decision.value.option_id is None
    assert c.decision.value.not_yet_reason == "talk_with_others"
    assert c.decision.value.reason_text == "Ask my daughter"
    with pytest.raises(ValueError):
        decide(c, "surgery")
    with pytest.raises(ValueError):
        decide_not_yet(c, "bored")
    assert clear_decision(c) is False
    assert c.decision is None


def test_confirm_needs_a_decision(c: Consultation) -> None:
    with pytest.raises(ValueError, match="decision"):
        confirm(c, "patient")
    decide(c, "none")
    with pytest.raises(ValueError):
        confirm(c, "both")
    confirm(c, "patient")
    assert not both_confirmed(c)
    confirm(c, "clinician")
    assert both_confirmed(c)
    assert c.confirmations == {"patient": T0, "clinician": T0}


def test_a_confirm_button_confirms_withdraws_and_drops_what_the_rules_refuse(
    c: Consultation,
) -> None:
    assert not rules.toggle_confirmation(c, "patient")  # no decision yet: nothing changes
    assert c.confirmations == {}
    decide(c, "none")
    assert rules.toggle_confirmation(c, "patient")
    assert c.confirmations == {"patient": T0}
    assert rules.toggle_confirmation(c, "patient")  # pressed again: withdrawn
    assert c.confirmations == {}


def test_confirming_again_keeps_the_first_time(c: Consultation, clock: FixedClock) -> None:
    decide(c, "none")
    confirm(c, "patient")
    clock.advance()
    confirm(c, "patient")
    assert c.confirmations["patient"] == T0


def test_withdraw(c: Consultation) -> None:
    decide(c, "none")
    confirm(c, "patient")
    assert withdraw(c, "patient") is True
    assert withdraw(c, "patient") is False
    assert c.confirmations == {}


def _confirmed(c: Consultation) -> Consultation:
    if c.decision is None:
        decide(c, "tablet")
    confirm(c, "patient")
    confirm(c, "clinician")
    return c


@pytest.mark.parametrize(
    "change",
    [
        lambda c: decide(c, "none"),
        lambda c: decide(c, "tablet", differs_reason="new reason"),
        lambda c: decide_not_yet(c, "more_information"),
        lambda c: clear_decision(c),
        lambda c: add_plan_step(c, "Book a review", "clinician", "in 3 months"),
        lambda c: set_review(c, "in 6 weeks"),
        lambda c: set_success_measure(c, "Walking to the shop"),
    ],
)
def test_a_change_after_confirming_withdraws_both(c: Consultation, change) -> None:
    _confirmed(c)
    assert change(c) is True
    assert c.confirmations == {}
    assert not both_confirmed(c)


def test_plan_step_changes_withdraw_confirmations(c: Consultation) -> None:
    add_plan_step(c, "Start the tablet", "patient", "Monday")
    _confirmed(c)
    assert update_plan_step(c, 0, "Start the tablet", "patient", "Tuesday") is True
    _confirmed(c)
    assert remove_plan_step(c, 0) is True
    assert c.plan == []
    assert c.confirmations == {}


def test_setting_the_same_thing_keeps_confirmations(c: Consultation) -> None:
    decide(c, "tablet")
    set_review(c, "in 3 months")
    add_plan_step(c, "Start", "patient", "Monday")
    _confirmed(c)
    assert decide(c, "tablet") is False
    assert set_review(c, " in 3 months ") is False
    assert update_plan_step(c, 0, "Start", "patient", "Monday") is False
    set_rating(c, "avoid-pills", 2)  # not part of what was confirmed
    assert both_confirmed(c)


def test_plan_validation(c: Consultation) -> None:
    with pytest.raises(ValueError):
        add_plan_step(c, "  ", "patient", "Monday")
    with pytest.raises(ValueError):
        add_plan_step(c, "Start", "the cat", "Monday")
    with pytest.raises(ValueError):
        update_plan_step(c, 0, "Start", "patient")
    with pytest.raises(ValueError):
        remove_plan_step(c, -1)
    assert add_plan_step(c, "Start", "someone else", "") is False
    assert c.plan[0].who == "someone else"
    assert c.plan[0].contributor == "both"


def test_review_and_success_measure(c: Consultation) -> None:
    set_review(c, "in 3 months")
    set_success_measure(c, "Less pain", contributor="patient")
    assert c.review is not None and c.review.value == "in 3 months"
    assert c.success_measure is not None and c.success_measure.contributor == "patient"
    set_review(c, "")
    assert c.review is None


# -- export state ---------------------------------------------------------------------------------


def test_export_state(c: Consultation, clock: FixedClock) -> None:
    set_rating(c, "avoid-pills", 2)
    assert has_unsaved_work(c)
    mark_exported(c)
    assert c.exported_at == T0
    assert not has_unsaved_work(c)
    clock.advance()
    set_rating(c, "avoid-pills", 3)
    assert c.exported_at is None
    assert has_unsaved_work(c)


def test_confirmations_are_frozen_once_exported(c: Consultation) -> None:
    decide(c, "tablet")
    confirm(c, "patient")
    mark_exported(c)
    with pytest.raises(ValueError, match="exported"):
        confirm(c, "clinician")
    with pytest.raises(ValueError, match="exported"):
        withdraw(c, "patient")
    # Changing the decision makes the export stale, withdraws, and allows confirming again.
    assert decide(c, "none") is True
    confirm(c, "clinician")
    assert c.confirmations == {"clinician": T0}


def test_observers_hear_every_change_and_confirmation(minimal_aid):
    from sdm_tui.consultation import rules

    c = rules.new_consultation(minimal_aid)
    heard: list[str] = []
    c.observers.append(heard.append)
    rules.set_rating(c, "avoid-pills", 3)
    rules.set_own_words(c, "worries", "Side effects")
    rules.decide(c, "tablet")
    rules.confirm(c, "patient")
    rules.confirm(c, "patient")  # confirming twice is one event
    rules.withdraw(c, "patient")
    assert heard == [
        "set_rating:avoid-pills",
        "set_own_words:worries",
        "set_decision",
        "confirm:patient",
        "withdraw:patient",
    ]
