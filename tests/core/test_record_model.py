"""The one record model: version 1 files read unchanged everywhere, errors say where and
never what, and the published schema is the model's."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from sdm_tui.aid.loader import load_aid
from sdm_tui.export import from_record, render_fhir, render_html, render_markdown
from sdm_tui.export.record_file import check_record, load_record
from sdm_tui.export.record_model import (
    DecisionChosen,
    RecordError,
    RecordV1,
    RecordV2,
    read_record,
    record_from_data,
    record_text,
    schema_text,
)
from sdm_tui.report.reader import read_records
from tests.builders import ROOT
from tests.export_records import RECORDS, full_consultation, full_record

V1 = RECORDS / "v1"
V1_AID = V1 / "aid" / "minimal.toml"
"""The aid file the version 1 fixtures were made with (sha256 in each record)."""
V1_FILES = sorted(V1.glob("*.json"))
SCHEMA_FILE = ROOT / "sdm_tui" / "export" / "record.schema.json"
SECRET = "Ann Secret-Patient"


def test_there_are_real_version_1_files() -> None:
    names = {path.name for path in V1_FILES}
    assert {"v1-full.json", "v1-empty.json", "v1-not-yet.json", "v1-training.json"} <= names
    assert "v1-before-collaborate.json" in names  # made before sdm-tui asked CollaboRATE


@pytest.mark.parametrize("path", V1_FILES, ids=lambda path: path.name)
def test_a_version_1_file_reads_unchanged_everywhere(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    record = read_record(path.read_bytes())
    assert type(record) is RecordV1  # read as version 1, not as this sdm-tui's version 2
    assert record_text(record) + "\n" == text  # written again byte for byte
    assert record_from_data(json.loads(text)) == record
    assert record_from_data(check_record(json.loads(text))) == record  # sdm-tui export
    assert record_from_data(load_record(path)) == record
    consultation = from_record(record, load_aid(V1_AID))  # crash recovery
    assert consultation.aid.id == record.aid.id
    for audience in ("patient", "clinic"):
        assert render_markdown(record, audience) == render_markdown(json.loads(text), audience)
        assert render_html(record, audience)
    assert render_fhir(record)["type"] == "document"
    (tmp_path / path.name).write_text(text, encoding="utf-8")
    result = read_records([tmp_path])  # the report
    assert result.problems == ()
    assert [facts.aid_id for facts in result.records] == [record.aid.id]


def test_a_record_before_collaborate_has_none() -> None:
    record = read_record((V1 / "v1-before-collaborate.json").read_bytes())
    assert record.collaborate_or_none is None
    assert "CollaboRATE" not in render_markdown(record, "clinic")


def test_the_writer_makes_the_model() -> None:
    from sdm_tui.export import to_record

    record = to_record(full_consultation())
    assert type(record) is RecordV2
    assert type(read_record(record_text(record))) is RecordV2
    assert isinstance(record.decision, DecisionChosen)
    assert record.decision.status == "chosen"
    assert record.record_version == 2
    with pytest.raises(AttributeError):
        record.mode = "training"  # type: ignore[misc]  # frozen


def _bad(change: Any) -> dict[str, Any]:
    record = copy.deepcopy(full_record())
    change(record)
    return record


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda r: r["plan"][2].update(by_when=[SECRET]), "$.plan[2].by_when"),
        (lambda r: r["plan"][0].update(who=SECRET), "$.plan[0].who"),
        (lambda r: r.update(mode=SECRET), "$.mode"),
        (lambda r: r["decision"].update(status=SECRET), "$.decision.status"),
        (lambda r: r["review"].update(text={SECRET: 1}), "$.review.text"),
        (lambda r: r["own_words"].update({SECRET: {}}), "$.own_words"),
        (lambda r: r.update({SECRET: 1}), "$"),
        (lambda r: r["aid"].update(id=SECRET), "$.aid.id"),
        (lambda r: r["aid"]["outcomes"][0]["chance"].update({SECRET: SECRET}), "$.aid"),
        (lambda r: r["ratings"][0].update(rating=SECRET), "$.ratings[0].rating"),
    ],
)
def test_errors_name_the_place_and_never_the_text(change: Any, where: str) -> None:
    record = _bad(change)
    for read in (record_from_data, lambda r: read_record(json.dumps(r).encode())):
        with pytest.raises(RecordError) as refused:
            read(record)
        message = str(refused.value)
        assert f"at {where}" in message, message
        assert "Secret" not in message, message


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"[1]", "not a JSON object"),
        (b'{"record_format": "other"}', "not a consultation record"),
        (b'{"record_format": "sdm-tui/consultation", "record_version": 3}', "newer sdm-tui"),
        (b'{"record_format": "sdm-tui/consultation", "record_version": 0}', "is not known"),
        (b'{"record_format": "sdm-tui/consultation"', "not valid JSON"),
        (b'{"a": NaN}', "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_what_is_not_a_record_is_named(data: bytes, said: str) -> None:
    with pytest.raises(RecordError, match=said):
        read_record(data)


def test_a_byte_order_mark_and_lone_surrogates_still_read() -> None:
    text = json.dumps(full_record()).replace("Walking my dog", "Walking \\ud800 my dog")
    record = read_record(b"\xef\xbb\xbf" + text.encode())
    assert record.own_words["matters_most"].text == "Walking \ufffd my dog every day"


def test_the_checked_in_schema_is_generated_from_the_model() -> None:
    # After changing the model: python scripts/write_record_schema.py
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()
