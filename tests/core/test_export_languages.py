"""Exports in languages: the patient's copy in the patient's language, the clinic's in the
app's; dates and decimals written as each language writes them; an English record as before
(the goldens check that byte for byte)."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.documentreference import DocumentReference

from sdm_tui.aid.about import translated_item
from sdm_tui.aid.figures import count_phrase, format_count, people_phrase
from sdm_tui.consultation.rules import set_patient_language
from sdm_tui.export import render_fhir, render_html, render_markdown, write_exports
from sdm_tui.export.document import banners, build_document, document_language
from sdm_tui.export.fhir_docref import render_document_reference
from sdm_tui.export.record_json import to_record
from sdm_tui.export.record_model import record_from_data, record_to_data
from sdm_tui.i18n import in_language
from tests.builders import full_consultation


def _record(patient_language: str | None = "es") -> dict[str, Any]:
    """The full test consultation, the patient's copy chosen in `patient_language`, and one
    count that is not a whole number (2.1 out of 100)."""
    consultation = full_consultation()
    set_patient_language(consultation, patient_language)
    data = record_to_data(to_record(consultation))
    data["aid"]["outcomes"][0]["chance"]["tablet"] = 2.1
    return data


@pytest.fixture(scope="module")
def spanish_patient() -> dict[str, Any]:
    return _record("es")


def test_the_patients_copy_is_in_the_patients_language(spanish_patient: dict[str, Any]) -> None:
    text = render_markdown(spanish_patient, "patient")
    for heading in (
        "## Lo que le importa",
        "## Las opciones",
        "## Lo que decidimos",
        "## Próximos pasos",
        "## Puede cambiar de opinión",
        "## Sobre esta ayuda para la decisión",
    ):
        assert heading in text
    assert "**CONTENIDO DE EJEMPLO – sin revisión clínica**" in text
    assert "Elegimos: **Take the tablet**" in text  # the aid's words as written
    # A date in words, in Spanish; the ISO date beside it; a decimal comma.
    assert "Fecha de revisión: vie, 26 feb 2027 (2027-02-26)" in text
    assert "in 6 weeks → jue, 7 ene 2027 (2027-01-07)" in text
    assert "| 2,1 de cada 100 personas | 20 de cada 100 personas |" in text
    # 'About this aid' is kept in English in the record and worded in Spanish here.
    assert "**Escrita por**" in text and "conflictos de intereses: None declared" in text
    assert "Evidencia revisada por última vez el 2026-01-15." in text
    # Times stay numeric.
    assert "Fecha: 2026-11-26 04:12 UTC" in text
    assert "What happens" not in text and "out of 100" not in text


def test_the_clinics_copy_stays_in_the_apps_language(spanish_patient: dict[str, Any]) -> None:
    text = render_markdown(spanish_patient, "clinic")
    assert text.startswith("# Consultation record: Minimal test aid\n")
    assert "**EXAMPLE CONTENT – not clinically reviewed**" in text
    assert "## What matters to the patient" in text
    assert "2.1 out of 100 people" in text
    assert "Review date: Fri 26 Feb 2027 (2027-02-26)" in text
    assert "Lo que" not in text


def test_the_clinic_copy_follows_the_language_setting(
    spanish: None, spanish_patient: dict[str, Any]
) -> None:
    """With the app in Spanish, the clinic's copy is Spanish too."""
    text = render_markdown(spanish_patient, "clinic")
    assert text.startswith("# Registro de la consulta: Minimal test aid\n")
    assert "registrado por paciente, 2026-11-26 04:12 UTC" in text
    assert "**CONTENIDO DE EJEMPLO – sin revisión clínica**" in text


def test_html_says_its_language_and_marks_the_aids_words(spanish_patient: dict[str, Any]) -> None:
    page = render_html(spanish_patient, "patient")
    assert '<html lang="es">' in page
    assert '<h1><span lang="en">Minimal test aid</span></h1>' in page
    assert "<h2>Las opciones</h2>" in page
    assert '<div class="banner status" role="note">CONTENIDO DE EJEMPLO' in page
    assert "En los dibujos de abajo, cada marca es una persona:" in page
    assert 'content: "Página " counter(page) " de " counter(pages);' in page
    assert 'aria-label="2,1 de cada 100 personas que eligen Take the tablet: Feel better' in page
    clinic = render_html(spanish_patient, "clinic")
    assert '<html lang="en">' in clinic
    assert "<span lang=" not in clinic  # the aid is in the page's own language


def test_an_aids_language_with_a_catalog_chooses_the_patients_copy() -> None:
    """Unchosen, the patient's copy follows the aid's language when sdm-tui has it."""
    record = _record(None)
    assert document_language(record_from_data(record), "patient") == "en"
    record["aid"]["language"] = "es-MX"
    assert document_language(record_from_data(record), "patient") == "es"
    assert build_document(record, "patient").language == "es"
    assert build_document(record, "clinic").language == "en"
    page = render_html(record, "patient")
    assert '<html lang="es">' in page and '<span lang="es-MX">' not in page.split("<body")[0]


def test_fhir_says_the_clinic_copys_language_and_validates(
    spanish_patient: dict[str, Any],
) -> None:
    bundle = render_fhir(spanish_patient)
    Bundle.model_validate(bundle)
    composition = bundle["entry"][0]["resource"]
    assert composition["resourceType"] == "Composition"
    assert composition["language"] == "en"
    titles = [section["title"] for section in composition["section"]]
    assert titles[:2] == ["Warnings", "About this record"]
    reference = render_document_reference(spanish_patient)
    DocumentReference.model_validate(reference)
    assert reference["content"][0]["attachment"]["language"] == "en"


def test_fhir_in_spanish_validates(spanish: None, spanish_patient: dict[str, Any]) -> None:
    bundle = render_fhir(spanish_patient)
    Bundle.model_validate(bundle)
    composition = bundle["entry"][0]["resource"]
    assert composition["language"] == "es"
    assert composition["title"] == "Registro de toma de decisiones compartida: Minimal test aid"
    warnings, about = composition["section"][:2]
    assert (warnings["title"], about["title"]) == ("Advertencias", "Sobre este registro")
    assert "CONTENIDO DE EJEMPLO – sin revisión clínica" in warnings["text"]["div"]
    reference = render_document_reference(spanish_patient)
    DocumentReference.model_validate(reference)
    attachment = reference["content"][0]["attachment"]
    assert attachment["language"] == "es"
    assert '<html lang="es">' in base64.b64decode(attachment["data"]).decode("utf-8")


def test_written_files_are_each_in_their_language(
    tmp_path: Path, spanish_patient: dict[str, Any]
) -> None:
    record = record_from_data(spanish_patient)
    patient = write_exports(record, tmp_path, ("md", "html"), "patient")
    clinic = write_exports(record, tmp_path, ("md", "html"), "clinic")
    assert "## Las opciones" in patient[0].read_text(encoding="utf-8")
    assert '<html lang="es">' in patient[1].read_text(encoding="utf-8")
    assert "## The options" in clinic[0].read_text(encoding="utf-8")
    assert '<html lang="en">' in clinic[1].read_text(encoding="utf-8")


def test_an_english_record_is_unchanged_by_a_spanish_session(spanish: None) -> None:
    """A record whose patient chose English gives an English patient's copy, whatever the
    app's language; the program's own words only (typed text is never translated)."""
    text = render_markdown(_record("en"), "patient")
    assert "## What matters to you" in text and "2.1 out of 100 people" in text
    assert "Review date: Fri 26 Feb 2027 (2027-02-26)" in text


def test_counts_and_about_lines_in_spanish() -> None:
    with in_language("es"):
        assert format_count(2.1) == "2,1"
        assert format_count(8) == "8"
        assert count_phrase(1.35, 1000) == "1,35 de cada 1000"
        assert people_phrase(None, 100).startswith("no se sabe")
        item = translated_item(
            "How current it is", "Evidence last checked 2026-01-15. Due for review by 2027-01-15."
        )
        assert item == type(item)(
            "Qué tan actual es",
            "Evidencia revisada por última vez el 2026-01-15. Debe revisarse antes del 2027-01-15.",
        )
        typed = translated_item("Funding", "Not stated.\nA: conflicts of interest: Not stated.")
        assert typed.heading == "Funding"  # not one of ours: as typed
        assert typed.text == "No se indica.\nA: conflictos de intereses: No se indica."
    assert format_count(2.1) == "2.1"


def test_the_record_keeps_about_this_aid_in_english(spanish: None) -> None:
    data = _record("es")
    assert data["aid"]["about"][0]["heading"] == "Written by"
    assert re.fullmatch(r".*: conflicts of interest: .*", data["aid"]["about"][0]["text"])
    assert json.dumps(data).count("Escrita") == 0


def test_the_consultations_own_words_go_through_the_catalog(
    monkeypatch: pytest.MonkeyPatch, spanish_patient: dict[str, Any]
) -> None:
    """A record keeps the rating scale, the own-words headings, the SURE questions (the
    consultation's words) in English; the copy asks the catalog for them, and never for
    what someone typed or the aid's text."""
    from sdm_tui.export import document

    monkeypatch.setattr(document, "_", lambda message: f"«{message}»")
    text = render_markdown(spanish_patient, "clinic")
    assert "| Avoiding daily tablets | «Very much» |" in text
    assert "**«What matters most to me»**" in text
    assert "| «Do you feel SURE about the best choice for you?» | «Yes» |" in text
    assert "> Walking my dog every day" in text
    assert "«Take the tablet»" not in text and "«Walking" not in text


def test_banners_in_the_language_in_force() -> None:
    from tests.export_records import training_record

    record = record_from_data(training_record())
    assert banners(record) == [
        "TRAINING – not a clinical record",
        "EXAMPLE CONTENT – not clinically reviewed",
    ]
    with in_language("es"):
        assert banners(record) == [
            "FORMACIÓN – no es un registro clínico",
            "CONTENIDO DE EJEMPLO – sin revisión clínica",
        ]
        assert banners(record, mode=False) == ["CONTENIDO DE EJEMPLO – sin revisión clínica"]
