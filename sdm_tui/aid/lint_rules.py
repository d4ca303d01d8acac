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
    Rule(
        "SDM114",
        "no-funding",
        "the aid does not say who paid for it (`funding`)",
        "IPDAS: disclosure: state the source of funding used to develop the aid",
        'add `funding = "..."` naming who paid, or "No external funding"',
    ),
    Rule(
        "SDM115",
        "no-update-policy",
        "no `review_by` date, or no `update_policy`",
        "IPDAS: evidence: give the date of the next update, and the update policy",
        'add `review_by = YYYY-MM-DD` and `update_policy = "..."` (when and how the aid is '
        "updated, e.g. every two years and when a major trial is published)",
    ),
    Rule(
        "SDM116",
        "outcome-without-certainty",
        "an outcome has no `certainty`",
        "IPDAS: evidence: describe the quality (certainty) of the evidence behind each figure",
        'add `certainty = "high"`, `"moderate"`, `"low"` or `"very low"` (e.g. the GRADE '
        "rating of the source)",
    ),
    Rule(
        "SDM117",
        "relative-only-wording",
        "a text gives a relative change without absolute numbers",
        "IPDAS: probabilities: present chances as event rates, not as relative changes alone",
        'say the absolute numbers in the same text, e.g. "2 out of 100 instead of 3 out of '
        '100", or leave the figures to the outcome table',
    ),
    Rule(
        "SDM118",
        "uncited-figure",
        "a figure in free text has no citation",
        "IPDAS: evidence: provide citations to the studies behind the figures",
        "add a citation marker after the figure: `[@SOURCE_ID]`, or `[@OUTCOME_ID]` when the "
        "text repeats an outcome's count",
    ),
    Rule(
        "SDM119",
        "text-contradicts-table",
        "a text cites an outcome but states a count the outcome does not have",
        "IPDAS: probabilities: present the same chances wherever they appear",
        "correct the number in the text to the outcome's count (scaled to the text's "
        "denominator), or cite the outcome it belongs to",
    ),
    Rule(
        "SDM120",
        "option-not-both-sides",
        "an option has no counted benefit, or no counted harm",
        "IPDAS: balance: show the positive and the negative features of each option",
        "give the option a count in at least one benefit and one harm; where there is none "
        "(no evidence of harm), silence this rule in `[lint] ignore` with that reason",
    ),
    Rule(
        "SDM121",
        "partial-outcome",
        "an outcome has a figure for some options and not for others",
        "IPDAS: probabilities: compare the chances of outcomes across every option",
        "add the missing `chance.OPTION_ID`; if no evidence exists, say so in the label or a "
        "question, and silence this rule with the reason",
    ),
    Rule(
        "SDM122",
        "mixed-timeframes",
        "outcomes are over different times and a label does not say its own",
        "IPDAS: probabilities: give the time period of each chance, the same across options",
        'put the timeframe in the label, e.g. "Heart attack within 10 years", or use one '
        "timeframe for every outcome",
    ),
    Rule(
        "SDM123",
        "difference-lost",
        "a difference between options disappears at the outcome's denominator",
        "IPDAS: probabilities: use a denominator that shows the difference between options",
        "count out of 1000 (`per = 1000`) and convert the counts, so that small differences show "
        "(a computed outcome is then shown out of 1000 anyway, and this says so)",
    ),
    Rule(
        "SDM124",
        "too-few-values",
        "fewer than two value statements",
        "IPDAS: values: help patients consider which features matter most to them",
        "add `[[values]]` entries, at least two, that point toward different options",
    ),
    Rule(
        "SDM125",
        "no-knowledge-checks",
        "the aid has no knowledge checks",
        "IPDAS: decision quality: help patients check their understanding of the options",
        "add `[[checks]]` with a question about the options or the figures",
    ),
    Rule(
        "SDM126",
        "template-text",
        "text from the `sdm-tui new` template is left (TODO, placeholders)",
        "sdm-tui: an aid is finished before patients see it",
        "replace every TODO and placeholder with the aid's own text",
    ),
    Rule(
        "SDM127",
        "unused-source",
        "a source is cited by no outcome and no text",
        "IPDAS: evidence: cite the studies the figures come from (and only those)",
        "cite the source (an outcome's `source`, or `[@SOURCE_ID]` in a text) or remove it",
    ),
    Rule(
        "SDM128",
        "lopsided-option-detail",
        "one option is described in over three times the text of another",
        "IPDAS: balance: present the options with equal detail",
        "describe the shorter option as fully (its summary, details and answers), or trim "
        "the longer",
    ),
    Rule(
        "SDM129",
        "screening-topic-missing",
        "a screening aid leaves out a topic screening aids must cover",
        "IPDAS: screening tests: describe next steps after normal and abnormal results, false "
        "positives, false negatives and overdiagnosis",
        "write about the missing topic in a summary, option details or a question (the "
        'message names it: e.g. "false negative", "overdiagnosis", "normal result")',
    ),
)

RULES += (
    Rule(
        "SDM130",
        "computed-count-over-per",
        "a computed count can exceed `per` for some input the aid accepts",
        "sdm-tui: a count is a number of people out of `per`; a computation that gives more is "
        "never shown (the option's count is 'not known' for those inputs)",
        "lower the input's `max`, or check `rr`/`rr_high` against the source: baseline x rr "
        "must stay within `per`",
    ),
)

RULES += (
    # Translations (`translation.py`): found by `sdm-tui check` from two files, a
    # translation and its original, not by the lint of one file.
    Rule(
        "SDM131",
        "translated-text-differs",
        "a translated text has other numbers or citations than the original's text",
        "sdm-tui: a translation says what its original says, in other words: the same "
        "numbers and the same sources",
        "translate the numbers and citation markers [@id] of the original's text as they are "
        "(a number may be written another way, but not changed)",
    ),
    Rule(
        "SDM132",
        "translation-out-of-date",
        "the original has a newer version, or a later review, than its translation",
        "sdm-tui: a patient who reads a translation gets what the original says now, not what "
        "it said when it was translated",
        "bring the translation up to the original's changes, then set "
        "`translation_of.version` to the original's `version` and update `last_reviewed`",
    ),
)

TRANSLATION_RULES = ("SDM131", "SDM132")
"""Rules about a translation and its original, found by `check` rather than `lint_aid`."""

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def find_rule(key: str) -> Rule | None:
    """The rule a user named, by id (any case) or by name."""
    key = key.strip()
    return RULES_BY_ID.get(key.upper()) or next((r for r in RULES if r.name == key), None)
