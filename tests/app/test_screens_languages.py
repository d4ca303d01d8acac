"""The stage screens in Spanish, and the patient's language chosen in team talk (issue 22)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import RadioSet

from sdm_tui.aid.library import Library
from sdm_tui.app.factory import make_app
from sdm_tui.app.recovery import AUTOSAVE_DELAY
from sdm_tui.export.record_read import from_record
from tests.builders import ManualDelays, fixed_clock
from tests.screen_text import screen_text

AID = "statins-primary-prevention"


async def test_a_consultation_walks_through_in_spanish(
    bundled_library: Library, spanish: None
) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Elija una ayuda para decidir" in text
        assert f"de {len(bundled_library.aids)} ayudas" in text

        aid = bundled_library.get(AID)
        assert aid is not None
        app.start_consultation(aid)  # on team talk
        await pilot.pause()
        text = screen_text(app)
        assert "La pregunta" in text
        assert "Una elección real" in text
        assert "más de una opción razonable" in text
        app.screen.query_one("#language-note").scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        text = screen_text(app)
        assert "Idioma del paciente" in text
        # The aid is English, so its copy is too unless someone chooses; the clinic's is
        # in the screen's language. Each language by its own name.
        assert "La copia del paciente estará en English; la de la clínica, en Español." in text

        app.go_to_stage("values")
        await pilot.pause()
        text = screen_text(app)
        assert f"Valoradas hasta ahora: 0 de {len(aid.values)}" in text
        assert "¿Cuánto le importa cada una de estas cosas?" in text

        app.go_to_stage("options")
        await pilot.pause()
        text = screen_text(app)
        assert "Comparar (g)" in text
        assert "Resultados (o)" in text

        app.go_to_stage("decide")
        await pilot.pause()
        text = screen_text(app)
        assert "La elección" in text
        assert "Recordatorio de Sopesar" in text
        assert "La inclinación del paciente: no registrada." in text


async def test_the_patients_language_is_chosen_in_team_talk_and_kept(
    bundled_library: Library, tmp_path: Path
) -> None:
    """An English screen, a Spanish copy for the patient: chosen by keyboard, shown with its
    effect, named on the summary, and saved for crash recovery."""
    folder = tmp_path / "recovery"
    delays = ManualDelays()
    app = make_app(
        library=bundled_library, clock=fixed_clock, recovery_folder=folder, delays=delays
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        aid = bundled_library.get(AID)
        assert aid is not None
        app.start_consultation(aid)  # on team talk
        await pilot.pause()
        c = app.consultation
        assert c is not None and c.patient_language is None
        choice = app.screen.query_one("#patient-language", RadioSet)
        choice.focus()
        await pilot.wait_for_scheduled_animations()  # focus scrolls the list into view, animated
        text = screen_text(app)
        assert "Patient's language" in text
        assert "English" in text and "Español" in text
        assert "The patient's copy will be in English; the clinic's in English." in text
        assert c.patient_language is None, "nothing is chosen until someone chooses"

        await pilot.press("down", "enter")
        await pilot.pause()
        assert c.patient_language == "es"
        text = screen_text(app)
        assert "The patient's copy will be in Español; the clinic's in English." in text

        app.go_to_stage("summary")
        await pilot.pause()
        text = screen_text(app)
        assert "Patient copy (Español)" in text
        assert "Clinic record (English)" in text

        delays.advance(AUTOSAVE_DELAY)
        (saved,) = sorted(folder.glob("consultation*.json"))
        record = json.loads(saved.read_text())["record"]
        assert record["patient_language"] == "es"
        assert from_record(record, aid).patient_language == "es"
    app.recovery.close()
