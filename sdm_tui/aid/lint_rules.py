"""The lint rules, declared as data: `sdm-tui check --list-rules`, the guide and the tests
enumerate this one table. The checks themselves are in `lint.py`.

Most rules come from the International Patient Decision Aid Standards (IPDAS) criteria;
each says which standard in `why`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One lint rule: what it warns about, the standard behind it, and how to fix a finding."""

    id: str
    """Stable id, e.g. "SDM101": never reused for another rule."""
    name: str
    """Stable readable name, e.g. "no-no-action-option"; `--ignore` takes either."""
    summary: str
    """What the rule warns about, in a few words."""
    why: str
    """One line naming the standard the rule comes from."""
    fix: str
    """How to fix a finding."""
    silenceable_in_file: bool = True
    """False for the rules about `[lint] ignore` itself."""


RULES: tuple[Rule, ...] = (
    Rule(
        "SDM101",
        "no-no-action-option",
        'no option has `kind = "no_action"`',
        "IPDAS: describe what happens in the natural course of the condition, "
        "if no action is taken",
        'add an `[[options]]` entry with `kind = "no_action"` (no treatment, watchful waiting, '
        "carrying on as now); if no evidence exists for one, silence this rule in the file's "
        "`[lint] ignore` with the reason",
    ),
    Rule(
        "SDM102",
        "option-without-outcomes",
        "an option has no outcome data at all",
        "IPDAS: present the chances of the outcomes of every option",
        "add `chance.OPTION_ID = N` to each outcome that has evidence for this option "
        '(outcomes without evidence for it are shown as "not known")',
    ),
    Rule(
        "SDM103",
        "one-sided-outcomes",
        "the outcomes are all benefits, or all harms",
        "IPDAS: show the positive and the negative features of the options with equal detail",
        'add the missing kind of outcome: an `[[outcomes]]` entry with `type = "harm"` '
        '(or `type = "benefit"`)',
    ),
    Rule(
        "SDM104",
        "mixed-denominators",
        "outcomes of one aid count out of different `per`",
        "IPDAS: show outcome probabilities using the same denominator and time frame "
        "across options",
        "use the same `per` (100, or 1000 when counts are small) for every outcome, and convert "
        "the counts to it",
    ),
    Rule(
        "SDM105",
        "value-favours-nothing",
        "a value statement favours no option",
        "IPDAS: help patients link what matters to them to the features of the options",
        "set `favours.OPTION_ID` to a number from -2 to 2 (not 0) for the options this value "
        "points toward or away from, or remove the value",
    ),
    Rule(
        "SDM106",
        "empty-answer",
        "a question leaves an option's answer empty",
        "IPDAS: describe the features of every option, so that options can be compared "
        "side by side",
        'write the answer for this option; if there is none, say so, e.g. "Not known: no '
        'study has looked at this."',
    ),
    Rule(
        "SDM107",
        "no-conflicts-of-interest",
        "an author has no `conflicts_of_interest`",
        "IPDAS: disclose whether the developers stand to gain or lose from the choices "
        "patients make",
        'add `conflicts_of_interest = "None declared"`, or describe the conflicts',
    ),
    Rule(
        "SDM108",
        "review-overdue",
        "`review_by` is in the past",
        "IPDAS: keep the evidence up to date, and update the aid when it says it will be",
        "review the evidence and the text, then set `last_reviewed` to the date of that review "
        "and `review_by` to the next one",
    ),
    Rule(
        "SDM109",
        "evidence-not-reviewed",
        "`last_reviewed` is more than two years ago",
        "IPDAS: base the aid on up-to-date evidence, and report when it was last checked",
        "check the evidence again (new trials, reviews, guidelines), then set `last_reviewed` "
        "to the date of that check",
    ),
    Rule(
        "SDM110",
        "reading-level",
        "a text is above a plain-language reading level",
        "IPDAS: write in plain language (plain-language guidance aims at reading grade 8 or below)",
        "use shorter sentences and everyday words; split long sentences, explain or replace "
        "medical terms",
    ),
    Rule(
        "SDM111",
        "source-without-year",
        "a source has no `year`",
        "IPDAS: cite the evidence with its date, so readers can judge how current it is",
        "add `year = YYYY`, the year the source was published",
    ),
    Rule(
        "SDM112",
        "ignore-without-reason",
        "a `[lint] ignore` entry gives no reason",
        "sdm-tui: a silenced warning must say why, so that a reviewer can judge the exception",
        'write `reason = "..."` saying why the rule does not apply to this aid',
        silenceable_in_file=False,
    ),
    Rule(
        "SDM113",
        "ignore-unknown-rule",
        "a `[lint] ignore` entry names no rule that it can silence",
        "sdm-tui: an ignore that silences nothing is most likely a typo",
        "use a rule id or name from `sdm-tui check --list-rules` (the rules about `[lint] "
        "ignore` itself can only be silenced with `--ignore`)",
        silenceable_in_file=False,
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def find_rule(key: str) -> Rule | None:
    """The rule a user named, by id (any case) or by name."""
    key = key.strip()
    return RULES_BY_ID.get(key.upper()) or next((r for r in RULES if r.name == key), None)
