"""A stable id for each consultation, so that a follow-up can name the decision it reviews.

A new consultation's id is a name-based UUID (uuid5) of its mode, aid, aid file hash and
the exact moment it started (to the microsecond): the same inputs give the same id (tests
with a fixed clock stay reproducible), different consultations differ. Records made before
ids existed (record version 1 without `consultation_id`) get an id derived from what the
record says about itself (`derived_consultation_id`), the key the report already counts a
consultation by; a follow-up records that the id was derived, never passing it off as one
the earlier record carried.
"""

from __future__ import annotations

import uuid
from datetime import datetime

__all__ = ["derived_consultation_id", "new_consultation_id"]

_NAMESPACE = uuid.UUID("6f1f4d0e-7b0a-5b8e-9a53-5d6d2b1c9e41")


def new_consultation_id(mode: str, aid_id: str, aid_sha256: str, started: datetime) -> str:
    """The id of a consultation started at `started` (full precision)."""
    return str(uuid.uuid5(_NAMESPACE, f"{mode}|{aid_id}|{aid_sha256}|{started.isoformat()}"))


def derived_consultation_id(mode: str, aid_id: str, aid_sha256: str, started_at: str) -> str:
    """The id of a record that carries none: from its mode, aid id, aid hash and start
    time as written (the report's key of one consultation); stable across its exports."""
    return str(uuid.uuid5(_NAMESPACE, f"derived|{mode}|{aid_id}|{aid_sha256}|{started_at}"))
