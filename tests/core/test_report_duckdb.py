"""The DuckDB query of docs/reporting.md gives the same figures as `sdm-tui report`.

The query is run exactly as shipped (sdm_tui/report/duckdb_query.sql, which reads
`records/*.json`) from a folder holding a generated sample: two aids, clinical and training
records, a preview, earlier exports of the same consultations and a FHIR document.
"""

from __future__ import annotations

import argparse
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli

from sdm_tui.aid.library import bundled_aids_folder
from sdm_tui.aid.loader import load_aid
from sdm_tui.cli.report import configure, run
from sdm_tui.consultation import NOT_YET_REASONS, ROLES_IN_DECIDING
from sdm_tui.report import build_report, figure_rows, read_records
from sdm_tui.report.figures import duckdb_query
from tests.builders import ROOT, minimal_aid
from tests.report_records import consultation_record, follow_up_record, write_records

duckdb = pytest.importorskip("duckdb")

TODAY = date(2026, 11, 26)
REVIEWS = [
    "",
    "in 3 months",
    "2026-11-20",
    "2026-11-26",
    "on 2026-12-15",
    "2027-03-01",
    "2026-02-30",
]


def _sample(seed: int = 7, count: int = 60) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed)
    aids = [minimal_aid(), load_aid(bundled_aids_folder() / "statins-primary-prevention.toml")]
    records = []
    for number in range(count):
        aid = rng.choice(aids)
        options = [o.id for o in aid.options]
        decided = rng.random()
        record = consultation_record(
            aid=aid,
            mode=rng.choice(["clinical"] * 4 + ["training", "preview"]),
            start=number * 30,
            choice=rng.choice(options) if decided < 0.7 else None,
            not_yet=rng.choice(list(NOT_YET_REASONS)) if 0.7 <= decided < 0.9 else None,
            leaning=rng.choice([None, "unsure", *options]),
            sure=[rng.random() < 0.8 for _ in range(rng.choice([0, 2, 4, 4]))],
            collaborate=[rng.choice([3, 4, 4]) for _ in range(rng.choice([0, 1, 3, 3]))],
            role=rng.choice([None, *ROLES_IN_DECIDING]),
            review=rng.choice(REVIEWS),
            exported=20,
            plan=[("Step", "patient", "in 2 weeks"), ("Another", "both", "")][: rng.randint(0, 2)],
        )
        records.append((f"sdm-{number:03d}-record.json", record))
        if number % 7 == 0:  # exported again later, or earlier, with another choice
            again = consultation_record(
                aid=aid, mode=record["mode"], start=number * 30, choice=options[-1],
                exported=rng.choice([5, 40]),
            )  # fmt: skip
            records.append((f"sdm-{number:03d}-record-2.json", again))
        if record["mode"] != "preview" and rng.random() < 0.6:  # followed up, some twice
            records += _follow_ups(rng, number, record, options)
    return records


def _follow_ups(
    rng: random.Random, number: int, record: dict[str, Any], options: list[str]
) -> list[tuple[str, dict[str, Any]]]:
    made = []
    earlier = record
    for visit in range(rng.choice([1, 1, 2])):
        earlier = follow_up_record(
            earlier,
            days=rng.choice([28, 90, 91, 200]),
            steps=[rng.choice([None, "done", "partly", "not_done", "done"]) for _ in range(3)],
            now=rng.choice([None, "kept", "more_time", *options]),
            acted=rng.random() < 0.8,
            regret=[rng.randint(1, 5) for _ in range(rng.choice([0, 3, 5, 5]))],
            sure=[rng.random() < 0.7 for _ in range(rng.choice([0, 4, 4]))],
            review=rng.choice(["", "in 3 months", "2026-11-30", "2027-06-01"]),
        )
        made.append((f"sdm-{number:03d}-follow-up-{visit}.json", earlier))
    return made


def _ours(folder: Path, due_within: int) -> list[tuple[Any, ...]]:
    report = build_report(read_records([folder]), TODAY, due_within)
    assert not report.problems
    return sorted(row.key() for row in figure_rows(report))


def _duckdb(due_within: int) -> list[tuple[Any, ...]]:
    con = duckdb.connect()
    con.execute(f"SET VARIABLE today = DATE '{TODAY.isoformat()}'")
    con.execute(f"SET VARIABLE due_within = {due_within}")
    return sorted(tuple(row) for row in con.execute(duckdb_query()).fetchall())


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("duckdb")
    write_records(base / "records", _sample())
    write_records(base / "records", [("sdm-fhir.json", {"resourceType": "Bundle"})])
    return base


@pytest.mark.parametrize("due_within", [30, 0, 120])
def test_duckdb_gives_the_same_figures(
    sample: Path, monkeypatch: pytest.MonkeyPatch, due_within: int
) -> None:
    monkeypatch.chdir(sample)
    ours = _ours(Path("records"), due_within)
    assert {row[0] for row in ours} == {"clinical", "training"}
    assert any(row[3] == "collaborate_top_score" and row[6] for row in ours)
    for figure in ("follow_ups", "regret_median", "plan_steps_done", "decision_at_follow_up"):
        assert any(row[3] == figure and row[5] for row in ours), figure
    assert _duckdb(due_within) == ours


def test_the_command_prints_the_query(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    configure(parser)
    assert run(parser.parse_args(["--duckdb-sql"])) == 0
    assert capsys.readouterr().out == duckdb_query()


def test_the_query_ships_with_the_package() -> None:
    root = ROOT
    pyproject = tomli.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.sql" in pyproject["tool"]["setuptools"]["package-data"]["*"]
    assert "read_json(" in duckdb_query() and "'records/*.json'" in duckdb_query()
    doc = (root / "docs" / "reporting.md").read_text(encoding="utf-8")
    assert "sdm_tui/report/duckdb_query.sql" in doc and "--duckdb-sql" in doc
    assert "SET VARIABLE today" in doc
