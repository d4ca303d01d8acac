"""Training mode in Spanish: the picker, the persona card and the observer panel show the
program's words in Spanish and the scenario's words as the trainer typed them."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from sdm_tui.aid.library import Library
from sdm_tui.app.screens.base import StageScreen
from sdm_tui.app.training.observer_panel import ObserverPanelScreen
from sdm_tui.app.training.persona_card import PersonaCardScreen
from sdm_tui.app.training.picker import ScenarioPickerScreen
from tests.app.test_training_app import training_app
from tests.screen_text import screen_text


@pytest.mark.usefixtures("spanish")
async def test_picker_persona_card_and_observer_panel_in_spanish(
    bundled_library: Library,
) -> None:
    app = training_app(bundled_library, start=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScenarioPickerScreen)
        text = screen_text(app)
        assert "Elija un escenario de ensayo" in text
        assert "Todos los pacientes son ficticios. Enter inicia el ensayo." in text
        assert "Paciente: Edith Marsh, 71" in text and "Objetivos de aprendizaje" in text
        assert "Ayuda para decidir: Knee osteoarthritis" in text  # the aid's title as typed
        assert "Notice anxiety and name it" in text  # the trainer's words, as typed
        assert "Choose a rehearsal" not in text and "Learning objectives" not in text

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StageScreen)
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, PersonaCardScreen)
        text = screen_text(app)
        assert "FORMACIÓN · Ficha del personaje: Edith Marsh, 71 (ficticio)" in text
        assert "Frase inicial:" in text and "Oculto en esta pantalla" in text
        assert "Ocultar ficha (F3)" in text
        await pilot.press("f3")
        await pilot.pause()

        await pilot.press("f4")
        await pilot.pause()
        panel = app.screen
        assert isinstance(panel, ObserverPanelScreen)
        text = screen_text(app)
        assert "FORMACIÓN · Observer OPTION-5" in text
        assert "1. Conciencia de las opciones" in text and "0 Ningún esfuerzo" in text
        assert "Ocultar panel (F4)" in text
        await pilot.press("3")  # the keys stay the digits
        await pilot.pause()
        total = str(panel.query_one("#option5-total", Static).render())
        assert total == "Total OPTION-5: al puntuar los 5 (1 de 5 puntuados)"
