"""Find and read exported consultation records for `sdm-tui report`.

Records come from many workstations and from disk, so nothing in them is trusted. A file
that is not a valid record (not JSON, another format, an unknown `record_version`, or not
fitting the record model, sdm_tui/export/record_model.py) becomes a `Problem` naming the
file and the reason; the reason says where the record is wrong, never what it says, because records
hold patient text. Of a valid record only the few facts the report counts are kept
(`RecordFacts`), so that ten thousand records take little memory.

FHIR documents (`...-fhir.json`) exported beside the records are skipped without a word.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sdm_tui.export.record_model import (
    READ_VERSIONS,
    RECORD_FORMAT,
    AnyRecord,
    RecordError,
    read_record,
    refuse_json_constant,
)
from sdm_tui.i18n import _
from sdm_tui.report.validate import VALIDATION

__all__ = [
    "MAX_RECORD_BYTES",
    "Problem",
    "ReadResult",
    "RecordFacts",
    "find_record_files",
    "read_records",
    "review_date",
]

MAX_RECORD_BYTES = 10 * 1024 * 1024
"""A consultation record is a few tens of kilobytes; anything this big is something else."""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that was not counted, and why (in words that quote nothing from it)."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class RecordFacts:
    """What the report counts of one valid record."""

    path: Path
    mode: str
    aid_id: str
    aid_title: str
    aid_sha256: str
    options: tuple[tuple[str, str], ...]
    """The aid's options as (id, label), in the aid's order."""
    started_at: str
    generated_at: str
    decision: str
    """"chosen", "not_yet" or "none"."""
    option_id: str | None
    leaning: str | None
    """The option the patient leaned towards, "unsure", or None."""
    sure_score: int | None
    collaborate_top: bool | None
    preferred_role: str | None
    review_date: date | None
    # -- follow-up (issue 18) --
    follows: tuple[str, str, str, str] | None = None
    """For a follow-up: the record it reviews, as the report keys a consultation (mode,
    aid id, aid SHA-256, started_at: figures.latest_exports), which records made before
    consultation ids also have; None for a first consultation."""
    decision_now: str | None = None
    """For a follow-up: kept, changed, undecided or decided; None if not answered."""
    regret: int | None = None
    """For a follow-up: the Decision Regret score 0..100, if complete."""
    sure_then: int | None = None
    """For a follow-up: the SURE score of the record it reviews."""
    steps_done: int = 0
    steps_answered: int = 0
    days_to_follow_up: int | None = None
    """For a follow-up: days from the earlier consultation to this one."""

    @property
    def is_follow_up(self) -> bool:
        return self.follows is not None


@dataclass(frozen=True, slots=True)
class ReadResult:
    records: tuple[RecordFacts, ...]
    problems: tuple[Problem, ...]
    validation: str
    """How records were checked (validate.VALIDATION)."""


class _Bad(Exception):
    """A file that is not a record; the message is the reason."""


def review_date(text: str | None) -> date | None:
    """The first YYYY-MM-DD date written in a review text, if it is a real date."""
    found = _ISO_DATE.search(text) if text else None
    if found is None:
        return None
    try:
        return date.fromisoformat(found.group())
    except ValueError:
        return None


def _walk(folder: Path) -> list[Path]:
    found = []
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(root, name) for name in files if _is_json_name(name)]
    return found


def _is_json_name(name: str) -> bool:
    return name.lower().endswith(".json") and not name.startswith(".")


def find_record_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Files named, and *.json files in folders named (and their subfolders, hidden ones
    left out); each file once, sorted. A path that does not exist is a Problem."""
    files: set[Path] = set()
    problems = []
    for path in map(Path, paths):
        if path.is_dir():
            files.update(_walk(path))
        elif path.exists():
            files.add(path)  # a file, or something else that reading will name
        else:
            problems.append(Problem(path, _("no such file or folder")))
    return sorted(files, key=str), problems


def _read_bytes(path: Path) -> bytes:
    """The file's bytes (os-level reads: four times faster than open().read() here)."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: a FIFO named *.json must not hang us
    except OSError as error:
        raise _Bad(_cannot_read(error)) from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Bad(_("not a regular file"))
        chunks, total = [], 0
        while chunk := os.read(fd, max(info.st_size + 1 - total, 1 << 16)):
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_RECORD_BYTES:
                raise _Bad(_("too large to be a consultation record"))
        return b"".join(chunks)
    except OSError as error:
        raise _Bad(_cannot_read(error)) from error
    finally:
        os.close(fd)


def _cannot_read(error: OSError) -> str:
    return _("cannot read it ({reason})").format(reason=error.strerror or type(error).__name__)


def _parse(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"), parse_constant=refuse_json_constant)
    except UnicodeDecodeError as error:
        raise _Bad(_("not UTF-8 text")) from error
    except json.JSONDecodeError as error:
        raise _Bad(
            _("not valid JSON ({problem}: line {line})").format(
                problem=error.msg, line=error.lineno
            )
        ) from error
    except ValueError as error:
        raise _Bad(_("not valid JSON ({problem})").format(problem=error)) from error
    except RecursionError as error:
        raise _Bad(_("nested too deeply to be a consultation record")) from error


def _check_header(record: Any) -> None:
    if not isinstance(record, dict) or record.get("record_format") != RECORD_FORMAT:
        raise _Bad(
            _("not an sdm-tui consultation record (no record_format {format})").format(
                format=repr(RECORD_FORMAT)
            )
        )
    version = record.get("record_version")
    if version not in READ_VERSIONS or isinstance(version, bool):
        shown = version if isinstance(version, int) else _("missing or not a number")
        known = _(" and ").join(map(str, READ_VERSIONS))
        raise _Bad(
            _("record version {version} is not known: this sdm-tui reads versions {known}").format(
                version=shown, known=known
            )
        )


def _day_of(value: str) -> date:
    return date.fromisoformat(value[:10])


def _follow_up_facts(record: AnyRecord) -> dict[str, Any]:
    f = record.follow_up_or_none
    if f is None:
        return {}
    return {
        "follows": (record.mode, record.aid.id, f.earlier.aid_sha256, f.earlier.started_at),
        "decision_now": None if f.decision_now is None else f.decision_now.status,
        "regret": None if f.regret is None else f.regret.score,
        "sure_then": f.earlier.sure.score,
        "steps_done": sum(1 for s in f.steps if s.outcome == "done"),
        "steps_answered": len(f.steps),
        "days_to_follow_up": (_day_of(record.started_at) - _day_of(f.earlier.started_at)).days,
    }


def _review_day(record: AnyRecord) -> date | None:
    """The review date the record keeps, else one written YYYY-MM-DD in the review text."""
    if isinstance(record.review_date, str):
        return date.fromisoformat(record.review_date)
    return None if record.review is None else review_date(record.review.text)


def _facts(path: Path, record: AnyRecord) -> RecordFacts:
    """The counted facts of a valid record."""
    aid, decision = record.aid, record.decision
    collaborate = record.collaborate_or_none
    return RecordFacts(
        path=path,
        mode=record.mode,
        aid_id=aid.id,
        aid_title=aid.title,
        aid_sha256=aid.sha256,
        options=tuple((option.id, option.label) for option in aid.options),
        started_at=record.started_at,
        generated_at=record.generated_at,
        decision=decision.status,
        option_id=decision.option_id,
        leaning=None if record.leaning is None else record.leaning.value,
        sure_score=record.sure.score,
        collaborate_top=None if collaborate is None else collaborate.top_score,
        preferred_role=None if record.preferred_role is None else record.preferred_role.value,
        review_date=_review_day(record),
        **_follow_up_facts(record),
    )


def _is_fhir(value: Any) -> bool:
    return isinstance(value, dict) and "resourceType" in value and "record_format" not in value


def _record(path: Path) -> AnyRecord | None:
    """The record in a file; None for a FHIR document. Raises _Bad saying what is wrong."""
    data = _read_bytes(path)
    try:
        return read_record(data)
    except RecordError as error:
        found = _parse(data)  # says where JSON is broken, or finds a FHIR document
        if _is_fhir(found):
            return None
        _check_header(found)
        raise _Bad(
            _("does not fit the record format: {problem}").format(problem=error.detail)
        ) from None


def read_records(paths: Sequence[Path]) -> ReadResult:
    """Every record under `paths`, checked; the files that are not valid records, named."""
    files, problems = find_record_files(paths)
    records = []
    for path in files:
        try:
            record = _record(path)
        except _Bad as bad:
            problems.append(Problem(path, str(bad)))
            continue
        if record is not None:
            records.append(_facts(path, record))
    return ReadResult(tuple(records), tuple(problems), VALIDATION)
