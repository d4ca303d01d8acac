"""The lint: warnings about an aid that loads, inspired by the IPDAS criteria.

Pure: an aid, where its keys are in the file (a `SourceMap`), today's date and the
settings in, a list of warnings out. The rules are declared in `lint_rules.RULES`.
Warnings never stop an aid from loading; `sdm-tui check --strict` makes them fail a run.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sdm_tui.aid.evidence import example_values, personalise
from sdm_tui.aid.lint_evidence import evidence_findings
from sdm_tui.aid.lint_ipdas import ipdas_findings
from sdm_tui.aid.lint_rules import RULES, RULES_BY_ID, Rule, find_rule
from sdm_tui.aid.locate import KeyPath, SourceMap
from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import Problem

__all__ = ["DEFAULT_MAX_GRADE", "RULES", "LintSettings", "Rule", "find_rule", "lint_aid"]

DEFAULT_MAX_GRADE = 8.0
REVIEW_AGE_YEARS = 2


@dataclass(frozen=True)
class LintSettings:
    max_grade: float = DEFAULT_MAX_GRADE
    """Reading grade above which a text is reported."""
    ignore: frozenset[str] = frozenset()
    """Rule ids silenced for every file (`--ignore`)."""


@dataclass(frozen=True)
class _Finding:
    rule: Rule
    key_path: KeyPath
    shown: str
    message: str
    grade: float | None = None


def lint_aid(
    aid: DecisionAid, source: SourceMap, today: dt.date, settings: LintSettings | None = None
) -> list[Problem]:
    """Every warning about `aid`: other rules in line order, then reading levels worst first."""
    settings = settings or LintSettings()
    silenced = settings.ignore | _silenced_in_file(aid)
    findings = list(_evidence_findings(aid))
    # A format-2 aid is judged on the numbers it shows for example inputs (defaults, else
    # the middle of each range): its computed outcomes have no counts of their own.
    aid = personalise(aid, example_values(aid))
    findings += _ignore_findings(aid)
    findings += _option_findings(aid)
    findings += _outcome_findings(aid)
    findings += _content_findings(aid)
    findings += _date_findings(aid, today)
    findings += [
        _Finding(RULES_BY_ID[code], key_path, shown, message)
        for code, key_path, shown, message in ipdas_findings(aid, texts(aid))
    ]
    if "SDM110" not in silenced:
        findings += _reading_findings(aid, settings.max_grade)

    problems = [
        (finding, _problem(aid.path, source, finding))
        for finding in findings
        if finding.rule.id not in silenced
    ]
    plain = sorted((p for f, p in problems if f.grade is None), key=_by_place)
    graded = sorted(((f.grade or 0.0, p) for f, p in problems if f.grade is not None), key=_worst)
    return plain + [p for _, p in graded]


def _silenced_in_file(aid: DecisionAid) -> frozenset[str]:
    """Rules the file's `[lint] ignore` names (with or without a reason)."""
    rules = (find_rule(ignore.rule) for ignore in aid.lint_ignores)
    return frozenset(rule.id for rule in rules if rule is not None and rule.silenceable_in_file)


def _by_place(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def _worst(item: tuple[float, Problem]) -> tuple[float, int]:
    return (-item[0], item[1].line or 0)


def _problem(file: Path | None, source: SourceMap, finding: _Finding) -> Problem:
    line, column = source.find(finding.key_path, value=True)
    return Problem(
        file=file or Path("<aid>"),
        line=line,
        column=column,
        path=finding.shown,
        message=finding.message,
        fix=finding.rule.fix,
        code=finding.rule.id,
        name=finding.rule.name,
        severity="warning",
        source_line=source.line_text(line),
        why=finding.rule.why,
    )


def _entry(name: str, entry_id: str) -> str:
    return f'{name}[id="{entry_id}"]'


# -- the rules ------------------------------------------------------------------------------


def _ignore_findings(aid: DecisionAid) -> Iterator[_Finding]:
    """SDM112, SDM113: the file's own `[lint] ignore` entries."""
    names = [r.id for r in RULES] + [r.name for r in RULES]
    for index, ignore in enumerate(aid.lint_ignores):
        path, shown = ("lint", "ignore", index), f"lint.ignore[{index}]"
        rule = find_rule(ignore.rule)
        if rule is None:
            close = difflib.get_close_matches(ignore.rule, names, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else ""
            yield _Finding(RULES_BY_ID["SDM113"], path, shown, f'no rule "{ignore.rule}"{hint}')
        elif not rule.silenceable_in_file:
            yield _Finding(
                RULES_BY_ID["SDM113"],
                path,
                shown,
                f"{rule.id} ({rule.name}) cannot be silenced in the file it is about",
            )
        if not ignore.reason.strip():
            yield _Finding(
                RULES_BY_ID["SDM112"],
                path,
                shown,
                f'ignoring "{ignore.rule}" without a reason',
            )


def _option_findings(aid: DecisionAid) -> Iterator[_Finding]:
    """SDM101, SDM102."""
    if not any(option.is_no_action for option in aid.options):
        yield _Finding(
            RULES_BY_ID["SDM101"],
            ("options",),
            "options",
            "no option is for taking no action, such as no treatment or watchful waiting",
        )
    counted = {option_id for outcome in aid.outcomes for option_id in outcome.chance}
    for index, option in enumerate(aid.options):
        if option.id not in counted:
            where = "in any outcome" if aid.outcomes else "(the aid has no [[outcomes]])"
            yield _Finding(
                RULES_BY_ID["SDM102"],
                ("options", index),
                _entry("options", option.id),
                f'option "{option.id}" has no count {where}',
            )


def _outcome_findings(aid: DecisionAid) -> Iterator[_Finding]:
    """SDM103, SDM104."""
    if aid.outcomes and not (aid.benefits and aid.harms):
        missing = "harms" if aid.benefits else "benefits"
        found = "benefits" if aid.benefits else "harms"
        yield _Finding(
            RULES_BY_ID["SDM103"],
            ("outcomes",),
            "outcomes",
            f"all {len(aid.outcomes)} outcomes are {found}: no {missing} are shown",
        )
    pers = Counter(outcome.per for outcome in aid.outcomes)
    if len(pers) > 1 and aid.format == 1:  # format 2 chooses a denominator per outcome
        usual = max(pers, key=lambda per: (pers[per], -_first_index(aid, per)))
        for index, outcome in enumerate(aid.outcomes):
            if outcome.per != usual:
                yield _Finding(
                    RULES_BY_ID["SDM104"],
                    ("outcomes", index, "per"),
                    _entry("outcomes", outcome.id) + ".per",
                    f"counts out of {outcome.per}, but {pers[usual]} other outcome"
                    f"{'' if pers[usual] == 1 else 's'} count out of {usual}",
                )


def _evidence_findings(aid: DecisionAid) -> Iterator[_Finding]:
    """SDM123 and SDM130 for computed outcomes (format 2)."""
    for code, key_path, shown, message in evidence_findings(aid):
        yield _Finding(RULES_BY_ID[code], key_path, shown, message)


def _first_index(aid: DecisionAid, per: int) -> int:
    return next(i for i, outcome in enumerate(aid.outcomes) if outcome.per == per)


def _content_findings(aid: DecisionAid) -> Iterator[_Finding]:
    """SDM105, SDM106, SDM107, SDM111."""
    for index, value in enumerate(aid.values):
        if not any(value.favours.values()):
            yield _Finding(
                RULES_BY_ID["SDM105"],
                ("values", index, "favours"),
                _entry("values", value.id) + ".favours",
                f'value "{value.id}" does not favour or disfavour any option',
            )
    for index, question in enumerate(aid.questions):
        for option in aid.options:
            if not question.answers.get(option.id, "").strip():
                yield _Finding(
                    RULES_BY_ID["SDM106"],
                    ("questions", index, "answers", option.id),
                    _entry("questions", question.id) + f".answers.{option.id}",
                    f'the answer for option "{option.id}" is empty',
                )
    for index, author in enumerate(aid.authors):
        if not (author.conflicts_of_interest or "").strip():
            yield _Finding(
                RULES_BY_ID["SDM107"],
                ("authors", index),
                f"authors[{index}]",
                f'"{author.name}" declares no conflicts of interest',
            )
    for index, source in enumerate(aid.sources):
        if source.year is None:
            yield _Finding(
                RULES_BY_ID["SDM111"],
                ("sources", index),
                _entry("sources", source.id),
                f'source "{source.id}" has no year',
            )


def years_before(day: dt.date, years: int) -> dt.date:
    """The same date `years` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _date_findings(aid: DecisionAid, today: dt.date) -> Iterator[_Finding]:
    """SDM108, SDM109."""
    if aid.review_by is not None and aid.review_by < today:
        yield _Finding(
            RULES_BY_ID["SDM108"],
            ("review_by",),
            "review_by",
            f"the aid was due for review on {aid.review_by.isoformat()}",
        )
    if aid.last_reviewed < years_before(today, REVIEW_AGE_YEARS):
        yield _Finding(
            RULES_BY_ID["SDM109"],
            ("last_reviewed",),
            "last_reviewed",
            f"the evidence was last checked on {aid.last_reviewed.isoformat()}, "
            f"more than {REVIEW_AGE_YEARS} years ago",
        )


def texts(aid: DecisionAid) -> Iterator[tuple[KeyPath, str, str]]:
    """Every text a patient reads: key path, shown path, text."""
    yield ("question",), "question", aid.question
    yield ("summary",), "summary", aid.summary
    yield ("audience",), "audience", aid.audience
    for i, option in enumerate(aid.options):
        shown = _entry("options", option.id)
        yield ("options", i, "summary"), f"{shown}.summary", option.summary
        yield ("options", i, "details"), f"{shown}.details", option.details
    for i, question in enumerate(aid.questions):
        shown = _entry("questions", question.id)
        yield ("questions", i, "text"), f"{shown}.text", question.text
        for option_id, answer in question.answers.items():
            yield ("questions", i, "answers", option_id), f"{shown}.answers.{option_id}", answer
    for i, outcome in enumerate(aid.outcomes):
        yield ("outcomes", i, "label"), _entry("outcomes", outcome.id) + ".label", outcome.label
    for i, value in enumerate(aid.values):
        shown = _entry("values", value.id)
        yield ("values", i, "statement"), f"{shown}.statement", value.statement
        yield ("values", i, "detail"), f"{shown}.detail", value.detail
    for i, check in enumerate(aid.checks):
        yield ("checks", i, "question"), f"checks[{i}].question", check.question
        for j, choice in enumerate(check.choices):
            yield ("checks", i, "choices"), f"checks[{i}].choices[{j}]", choice
        yield ("checks", i, "explanation"), f"checks[{i}].explanation", check.explanation


def _reading_findings(aid: DecisionAid, max_grade: float) -> Iterator[_Finding]:
    """SDM110, for English text only."""
    from sdm_tui.aid.citations import MARKER
    from sdm_tui.aid.readability import MIN_WORDS, is_english, measure

    if not is_english(aid.language):
        return
    for key_path, shown, marked in texts(aid):
        text = MARKER.sub("", marked)  # a citation marker is shown as [n], not read as words
        if len(text.split()) < MIN_WORDS:
            continue  # too short to grade; skip before paying for the formula
        reading = measure(text)
        if reading.long_enough and reading.grade > max_grade:
            yield _Finding(
                RULES_BY_ID["SDM110"],
                key_path,
                shown,
                f"reads at grade {reading.grade:.1f} (Flesch-Kincaid), above {max_grade:g}",
                grade=reading.grade,
            )
