"""The patient's identifier: entered in team talk, kept in the record, read back."""

from __future__ import annotations

import pytest

from sdm_tui.consultation import new_consultation
from sdm_tui.consultation.rules import set_patient_identifier
from sdm_tui.export import from_record, to_record
from sdm_tui.export.record_model import read_record, record_text
from tests.builders import FixedClock, minimal_aid


def test_entered_kept_and_read_back() -> None:
    aid = minimal_aid()
    c = new_consultation(aid, clock=FixedClock())
    assert to_record(c).patient_identifier_or_none is None
    assert '"patient_identifier"' not in record_text(to_record(c))  # UNSET: left out
    set_patient_identifier(c, "  MRN-1 ", "https://clinic.example.org/mrn")
    found = to_record(c).patient_identifier_or_none
    assert found is not None
    assert (found.value, found.system, found.contributor) == (
        "MRN-1",
        "https://clinic.example.org/mrn",
        "clinician",
    )
    again = from_record(read_record(record_text(to_record(c))), aid)
    assert again.patient_identifier == c.patient_identifier
    set_patient_identifier(c, "", "")
    assert c.patient_identifier is None


def test_a_system_must_be_a_uri_and_a_value_short() -> None:
    c = new_consultation(minimal_aid(), clock=FixedClock())
    with pytest.raises(ValueError, match="absolute URI"):
        set_patient_identifier(c, "MRN-1", "clinic mrn")
    with pytest.raises(ValueError, match="at most 64"):
        set_patient_identifier(c, "9" * 65)
    assert c.patient_identifier is None
