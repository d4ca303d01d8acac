"""Stage 2, team talk: who is here, the patient's preferred part, the question."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, RadioSet

from sdm_tui.aid.library import Library
from sdm_tui.aid.model import DecisionAid
from sdm_tui.app.app import SdmApp
from sdm_tui.app.factory import make_app
from sdm_tui.app.screens.team import OtherPersonRow, TeamTalkScreen
from sdm_tui.consultation.record import Participant
from tests.builders import fixed_clock
from tests.keys import type_text

MARKUP_NAME = "[b]Ann[/b] [@click=app.quit]x[/]"


def screen_text(app: SdmApp) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def open_team(app: SdmApp, pilot: Pilot, aid_id: str = "statins-primary-prevention") -> None:
    aid = app.library.get(aid_id)
    assert aid is not None
    app.start_consultation(aid)  # on team talk
    await pilot.pause()


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    await type_text(pilot, text)


async def click(pilot: Pilot, target: str | Widget) -> None:
    widget = pilot.app.screen.query_one(target) if isinstance(target, str) else target
    widget.scroll_visible(animate=False)
    await pilot.pause()
    await pilot.click(widget)
    await pilot.pause()


async def test_shows_the_question_and_that_the_choice_is_real(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_team(app, pilot)
        assert isinstance(app.screen, TeamTalkScreen)
        text = screen_text(app)
        assert "Should I take a statin" in text
        assert "more than one reasonable option" in text
        assert "view matters" in text


async def test_names_and_role_are_recorded_and_kept(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_team(app, pilot)
        await type_into(pilot, "#patient-name", "A.B.")
        await type_into(pilot, "#clinician-name", "Dr Lee")
        await type_into(pilot, "#clinician-role", "GP")
        await type_into(pilot, "#new-other-name", "Sam")
        await type_into(pilot, "#new-other-detail", "son")
        await click(pilot, "#add-other")

        await pilot.press("f2")  # the clinician enters the patient's answer
        assert app.contributor == "clinician"
        app.screen.query_one("#preferred-role", RadioSet).focus()
        await pilot.press("down", "enter")
        await pilot.pause()

        c = app.consultation
        assert c is not None
        assert c.participants == [
            Participant("patient", "A.B."),
            Participant("clinician", "Dr Lee", "GP"),
            Participant("other", "Sam", "son"),
        ]
        assert c.preferred_role is not None
        assert c.preferred_role.value == "decide_together"
        assert c.preferred_role.contributor == "clinician"
        assert "✓ Recorded (entered by clinician)" in screen_text(app)

        app.go_to_stage("options")
        await pilot.pause()
        app.go_to_stage("team")
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#patient-name", Input).value == "A.B."
        assert screen.query_one("#clinician-name", Input).value == "Dr Lee"
        assert screen.query_one("#clinician-role", Input).value == "GP"
        (row,) = screen.query(OtherPersonRow)
        assert row.typed() == ("Sam", "son")
        assert screen.query_one("#preferred-role", RadioSet).pressed_index == 1
        assert c.exported_at is None


async def test_revisiting_changes_nothing(bundled_library: Library) -> None:
    """Opening the screen must not touch the record (an export stays current)."""
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_team(app, pilot)
        c = app.consultation
        assert c is not None
        from sdm_tui.consultation import rules

        rules.set_participant(c, "patient", "Ann")
        rules.add_other_participant(c, "Sam", "son")
        rules.set_preferred_role(c, "decide_myself", "patient")
        rules.mark_exported(c)
        role = c.preferred_role
        app.go_to_stage("options")
        await pilot.pause()
        app.go_to_stage("team")
        await pilot.pause()
        assert c.exported_at is not None
        assert c.preferred_role is role


async def test_someone_else_is_edited_and_removed(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_team(app, pilot)
        c = app.consultation
        assert c is not None
        for name, relation in (("Sam", "son"), ("Jo", "friend")):
            await type_into(pilot, "#new-other-name", name)
            await type_into(pilot, "#new-other-detail", relation)
            await pilot.press("enter")
            await pilot.pause()
        assert [p.name for p in c.participants if p.role == "other"] == ["Sam", "Jo"]

        rows = list(app.screen.query(OtherPersonRow))
        rows[1].query_one(".other-detail", Input).focus()
        await pilot.press("end")
        await type_text(pilot, " (neighbour)")
        assert c.participants[3] == Participant("other", "Jo", "friend (neighbour)")

        await click(pilot, rows[0].query_one(".remove-other"))
        assert [p.name for p in c.participants if p.role == "other"] == ["Jo"]
        (row,) = app.screen.query(OtherPersonRow)
        assert row.typed() == ("Jo", "friend (neighbour)")


async def test_emptied_person_and_empty_add_are_explained(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_team(app, pilot)
        c = app.consultation
        assert c is not None
        await click(pilot, "#add-other")
        assert "Type a name or a relation first" in screen_text(app)
        assert all(p.role != "other" for p in c.participants)

        await type_into(pilot, "#new-other-name", "Sam")
        await pilot.press("enter")
        await pilot.pause()
        (row,) = app.screen.query(OtherPersonRow)
        row.query_one(".other-name", Input).focus()
        await pilot.press("end", "backspace", "backspace", "backspace")
        await pilot.pause()
        text = screen_text(app)
        assert "⚠ Needs name" in text
        assert "or relation" in text
        # The record keeps the last text that was not empty.
        assert c.participants[2] == Participant("other", "S", "")
        await type_text(pilot, "Jo")
        assert c.participants[2] == Participant("other", "Jo", "")
        assert "⚠ Needs name" not in screen_text(app)


def markup_aid(minimal_aid: DecisionAid) -> DecisionAid:
    options = tuple(
        dataclasses.replace(option, label=f"[bold]{option.label}[/bold] [/red]")
        for option in minimal_aid.options
    )
    return dataclasses.replace(
        minimal_aid,
        question="[bold]Q?[/bold] [/red]",
        summary="Sum [@click=app.quit]x[/]",
        options=options,
    )


async def test_markup_looking_text_shows_literally(minimal_aid: DecisionAid) -> None:
    library = Library(None, [markup_aid(minimal_aid)])
    app = make_app(library=library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_team(app, pilot, "minimal")
        await type_into(pilot, "#patient-name", MARKUP_NAME)
        await type_into(pilot, "#new-other-name", MARKUP_NAME)
        await pilot.press("enter")
        await pilot.pause()
        c = app.consultation
        assert c is not None
        assert c.participants[0].name == MARKUP_NAME
        assert c.participants[2].name == MARKUP_NAME
        text = screen_text(app)
        assert "[bold]Q?[/bold] [/red]" in text
        assert "Sum [@click=app.quit]x[/]" in text
        assert "• [bold]Take the tablet[/bold] [/red]" in text
        assert app.is_running


def test_snapshot_team_100x30(snap_compare, bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)

    async def run_before(pilot: Pilot) -> None:
        await open_team(pilot.app, pilot)  # type: ignore[arg-type]
        c = pilot.app.consultation  # type: ignore[attr-defined]
        from sdm_tui.consultation import rules

        rules.set_participant(c, "clinician", "Dr Lee", "GP")
        rules.set_preferred_role(c, "decide_together")
        pilot.app.go_to_stage("options")  # type: ignore[attr-defined]
        await pilot.pause()
        pilot.app.go_to_stage("team")  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


async def test_the_patient_identifier_reaches_the_clinic_copies(
    minimal_aid: DecisionAid, tmp_path: Path
) -> None:
    """Entered in team talk, offered in the clinic's system, refused when the system is
    not a URI, and kept in the record: the clinic copy and FHIR, never a file name."""
    from sdm_tui.export import render_fhir, render_markdown, to_record, write_exports
    from sdm_tui.settings import resolve_settings

    settings = resolve_settings(
        environ={"SDM_TUI_PATIENT_ID_SYSTEM": "https://clinic.example.org/mrn"},
        user_file=tmp_path / "none.toml",
        site_file=tmp_path / "none.toml",
        overrides={"recovery": False},
    )
    app = make_app(library=Library(None, [minimal_aid]), clock=fixed_clock, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_team(app, pilot, minimal_aid.id)
        system = app.screen.query_one("#patient-identifier-system", Input)
        assert system.value == "https://clinic.example.org/mrn"
        await type_into(pilot, "#patient-identifier", "MRN-42")
        c = app.consultation
        assert c is not None and c.patient_identifier is not None
        assert c.patient_identifier.value.system == "https://clinic.example.org/mrn"
        system.value = "not a uri"
        await pilot.pause()
        assert "absolute URI" in screen_text(app)
        assert c.patient_identifier.value.system == "https://clinic.example.org/mrn"
        record = to_record(c)
    assert "Patient identifier: MRN-42" in render_markdown(record, "clinic")
    assert "MRN-42" not in render_markdown(record, "patient")
    patient = next(
        e["resource"]
        for e in render_fhir(record)["entry"]
        if e["resource"]["resourceType"] == "Patient"
    )
    assert patient["identifier"][0]["value"] == "MRN-42"
    paths = write_exports(record, tmp_path, formats=("md", "json", "fhir"))
    assert not any("MRN" in path.name for path in paths)
