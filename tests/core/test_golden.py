"""Golden files: one fixed record, rendered to every format and audience, kept in the repo.

A change to any document shows up as a diff of a file a person can read. After a
deliberate change, regenerate and review:

    SDM_UPDATE_GOLDEN=1 python -m pytest tests/core/test_golden.py

tests/data/records/full.json is the record (made by export_records.full_consultation with
a fixed clock from tests/data/aids/minimal.toml); every other golden file is rendered from
that file: as it is with no clinic (UTC), and with a patient identifier for a clinic in
New York (`-ny`: its name, contact and times, the DocumentReference too). The FHIR
document names the sdm-tui version, so a release changes it too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sdm_tui.export import dumps_fhir, render_html, render_markdown
from sdm_tui.export.fhir_docref import dumps_document_reference
from tests.export_records import (
    GOLDEN,
    NEW_YORK_CLINIC,
    RECORDS,
    dumps,
    full_record,
    identified,
    updating_golden,
)

RECORD_FILE = RECORDS / "full.json"

RENDERINGS: dict[str, Callable[[dict[str, Any]], str]] = {
    "full-patient.md": lambda record: render_markdown(record, "patient"),
    "full-clinic.md": lambda record: render_markdown(record, "clinic"),
    "full-patient.html": lambda record: render_html(record, "patient"),
    "full-clinic.html": lambda record: render_html(record, "clinic"),
    "full-fhir.json": dumps_fhir,
    "full-patient-ny.md": lambda record: render_markdown(
        identified(record), "patient", NEW_YORK_CLINIC
    ),
    "full-clinic-ny.md": lambda record: render_markdown(
        identified(record), "clinic", NEW_YORK_CLINIC
    ),
    "full-fhir-ny.json": lambda record: dumps_fhir(identified(record), NEW_YORK_CLINIC),
    "full-docref-ny.json": lambda record: dumps_document_reference(
        identified(record), NEW_YORK_CLINIC
    ),
}


def _compare(path: Path, actual: str) -> None:
    if updating_golden():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: run with SDM_UPDATE_GOLDEN=1 to create it")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{path.name} differs from its golden file; if the change is meant, run "
        "SDM_UPDATE_GOLDEN=1 python -m pytest tests/core/test_golden.py and review the diff"
    )


def test_the_golden_record_is_what_to_record_makes() -> None:
    _compare(RECORD_FILE, dumps(full_record()))


@pytest.mark.parametrize("name", sorted(RENDERINGS))
def test_rendering_matches_its_golden_file(name: str) -> None:
    record = json.loads(RECORD_FILE.read_text(encoding="utf-8"))
    _compare(GOLDEN / name, RENDERINGS[name](record))


def test_golden_files_are_all_known() -> None:
    """A renamed or dropped rendering must not leave a stale golden file behind."""
    if updating_golden():
        pytest.skip("regenerating")
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(RENDERINGS)
