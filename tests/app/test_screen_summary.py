"""Stage 7, summary: the preview, the export into a folder, and ending the consultation."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Static

from sdm_tui.aid.library import Library
from sdm_tui.app.app import SdmApp
from sdm_tui.app.factory import make_app
from sdm_tui.app.screens import summary as summary_module
from sdm_tui.app.screens.confirm import ConfirmScreen
from sdm_tui.app.screens.library import LibraryScreen
from sdm_tui.app.screens.summary import SummaryScreen
from sdm_tui.consultation import rules
from sdm_tui.consultation.record import Consultation
from sdm_tui.export import ExportError
from tests.builders import FIXED_TIME, fixed_clock

STATINS = "statins-primary-prevention"
MARKUP_NAME = "[b]Ann[/b] [@click=app.quit]x[/]"


def screen_text(app: SdmApp) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def widget_text(app: SdmApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def preview_text(app: SdmApp) -> str:
    """Everything the preview shows, scrolled into view or not."""
    preview = app.screen.query_one("#preview-text", Static)
    console = Console(width=preview.size.width or 100, file=io.StringIO(), record=True)
    console.print(preview.content)
    return console.export_text()


def fill_in(c: Consultation, *, confirmed: bool = True, patient: str = "Ann") -> None:
    rules.set_participant(c, "patient", patient)
    rules.set_participant(c, "clinician", "Dr Lee", "GP")
    rules.set_rating(c, "lower-risk", 4, "patient")
    rules.decide(c, "statin", contributor="both")
    rules.add_plan_step(c, "Start atorvastatin 20 mg", "patient", "Monday", "clinician")
    rules.set_review(c, "in 3 months", "both")
    rules.set_success_measure(c, "no muscle aches", "patient")
    if confirmed:
        rules.confirm(c, "patient")
        rules.confirm(c, "clinician")


async def open_summary(app: SdmApp, pilot: Pilot, **fill: object) -> Consultation:
    aid = app.library.get(STATINS)
    assert aid is not None
    app.start_consultation(aid, stage="summary")
    assert app.consultation is not None
    fill_in(app.consultation, **fill)  # type: ignore[arg-type]  # before it is first drawn
    await pilot.pause()
    assert isinstance(app.screen, SummaryScreen)
    return app.consultation


async def set_folder(pilot: Pilot, folder: Path | str) -> None:
    pilot.app.screen.query_one("#folder", Input).value = str(folder)
    await pilot.pause()


async def click(pilot: Pilot, selector: str) -> None:
    await pilot.click(selector)
    await pilot.pause()


async def test_export_writes_the_three_documents(bundled_library: Library, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = await open_summary(app, pilot)
        assert "✓ Both the patient and the clinician confirmed" in widget_text(
            app, "#summary-status"
        )
        assert "Not exported yet" in widget_text(app, "#summary-status")
        await set_folder(pilot, out)
        await pilot.press("ctrl+s")
        await pilot.pause()

        files = sorted(out.iterdir())
        assert [f.name.rsplit("-", 1)[-1] for f in files] == [
            "clinic.html",
            "clinic.md",
            "patient.html",
            "patient.md",
            "record.json",
        ]
        clinic_html, clinic, patient_html, patient, record_file = files
        files = [clinic, patient, record_file, clinic_html, patient_html]
        # HTML to print, straight from the summary (issue 21): the option grid and how to
        # change one's mind included.
        printable = patient_html.read_text("utf-8")
        assert "<!DOCTYPE html>" in printable or "<html" in printable
        assert "Your options side by side" in printable
        assert "You can change your mind" in printable
        patient_text = patient.read_text("utf-8")
        assert "We chose: **Take a statin**" in patient_text
        assert "Start atorvastatin 20 mg" in patient_text
        assert "Dr Lee" not in patient_text  # the patient's copy is about the decision

        clinic_text = clinic.read_text("utf-8")
        assert "- Patient confirmed: 2026-03-14 09:30 UTC" in clinic_text
        assert "- Clinician confirmed: 2026-03-14 09:30 UTC" in clinic_text
        assert "Both confirmed the decision and plan." in clinic_text
        assert "entered by patient and clinician" in clinic_text  # the decision
        assert "entered by clinician" in clinic_text  # the plan step

        record = json.loads(record_file.read_text("utf-8"))
        aid = bundled_library.get(STATINS)
        assert aid is not None
        assert record["aid"]["id"] == STATINS
        assert record["aid"]["version"] == aid.version
        assert record["aid"]["sha256"] == aid.sha256 != ""
        assert record["confirmations"] == {
            "patient": "2026-03-14T09:30:00Z",
            "clinician": "2026-03-14T09:30:00Z",
        }

        assert c.exported_at == FIXED_TIME
        result = widget_text(app, "#export-result")
        assert f"✓ Saved 5 files in {out}:" in result
        for path in files:
            assert f"  {path.name}" in result
        assert "✓ Exported at 09:30 UTC" in widget_text(app, "#summary-status")
        assert app.export_folder == out


async def test_a_folder_that_is_a_file_is_explained_and_another_can_be_typed(
    bundled_library: Library, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x")
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = await open_summary(app, pilot)
        await set_folder(pilot, not_a_folder)
        await click(pilot, "#export")
        result = widget_text(app, "#export-result")
        assert "✗ Not exported." in result
        assert "is not a folder" in result
        assert app.consultation is c
        assert c.exported_at is None
        assert app.screen.focused is app.screen.query_one("#folder", Input)

        await set_folder(pilot, tmp_path)
        await pilot.press("enter")  # Enter in the folder field exports too
        await pilot.pause()
        assert "✓ Saved 5 files" in widget_text(app, "#export-result")
        assert len(list(tmp_path.glob("sdm-*"))) == 5


async def test_a_failed_export_keeps_the_consultation_and_leaves_no_part(
    bundled_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = summary_module.write_exports

    def full_disk_for_the_clinic(
        record, folder, formats=("md", "json"), audience="clinic", clinic=None
    ):
        if audience == "clinic":
            raise ExportError(f"The disk holding {folder} is full. Free some space.")
        return real_write(record, folder, formats=formats, audience=audience, clinic=clinic)

    monkeypatch.setattr(summary_module, "write_exports", full_disk_for_the_clinic)
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = await open_summary(app, pilot)
        await set_folder(pilot, tmp_path)
        await click(pilot, "#export")
        assert "is full" in widget_text(app, "#export-result")
        assert list(tmp_path.glob("sdm-*")) == [], "the patient copy was written, then removed"
        assert app.consultation is c and c.exported_at is None
        assert "Not exported yet" in widget_text(app, "#summary-status")


async def test_unconfirmed_consultation_is_flagged_but_can_be_exported(
    bundled_library: Library, tmp_path: Path
) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        c = await open_summary(app, pilot, confirmed=False)
        assert "⚠ Not confirmed by both yet" in screen_text(app)
        await set_folder(pilot, tmp_path)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert c.exported_at is not None
        (clinic,) = tmp_path.glob("*-clinic.md")
        assert "Not confirmed by both." in clinic.read_text("utf-8")


async def test_preview_switches_between_the_copies(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_summary(app, pilot, patient=MARKUP_NAME)
        text = preview_text(app)
        assert "What we decided" in text
        assert "Consultation record" not in text

        app.screen.query_one("#audience", RadioSet).focus()
        await pilot.press("right", "enter")
        await pilot.pause()
        text = preview_text(app)
        assert "Consultation record: Statins" in text
        assert f"Patient: {MARKUP_NAME}" in text  # markup-looking text shows as typed
        assert "Patient confirmed: 2026-03-14 09:30 UTC" in text
        assert app.is_running


async def test_end_after_export_clears_everything(bundled_library: Library, tmp_path: Path) -> None:
    app = make_app(
        library=bundled_library, clock=fixed_clock, export_folder=tmp_path, recovery=False
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await open_summary(app, pilot, patient="Annabel Zed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert app.consultation is None
        assert isinstance(app.screen, LibraryScreen)
        assert len(app.screen_stack) == 1
        shown = [str(w.render()) for screen in app.screen_stack for w in screen.query(Static)]
        shown += [w.value for screen in app.screen_stack for w in screen.query(Input)]
        assert not any("Annabel" in text for text in shown)
        assert "Annabel" not in screen_text(app)
        assert "Start atorvastatin" not in screen_text(app)


async def test_end_without_export_asks_first(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        c = await open_summary(app, pilot)
        await click(pilot, "#end-consultation")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.consultation is c
        assert isinstance(app.screen, SummaryScreen)

        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await click(pilot, "#confirm")
        assert app.consultation is None
        assert isinstance(app.screen, LibraryScreen)


def test_snapshot_summary_80x24(snap_compare, bundled_library: Library) -> None:
    app = make_app(
        library=bundled_library,
        clock=fixed_clock,
        export_folder=Path("/clinic/exports"),
        recovery=False,
    )

    async def run_before(pilot: Pilot) -> None:
        await open_summary(pilot.app, pilot, confirmed=False)  # type: ignore[arg-type]

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
