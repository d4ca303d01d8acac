"""Who entered what (issue 21): natural owners, a companion as a contributor, others' views
and pressure, and what the patient's copy says about changing one's mind."""

from __future__ import annotations

import pytest

from sdm_tui.consultation import (
    add_other_participant,
    add_plan_step,
    is_empty,
    new_consultation,
    set_others_view,
)
from sdm_tui.consultation.contributors import (
    attribution,
    available_contributors,
    contributor_name,
    natural_owner,
    next_contributor,
)
from sdm_tui.export import render_markdown, to_record
from sdm_tui.export.record_json import from_record
from sdm_tui.export.record_model import record_to_data
from tests.builders import FixedClock, full_consultation, minimal_aid


def test_natural_owners_plan_and_review_are_the_clinicians_words_the_patients() -> None:
    assert natural_owner("plan") == "clinician"
    assert natural_owner("review") == "clinician"
    assert natural_owner("success_measure") == "clinician"
    assert natural_owner("own_words") == "patient"
    assert natural_owner("ratings") == "patient"
    assert natural_owner("decision") == "both"
    assert natural_owner("something new") == "patient"
    assert natural_owner("success_measure.x") == "clinician"  # a box has its part's owner


def test_a_companion_is_offered_only_when_someone_else_is_present() -> None:
    c = new_consultation(minimal_aid(), clock=FixedClock())
    assert available_contributors(c) == ("patient", "clinician", "both")
    # One press switches between the owner and the other of patient and clinician.
    assert next_contributor(c, "plan", "clinician") == "patient"
    assert next_contributor(c, "own_words", "patient") == "clinician"
    assert next_contributor(c, "plan", "both") == "clinician"
    add_other_participant(c, "Dana", "daughter")
    assert available_contributors(c)[-1] == "companion"
    assert next_contributor(c, "plan", "both") == "companion"
    assert next_contributor(c, "plan", "companion") == "clinician"
    assert next_contributor(c, "decision", "both") == "patient"
    # The clinician's view is the clinician's, whoever is at the keyboard.
    assert next_contributor(c, "clinician_view", "clinician") == "clinician"


def test_a_companion_is_named_when_there_is_one_named_person() -> None:
    c = new_consultation(minimal_aid(), clock=FixedClock())
    assert contributor_name("companion", c.participants) == "companion"
    add_other_participant(c, "", "daughter")
    assert attribution("companion", c.participants) == "— daughter (companion)"
    add_other_participant(c, "Bo", "")
    assert contributor_name("companion", c.participants) == "companion"  # which of two?
    assert attribution("both") == "— patient and clinician"


def test_others_views_are_optional_entries_with_a_contributor() -> None:
    c = new_consultation(minimal_aid(), clock=FixedClock())
    set_others_view(c, "pressure", "   ")  # nothing: nothing changes
    assert is_empty(c)
    add_other_participant(c, "Dana", "daughter")
    set_others_view(c, "their_views", "Try the tablet", "companion")
    set_others_view(c, "involved", "My daughter")
    assert c.others_views["their_views"].contributor == "companion"
    assert c.others_views["involved"].contributor == "patient"
    set_others_view(c, "their_views", "Try the tablet", "patient")  # shown again: no change
    assert c.others_views["their_views"].contributor == "companion"
    set_others_view(c, "involved", "")
    assert "involved" not in c.others_views
    with pytest.raises(ValueError, match="unknown box"):
        set_others_view(c, "opinions", "x")
    with pytest.raises(ValueError, match="unknown contributor"):
        set_others_view(c, "pressure", "x", "cousin")  # type: ignore[arg-type]


def test_others_views_and_a_companion_go_through_the_record_and_back() -> None:
    c = full_consultation()
    add_plan_step(c, "Lift to the clinic", "someone else", "", "companion")
    data = record_to_data(to_record(c))
    assert data["others_views"]["their_views"]["contributor"] == "companion"
    assert data["plan"][-1]["contributor"] == "companion"
    back = from_record(data, c.aid, FixedClock())
    assert back.others_views == c.others_views
    assert back.plan[-1].contributor == "companion"
    empty = record_to_data(to_record(new_consultation(minimal_aid(), clock=FixedClock())))
    assert "others_views" not in empty  # optional: left out when nothing was entered


def test_the_documents_name_the_companion_and_tell_the_patient_how_to_change_their_mind() -> None:
    record = to_record(full_consultation())
    clinic = render_markdown(record, "clinic").replace("\\", "")  # Markdown escapes ( )
    patient = render_markdown(record, "patient").replace("\\", "")
    assert "entered by Cy Smith (companion)" in clinic
    assert "Others' views and any pressure" in clinic
    assert "(in the words of Cy Smith (companion))" in patient
    assert "## You can change your mind" in patient
    assert "How: contact the clinic" in patient
    assert "You can change your mind" not in clinic


def test_the_patients_copy_has_an_option_grid_one_column_per_option() -> None:
    c = full_consultation()
    patient = render_markdown(to_record(c), "patient")
    grid = patient.split("## Your options side by side", 1)[1].split("\n## ", 1)[0]
    header = next(line for line in grid.splitlines() if line.startswith("| Your questions"))
    for option in c.aid.options:
        assert option.label in header
    for question in c.aid.questions:
        assert question.text.split("[@")[0].strip() in grid
    assert "out of 100 people" in grid
