"""How long `sdm-tui report` takes over many records: ten thousand by default.

    python -m benchmarks.bench_report [--count N] [--folder DIR]
    python benchmarks/bench_report.py ...        (with sdm-tui installed, as `make` does)

Writes N valid records (made by the core's own rules from the bundled aids, then varied)
into a temporary folder, or DIR, and times reading and checking them, counting them, and
rendering the report (terminal, Markdown and CSV). The goal: a few seconds for 10,000.
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console

from sdm_tui.aid.library import bundled_aids_folder
from sdm_tui.aid.loader import load_aid
from sdm_tui.cli.report_terminal import render_terminal
from sdm_tui.consultation import (
    SURE_ITEMS,
    decide,
    decide_not_yet,
    new_consultation,
    set_collaborate,
    set_leaning,
    set_preferred_role,
    set_review,
    set_sure,
)
from sdm_tui.consultation.collaborate import COLLABORATE_KEYS
from sdm_tui.export import to_record
from sdm_tui.export.record_model import record_to_data
from sdm_tui.export.timefmt import to_iso
from sdm_tui.report import build_report, read_records, render_csv, render_markdown
from sdm_tui.report.figures import Report
from sdm_tui.report.validate import VALIDATION

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 26)
T = TypeVar("T")
ROLES = (None, "decide_myself", "decide_together", "clinician_decides")


def _templates() -> list[dict[str, Any]]:
    """One record per aid and way of deciding (chosen each option, or not yet)."""
    templates = []
    for path in sorted(bundled_aids_folder().glob("*.toml")):
        aid = load_aid(path)
        for index, option in enumerate([*aid.options, None]):
            c = new_consultation(aid, mode="training" if index == 1 else "clinical")
            set_preferred_role(c, ROLES[index % len(ROLES)])
            set_leaning(c, aid.options[0].id)
            for number, (key, _) in enumerate(SURE_ITEMS):
                set_sure(c, key, number != index)
            for key in COLLABORATE_KEYS:
                set_collaborate(c, key, 4 - index % 2)
            if option is None:
                decide_not_yet(c, "more_time")
            else:
                decide(c, option.id)
            set_review(c, "Review at the next visit")
            templates.append(record_to_data(to_record(c)))
    return templates


def records(count: int) -> Iterator[dict[str, Any]]:
    """`count` distinct records: each its own start time and review date."""
    templates = [json.dumps(template) for template in _templates()]
    for number in range(count):
        record = json.loads(templates[number % len(templates)])
        started = T0 + timedelta(minutes=37 * number)
        record["started_at"] = to_iso(started)
        record["generated_at"] = to_iso(started + timedelta(minutes=25))
        review = (started + timedelta(days=90)).date().isoformat()
        record["review"]["text"] = f"Review on {review}"
        yield record


def write(folder: Path, made: Iterable[dict[str, Any]]) -> None:
    for number, record in enumerate(made):
        path = folder / f"sdm-{number:06d}-record.json"
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")


class _Timer:
    """Wall-clock and CPU seconds per step (CPU time shows the work when the machine is
    shared: wall time grows with the load, CPU time hardly does)."""

    def __init__(self) -> None:
        self.steps: dict[str, tuple[float, float]] = {}

    def __call__(self, step: str, function: Callable[[], T]) -> T:
        wall, cpu = time.perf_counter(), time.process_time()
        value = function()
        self.steps[step] = (time.perf_counter() - wall, time.process_time() - cpu)
        return value


def _render_all(report: Report) -> None:
    render_terminal(report, Console(file=io.StringIO(), width=100))
    render_markdown(report)
    render_csv(report)


def bench(folder: Path) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds for each step of a report over every record in `folder`."""
    timer = _Timer()
    result = timer("read and check", lambda: read_records([folder]))
    report = timer("count", lambda: build_report(result, TODAY))
    timer("render", lambda: _render_all(report))
    times = timer.steps
    times["total"] = (sum(w for w, _ in times.values()), sum(c for _, c in times.values()))
    counted = sum(
        group.overall.consultations + group.follow_up.follow_ups for group in report.groups.values()
    )
    if counted != len(result.records) or result.problems:
        raise SystemExit(f"expected every record counted, got {counted} and {result.problems[:3]}")
    return times


def run(
    prog: str,
    argv: list[str] | None,
    made: Callable[[int], Iterable[dict[str, Any]]],
    *,
    count: int,
    warm: bool,
) -> tuple[int, dict[str, tuple[float, float]]]:
    """Write `made(count)` records (`--count`) into a temporary folder (or `--folder`), time
    the report over them (once more after a warming run if `warm`), print the figures, and
    return the count and the figures."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--count", type=int, default=count)
    parser.add_argument("--folder", type=Path, help="write the records here (kept)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sdm-bench-report-") as temporary:
        folder = args.folder or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        write(folder, made(args.count))
        print(f"wrote {args.count} records in {time.perf_counter() - start:.2f} s")
        if warm:
            bench(folder)  # warm the page cache and the imports
        times = bench(folder)
    print(f"records checked with {VALIDATION}")
    print(f"{'':>15}  {'wall':>7}  {'CPU':>7}")
    for step, (wall, cpu) in times.items():
        print(f"{step:>15}: {wall:6.2f} s {cpu:6.2f} s")
    return args.count, times


def main(argv: list[str] | None = None) -> None:
    run("python -m benchmarks.bench_report", argv, records, count=10_000, warm=True)


if __name__ == "__main__":
    main()
