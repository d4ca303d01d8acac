"""The IPDAS rules that read an aid's content: disclosure, evidence, probabilities, balance,
values, knowledge checks, screening topics (SDM114 to SDM129).

Pure: an aid and its patient texts in, findings out as (rule id, key path, shown path,
message). `lint.py` turns them into warnings; the rules are declared in `lint_rules.RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from sdm_tui.aid.citations import markers
from sdm_tui.aid.figures import format_count, icons_affected, label_says_timeframe
from sdm_tui.aid.format2 import outcome_source_ids
from sdm_tui.aid.locate import KeyPath
from sdm_tui.aid.model import DecisionAid, Outcome
from sdm_tui.aid.readability import is_english

Finding = tuple[str, KeyPath, str, str]
Text = tuple[KeyPath, str, str]

_NUMBER = r"\d+(?:\.\d+)?"
FIGURE = re.compile(
    rf"\b{_NUMBER}\s*(?:%|per ?cent\b)"
    rf"|\b(?:{_NUMBER}|one) (?:out of|in|per) (?:every )?\d[\d,]*\b",
    re.IGNORECASE,
)
"""A health figure in free text: a percentage, or "N out of / in / per M"."""
ABSOLUTE = re.compile(rf"\b{_NUMBER} (?:out of|in|per) (?:every )?\d[\d,]*\b", re.IGNORECASE)
STATED_COUNT = re.compile(rf"\b({_NUMBER}) (?:out of|in) (?:every )?(\d[\d,]*)\b", re.IGNORECASE)
RELATIVE = re.compile(
    r"\b(?:cuts?|reduces?|lowers?|raises?|increases?|decreases?)\b[^.]{0,40}?\bby "
    rf"(?:about |around |nearly |almost |over )?(?:{_NUMBER}\s*(?:%|per ?cent)|half|a third|"
    r"a quarter)"
    r"|\bhalve[sd]?\b|\bhalf as (?:likely|many)\b|\bdoubles?\b|\btwice as\b"
    rf"|\b{_NUMBER}\s*(?:%|per ?cent) (?:lower|higher|less|more|fewer|reduction|increase)\b"
    rf"|\b{_NUMBER} times (?:more|less|as)\b|\brelative risk\b",
    re.IGNORECASE,
)
TEMPLATE_TEXT = re.compile(r"\bTODO\b|\bFIXME\b|Should I \.\.\.\?|Who paid for the aid\.")
LOPSIDED_RATIO = 3
LOPSIDED_MIN_CHARS = 300
"""Option text is lopsided when one option's is over 3 times another's and 300+ characters."""
SCREENING_TOPICS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "normal-result",
        "what happens after a normal result",
        re.compile(r"normal (?:test )?result|result is normal|negative (?:test|result)", re.I),
    ),
    (
        "abnormal-result",
        "what happens after an abnormal result",
        re.compile(r"abnormal|raised|positive (?:test|result)", re.I),
    ),
    ("false-positive", "false positives", re.compile(r"false[- ]positive|false alarm", re.I)),
    (
        "false-negative",
        "false negatives",
        re.compile(r"false[- ]negative|miss(?:es|ed)? (?:a |some |the )?cancer", re.I),
    ),
    ("overdiagnosis", "overdiagnosis", re.compile(r"over-?diagnos", re.I)),
)


def _entry(name: str, entry_id: str) -> str:
    return f'{name}[id="{entry_id}"]'


def ipdas_findings(aid: DecisionAid, texts: Iterable[Text]) -> Iterator[Finding]:
    """Every finding of SDM114 to SDM129."""
    texts = [t for t in texts if t[2]]
    yield from _disclosure(aid)
    yield from _outcome_rules(aid)
    yield from _text_rules(aid, texts)
    yield from _balance(aid)
    yield from _library_rules(aid, texts)
    yield from _screening(aid, texts)


def _disclosure(aid: DecisionAid) -> Iterator[Finding]:
    """SDM114, SDM115."""
    if not aid.funding.strip():
        yield ("SDM114", ("title",), "funding", "the aid does not say who paid for it")
    if aid.review_by is None:
        yield ("SDM115", ("last_reviewed",), "review_by", "the aid has no `review_by` date")
    if not aid.update_policy.strip():
        yield (
            "SDM115",
            ("last_reviewed",),
            "update_policy",
            "the aid does not say when or how it will be updated",
        )


def _outcome_rules(aid: DecisionAid) -> Iterator[Finding]:
    """SDM116, SDM121, SDM122, SDM123."""
    timeframes = {o.timeframe.strip().casefold() for o in aid.outcomes}
    for index, outcome in enumerate(aid.outcomes):
        shown = _entry("outcomes", outcome.id)
        if not outcome.certainty:
            yield (
                "SDM116",
                ("outcomes", index, "id"),
                shown,
                f'outcome "{outcome.id}" does not say how certain its evidence is',
            )
        missing = [o.id for o in aid.options if outcome.count_for(o.id) is None]
        if outcome.chance and missing:
            yield (
                "SDM121",
                ("outcomes", index, "chance"),
                shown + ".chance",
                f'outcome "{outcome.id}" has a figure for some options but not for '
                + ", ".join(f'"{m}"' for m in missing),
            )
        if len(timeframes) > 1 and not _says_timeframe(outcome):
            yield (
                "SDM122",
                ("outcomes", index, "label"),
                shown + ".label",
                f'outcomes are over different times, and the label of "{outcome.id}" does not '
                f'say its own ("{outcome.timeframe}")',
            )
        lost = _difference_lost(outcome)
        if lost:
            yield ("SDM123", ("outcomes", index, "chance"), shown + ".chance", lost)


def _says_timeframe(outcome: Outcome) -> bool:
    return label_says_timeframe(outcome.label, outcome.timeframe)


def _difference_lost(outcome: Outcome) -> str:
    counts = [c for c in outcome.chance.values() if c is not None]
    if len(counts) < 2:
        return ""
    if len(set(counts)) > 1 and len({icons_affected(c, outcome.per) for c in counts}) == 1:
        return (
            f"the counts differ ({', '.join(format_count(c) for c in counts)}) but the "
            f"pictures out of {outcome.per} show the same number"
        )
    if len(set(counts)) == 1 and outcome.per < 1000 and 0 < counts[0] < outcome.per / 10:
        return (
            f"every option has {format_count(counts[0])} out of {outcome.per}: a difference "
            f"smaller than 1 in {outcome.per} cannot show at this denominator"
        )
    return ""


def _text_rules(aid: DecisionAid, texts: list[Text]) -> Iterator[Finding]:
    """SDM117, SDM118, SDM119."""
    outcomes = {outcome.id: outcome for outcome in aid.outcomes}
    for path, shown, text in texts:
        if path[:1] == ("checks",):
            continue  # knowledge checks restate the table on purpose
        relative = RELATIVE.search(text)
        if relative and not ABSOLUTE.search(text):
            yield (
                "SDM117",
                path,
                shown,
                f'"{relative.group(0)}" is a relative change with no absolute numbers beside it',
            )
        cited = markers(text)
        figure = FIGURE.search(text)
        if figure and not cited:
            yield ("SDM118", path, shown, f'"{figure.group(0)}" has no citation [@id]')
        cited_outcomes = [outcomes[name] for name in cited if name in outcomes]
        if cited_outcomes:
            for match in STATED_COUNT.finditer(text):
                if not _agrees(match, cited_outcomes):
                    yield (
                        "SDM119",
                        path,
                        shown,
                        f'"{match.group(0)}" is not a count of the outcome it cites '
                        f"({', '.join(o.id for o in cited_outcomes)})",
                    )


def _agrees(match: re.Match[str], outcomes: list[Outcome]) -> bool:
    stated, per = float(match.group(1)), int(match.group(2).replace(",", ""))
    if per <= 0:
        return True
    for outcome in outcomes:
        for count in outcome.chance.values():
            scaled = count * per / outcome.per
            if abs(scaled - stated) < 0.5 or stated == round(scaled):
                return True
    return False


def _balance(aid: DecisionAid) -> Iterator[Finding]:
    """SDM120, SDM128."""
    for index, option in enumerate(aid.options):
        counted = [o for o in aid.outcomes if o.count_for(option.id) is not None]
        if not counted:
            continue  # SDM102 says so
        sides = {o.is_benefit for o in counted}
        if len(sides) < 2:
            missing = "harm" if True in sides else "benefit"
            yield (
                "SDM120",
                ("options", index, "id"),
                _entry("options", option.id),
                f'option "{option.id}" has no counted {missing}',
            )
    sizes = {
        option.id: len(option.summary)
        + len(option.details)
        + sum(len(q.answers.get(option.id, "")) for q in aid.questions)
        for option in aid.options
    }
    if sizes:
        longest = max(sizes, key=lambda key: sizes[key])
        for index, option in enumerate(aid.options):
            size = sizes[option.id]
            if sizes[longest] >= LOPSIDED_MIN_CHARS and sizes[longest] > LOPSIDED_RATIO * size:
                yield (
                    "SDM128",
                    ("options", index, "id"),
                    _entry("options", option.id),
                    f'option "{option.id}" is described in {size} characters, "{longest}" in '
                    f"{sizes[longest]}",
                )


def _library_rules(aid: DecisionAid, texts: list[Text]) -> Iterator[Finding]:
    """SDM124, SDM125, SDM126, SDM127."""
    if len(aid.values) < 2:
        yield (
            "SDM124",
            ("values",) if aid.values else ("options",),
            "values",
            f"{len(aid.values)} value statement{'' if len(aid.values) == 1 else 's'}: "
            "at least two are needed to weigh one thing against another",
        )
    if not aid.checks:
        yield ("SDM125", ("options",), "checks", "the aid has no knowledge checks")
    every_text = [
        *texts,
        (("title",), "title", aid.title),
        (("funding",), "funding", aid.funding),
        (("update_policy",), "update_policy", aid.update_policy),
    ]
    every_text += [
        (("authors", i), f"authors[{i}]", f"{a.name} {a.role}") for i, a in enumerate(aid.authors)
    ]
    every_text += [
        (("sources", i, "citation"), _entry("sources", s.id) + ".citation", s.citation)
        for i, s in enumerate(aid.sources)
    ]
    for path, shown, text in every_text:
        found = TEMPLATE_TEXT.search(text)
        if found:
            yield ("SDM126", path, shown, f'template text left: "{found.group(0)}"')
    used = {source for outcome in aid.outcomes for source in outcome_source_ids(outcome)}
    outcome_sources = {outcome.id: outcome.source for outcome in aid.outcomes}
    for _, _, text in texts:
        for name in markers(text):
            used.add(outcome_sources.get(name, name))
    for index, source in enumerate(aid.sources):
        if source.id not in used:
            yield (
                "SDM127",
                ("sources", index, "id"),
                _entry("sources", source.id),
                f'source "{source.id}" is cited by no outcome and no text',
            )


def _screening(aid: DecisionAid, texts: list[Text]) -> Iterator[Finding]:
    """SDM129, for aids tagged `screening`, in English: the topics are found by English words
    (a translation covers them if its original does: `check` compares the two)."""
    if "screening" not in {tag.casefold() for tag in aid.tags} or not is_english(aid.language):
        return
    words = "\n".join(text for _, _, text in texts)
    for name, topic, pattern in SCREENING_TOPICS:
        if not pattern.search(words):
            yield (
                "SDM129",
                ("tags",),
                f"tags ({name})",
                f"a screening aid that does not describe {topic}",
            )
