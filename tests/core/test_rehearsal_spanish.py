"""The rehearsal in Spanish: the debrief written as a Spanish document (its own words, its
day), the scenario's and the observer's text as typed, and the data kept in English."""

from __future__ import annotations

import pytest

from sdm_tui.i18n import in_language
from sdm_tui.rehearsal.debrief_markdown import render_debrief_markdown
from sdm_tui.rehearsal.debrief_model import debrief_text
from sdm_tui.rehearsal.link import StageClock
from sdm_tui.rehearsal.option5 import ObserverScores
from tests.debrief_inputs import V1_JSON, V1_MARKDOWN, good_debrief

pytestmark = pytest.mark.usefixtures("spanish")


def test_the_debrief_markdown_is_written_in_spanish() -> None:
    lines = render_debrief_markdown(good_debrief()).splitlines()
    assert lines[0] == "# Debriefing del ensayo: Test patient"
    for line in (
        "**FORMACIÓN – un ensayo con un paciente ficticio; no es un registro clínico**",
        "- Escenario: Test patient (good)",
        "- Ayuda para decidir: Minimal test aid, versión 1.0.0",
        "- Paciente: Alex Test, 50. El paciente es una persona ficticia, interpretada a partir "
        "de un escenario escrito.",
        "## Tiempo en cada etapa",
        "- 09:36:00–ahora Resumen (40s)",
        "| # | Conducta | Puntuación (0-4) | Nota del observador |",
        "| 1 | Conciencia de las opciones | 3 Esfuerzo competente | — |",
        # the observer's note as typed
        "| 4 | Averiguar las preferencias | 1 Esfuerzo mínimo | Did not ask what mattered most. |",
        "**Total: 65 sobre 100** (0-100: la suma de los cinco, x 5).",
        "Explorados: 0 de 1; registrados de otro modo: 1; sin preguntar: 0.",
        # the scenario's words as the trainer typed them
        "- Por qué (en palabras del paciente): I would rather not take tablets.",
        "- La elección coincide con la inclinación oculta del paciente.",
        "- Confirmado por el paciente: no",
        "| Preocupación | Se revela cuando | Explorado |",
        "| Will I have to pay for the tablets? | The clinician asks about practical worries. "
        "| sí |",
        "Puntuación 3 de 4: cribado positivo de conflicto decisional (3 o menos).",
        "| 09:33:30 | SURE respondido | puntuación 3 de 4 |",
        "| 09:35:00 | Plan cambiado | paso añadido |",
        "| 09:35:40 | Confirmación retirada | profesional \\(por el cambio\\) |",
        "| 09:32:40 | Valoración cambiada | avoid-pills=2 |",
    ):
        assert line in lines, line
    assert "Team talk" not in "\n".join(lines)


def test_the_spanish_debrief_dates_itself_with_the_spanish_day() -> None:
    lines = render_debrief_markdown(good_debrief()).splitlines()
    assert "- Debriefing redactado: sáb, 14 mar 2026 09:36 UTC" in lines


def test_a_debrief_made_in_spanish_keeps_english_data_and_reads_in_either_language() -> None:
    debrief = good_debrief()
    assert debrief_text(debrief) == V1_JSON.read_text("utf-8")
    with in_language("en"):
        assert render_debrief_markdown(debrief) == V1_MARKDOWN.read_text("utf-8")


def test_the_observer_sees_the_total_and_the_stage_in_spanish() -> None:
    scores = ObserverScores()
    assert scores.running_text() == "Total OPTION-5: al puntuar los 5 (0 de 5 puntuados)"
    for number, score in enumerate((3, 2, 4, 1, 3), start=1):
        scores.set_score(number, score)
    assert scores.running_text() == "Total OPTION-5: 65/100"
    assert scores.as_dict()["total_text"] == "65 out of 100"  # the data, in English
    assert scores.as_dict()["items"][0]["label"] == "Skilled effort"
    clock = StageClock("weigh", 10.0, True, at=None)  # type: ignore[arg-type]
    assert clock.label == "Sopesar"
