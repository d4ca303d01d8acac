"""The lint: every rule fires on its mistake and stays quiet on the near miss; settings,
file ignores, the check command's --strict / --ignore / --max-grade / --list-rules / JSON."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from sdm_tui.aid import readability
from sdm_tui.aid.library import load_library
from sdm_tui.aid.lint import RULES, LintSettings, find_rule, lint_aid, years_before
from sdm_tui.aid.lint_rules import TRANSLATION_RULES
from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.locate import SourceMap
from sdm_tui.aid.problems import AidLoadError, Problem
from sdm_tui.cli import main
from tests.builders import DATA, MINIMAL, ROOT
from tests.conftest import CHECK_TODAY

PLANTED = DATA / "aids" / "lint" / "ipdas-defects.toml"
GUIDE = ROOT / "docs" / "authoring.md"
TODAY = dt.date(2026, 3, 14)  # minimal.toml: last_reviewed 2026-01-15, review_by 2028-01-15
HARD = (
    "Osteoarthritis is a degenerative musculoskeletal condition characterised by progressive "
    "deterioration of articular cartilage, subchondral bone remodelling and synovial "
    "inflammation. Pharmacological management encompasses analgesic medication, non-steroidal "
    "anti-inflammatory preparations and intra-articular corticosteroid administration."
)
EASY = (
    "The knee can hurt. You can try exercise first. Many people feel better after a few "
    "weeks. You can still have an operation later if you want one."
)


def minimal() -> str:
    """minimal.toml with a second value instead of its `[lint] ignore` of SDM124: complete for
    every rule, while the file itself keeps one value for the screen tests."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text[: text.index("\n# A test fixture, not an aid")] + "\n"
    text = text.replace(
        "review_by = 2028-01-15\n",
        'review_by = 2028-01-15\nfunding = "The test budget."\n'
        'update_policy = "Checked every two years."\n',
    )
    text = text.replace(
        'source = "trial"\nchance = {', 'source = "trial"\ncertainty = "low"\nchance = {'
    )
    return text + (
        '\n[[values]]\nid = "feel-better"\nstatement = "Feeling better soon"\nfavours.tablet = 1\n'
    )


SUMMARY = 'summary = "A test aid with two options."'
SECOND_VALUE = '\n[[values]]\nid = "feel-better"'
SPARE = '[[sources]]\nid = "spare"\ncitation = "B. Author. Another trial. 2021."\nyear = 2021\n'
LONG = "You take one small tablet with water each morning, with or without food. " * 5
SCREENING_TEXT = (
    "A normal result means no more tests. An abnormal result means a biopsy. "
    "False alarms happen, and the test can miss a cancer."
)


def quiet(*rules: str) -> str:
    """A `[lint] ignore` that silences `rules` (appended to a fixture text)."""
    entries = ", ".join(f'{{ rule = "{rule}", reason = "Not this test." }}' for rule in rules)
    return f"\n[lint]\nignore = [{entries}]\n"


def swap(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new)

    return edit


def lint_text(
    tmp_path: Path, text: str, today: dt.date = TODAY, **settings: object
) -> list[Problem]:
    path = tmp_path / "aid.toml"
    path.write_text(text, encoding="utf-8")
    return lint_aid(load_aid(path), SourceMap(text), today, LintSettings(**settings))  # type: ignore[arg-type]


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def line_of(text: str, snippet: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if snippet in line)


def check(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["check", "--today", CHECK_TODAY, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


# -- the rules table ------------------------------------------------------------------------


def test_rules_have_stable_unique_ids_names_and_text() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"SDM1\d\d", rule.id)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert rule.summary and rule.fix
        assert rule.why.startswith(("IPDAS: ", "sdm-tui: "))
        assert "\n" not in rule.why, "the reason is one line"


def test_find_rule_by_id_or_name() -> None:
    assert find_rule("SDM101") is find_rule("sdm101") is find_rule("no-no-action-option")
    assert find_rule("SDM999") is None and find_rule("no-such-rule") is None


def test_every_rule_is_in_the_guide_with_its_name_reason_and_fix() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for rule in RULES:
        assert rule.id in guide, f"{rule.id} is not in docs/authoring.md"
        assert rule.name in guide, f"{rule.name} is not in docs/authoring.md"
        assert rule.why in guide, f"the reason of {rule.id} is not in docs/authoring.md"
        assert rule.fix.replace("`", "") in guide.replace("`", ""), f"fix of {rule.id}"


def test_minimal_aid_has_no_warnings(tmp_path: Path) -> None:
    assert lint_text(tmp_path, minimal()) == []


def test_a_citation_naming_nothing_stops_the_aid_loading(tmp_path: Path) -> None:
    path = tmp_path / "aid.toml"
    path.write_text(swap(SUMMARY, 'summary = "See [@nosuch]."')(minimal()), encoding="utf-8")
    with pytest.raises(AidLoadError) as caught:
        load_aid(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == ("SDM008", "summary")
    assert "[@nosuch]" in problem.message and "trial" in problem.fix


def test_planted_ipdas_defects_give_one_warning_each(capsys: pytest.CaptureFixture[str]) -> None:
    """A plausible aid with ten IPDAS defects planted: --strict fails, one warning per defect."""
    code, out, _ = check(capsys, "--strict", "--format", "json", PLANTED)
    assert code == 1
    (report,) = json.loads(out)["files"]
    assert report["ok"] is True
    assert sorted(p["code"] for p in report["problems"]) == [
        "SDM114",  # no funding
        "SDM115",  # no update policy
        "SDM116",  # an outcome without certainty
        "SDM117",  # "halves" without absolute numbers
        "SDM118",  # a figure in free text without a citation
        "SDM119",  # text citing an outcome with a number the table does not have
        "SDM121",  # an outcome with a figure for one option only
        "SDM123",  # 2 vs 2 out of 100: the difference is lost
        "SDM125",  # no knowledge checks
        "SDM127",  # a source nothing cites
    ]


# -- every rule: the mistake, and the near miss ---------------------------------------------


def computed_sick(text: str, rr: float) -> str:
    """The minimal aid on format 2, "Feel sick" computed from a risk input (1 to 80 in 100)
    times `rr`: the example (the middle, 40) stays within 100, the input's max over it
    when rr = 2 (160)."""
    risk = (
        '[[inputs]]\nid = "risk"\nlabel = "Risk"\nkind = "number"\nper = 100\nmin = 1\n'
        "max = 80\n\n[[options]]"
    )
    return swap("format = 1", "format = 2")(
        swap(
            "chance = { tablet = 5, none = 1 }",
            f'baseline = {{ option = "none", input = "risk" }}\nrr = {{ tablet = {rr} }}',
        )(text.replace("[[options]]", risk, 1))
    )


# rule, edit that triggers it, the line it points at (a snippet of it), the key path
TRIGGERS: list[tuple[str, Callable[[str], str], str, str]] = [
    ("SDM101", swap('kind = "no_action"', 'kind = "active"'), "[[options]]", "options"),
    (
        "SDM102",
        lambda t: (
            t.replace("chance.none = 20\n", "").replace(", none = 1 }", " }") + quiet("SDM121")
        ),
        'id = "none"',  # [[options]] of `none`: the header line before it
        'options[id="none"]',
    ),
    (
        "SDM103",
        lambda t: swap('type = "harm"', 'type = "benefit"')(t) + quiet("SDM120"),
        "[[outcomes]]",
        "outcomes",
    ),
    (
        "SDM104",
        lambda t: (
            t[: t.index('id = "sick"')]
            + t[t.index('id = "sick"') :].replace("per = 100\n", "per = 1000\n", 1)
        ),
        "per = 1000",
        'outcomes[id="sick"].per',
    ),
    (
        "SDM105",
        swap("favours.none = 2\nfavours.tablet = -1", "favours.none = 0\nfavours.tablet = 0"),
        "favours.none = 0",
        'values[id="avoid-pills"].favours',
    ),
    (
        "SDM106",
        swap('answers.none = "Nothing."', 'answers.none = "  "'),
        'answers.none = "  "',
        'questions[id="involve"].answers.none',
    ),
    ("SDM107", swap('conflicts_of_interest = "None declared"\n', ""), "[[authors]]", "authors[0]"),
    ("SDM108", swap("review_by = 2028-01-15", "review_by = 2026-03-13"), "review_by", "review_by"),
    (
        "SDM109",
        swap("last_reviewed = 2026-01-15", "last_reviewed = 2024-03-13"),
        "last_reviewed",
        "last_reviewed",
    ),
    (
        "SDM110",
        swap('summary = "A test aid with two options."', f'summary = "{HARD}"'),
        "summary = ",
        "summary",
    ),
    ("SDM111", swap("year = 2020\n", ""), "[[sources]]", 'sources[id="trial"]'),
    (
        "SDM112",
        lambda t: t + '\n[lint]\nignore = [{ rule = "SDM111", reason = " " }]\n',
        "ignore = ",
        "lint.ignore[0]",
    ),
    (
        "SDM113",
        lambda t: t + '\n[[lint.ignore]]\nrule = "SDM199"\nreason = "A typo."\n',
        "[[lint.ignore]]",
        "lint.ignore[0]",
    ),
    (
        "SDM114",
        swap('funding = "The test budget."\n', ""),
        "title = ",
        "funding",
    ),
    (
        "SDM115",
        swap('update_policy = "Checked every two years."\n', ""),
        "last_reviewed = ",
        "update_policy",
    ),
    (
        "SDM116",
        swap('certainty = "moderate"\n', ""),
        'id = "better"',
        'outcomes[id="better"]',
    ),
    (
        "SDM117",
        swap(SUMMARY, 'summary = "The tablet halves the chance of feeling sick."'),
        "summary = ",
        "summary",
    ),
    (
        "SDM118",
        swap(SUMMARY, 'summary = "30 out of 100 feel better."'),
        "summary = ",
        "summary",
    ),
    (
        "SDM119",
        swap(SUMMARY, 'summary = "With the tablet, 40 out of 100 feel better [@better]."'),
        "summary = ",
        "summary",
    ),
    (
        "SDM120",
        lambda t: swap("tablet = 5, none = 1 }", "tablet = 5 }")(t) + quiet("SDM121"),
        'id = "none"',
        'options[id="none"]',
    ),
    (
        "SDM121",
        lambda t: swap("chance.none = 20\n", "")(t) + quiet("SDM120"),
        "chance.tablet = 30",
        'outcomes[id="better"].chance',
    ),
    (
        "SDM122",
        lambda t: swap('label = "Feel better"', 'label = "Feel better within 1 year"')(
            swap(
                'timeframe = "1 year"\nsource = "trial"\ncertainty = "low"',
                'timeframe = "2 years"\nsource = "trial"\ncertainty = "low"',
            )(t)
        ),
        'label = "Feel sick"',
        'outcomes[id="sick"].label',
    ),
    (
        "SDM123",
        swap("tablet = 5, none = 1 }", "tablet = 5, none = 5 }"),
        "chance = { tablet = 5",
        'outcomes[id="sick"].chance',
    ),
    ("SDM124", lambda t: t[: t.index(SECOND_VALUE)], "[[values]]", "values"),
    (
        "SDM125",
        lambda t: t[: t.index("[[checks]]")] + t[t.index(SECOND_VALUE) :],
        "[[options]]",
        "checks",
    ),
    ("SDM126", swap(SUMMARY, 'summary = "TODO: write this."'), "summary = ", "summary"),
    (
        "SDM127",
        swap("year = 2020\n", "year = 2020\n\n" + SPARE),
        'id = "spare"',
        'sources[id="spare"]',
    ),
    (
        "SDM128",
        swap('summary = "One tablet a day."', f'summary = "One tablet a day."\ndetails = "{LONG}"'),
        'id = "none"',
        'options[id="none"]',
    ),
    (
        "SDM129",
        lambda t: swap(SUMMARY, f'tags = ["screening"]\nsummary = "{SCREENING_TEXT}"')(t),
        "tags = ",
        "tags (overdiagnosis)",
    ),
    (
        "SDM130",
        lambda t: computed_sick(t, rr=2),
        "rr = {",
        'outcomes[id="sick"].rr',
    ),
]


def test_every_rule_has_a_trigger_case() -> None:
    # The rules about translations need two files: tests/core/test_translations.py.
    linted = [r.id for r in RULES if r.id not in TRANSLATION_RULES]
    assert sorted(case[0] for case in TRIGGERS) == sorted(linted)


@pytest.mark.parametrize(
    ("code", "edit", "snippet", "key_path"), TRIGGERS, ids=[case[0] for case in TRIGGERS]
)
def test_rule_fires_once_at_the_right_place(
    tmp_path: Path, code: str, edit: Callable[[str], str], snippet: str, key_path: str
) -> None:
    text = edit(minimal())
    problems = lint_text(tmp_path, text)
    assert codes(problems) == [code], [p.headline() for p in problems]
    (problem,) = problems
    rule = find_rule(code)
    assert rule is not None
    assert problem.severity == "warning" and not problem.is_error
    assert (problem.name, problem.why, problem.fix) == (rule.name, rule.why, rule.fix)
    assert problem.path == key_path
    expected_line = line_of(text, snippet)
    if code == "SDM102":
        expected_line -= 1  # the option's [[options]] header, just above its id
    assert problem.line == expected_line, problem.source_line
    assert problem.source_line == text.splitlines()[expected_line - 1]
    assert problem.message and problem.file == tmp_path / "aid.toml"


# Near misses: each is close to the mistake but right, so the rule stays quiet.
NEAR_MISSES: list[tuple[str, Callable[[str], str]]] = [
    ("SDM101", lambda t: t),
    # An option counted in one outcome only is "not known" elsewhere: fine.
    ("SDM102", swap("chance.none = 20\n", "")),
    # No outcomes at all is SDM102's business, not "one-sided".
    ("SDM103", lambda t: t[: t.index("[[outcomes]]")] + t[t.index("[[values]]") :]),
    ("SDM104", lambda t: t.replace("per = 100\n", "per = 1000\n")),  # all out of 1000
    (
        "SDM105",
        swap("favours.none = 2\nfavours.tablet = -1", "favours.none = 0\nfavours.tablet = -1"),
    ),
    ("SDM106", swap('answers.none = "Nothing."', 'answers.none = "Not known."')),
    (
        "SDM107",
        swap('conflicts_of_interest = "None declared"', 'conflicts_of_interest = "Paid by X."'),
    ),
    ("SDM108", swap("review_by = 2028-01-15", "review_by = 2026-03-14")),  # due today: not yet
    ("SDM109", swap("last_reviewed = 2026-01-15", "last_reviewed = 2024-03-14")),  # 2 years
    ("SDM110", swap('summary = "A test aid with two options."', f'summary = "{EASY}"')),
    ("SDM111", lambda t: t),
    (
        "SDM112",
        lambda t: t + '\n[lint]\nignore = [{ rule = "SDM111", reason = "Not applicable." }]\n',
    ),
    (
        "SDM113",
        lambda t: t + '\n[lint]\nignore = [{ rule = "source-without-year", reason = "Fine." }]\n',
    ),
    ("SDM114", lambda t: t),
    ("SDM115", lambda t: t),
    ("SDM116", swap('certainty = "moderate"', 'certainty = "very low"')),
    (
        "SDM117",
        swap(SUMMARY, 'summary = "It halves the risk: 2 out of 100 instead of 4 out of 100."'),
    ),
    ("SDM118", swap(SUMMARY, 'summary = "30 out of 100 feel better [@trial]."')),
    ("SDM119", swap(SUMMARY, 'summary = "300 out of 1000 feel better [@better]."')),
    ("SDM120", swap("tablet = 5, none = 1 }", "tablet = 5, none = 0 }")),  # 0 is a count
    ("SDM121", lambda t: t),
    (
        "SDM122",
        lambda t: swap('label = "Feel better"', 'label = "Feel better within 1 year"')(
            swap('label = "Feel sick"', 'label = "Feel sick within 2 years"')(
                swap(
                    'timeframe = "1 year"\nsource = "trial"\ncertainty = "low"',
                    'timeframe = "2 years"\nsource = "trial"\ncertainty = "low"',
                )(t)
            )
        ),
    ),
    ("SDM123", swap("tablet = 5, none = 1 }", "tablet = 5, none = 4 }")),
    ("SDM124", lambda t: t),
    ("SDM125", lambda t: t),
    ("SDM126", swap(SUMMARY, 'summary = "Keep a to-do list of your questions."')),
    (
        "SDM127",
        lambda t: swap(SUMMARY, 'summary = "See the review [@spare]."')(
            swap("year = 2020\n", "year = 2020\n\n" + SPARE)(t)
        ),
    ),
    (
        "SDM128",
        lambda t: swap('summary = "Carry on as now."', f'summary = "{LONG}"')(
            swap('summary = "One tablet a day."', f'summary = "{LONG}"')(t)
        ),
    ),
    (
        "SDM129",
        swap(SUMMARY, f'tags = ["screening"]\nsummary = "{SCREENING_TEXT} Some overdiagnosis."'),
    ),
    ("SDM130", lambda t: computed_sick(t, rr=1.2)),
]


def test_every_rule_has_a_near_miss_case() -> None:
    linted = [r.id for r in RULES if r.id not in TRANSLATION_RULES]
    assert sorted(case[0] for case in NEAR_MISSES) == sorted(linted)


@pytest.mark.parametrize(("code", "edit"), NEAR_MISSES, ids=[c[0] for c in NEAR_MISSES])
def test_rule_stays_quiet_on_the_near_miss(
    tmp_path: Path, code: str, edit: Callable[[str], str]
) -> None:
    problems = lint_text(tmp_path, edit(minimal()))
    assert code not in codes(problems), [p.headline() for p in problems]


# -- rules in more detail -------------------------------------------------------------------


def test_only_harms_is_one_sided_too(tmp_path: Path) -> None:
    text = swap('type = "benefit"', 'type = "harm"')(minimal()) + quiet("SDM120")
    (problem,) = lint_text(tmp_path, text)
    assert problem.code == "SDM103"
    assert "no benefits" in problem.message


def test_mixed_denominators_flag_the_odd_ones_out(tmp_path: Path) -> None:
    extra = textwrap.dedent(
        """
        [[outcomes]]
        id = "rare"
        label = "Rare harm"
        type = "harm"
        per = 1000
        timeframe = "1 year"
        source = "trial"
        certainty = "low"
        chance = { tablet = 2, none = 1 }
        """
    )
    text = minimal().replace("[[values]]", extra.lstrip() + "\n[[values]]", 1)
    (problem,) = lint_text(tmp_path, text)
    assert (problem.code, problem.path) == ("SDM104", 'outcomes[id="rare"].per')
    assert (
        "out of 1000" in problem.message and "2 other outcomes count out of 100" in problem.message
    )


def test_value_without_any_favours_favours_nothing(tmp_path: Path) -> None:
    text = swap("favours.none = 2\nfavours.tablet = -1\n", "")(minimal())
    (problem,) = lint_text(tmp_path, text)
    assert (problem.code, problem.path) == ("SDM105", 'values[id="avoid-pills"].favours')
    assert problem.line == line_of(text, "[[values]]")  # no favours line: the value's header


def test_blank_conflicts_of_interest_count_as_missing(tmp_path: Path) -> None:
    text = swap('"None declared"', '"  "')(minimal())
    assert codes(lint_text(tmp_path, text)) == ["SDM107"]


def test_two_years_back_from_29_february() -> None:
    assert years_before(dt.date(2028, 2, 29), 2) == dt.date(2026, 2, 28)
    assert years_before(TODAY, 2) == dt.date(2024, 3, 14)


def test_dates_are_judged_against_the_given_day(tmp_path: Path) -> None:
    text = minimal()
    assert codes(lint_text(tmp_path, text, today=dt.date(2028, 1, 15))) == []
    assert codes(lint_text(tmp_path, text, today=dt.date(2028, 1, 16))) == ["SDM109", "SDM108"]


# -- reading level ----------------------------------------------------------------------------


def with_summary(text: str) -> str:
    return swap('summary = "A test aid with two options."', f'summary = "{text}"')(minimal())


def test_reading_level_message_names_the_grade(tmp_path: Path) -> None:
    (problem,) = lint_text(tmp_path, with_summary(HARD))
    grade = readability.measure(HARD).grade
    assert f"grade {grade:.1f}" in problem.message and "above 8" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        HARD.split(". ")[0] + ".",  # one sentence, however hard
        "Pharmacological intervention necessitates evaluation. Comprehensive deliberation.",
    ],
    ids=["one-sentence", "under-15-words"],
)
def test_short_texts_are_not_graded(tmp_path: Path, text: str) -> None:
    reading = readability.measure(text)
    assert reading.grade > 8 and not reading.long_enough
    assert lint_text(tmp_path, with_summary(text)) == []


@pytest.mark.parametrize(
    ("language", "graded"), [("en", True), ("en-GB", True), ("de", False), ("fr-CA", False)]
)
def test_only_english_is_graded(tmp_path: Path, language: str, graded: bool) -> None:
    text = with_summary(HARD).replace(
        'version = "1.0.0"', f'language = "{language}"\nversion = "1.0.0"'
    )
    assert codes(lint_text(tmp_path, text)) == (["SDM110"] if graded else [])


def test_max_grade_is_a_setting(tmp_path: Path) -> None:
    easy = with_summary(EASY)
    assert lint_text(tmp_path, easy) == []
    assert codes(lint_text(tmp_path, easy, max_grade=1.0)) == ["SDM110"]
    assert lint_text(tmp_path, with_summary(HARD), max_grade=99.0) == []


def test_reading_levels_come_worst_first_after_the_other_warnings(tmp_path: Path) -> None:
    medium = (
        "Statins are medicines that lower cholesterol in the blood and reduce the chance of "
        "cardiovascular events. Your clinician can calculate your individual cardiovascular "
        "risk over the next decade using validated prediction equations."
    )
    text = (
        with_summary(medium)
        .replace('audience = "Tests only."', f'audience = "{HARD}"')
        .replace("year = 2020\n", "")
    )
    problems = lint_text(tmp_path, text)
    assert [(p.code, p.path) for p in problems] == [
        ("SDM111", 'sources[id="trial"]'),
        ("SDM110", "audience"),  # the harder text first, though it comes later in the file
        ("SDM110", "summary"),
    ]
    assert readability.measure(HARD).grade > readability.measure(medium).grade > 8


def test_every_kind_of_text_is_graded(tmp_path: Path) -> None:
    from sdm_tui.aid.lint import texts

    paths = {shown for _, shown, _ in texts(load_aid(MINIMAL))}
    assert {
        "question",
        "summary",
        "audience",
        'options[id="tablet"].summary',
        'options[id="tablet"].details',
        'questions[id="involve"].text',
        'questions[id="involve"].answers.none',
        'outcomes[id="better"].label',
        'values[id="avoid-pills"].statement',
        'values[id="avoid-pills"].detail',
        "checks[0].question",
        "checks[0].choices[1]",
        "checks[0].explanation",
    } <= paths


def test_hard_option_details_point_at_their_line(tmp_path: Path) -> None:
    text = swap(
        'summary = "Carry on as now."', f'summary = "Carry on as now."\ndetails = """\n{HARD}"""'
    )(minimal())
    (problem,) = lint_text(tmp_path, text + quiet("SDM128"))
    assert (problem.code, problem.path) == ("SDM110", 'options[id="none"].details')
    assert problem.source_line == 'details = """'


def test_silenced_reading_level_never_measures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(text: str) -> readability.Reading:
        raise AssertionError("measured a text although SDM110 is silenced")

    monkeypatch.setattr(readability, "measure", refuse)
    assert lint_text(tmp_path, with_summary(HARD), ignore=frozenset({"SDM110"})) == []
    text = (
        with_summary(HARD)
        + '\n[lint]\nignore = [{ rule = "reading-level", reason = "Jargon on purpose." }]\n'
    )
    assert lint_text(tmp_path, text) == []


def test_a_grade_is_computed_with_the_network_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("network unavailable in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    # Import textstat afresh under the block: nothing may be fetched at import or first use.
    for name in list(sys.modules):
        if name.split(".")[0] in ("textstat", "pyphen"):
            monkeypatch.delitem(sys.modules, name)
    readability._textstat.cache_clear()
    try:
        reading = readability.measure(
            "Statins are tablets that lower cholesterol. Lower cholesterol means a lower "
            "chance of a heart attack or stroke. Offline grading works."
        )
    finally:
        readability._textstat.cache_clear()
    assert 0 < reading.grade < 12
    assert reading.sentences == 3 and reading.long_enough


def test_linting_does_not_import_textstat_until_it_grades(tmp_path: Path) -> None:
    path = tmp_path / "long-texts.toml"
    path.write_text(with_summary(EASY), encoding="utf-8")
    script = textwrap.dedent(
        """
        import contextlib, io, sys
        import sdm_tui.aid.lint, sdm_tui.aid.check, sdm_tui.aid.library, sdm_tui.cli
        loaded = "textstat" in sys.modules
        from sdm_tui.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            main(["check", "--ignore", "SDM110", sys.argv[1]])
        ignored = "textstat" in sys.modules
        with contextlib.redirect_stdout(io.StringIO()):
            main(["check", sys.argv[1]])
        print(loaded, ignored, "textstat" in sys.modules)
        """
    )
    result = run_python(script, str(path))
    assert result.stdout.split() == ["False", "False", "True"]


def run_python(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


# -- ignores in the file --------------------------------------------------------------------

NO_NO_ACTION = swap('kind = "no_action"', 'kind = "active"')


@pytest.mark.parametrize("rule", ["SDM101", "sdm101", "no-no-action-option"])
def test_file_ignore_silences_a_rule_by_id_or_name(tmp_path: Path, rule: str) -> None:
    text = (
        NO_NO_ACTION(minimal())
        + f'\n[lint]\nignore = [{{ rule = "{rule}", reason = "No data." }}]\n'
    )
    assert lint_text(tmp_path, text) == []


def test_file_ignore_silences_only_its_rule(tmp_path: Path) -> None:
    text = NO_NO_ACTION(minimal()).replace("year = 2020\n", "")
    text += '\n[lint]\nignore = [{ rule = "SDM101", reason = "No data." }]\n'
    assert codes(lint_text(tmp_path, text)) == ["SDM111"]


def test_file_ignore_without_a_reason_still_silences_but_warns(tmp_path: Path) -> None:
    text = NO_NO_ACTION(minimal()) + '\n[lint]\nignore = [{ rule = "SDM101", reason = "" }]\n'
    (problem,) = lint_text(tmp_path, text)
    assert problem.code == "SDM112" and "SDM101" in problem.message


def test_file_ignore_of_a_misspelt_rule_suggests_one(tmp_path: Path) -> None:
    text = minimal() + '\n[lint]\nignore = [{ rule = "no-no-action-opton", reason = "x" }]\n'
    (problem,) = lint_text(tmp_path, text)
    assert problem.code == "SDM113"
    assert "did you mean no-no-action-option?" in problem.message


def test_the_rules_about_ignores_cannot_be_ignored_in_the_file(tmp_path: Path) -> None:
    text = minimal() + textwrap.dedent(
        """
        [lint]
        ignore = [
            { rule = "SDM112", reason = "Try to hide the next one." },
            { rule = "SDM111", reason = "" },
        ]
        """
    )
    assert codes(lint_text(tmp_path, text)) == ["SDM113", "SDM112"]
    assert lint_text(tmp_path, text, ignore=frozenset({"SDM112", "SDM113"})) == []


def test_settings_ignore_silences_for_every_file(tmp_path: Path) -> None:
    text = NO_NO_ACTION(minimal())
    assert codes(lint_text(tmp_path, text)) == ["SDM101"]
    assert lint_text(tmp_path, text, ignore=frozenset({"SDM101"})) == []


# -- warnings never stop an aid loading ------------------------------------------------------


def test_aid_with_warnings_loads_in_the_library(tmp_path: Path) -> None:
    folder = tmp_path / "aids"
    folder.mkdir()
    text = NO_NO_ACTION(minimal()).replace("year = 2020\n", "") + (
        '\n[lint]\nignore = [{ rule = "SDM999", reason = "" }]\n'
    )
    (folder / "warned.toml").write_text(text, encoding="utf-8")
    library = load_library(folder)
    assert [aid.id for aid in library.aids] == ["minimal"] and library.failures == []
    assert len(lint_text(tmp_path, text)) == 4  # SDM101, SDM111, SDM112, SDM113


def test_bundled_aids_have_no_warnings() -> None:
    from sdm_tui.aid.check import check_files, expand_paths
    from sdm_tui.aid.library import bundled_aids_folder

    # The day they were last reviewed: the test does not start failing when review falls due.
    report = check_files(expand_paths([bundled_aids_folder()]), today=dt.date(2026, 11, 26))
    problems = [f"{p.location()}: {p.headline()}" for f in report.files for p in f.problems]
    assert problems == []
    assert len(report.files) == 6  # 5 aids and a Spanish translation


# -- the check command ------------------------------------------------------------------------


def dated(text: str) -> str:
    """Dates relative to the real today: `check` judges review dates against it."""
    today = dt.date.today()
    return text.replace("last_reviewed = 2026-01-15", f"last_reviewed = {today}").replace(
        "review_by = 2028-01-15", f"review_by = {today + dt.timedelta(days=365)}"
    )


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    """An aid with two warnings: SDM101 and SDM111."""
    path = tmp_path / "warned.toml"
    path.write_text(dated(NO_NO_ACTION(minimal())).replace("year = 2020\n", ""), encoding="utf-8")
    return path


def test_check_prints_warnings_with_name_reason_and_fix(
    capsys: pytest.CaptureFixture[str], warned: Path
) -> None:
    code, out, err = check(capsys, warned)
    assert code == 0 and err == ""
    lines = out.splitlines()
    rule = find_rule("SDM101")
    assert rule is not None
    options_line = line_of(warned.read_text(encoding="utf-8"), "[[options]]")
    headline = (
        f"{warned}:{options_line}:3: warning[SDM101]: options: no option is for taking no action, "
        "such as no treatment or watchful waiting [no-no-action-option]"
    )
    assert headline in lines
    at = lines.index(headline)
    assert lines[at + 1 : at + 5] == [
        f"{options_line:>5} | [[options]]",
        "      |   ^",
        f"      = why: {rule.why}",
        f"      = fix: {rule.fix}",
    ]
    assert "warning[SDM111]" in out
    assert lines[-1] == "checked 1 file: 1 ok, 0 with errors (0 errors, 2 warnings)"


def test_strict_makes_warnings_fail(capsys: pytest.CaptureFixture[str], warned: Path) -> None:
    code, out, _ = check(capsys, "--strict", warned)
    assert code == 1
    assert out.splitlines()[-2:] == [
        "checked 1 file: 1 ok, 0 with errors (0 errors, 2 warnings)",
        "--strict: warnings fail the run",
    ]


@pytest.mark.parametrize(
    "ignores",
    [["SDM101", "SDM111"], ["no-no-action-option", "source-without-year"], ["sdm101", "SDM111"]],
)
def test_ignore_is_repeatable_by_id_or_name(
    capsys: pytest.CaptureFixture[str], warned: Path, ignores: list[str]
) -> None:
    args = [arg for rule in ignores for arg in ("--ignore", rule)]
    code, out, _ = check(capsys, "--strict", *args, warned)
    assert code == 0, out
    assert "(0 errors, 0 warnings)" in out
    code, out, _ = check(capsys, "--strict", "--ignore", ignores[0], warned)
    assert code == 1 and "warning[SDM111]" in out and "SDM101" not in out


def test_ignore_of_an_unknown_rule_is_a_usage_mistake(
    capsys: pytest.CaptureFixture[str], warned: Path
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--ignore", "SDM999", str(warned)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "SDM999" in err


@pytest.mark.parametrize("grade", ["0", "-1", "nan", "eight"])
def test_bad_max_grade_is_a_usage_mistake(
    capsys: pytest.CaptureFixture[str], warned: Path, grade: str
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--max-grade", grade, str(warned)])
    assert info.value.code == 2


def test_max_grade_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "easy.toml"
    path.write_text(dated(with_summary(EASY)), encoding="utf-8")
    assert check(capsys, "--strict", path)[0] == 0
    code, out, _ = check(capsys, "--strict", "--max-grade", "1", path)
    assert code == 1 and "warning[SDM110]" in out and "above 1" in out


def test_strict_does_not_count_a_clean_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "clean.toml"
    path.write_text(dated(minimal()), encoding="utf-8")
    code, out, _ = check(capsys, "--strict", path)
    assert code == 0, out


def test_json_carries_rule_ids(capsys: pytest.CaptureFixture[str], warned: Path) -> None:
    code, out, _ = check(capsys, "--format", "json", warned)
    assert code == 0
    payload = json.loads(out)
    assert (payload["errors"], payload["warnings"]) == (0, 2)
    (report,) = payload["files"]
    assert report["ok"] is True and report["aid_id"] == "minimal"
    found = [(p["code"], p["name"], p["severity"]) for p in report["problems"]]
    assert found == [
        ("SDM111", "source-without-year", "warning"),
        ("SDM101", "no-no-action-option", "warning"),
    ]
    for problem in report["problems"]:
        rule = find_rule(problem["code"])
        assert rule is not None
        assert problem["why"] == rule.why and problem["fix"] == rule.fix
        assert isinstance(problem["line"], int) and problem["path"]
    assert check(capsys, "--format", "json", "--strict", warned)[0] == 1


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--list-rules"]) == 0
    out = capsys.readouterr().out
    for rule in RULES:
        assert f"{rule.id}  {rule.name}: {rule.summary}" in out
        assert rule.why in out and rule.fix in out
    assert main(["check", "--list-rules", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)["rules"]
    assert [(r["id"], r["name"], r["why"], r["fix"]) for r in listed] == [
        (r.id, r.name, r.why, r.fix) for r in RULES
    ]


def test_check_in_a_real_process_warns_quietly_and_fails_strict(warned: Path) -> None:
    text_path = warned.with_name("hard.toml")
    text_path.write_text(dated(with_summary(HARD)).replace('"minimal"', '"hard"'), encoding="utf-8")
    script = "import sys; from sdm_tui.cli import main; sys.exit(main(sys.argv[1:]))"
    result = run_python(script, "check", "--strict", str(warned), str(text_path))
    assert result.returncode == 1
    assert result.stderr == ""  # no deprecation warning from textstat's pkg_resources
    assert "warning[SDM110]" in result.stdout and "warning[SDM101]" in result.stdout
    result = run_python(script, "check", str(warned), str(text_path))
    assert result.returncode == 0
