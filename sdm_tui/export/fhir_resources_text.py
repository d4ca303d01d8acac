"""The shipped FHIR resources' files as they should read (see scripts/write_fhir_resources.py)."""

from __future__ import annotations

import json

from sdm_tui.export.fhir_codes import code_system
from sdm_tui.export.questionnaires import all_questionnaires


def shipped_texts() -> dict[str, str]:
    """File name to its JSON text: two-space indent, UTF-8, a final newline."""
    resources = {"codesystem-sdm-tui.json": code_system(), **all_questionnaires()}
    return {
        name: json.dumps(resource, indent=2, ensure_ascii=False) + "\n"
        for name, resource in resources.items()
    }
