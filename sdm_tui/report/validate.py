"""How `sdm-tui report` checks a record: with the one record model, as everything else does.

`read_record` (sdm_tui/export/record_model.py) decodes and checks a record in one pass with
msgspec, several times faster than jsonschema-rs checking a parsed dict, so every record is
checked in full and the figures never meet a record they cannot count.
"""

from __future__ import annotations

__all__ = ["DECISIONS", "VALIDATION"]

DECISIONS = ("chosen", "not_yet", "none")
"""A record's decision.status."""

VALIDATION = "the record model (sdm_tui/export/record_model.py, record.schema.json)"
"""How records are checked, as the report says it."""
