"""The report's figures: pure counting over the facts of valid records.

Records of rehearsals ("training") are counted apart from clinical ones and never mixed
into the same figures; previews are left out. A consultation exported more than once (a
change after an export writes a new file, and copies travel between workstations) is
counted once, from its latest export: records with the same aid id, aid SHA-256,
`started_at` and mode are one consultation (the key the FHIR export uses too).

Every figure is a count and what it is out of, overall and per aid:

- consultations;
- decision: chosen, not yet, none recorded (out of consultations);
- choice, per aid only: each option chosen (out of consultations; option ids differ
  between aids, so there is no overall figure);
- matched_leaning: the choice was the option the patient leaned towards (out of those with
  a chosen option and a leaning towards an option, "unsure" not counted);
- sure_3_or_less: SURE score 3 or less (out of those with all four SURE answers);
- collaborate_top_score: CollaboRATE 4 on all three questions (out of those with all three);
- preferred_role: each part in deciding, and not recorded (out of consultations);
- review_due, review_overdue: a review date (the record's review_date, else written
  YYYY-MM-DD in the review text) within the next N days (today included), or before today
  (out of those with such a date).

Follow-up records (issue 18) are not consultations: the figures above leave them out, and
these count them (docs/reporting.md):

- follow_ups: follow-up visits (out of themselves);
- follow_up_due: records (consultations and follow-ups) whose review date is due within N
  days or overdue and that no follow-up names yet (out of records with a review date); a
  follow-up names the record it reviews by the same key a consultation is counted by;
- decision_at_follow_up: kept, changed, undecided, decided (out of follow-ups answering it);
- regret_above_25: a Decision Regret score above 25 (out of follow-ups with a score);
- regret_median: the median score (the lower one of an even count: always a score
  given), out of follow-ups with a score;
- sure_3_or_less_then, sure_3_or_less_now: SURE 3 or less at the decision and at its
  follow-up, out of follow-ups with both scores complete;
- plan_steps_done: earlier plan steps done (out of steps answered);
- days_to_follow_up_median: median days from the decision to its follow-up (lower median).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from sdm_tui.consultation.record import UNSURE
from sdm_tui.consultation.sure import SURE_FLAG_AT_OR_BELOW
from sdm_tui.i18n import N_, _
from sdm_tui.report.reader import Problem, ReadResult, RecordFacts
from sdm_tui.report.validate import DECISIONS

__all__ = [
    "DECISION_LABELS",
    "GROUPS",
    "ROLE_ITEMS",
    "AidInfo",
    "DueReview",
    "FigureRow",
    "Group",
    "Report",
    "Tally",
    "build_report",
    "duckdb_query",
    "figure_rows",
    "latest_exports",
]

GROUPS: tuple[str, ...] = ("clinical", "training")
"""The groups of records reported, each apart; "preview" records are left out."""
DECISION_LABELS: dict[str, str] = {
    "chosen": N_("An option chosen"),
    "not_yet": N_("Not yet"),
    "none": N_("No decision recorded"),
}
"""Marked, translated where shown; the CSV's label column keeps them in English (data)."""
NOT_RECORDED = "not_recorded"
ROLE_ITEMS: dict[str, str] = {
    "decide_myself": N_("Decide myself, after hearing the options"),
    "decide_together": N_("Decide together with the clinician"),
    "clinician_decides": N_("The clinician decides"),
    NOT_RECORDED: N_("Not recorded"),
}
"""The preferred parts in deciding (ROLES_IN_DECIDING keys), as the report names them."""
DEFAULT_DUE_WITHIN = 30
FOLLOW_UP_DECISIONS: dict[str, str] = {
    "kept": N_("Kept"),
    "changed": N_("Changed"),
    "undecided": N_("Still undecided"),
    "decided": N_("Decided now (was 'not yet')"),
}
REGRET_HIGH_ABOVE = 25
FOLLOW_UP_FIGURES: tuple[str, ...] = (
    "follow_ups",
    "follow_up_due",
    "decision_at_follow_up",
    "regret_above_25",
    "regret_median",
    "sure_3_or_less_then",
    "sure_3_or_less_now",
    "plan_steps_done",
    "days_to_follow_up_median",
)
"""The figures of follow-up visits (in the order each scope gives them)."""


@dataclass(slots=True)
class FollowUpTally:
    """The follow-up visits of one set of records, and the reviews still to be held."""

    follow_ups: int = 0
    due: int = 0
    dated: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    regrets: list[int] = field(default_factory=list)
    sure_low_then: int = 0
    sure_low_now: int = 0
    sure_paired: int = 0
    steps_done: int = 0
    steps_answered: int = 0
    days: list[int] = field(default_factory=list)

    def add(self, facts: RecordFacts) -> None:
        """Count one follow-up visit."""
        self.follow_ups += 1
        if facts.decision_now is not None:
            self.decisions[facts.decision_now] += 1
        if facts.regret is not None:
            self.regrets.append(facts.regret)
        if facts.sure_then is not None and facts.sure_score is not None:
            self.sure_paired += 1
            self.sure_low_then += facts.sure_then <= SURE_FLAG_AT_OR_BELOW
            self.sure_low_now += facts.sure_score <= SURE_FLAG_AT_OR_BELOW
        self.steps_done += facts.steps_done
        self.steps_answered += facts.steps_answered
        if facts.days_to_follow_up is not None:
            self.days.append(facts.days_to_follow_up)

    def add_review(self, days: int | None, due_within: int, followed_up: bool) -> None:
        """Count a record's review: due (or overdue) and not yet followed up."""
        if days is None:
            return
        self.dated += 1
        self.due += days <= due_within and not followed_up

    @property
    def regret_high(self) -> int:
        return sum(1 for score in self.regrets if score > REGRET_HIGH_ABOVE)


def median_low(values: list[int]) -> int:
    """The median, the lower middle of an even count (always a value given); 0 for none."""
    return statistics.median_low(values) if values else 0


@dataclass(slots=True)
class Tally:
    """The counts for one set of records: one aid's, or all of a group's."""

    consultations: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    choices: Counter[str] = field(default_factory=Counter)
    leaning_matched: int = 0
    leaning_comparable: int = 0
    sure_low: int = 0
    sure_complete: int = 0
    top_score: int = 0
    rated: int = 0
    roles: Counter[str] = field(default_factory=Counter)
    review_due: int = 0
    review_overdue: int = 0
    review_dated: int = 0

    def add(self, facts: RecordFacts, review_days: int | None, due_within: int) -> None:
        """Count one record; `review_days` is days from today to its review date."""
        self.consultations += 1
        self.decisions[facts.decision] += 1
        if facts.decision == "chosen" and facts.option_id is not None:
            self.choices[facts.option_id] += 1
            if facts.leaning is not None and facts.leaning != UNSURE:
                self.leaning_comparable += 1
                self.leaning_matched += facts.leaning == facts.option_id
        if facts.sure_score is not None:
            self.sure_complete += 1
            self.sure_low += facts.sure_score <= SURE_FLAG_AT_OR_BELOW
        if facts.collaborate_top is not None:
            self.rated += 1
            self.top_score += facts.collaborate_top
        self.roles[facts.preferred_role or NOT_RECORDED] += 1
        if review_days is not None:
            self.review_dated += 1
            self.review_due += 0 <= review_days <= due_within
            self.review_overdue += review_days < 0


@dataclass(frozen=True, slots=True)
class AidInfo:
    """An aid as its latest record names it."""

    aid_id: str
    title: str
    options: tuple[tuple[str, str], ...]
    """(id, label): the latest record's options, then any others seen, sorted."""


@dataclass(frozen=True, slots=True)
class DueReview:
    review_date: date
    days: int
    """Days from today: negative when overdue."""
    aid_id: str
    path: str


@dataclass(slots=True)
class Group:
    """The figures of one group of records (clinical or training)."""

    mode: str
    overall: Tally = field(default_factory=Tally)
    aids: dict[str, Tally] = field(default_factory=dict)
    info: dict[str, AidInfo] = field(default_factory=dict)
    reviews: list[DueReview] = field(default_factory=list)
    """Reviews due within the window or overdue, soonest first."""
    follow_up: FollowUpTally = field(default_factory=FollowUpTally)
    follow_up_aids: dict[str, FollowUpTally] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Report:
    today: date
    due_within: int
    groups: dict[str, Group]
    problems: tuple[Problem, ...]
    previews: int
    """Preview records left out."""
    duplicates: int
    """Earlier exports of a consultation counted once."""
    validation: str


def _key(facts: RecordFacts) -> tuple[str, str, str, str]:
    return (facts.mode, facts.aid_id, facts.aid_sha256, facts.started_at)


def latest_exports(records: Iterable[RecordFacts]) -> tuple[list[RecordFacts], int]:
    """Each consultation once: its latest export (then the last file name); and how many
    earlier exports were left out."""
    latest: dict[tuple[str, str, str, str], RecordFacts] = {}
    count = 0
    for facts in records:
        count += 1
        seen = latest.get(_key(facts))
        if seen is None or (facts.generated_at, str(facts.path)) > (
            seen.generated_at,
            str(seen.path),
        ):
            latest[_key(facts)] = facts
    return list(latest.values()), count - len(latest)


def _aid_info(records: list[RecordFacts]) -> AidInfo:
    newest = max(records, key=lambda f: (f.generated_at, str(f.path)))
    labels = dict(newest.options)
    others: dict[str, str] = {}
    for facts in records:
        for option_id, label in facts.options:
            others.setdefault(option_id, label)
        if facts.option_id is not None:
            others.setdefault(facts.option_id, facts.option_id)
    extra = sorted((i, label) for i, label in others.items() if i not in labels)
    return AidInfo(newest.aid_id, newest.aid_title, (*newest.options, *extra))


def _group(mode: str, every: list[RecordFacts], today: date, due_within: int) -> Group:
    group = Group(mode)
    by_aid: dict[str, list[RecordFacts]] = {}
    followed = {f.follows for f in every if f.follows is not None}
    for facts in every:
        tallies = [group.follow_up, group.follow_up_aids.setdefault(facts.aid_id, FollowUpTally())]
        when = facts.review_date
        days = None if when is None else (when - today).days
        for tally in tallies:
            tally.add_review(days, due_within, _key(facts) in followed)
            if facts.is_follow_up:
                tally.add(facts)
    group.follow_up_aids = dict(sorted(group.follow_up_aids.items()))
    records = [facts for facts in every if not facts.is_follow_up]
    for facts in records:
        by_aid.setdefault(facts.aid_id, []).append(facts)
        when = facts.review_date
        days = None if when is None else (when - today).days
        group.overall.add(facts, days, due_within)
        group.aids.setdefault(facts.aid_id, Tally()).add(facts, days, due_within)
        if when is not None and days is not None and days <= due_within:
            group.reviews.append(DueReview(when, days, facts.aid_id, str(facts.path)))
    group.aids = dict(sorted(group.aids.items()))
    for facts in every:
        if facts.is_follow_up:  # an aid seen only in follow-ups is named too
            by_aid.setdefault(facts.aid_id, []).append(facts)
    group.info = {aid_id: _aid_info(by_aid[aid_id]) for aid_id in group.follow_up_aids}
    group.reviews.sort(key=lambda r: (r.review_date, r.aid_id, r.path))
    return group


def build_report(result: ReadResult, today: date, due_within: int = DEFAULT_DUE_WITHIN) -> Report:
    """The figures of every valid record read, per group, overall and per aid."""
    if due_within < 0:
        raise ValueError(_("due_within is a number of days, 0 or more"))
    kept, duplicates = latest_exports(result.records)
    kept.sort(key=lambda f: str(f.path))
    groups = {
        mode: _group(mode, [f for f in kept if f.mode == mode], today, due_within)
        for mode in GROUPS
    }
    previews = sum(1 for f in kept if f.mode not in GROUPS)
    return Report(
        today, due_within, groups, result.problems, previews, duplicates, result.validation
    )


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One figure, as the CSV and the DuckDB query (sdm_tui/report/duckdb_query.sql) give it."""

    mode: str
    scope: str
    """"overall" or "aid"."""
    aid_id: str
    """"" for overall."""
    figure: str
    item: str
    count: int
    out_of: int
    label: str = ""

    @property
    def percent(self) -> float | None:
        """100 x count / out_of; None when out_of is 0, or when count is a median (a
        score or days, not a count of records)."""
        if not self.out_of or self.figure.endswith("_median"):
            return None
        return round(100 * self.count / self.out_of, 1)

    def key(self) -> tuple[str, str, str, str, str, int, int]:
        """The row without its label: what the DuckDB query must give too."""
        return (self.mode, self.scope, self.aid_id, self.figure, self.item, self.count, self.out_of)


def _tally_rows(
    mode: str, scope: str, aid_id: str, tally: Tally, info: AidInfo | None
) -> list[FigureRow]:
    n = tally.consultations

    def row(figure: str, item: str, count: int, out_of: int, label: str = "") -> FigureRow:
        return FigureRow(mode, scope, aid_id, figure, item, count, out_of, label)

    rows = [row("consultations", "", n, n)]
    rows += [row("decision", d, tally.decisions[d], n, DECISION_LABELS[d]) for d in DECISIONS]
    if info is not None:
        rows += [row("choice", i, tally.choices[i], n, label) for i, label in info.options]
    rows += [
        row("matched_leaning", "", tally.leaning_matched, tally.leaning_comparable),
        row("sure_3_or_less", "", tally.sure_low, tally.sure_complete),
        row("collaborate_top_score", "", tally.top_score, tally.rated),
    ]
    rows += [row("preferred_role", r, tally.roles[r], n, label) for r, label in ROLE_ITEMS.items()]
    rows += [
        row("review_due", "", tally.review_due, tally.review_dated),
        row("review_overdue", "", tally.review_overdue, tally.review_dated),
    ]
    return rows


def _follow_up_rows(mode: str, scope: str, aid_id: str, tally: FollowUpTally) -> list[FigureRow]:
    def row(figure: str, item: str, count: int, out_of: int, label: str = "") -> FigureRow:
        return FigureRow(mode, scope, aid_id, figure, item, count, out_of, label)

    n = tally.follow_ups
    answered = sum(tally.decisions.values())
    scored = len(tally.regrets)
    rows = [
        row("follow_ups", "", n, n),
        row("follow_up_due", "", tally.due, tally.dated),
    ]
    rows += [
        row("decision_at_follow_up", key, tally.decisions[key], answered, label)
        for key, label in FOLLOW_UP_DECISIONS.items()
    ]
    rows += [
        row("regret_above_25", "", tally.regret_high, scored),
        row("regret_median", "", median_low(tally.regrets), scored),
        row("sure_3_or_less_then", "", tally.sure_low_then, tally.sure_paired),
        row("sure_3_or_less_now", "", tally.sure_low_now, tally.sure_paired),
        row("plan_steps_done", "", tally.steps_done, tally.steps_answered),
        row("days_to_follow_up_median", "", median_low(tally.days), len(tally.days)),
    ]
    return rows


def figure_rows(report: Report) -> list[FigureRow]:
    """Every figure as a row: per group, overall first, then each aid; the follow-up
    figures after the consultations' in each scope."""
    rows: list[FigureRow] = []
    for mode, group in report.groups.items():
        if group.overall.consultations:
            rows += _tally_rows(mode, "overall", "", group.overall, None)
        if group.follow_up.follow_ups or group.follow_up.dated:
            rows += _follow_up_rows(mode, "overall", "", group.follow_up)
        for aid_id, tally in group.aids.items():
            rows += _tally_rows(mode, "aid", aid_id, tally, group.info[aid_id])
        for aid_id, fu_tally in group.follow_up_aids.items():
            if fu_tally.follow_ups or fu_tally.dated:
                rows += _follow_up_rows(mode, "aid", aid_id, fu_tally)
    return rows


def duckdb_query() -> str:
    """The DuckDB query that gives the same rows as `figure_rows` from a folder `records/`
    of exported records (sdm_tui/report/duckdb_query.sql; docs/reporting.md)."""
    return resources.files("sdm_tui.report").joinpath("duckdb_query.sql").read_text("utf-8")
