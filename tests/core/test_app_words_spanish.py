"""The app's own words in Spanish: stage names, help, banner, yes/no keys, recovery,
confirmations, the preview's counts; English unchanged beside them."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.content import Content

from sdm_tui.app.help_text import keys_help, stage_help
from sdm_tui.app.recovery import RecoveryScreen, resume_prompt, saved_when
from sdm_tui.app.stages import STAGE_BY_KEY, STAGES
from sdm_tui.app.widgets.banner import banner_lines
from sdm_tui.app.widgets.confirm_panel import button_label, state_line
from sdm_tui.app.widgets.outcome_panel import too_many_to_draw
from sdm_tui.app.widgets.stage_bar import StageBar
from sdm_tui.app.widgets.yes_no import NO, YES, answer_keys
from sdm_tui.i18n import available_languages, in_language

SAVED = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
"""Noon UTC: the same day in every local time zone the tests may run in."""


def test_stage_names_and_help_follow_the_language(spanish: None) -> None:
    values = STAGE_BY_KEY["values"]
    assert (values.short, values.title) == ("Lo importante", "Lo que le importa")
    text, prompts = stage_help("values")
    assert text.startswith("Lo que le importa: valore cada afirmación de 0 (nada) a 4")
    assert prompts[0] == "«¿Cuál de estas cosas le importa más?»"
    assert "S/N responden sí/no (también Y/N)" in keys_help()
    with in_language("en"):
        assert (values.short, values.title) == ("What matters", "What matters to you")
        assert stage_help("values")[1][0] == "“Which of these matters most to you?”"


def test_the_stage_bar_fits_80_columns_in_every_language() -> None:
    bar = StageBar(STAGES[0])
    for language in available_languages():
        with in_language(language):
            width = sum(Content(bar.label(stage)).cell_length for stage in STAGES)
        assert width <= 80, language


def test_the_example_banner_says_it_in_spanish(spanish: None, bundled_library) -> None:
    example = next(aid for aid in bundled_library.aids if aid.status == "example")
    assert banner_lines(example, "training") == [
        "FORMACIÓN – un ensayo, no un registro clínico",
        "CONTENIDO DE EJEMPLO – sin revisión clínica; no usar en decisiones reales",
    ]


def test_yes_no_answers_to_the_languages_initials_besides_y_and_n(spanish: None) -> None:
    assert answer_keys() == {"s": YES}  # "n" is no in both: Y and N are bound already
    with in_language("en"):
        assert answer_keys() == {}
    assert NO not in answer_keys().values()


def test_the_recovery_prompt_names_the_stage_and_the_day_in_spanish(spanish: None) -> None:
    saved = saved_when(SAVED)
    assert saved.endswith(" del 3 dic 2026")
    prompt = resume_prompt(RecoveryScreen("Estatinas", saved, "values", "Dra. Ruiz"))
    assert prompt.startswith(
        "Una consulta de Dra. Ruiz con «Estatinas» se interrumpió en la etapa «Lo importante»;"
    )
    assert prompt.endswith(f"a las {saved}. Reanúdela o descártela definitivamente.")
    with in_language("en"):
        english = saved_when(SAVED)
        assert english.endswith(" on 03 Dec 2026")
        assert resume_prompt(RecoveryScreen("Statins", english, "values")) == (
            f"A consultation using “Statins” was interrupted at the values stage; it was "
            f"last saved at {english}. Resume it, or discard it for good."
        )


def test_confirmations_and_counts_in_spanish(spanish: None) -> None:
    assert state_line("clinician", None).plain == "○ Profesional: aún no ha confirmado"
    assert button_label("patient", confirmed=True).plain == "Paciente: retirar"
    assert too_many_to_draw(10000) == (
        "(sin dibujo: 10.000 personas son demasiadas para dibujarlas)"
    )
    with in_language("en"):
        assert state_line("clinician", None).plain == "○ Clinician: not confirmed yet"
        assert too_many_to_draw(10000) == "(no picture: 10000 people are too many to draw)"
