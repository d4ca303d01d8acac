"""FHIR resources sdm-tui ships: its own code system and the questionnaires it asks.

The JSON files here are generated from `sdm_tui.export.questionnaires` and
`sdm_tui.export.fhir_codes` by scripts/write_fhir_resources.py (a test fails when they
drift). A site loads them into its FHIR server once, so that the canonical URLs in the
documents resolve there; the documents name them, they do not carry them.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["FILES", "load"]

FILES = (
    "codesystem-sdm-tui.json",
    "questionnaire-sure.json",
    "questionnaire-collaborate.json",
    "questionnaire-decision-regret.json",
)


def load(name: str) -> dict[str, Any]:
    """One shipped resource, parsed (ValueError for a name not in FILES)."""
    if name not in FILES:
        raise ValueError(f"no shipped FHIR resource {name!r}; expected one of {FILES}")
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
