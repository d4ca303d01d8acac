"""The JSON record, the Markdown documents and writing them safely."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.model import DecisionAid
from sdm_tui.consultation import (
    Consultation,
    add_plan_step,
    decide,
    decide_not_yet,
    new_consultation,
    set_clinician_view,
    set_own_words,
    set_participant,
    set_review,
)
from sdm_tui.export import (
    RECORD_VERSION,
    ExportError,
    RecordError,
    dumps_record,
    from_record,
    md_escape,
    render_markdown,
    to_record,
    write_exports,
)
from sdm_tui.export.files import slug
from sdm_tui.store.atomic import write_atomic
from tests.builders import MINIMAL, PLAN_STEPS, ROOT, T0, FixedClock, full_consultation
from tests.export_records import record_data

CLINICIAN_VIEW = "Either option is reasonable for you."


@pytest.fixture(scope="module")
def aid() -> DecisionAid:
    return load_aid(MINIMAL)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def full(aid: DecisionAid, clock: FixedClock) -> Consultation:
    """A consultation with something in every part, confirmed by both."""
    return full_consultation(
        aid,
        clock=clock,
        clinician="Dr Bo",
        other="Cy",
        worries="Feeling sick at work\nand tired",
        questions=None,
        plan=PLAN_STEPS[:2],
    )


def _entries(record: Any) -> list[dict[str, Any]]:
    """Every dict in the record that has a contributor."""
    found = []
    if isinstance(record, dict):
        if "contributor" in record:
            found.append(record)
        for value in record.values():
            found += _entries(value)
    elif isinstance(record, list):
        for value in record:
            found += _entries(value)
    return found


def test_exporters_import_no_textual() -> None:
    code = (
        "import sys; import sdm_tui.export, sdm_tui.export.files, sdm_tui.store.atomic; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# -- JSON record -------------------------------------------------------------------------------


def test_record_content(full: Consultation) -> None:
    record = record_data(full)
    json.dumps(record)  # JSON-safe
    assert record["record_format"] == "sdm-tui/consultation"
    assert record["record_version"] == RECORD_VERSION == 2
    assert record["generated_at"] == "2026-11-26T04:28:30Z"
    aid = record["aid"]
    assert (aid["id"], aid["version"], aid["status"], aid["file_name"]) == (
        "minimal",
        "1.0.0",
        "example",
        "minimal.toml",
    )
    assert re.fullmatch(r"[0-9a-f]{64}", aid["sha256"])
    assert aid["outcomes"][0]["chance"] == {"tablet": 30, "none": 20}
    assert aid["outcomes"][0]["source_citation"].startswith("A. Author")
    assert record["ratings"] == [
        {
            "value_id": "avoid-pills",
            "statement": "Avoiding daily tablets",
            "rating": 4,
            "label": "Very much",
            "contributor": "patient",
            "at": "2026-11-26T04:12:30Z",
        }
    ]
    assert record["alignment"] == {"tablet": -4, "none": 8}
    assert record["preferred_role"]["label"].startswith("I prefer to decide together")
    assert record["leaning"]["label"] == "No tablet"
    assert record["knowledge_checks"][0]["correct"] is True
    assert record["sure"]["score"] == 3 and record["sure"]["flag"] is True
    decision = record["decision"]
    assert decision["status"] == "chosen"
    assert decision["option_label"] == "Take the tablet"
    assert decision["differs_from_ratings"] is True
    assert decision["at"] == "2026-11-26T04:22:30Z"
    assert [s["who"] for s in record["plan"]] == ["patient", "clinician"]
    assert record["confirmations"] == {
        "patient": "2026-11-26T04:27:30Z",
        "clinician": "2026-11-26T04:28:30Z",
    }


def test_every_entry_has_contributor_and_utc_time(full: Consultation) -> None:
    entries = _entries(record_data(full))
    assert len(entries) >= 14
    for entry in entries:
        assert entry["contributor"] in ("patient", "clinician", "both", "companion")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry["at"])


def test_record_of_an_empty_and_a_not_yet_consultation(aid: DecisionAid, clock) -> None:
    c = new_consultation(aid, mode="training", clock=clock)
    record = record_data(c)
    assert record["decision"]["status"] == "none"
    assert record["sure"] == {"items": [], "score": None, "flag": False}
    assert record["confirmations"] == {"patient": None, "clinician": None}
    decide_not_yet(c, "more_time", "Sleep on it")
    decision = record_data(c)["decision"]
    assert decision["status"] == "not_yet"
    assert decision["not_yet_reason_label"] == "More time to think"
    assert decision["reason_text"] == "Sleep on it"


def test_round_trip(full: Consultation, aid: DecisionAid, clock: FixedClock) -> None:
    record = record_data(full)
    clock.now = T0 + timedelta(hours=2)
    again = record_data(from_record(json.loads(dumps_record(full)), aid, clock=clock))
    assert again["generated_at"] != record["generated_at"]
    again["generated_at"] = record["generated_at"]
    assert again == record


def test_round_trip_keeps_entries(full: Consultation, aid: DecisionAid) -> None:
    back = from_record(record_data(full), aid)
    assert back.ratings == full.ratings
    assert back.decision == full.decision
    assert back.plan == full.plan
    assert back.confirmations == full.confirmations
    assert back.participants == full.participants
    assert back.exported_at is None


def test_from_record_refuses_other_records(full: Consultation, aid: DecisionAid) -> None:
    record = record_data(full)
    with pytest.raises(RecordError, match="not a consultation record"):
        from_record({**record, "record_format": "other"}, aid)
    with pytest.raises(RecordError, match="version"):
        from_record({**record, "record_version": 3}, aid)
    with pytest.raises(RecordError, match="aid"):
        from_record({**record, "aid": {**record["aid"], "id": "statins"}}, aid)
    with pytest.raises(RecordError, match="changed"):
        from_record({**record, "aid": {**record["aid"], "sha256": "0" * 64}}, aid)
    bad_rating = [{**record["ratings"][0], "rating": 9}]
    with pytest.raises(RecordError, match="rating"):
        from_record({**record, "ratings": bad_rating}, aid)
    with pytest.raises(RecordError, match=r"at \$\.plan\[0\]: 'who' is a required property"):
        from_record({**record, "plan": [{"what": "x"}]}, aid)
    with pytest.raises(RecordError):
        from_record([], aid)  # type: ignore[arg-type]


def test_dumps_record_is_readable_utf8(aid: DecisionAid, clock: FixedClock) -> None:
    c = new_consultation(aid, clock=clock)
    set_own_words(c, "questions", "Est-ce sûr ?")
    text = dumps_record(c)
    assert "Est-ce sûr ?" in text
    assert text.startswith('{\n  "record_format"')
    assert json.loads(text)["own_words"]["questions"]["text"] == "Est-ce sûr ?"


# -- Markdown -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "[link](http://x)", "# heading", "<img src=x onerror=y>"],
)
def test_md_escape_makes_markup_inert(text: str) -> None:
    out = md_escape(text)
    assert "<" not in out and ">" not in out
    assert "](" not in out
    assert not out.startswith("#")


def test_md_escape_examples() -> None:
    assert md_escape("<script>alert(1)</script>") == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert md_escape("[link](http://x)") == "\\[link\\]\\(http\\://x\\)"
    assert md_escape("# heading") == "\\# heading"
    assert md_escape("a & b | *c* _d_ `e`") == "a &amp; b \\| \\*c\\* \\_d\\_ \\`e\\`"
    assert md_escape("x\n- item\n1. first\n===") == "x\n\\- item\n1\\. first\n\\==="
    assert md_escape("version 1.0.0 on 2026-01-15") == "version 1.0.0 on 2026-01-15"
    assert md_escape("see www.example.org") == "see www\\.example.org"
    assert md_escape("\x1b[2J") == "\u241b\\[2J"


def test_clinic_copy(full: Consultation) -> None:
    md = render_markdown(record_data(full), "clinic")
    assert md.startswith("# Consultation record: Minimal test aid\n")
    assert "**EXAMPLE CONTENT – not clinically reviewed**" in md
    assert "Patient confirmed: 2026-11-26 04:27 UTC" in md
    assert "Clinician confirmed: 2026-11-26 04:28 UTC" in md
    assert "Both confirmed the decision and plan." in md
    assert f"> {CLINICIAN_VIEW}" in md
    assert "not a recommendation" in md
    assert "| Take the tablet | -4 |" in md
    assert "| No tablet | +8 |" in md
    assert "Score: 3 of 4. **Possible decisional conflict**" in md
    assert "- Clinician: Dr Bo (GP)" in md
    assert "- Other: Cy (daughter)" in md
    assert record_data(full)["aid"]["sha256"] in md
    assert "I prefer to decide together with my clinician (entered by patient," in md
    assert "entered by patient and clinician, 2026-11-26 04:22 UTC" in md
    assert "Why the choice differs from the ratings:" in md
    assert "| How many of 100 feel better with the tablet? | 30 | yes |" in md


def test_patient_copy(full: Consultation) -> None:
    md = render_markdown(record_data(full), "patient")
    assert md.startswith("# Minimal test aid\n")
    assert "**EXAMPLE CONTENT – not clinically reviewed**" in md
    assert "**The question:** Should I take the tablet?" in md
    assert "## What matters to you" in md
    assert "| Avoiding daily tablets | Very much |" in md
    assert "> Walking my dog every day" in md
    assert "> Feeling sick at work  \n> and tired" in md
    assert (
        "| Benefit: Feel better (within 1 year) | 30 out of 100 people | 20 out of 100 people |"
        in md
    )
    assert "| Harm: Feel sick (within 1 year) | 5 out of 100 people | 1 out of 100 people |" in md
    assert "We chose: **Take the tablet**" in md
    assert "| Start the tablet | Patient | Monday |" in md
    assert "> in 3 months" in md
    assert "> Less tired by spring" in md
    for clinic_only in (CLINICIAN_VIEW, "SURE", "not a recommendation", "entered by", "Dr Bo"):
        assert clinic_only not in md


def test_missing_chance_is_not_known(aid: DecisionAid, clock: FixedClock) -> None:
    outcome = dataclasses.replace(aid.outcomes[0], chance={"tablet": 30})
    partial = dataclasses.replace(aid, outcomes=(outcome,))
    md = render_markdown(record_data(new_consultation(partial, clock=clock)), "patient")
    assert "| 30 out of 100 people | not known |" in md


def test_banners(aid: DecisionAid, clock: FixedClock) -> None:
    training = record_data(new_consultation(aid, mode="training", clock=clock))
    for audience in ("patient", "clinic"):
        md = render_markdown(training, audience)
        assert "TRAINING – not a clinical record" in md
        assert "EXAMPLE CONTENT" in md
    reviewed = dataclasses.replace(aid, status="reviewed")
    md = render_markdown(record_data(new_consultation(reviewed, clock=clock)), "patient")
    assert "EXAMPLE" not in md and "DRAFT" not in md and "TRAINING" not in md
    draft = dataclasses.replace(aid, status="draft")
    md = render_markdown(
        record_data(new_consultation(draft, mode="preview", clock=clock)), "patient"
    )
    assert "DRAFT" in md and "PREVIEW – not a clinical record" in md


def test_not_yet_in_patient_copy(aid: DecisionAid, clock: FixedClock) -> None:
    c = new_consultation(aid, clock=clock)
    decide_not_yet(c, "talk_with_others", "Ask my daughter")
    md = render_markdown(to_record(c), "patient")
    assert "We have not decided yet." in md
    assert "Talk it over with family or others" in md
    assert "> Ask my daughter" in md


def test_typed_text_cannot_inject_markup(aid: DecisionAid, clock: FixedClock) -> None:
    c = new_consultation(aid, clock=clock)
    nasty = "<script>alert(1)</script>\n# Fake heading\n[click](http://evil.example)\n| a | b |"
    set_participant(c, "patient", "<b>Ann</b> [x](y)")
    set_own_words(c, "worries", nasty)
    set_clinician_view(c, nasty)
    decide(c, "tablet", differs_reason=nasty)
    add_plan_step(c, nasty, "patient", "# soon")
    set_review(c, nasty)
    record = record_data(c)
    for audience in ("patient", "clinic"):
        md = render_markdown(record, audience)
        assert "Fake heading" in md  # shown as typed ...
        assert "](" not in md  # ... but no link
        assert "| a | b |" not in md  # ... nor table cells
        for line in md.splitlines():
            assert "<" not in line  # no raw HTML
            body = line[1:] if line.startswith(">") else line  # our block quotes only
            assert ">" not in body
            assert not (line.startswith("#") and "Fake" in line)


def test_markdown_neutralises_a_record_from_disk(full: Consultation) -> None:
    record = record_data(full)
    record["own_words"]["worries"]["text"] = "\x1b]52;c;cHduZWQ=\x07 \u202etxt"
    md = render_markdown(record, "patient")
    assert "\x1b" not in md and "\u202e" not in md and "\x07" not in md


# -- files ----------------------------------------------------------------------------------------


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder of the test's own (tmp_path also holds conftest's private home)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_write_exports_names_and_content(full: Consultation, out: Path) -> None:
    record = record_data(full)
    paths = write_exports(record, out, audience="clinic")
    assert [p.name for p in paths] == [
        "sdm-2026-11-26T0428Z-minimal-clinic.md",
        "sdm-2026-11-26T0428Z-minimal-record.json",
    ]
    assert paths[0].read_text(encoding="utf-8") == render_markdown(record, "clinic")
    assert json.loads(paths[1].read_text(encoding="utf-8")) == record
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    patient = write_exports(record, out, formats=("md",), audience="patient")
    assert [p.name for p in patient] == ["sdm-2026-11-26T0428Z-minimal-patient.md"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths + patient)


def test_write_exports_never_overwrites(full: Consultation, out: Path) -> None:
    record = record_data(full)
    taken = out / "sdm-2026-11-26T0428Z-minimal-clinic.md"
    taken.write_text("someone else's file")
    first = write_exports(record, out, formats=("md",))
    second = write_exports(record, out, formats=("md",))
    assert first[0].name == "sdm-2026-11-26T0428Z-minimal-clinic-2.md"
    assert second[0].name == "sdm-2026-11-26T0428Z-minimal-clinic-3.md"
    assert taken.read_text() == "someone else's file"


def test_write_exports_uses_a_safe_slug(full: Consultation, out: Path) -> None:
    record = record_data(full)
    record["aid"]["id"] = "../../etc/Pass wd"
    with pytest.raises(RecordError, match=r"at \$\.aid\.id"):  # refused before writing
        write_exports(record, out, formats=("json",))
    assert list(out.iterdir()) == []
    assert slug("../../etc/Pass wd") == "etc-pass-wd"
    record["aid"]["id"] = "etc-pass-wd"
    paths = write_exports(record, out, formats=("json",))
    assert paths[0].parent == out.resolve()
    assert paths[0].name == "sdm-2026-11-26T0428Z-etc-pass-wd-record.json"


def test_export_to_a_missing_folder(full: Consultation, out: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_exports(record_data(full), out / "nowhere")


def test_export_to_a_file_not_a_folder(full: Consultation, out: Path) -> None:
    file = out / "file.txt"
    file.write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        write_exports(record_data(full), file)


def _fail_writes(monkeypatch: pytest.MonkeyPatch, code: int, after: int = 0) -> None:
    real_write = os.write
    calls = {"n": 0}

    def write(fd: int, data: Any) -> int:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(code, os.strerror(code))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)


def test_disk_full_leaves_nothing_behind(
    full: Consultation, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_writes(monkeypatch, errno.ENOSPC)
    with pytest.raises(ExportError, match="full") as caught:
        write_exports(record_data(full), out)
    assert str(out) in caught.value.message
    assert list(out.iterdir()) == []


def test_failure_midway_removes_the_files_already_written(
    full: Consultation, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_writes(monkeypatch, errno.ENOSPC, after=1)  # the .md is written, the .json fails
    with pytest.raises(ExportError):
        write_exports(record_data(full), out)
    assert list(out.iterdir()) == []


def test_permission_denied_is_explained(
    full: Consultation, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_writes(monkeypatch, errno.EACCES)
    with pytest.raises(ExportError, match="Not allowed"):
        write_exports(record_data(full), out)
    assert list(out.iterdir()) == []


# -- atomic writes -------------------------------------------------------------------------------


def test_write_atomic(out: Path) -> None:
    path = out / "a.txt"
    write_atomic(path, b"one", overwrite=False)
    assert path.read_bytes() == b"one"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        write_atomic(path, b"two", overwrite=False)
    assert path.read_bytes() == b"one"
    write_atomic(path, b"three", overwrite=True, mode=0o640)
    assert path.read_bytes() == b"three"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in out.iterdir()] == ["a.txt"]


def test_write_atomic_failure_keeps_the_old_file(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = out / "a.txt"
    write_atomic(path, b"old", overwrite=False)
    _fail_writes(monkeypatch, errno.ENOSPC)
    with pytest.raises(OSError):
        write_atomic(path, b"new", overwrite=True)
    assert path.read_bytes() == b"old"
    assert [p.name for p in out.iterdir()] == ["a.txt"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_dev_full_gives_a_real_enospc() -> None:
    fd = os.open("/dev/full", os.O_WRONLY)
    try:
        with pytest.raises(OSError) as caught:
            os.write(fd, b"x")
    finally:
        os.close(fd)
    assert caught.value.errno == errno.ENOSPC


def test_patient_copy_says_when_the_decision_is_not_confirmed_by_both(minimal_aid):
    from sdm_tui.consultation import rules
    from sdm_tui.export.markdown import render_markdown
    from sdm_tui.export.record_json import to_record
    from tests.builders import fixed_clock

    c = rules.new_consultation(minimal_aid, clock=fixed_clock)
    rules.decide(c, "tablet")
    rules.confirm(c, "patient")
    assert "Not yet confirmed by both" in render_markdown(to_record(c), "patient")
    rules.confirm(c, "clinician")
    assert "Not yet confirmed by both" not in render_markdown(to_record(c), "patient")
