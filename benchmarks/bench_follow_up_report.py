"""How long `sdm-tui report` takes over 100,000 records, follow-ups among them.

    python -m benchmarks.bench_follow_up_report [--count N] [--folder DIR]

Writes N valid records into a temporary folder (or DIR): consultations made by the core's
own rules from the bundled aids (as benchmarks/bench_report.py makes them, with a plan)
and, for every other one, a follow-up visit made by the follow-up rules from the
consultation's record (plan steps answered, the decision kept or changed, Decision
Regret, SURE again, a new review): a third of the records are follow-ups. Then it times
reading and checking them, counting them and rendering the report (terminal, Markdown and
CSV). The target (issue 18): 100,000 records in 15 seconds or less on this machine.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from benchmarks.bench_report import T0, _templates, run
from sdm_tui.consultation import SURE_ITEMS, add_plan_step, set_review, set_sure
from sdm_tui.consultation import follow_up as fu
from sdm_tui.export import to_record
from sdm_tui.export.follow_up_start import start_follow_up
from sdm_tui.export.record_model import record_from_data, record_to_data
from sdm_tui.export.timefmt import to_iso

TARGET_SECONDS = 15.0
FOLLOW_UP_EVERY = 2
"""One consultation in this many is followed up: a third of the records are follow-ups."""
FOLLOW_UP_VARIANTS = 6


def _follow_up(earlier: dict[str, Any], number: int, days: int) -> dict[str, Any]:
    """A follow-up visit of `earlier`, answered differently by `number`."""
    record = record_from_data(earlier)
    started = datetime.fromisoformat(record.started_at[:-1]).replace(tzinfo=timezone.utc)
    now = started + timedelta(days=days)
    c = start_follow_up(record, f"sdm-{number:06d}-record.json", clock=lambda: now)
    assert c.follow_up is not None
    for index in range(len(c.follow_up.earlier.plan)):
        fu.set_step_outcome(c, index, ("done", "partly", "not_done")[(number + index) % 3])
    fu.set_measure_met(c, ("met", "partly", "too_early")[number % 3])
    fu.set_acted_on(c, "yes" if number % 5 else "no")
    options = [option.id for option in c.aid.options]
    if c.follow_up.earlier.option_id is not None and number % 4:
        fu.keep_decision(c)
    elif number % 7 == 0:
        fu.still_undecided(c, "more_time")
    else:
        fu.change_decision(c, options[number % len(options)])
    if fu.regret_asked(c):
        for item in range(1, 6):
            fu.set_regret(c, item, 1 + (number + item) % 5)
    for position, (key, _) in enumerate(SURE_ITEMS):
        set_sure(c, key, (number + position) % 4 != 0)
    set_review(c, "in 6 months" if number % 2 else "no date yet")
    return record_to_data(to_record(c))


def _with_plan(record: dict[str, Any]) -> dict[str, Any]:
    """The consultation record with two plan steps (the bench_report templates have none)."""
    typed = record_from_data(record)
    if typed.plan:
        return record
    from sdm_tui.export.follow_up_start import aid_from_summary
    from sdm_tui.export.record_read import from_record

    started = datetime.fromisoformat(typed.started_at[:-1]).replace(tzinfo=timezone.utc)
    c = from_record(typed, aid_from_summary(typed.aid), clock=lambda: started)
    add_plan_step(c, "Start and keep a diary", "patient", "in 2 weeks")
    add_plan_step(c, "Blood test", "clinician", "in 3 months")
    out = record_to_data(to_record(c))
    out["generated_at"] = record["generated_at"]
    return out


def _follow_up_templates() -> list[tuple[str, list[str]]]:
    """Per bench_report template: the consultation (with a plan) and follow-ups of it,
    answered in FOLLOW_UP_VARIANTS ways, as JSON text (made once: the rules are slow
    beside a copy)."""
    made = []
    for template in _templates():
        consultation = _with_plan(template)
        visits = [_follow_up(consultation, n, 90) for n in range(FOLLOW_UP_VARIANTS)]
        made.append((json.dumps(consultation), [json.dumps(v) for v in visits]))
    return made


def all_records(count: int) -> Iterator[dict[str, Any]]:
    """`count` distinct records: consultations (each its own start and review date, as
    bench_report's) and a follow-up of every FOLLOW_UP_EVERY-th, 90 days later."""
    templates = _follow_up_templates()
    made = 0
    number = 0
    while made < count:
        consultation_text, visits = templates[number % len(templates)]
        record = json.loads(consultation_text)
        started = T0 + timedelta(minutes=37 * number)
        record["started_at"] = to_iso(started)
        record["generated_at"] = to_iso(started + timedelta(minutes=25))
        record["review_date"] = (started + timedelta(days=90)).date().isoformat()
        yield record
        made += 1
        if number % FOLLOW_UP_EVERY == 0 and made < count:
            visit = json.loads(visits[number % len(visits)])
            later = started + timedelta(days=90 + number % 30)
            visit["started_at"] = to_iso(later)
            visit["generated_at"] = to_iso(later + timedelta(minutes=20))
            visit["review_date"] = (later + timedelta(days=180)).date().isoformat()
            earlier = visit["follow_up"]["earlier"]
            earlier["started_at"] = record["started_at"]
            earlier["generated_at"] = record["generated_at"]
            yield visit
            made += 1
        number += 1


def main(argv: list[str] | None = None) -> None:
    # One run, no warming: 100,000 files are the page cache's worth.
    count, times = run(
        "python -m benchmarks.bench_follow_up_report", argv, all_records, count=100_000, warm=False
    )
    verdict = "met" if times["total"][0] <= TARGET_SECONDS else "NOT met"
    print(f"target {TARGET_SECONDS:.0f} s for {count} records: {verdict}")


if __name__ == "__main__":
    main()
