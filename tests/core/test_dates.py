"""Dates that are dates: the review and each step's "by when" read into a day, shown back,
a past date questioned, text beside the date kept; "not yet" needs a way back; SURE <= 3
shows what usually helps."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from sdm_tui.consultation import (
    SURE_ITEMS,
    add_plan_step,
    confirm,
    decide,
    decide_not_yet,
    new_consultation,
    set_no_review,
    set_review,
    set_sure,
)
from sdm_tui.consultation.dates import add_months, local_today, read_when, shown_date
from sdm_tui.consultation.decision import not_yet_gap
from sdm_tui.consultation.sure import SURE_HELP, sure_help
from tests.builders import FixedClock, minimal_aid

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-01", date(2027, 3, 1)),
        ("Review on 2027-03-01 at the surgery", date(2027, 3, 1)),
        ("in 3 months", date(2027, 2, 26)),
        ("3 months", date(2027, 2, 26)),
        ("3m", date(2027, 2, 26)),
        ("2 weeks", date(2026, 12, 10)),
        ("in 2w, after the blood test", date(2026, 12, 10)),
        ("10 days", date(2026, 12, 6)),
        ("in a year", date(2027, 11, 26)),
        ("in six months", date(2027, 5, 26)),
        ("at the next visit", None),
        ("Monday", None),
        ("take 2 tablets", None),
        ("", None),
    ],
)
def test_a_date_is_read_from_what_was_typed(text: str, expected: date | None) -> None:
    read = read_when(text, TODAY)
    assert read.day == expected
    assert read.text == text  # the words beside the date stay as typed
    assert not read.problem


def test_a_month_later_keeps_to_the_months_end() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_a_past_date_is_questioned_and_a_wrong_one_named() -> None:
    past = read_when("2026-11-20", TODAY)
    assert past.day == date(2026, 11, 20) and past.past
    assert not read_when("2026-11-26", TODAY).past  # today is not the past
    wrong = read_when("2027-02-30", TODAY)
    assert wrong.day is None and "2027-02-30 is not a date" in wrong.problem
    far = read_when("9999-01-01", TODAY)
    assert far.day is None and "years ahead" in far.problem


def test_a_date_is_shown_back_with_its_weekday() -> None:
    assert shown_date(date(2027, 3, 1)) == "Mon 1 Mar 2027"
    assert read_when("in 3 months", TODAY).shown == "Fri 26 Feb 2027"


def test_today_is_the_clinics_day_not_utcs() -> None:
    late = datetime(2026, 11, 26, 23, 30, tzinfo=timezone.utc)
    auckland = timezone(timedelta(hours=13))
    hawaii = timezone(timedelta(hours=-10))
    assert local_today(lambda: late, auckland) == date(2026, 11, 27)
    assert local_today(lambda: late, hawaii) == date(2026, 11, 26)
    assert local_today(lambda: late, timezone.utc) == date(2026, 11, 26)


def test_the_review_and_steps_keep_the_date_read_in_the_clinics_time_zone() -> None:
    c = new_consultation(
        minimal_aid(), clock=FixedClock(datetime(2026, 11, 26, 23, 30, tzinfo=timezone.utc))
    )
    c.time_zone = timezone(timedelta(hours=13))  # already the 27th there
    set_review(c, "in 2 weeks, with the blood results")
    assert c.review is not None and c.review.value == "in 2 weeks, with the blood results"
    assert c.review_date == date(2026, 12, 11)
    add_plan_step(c, "Blood test", "patient", "2026-12-01")
    add_plan_step(c, "Think it over", "patient", "soon")
    assert [s.by_date for s in c.plan] == [date(2026, 12, 1), None]
    set_review(c, "")
    assert c.review is None and c.review_date is None


def test_not_yet_cannot_be_confirmed_without_a_way_back() -> None:
    c = new_consultation(minimal_aid(), clock=FixedClock())
    decide_not_yet(c, "more_time")
    assert not_yet_gap(c) is not None
    with pytest.raises(ValueError, match="needs a way back"):
        confirm(c, "patient")
    add_plan_step(c, "Talk to my daughter", "patient", "")  # no "by when": not a way back
    assert not_yet_gap(c) is not None
    set_review(c, "in 4 weeks")
    assert not_yet_gap(c) is None
    confirm(c, "patient")
    confirm(c, "clinician")
    assert set(c.confirmations) == {"patient", "clinician"}


@pytest.mark.parametrize("way_back", ["step", "reason"])
def test_a_dated_step_or_a_reason_is_a_way_back_too(way_back: str) -> None:
    c = new_consultation(minimal_aid(), clock=FixedClock())
    decide_not_yet(c, "talk_with_others")
    if way_back == "step":
        add_plan_step(c, "Ring the surgery with the answer", "patient", "in 10 days")
    else:
        set_no_review(c, "The patient will get in touch when ready")
    assert not_yet_gap(c) is None
    confirm(c, "patient")


def test_a_choice_needs_no_way_back() -> None:
    c = new_consultation(minimal_aid(), clock=FixedClock())
    decide(c, minimal_aid().options[0].id)
    assert not_yet_gap(c) is None
    confirm(c, "patient")


def test_sure_3_or_less_shows_what_usually_helps() -> None:
    c = new_consultation(minimal_aid(), clock=FixedClock())
    for key, _ in SURE_ITEMS:
        set_sure(c, key, True)
    assert sure_help(c) == []
    set_sure(c, "understand", False)
    set_sure(c, "encouragement", False)
    assert sure_help(c) == [SURE_HELP["understand"], SURE_HELP["encouragement"]]
    assert "More information" in sure_help(c)[0] and "Support" in sure_help(c)[1]
