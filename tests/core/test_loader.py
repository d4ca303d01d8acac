"""Strict loading: one fixture per failure mode, every problem at once, never a traceback."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from sdm_tui.aid import loader
from sdm_tui.aid.loader import MAX_FILE_BYTES, load_aid, parse_aid
from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import AidLoadError, Problem
from tests.builders import DATA as TEST_DATA

DATA = TEST_DATA / "aids"
MINIMAL = DATA / "minimal.toml"
INVALID = DATA / "invalid"


def load_problems(path: Path) -> list[Problem]:
    """Load a file that must fail, and insist that only `AidLoadError` comes out."""
    try:
        load_aid(path)
    except Exception as error:
        assert type(error) is AidLoadError, f"{type(error).__name__} left the loader: {error}"
        assert error.file == path
        assert str(path) in str(error)
        assert error.problems, "an AidLoadError must carry at least one problem"
        return error.problems
    pytest.fail(f"{path.name} loaded, but it has a mistake")


def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str | bytes, name: str = "aid.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# -- one fixture per failure mode ------------------------------------------------------

# fixture name, code, line of the mistake, key path, text the fix (or message) must contain
CASES = [
    ("not_toml", "SDM001", 43, "", "syntax"),
    ("missing_key", "SDM002", 22, 'options[id="tablet"].label', "label = "),
    ("wrong_type", "SDM003", 43, 'outcomes[id="better"].per', "whole number"),
    ("unknown_key", "SDM004", 31, 'options[id="none"].knd', "did you mean `kind`?"),
    ("unknown_format", "SDM005", 2, "format", "format = 2"),
    ("duplicate_option_id", "SDM006", 34, 'options[id="tablet"]', "own id"),
    (
        "answers_unknown_option",
        "SDM007",
        38,
        'questions[id="involve"].answers.surgery',
        "tablet, none",
    ),
    (
        "chance_unknown_option",
        "SDM007",
        49,
        'outcomes[id="better"].chance.surgery',
        "tablet, none",
    ),
    (
        "favours_unknown_option",
        "SDM007",
        64,
        'values[id="avoid-pills"].favours.surgery',
        "tablet, none",
    ),
    ("unknown_source", "SDM008", 45, 'outcomes[id="better"].source', "trial"),
    (
        "count_out_of_range",
        "SDM009",
        47,
        'outcomes[id="better"].chance.tablet',
        "0 to 100",
    ),
    (
        "favours_out_of_range",
        "SDM010",
        62,
        'values[id="avoid-pills"].favours.none',
        "-2 to 2",
    ),
    ("check_answer_out_of_range", "SDM011", 68, "checks[0].answer", "0 to 1"),
    ("one_option", "SDM012", 22, "options", "add 1 more"),
    (
        "unanswered_option",
        "SDM007",
        36,
        'questions[id="involve"].answers.none',
        'answers.none = "..."',
    ),
    ("bad_status", "SDM014", 9, "status", 'did you mean "reviewed"?'),
    ("bad_id", "SDM014", 3, "id", "lower-case"),
    ("datetime_not_date", "SDM003", 10, "last_reviewed", "2026-01-31"),
    ("bidi_control", "SDM015", 24, 'options[id="tablet"].label', "U+202A-202E"),
    ("not_utf8", "SDM013", 29, "", "UTF-8"),
]
ONE_MISTAKE = [case[0] for case in CASES]


def test_every_invalid_fixture_has_a_case() -> None:
    on_disk = {p.stem for p in INVALID.glob("*.toml")}
    assert on_disk == {*ONE_MISTAKE, "five_mistakes"}


@pytest.mark.parametrize("name", [*ONE_MISTAKE, "five_mistakes"])
def test_fixture_says_what_is_wrong_on_its_first_line(name: str) -> None:
    first = (INVALID / f"{name}.toml").read_bytes().split(b"\n", 1)[0]
    assert first.startswith(b"# ") and len(first) > 10


@pytest.mark.parametrize(("name", "code", "line", "key_path", "fix_hint"), CASES, ids=ONE_MISTAKE)
def test_one_mistake_gives_one_precise_problem(
    name: str, code: str, line: int, key_path: str, fix_hint: str
) -> None:
    path = INVALID / f"{name}.toml"
    problems = load_problems(path)
    assert len(problems) == 1, [p.headline() for p in problems]
    problem = problems[0]
    assert problem.file == path
    assert problem.code == code
    assert problem.line == line
    assert problem.column is not None and problem.column >= 1
    assert problem.path == key_path
    assert problem.severity == "error" and problem.is_error
    assert problem.name
    assert problem.message.strip()
    assert problem.fix.strip()
    assert fix_hint in problem.fix or fix_hint in problem.message
    assert problem.location() == f"{path}:{line}:{problem.column}"
    # The source line is the file's own line (made safe to show).
    raw_line = path.read_bytes().split(b"\n")[line - 1].decode("utf-8", "replace")
    if name == "bidi_control":
        assert problem.source_line == raw_line.replace("\u202e", "<U+202E>")
    else:
        assert problem.source_line == raw_line


def test_semantic_problem_points_at_the_value() -> None:
    (problem,) = load_problems(INVALID / "count_out_of_range.toml")
    assert problem.source_line == "chance.tablet = 130"
    assert problem.column == problem.source_line.index("130") + 1


def test_unknown_option_points_at_the_key() -> None:
    (problem,) = load_problems(INVALID / "chance_unknown_option.toml")
    assert problem.source_line == "chance.surgery = 10"
    assert problem.column == 1
    assert "surgery" in problem.message


def test_duplicate_id_names_the_first_line() -> None:
    (problem,) = load_problems(INVALID / "duplicate_option_id.toml")
    assert "first on line 23" in problem.message


def test_unknown_key_lists_the_known_keys() -> None:
    (problem,) = load_problems(INVALID / "unknown_key.toml")
    assert "knd" in problem.message
    assert "kind" in problem.message


def test_unknown_key_without_a_close_match_has_no_guess(tmp_path: Path) -> None:
    text = minimal_text().replace('kind = "no_action"', 'kind = "no_action"\nzzzz = 1')
    (problem,) = load_problems(write(tmp_path, text))
    assert problem.code == "SDM004"
    assert problem.path == 'options[id="none"].zzzz'
    assert "did you mean" not in problem.fix
    assert problem.fix


def test_not_utf8_counts_columns_in_characters(tmp_path: Path) -> None:
    text = minimal_text().replace('label = "No tablet"', 'label = "Ñö tablet é"')
    raw = text.encode("utf-8").replace("é".encode(), b"\xe9")
    (problem,) = load_problems(write(tmp_path, raw))
    assert problem.code == "SDM013"
    assert problem.line == 29
    assert problem.column == len('label = "Ñö tablet ') + 1
    assert problem.source_line == 'label = "Ñö tablet \ufffd"'


def test_missing_top_level_key_still_has_a_line(tmp_path: Path) -> None:
    text = minimal_text().replace('title = "Minimal test aid"\n', "")
    (problem,) = load_problems(write(tmp_path, text))
    assert problem.code == "SDM002"
    assert problem.path == "title"
    assert problem.line == 2  # the top-level table starts at the first key
    assert problem.source_line == "format = 1"


def test_inline_table_problem_points_into_the_line(tmp_path: Path) -> None:
    text = minimal_text().replace(
        "chance = { tablet = 5, none = 1 }", "chance = { tablet = 5, none = 101 }"
    )
    (problem,) = load_problems(write(tmp_path, text))
    assert problem.code == "SDM009"
    assert problem.path == 'outcomes[id="sick"].chance.none'
    assert problem.line == 57
    assert problem.column == problem.source_line.index("101") + 1


def test_non_finite_count_is_a_wrong_type(tmp_path: Path) -> None:
    text = minimal_text().replace("chance.tablet = 30", "chance.tablet = nan")
    (problem,) = load_problems(write(tmp_path, text))
    assert problem.code == "SDM003"
    assert "nan" in problem.message


# -- every problem of a file at once ------------------------------------------------------


def test_five_mistakes_give_five_messages_at_once() -> None:
    problems = load_problems(INVALID / "five_mistakes.toml")
    assert len(problems) == 5, [p.headline() for p in problems]
    assert [(p.line, p.code, p.path) for p in problems] == [
        (9, "SDM014", "status"),
        (31, "SDM004", 'options[id="none"].knd'),
        (45, "SDM008", 'outcomes[id="better"].source'),
        (47, "SDM009", 'outcomes[id="better"].chance.tablet'),
        (62, "SDM010", 'values[id="avoid-pills"].favours.none'),
    ]
    for problem in problems:
        assert problem.line is not None and problem.column is not None
        assert problem.path
        assert problem.message and problem.fix
        assert problem.source_line


# -- files refused whole: a message, never a traceback -------------------------------------


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    padding = "# padding\n" * (MAX_FILE_BYTES // 10 + 1)
    path = write(tmp_path, minimal_text() + padding)
    assert path.stat().st_size > MAX_FILE_BYTES
    (problem,) = load_problems(path)
    assert problem.code == "SDM013"
    assert problem.name == "file-too-large"
    assert "1 MiB" in problem.message
    assert problem.fix


def test_too_large_bytes_are_refused_before_parsing() -> None:
    raw = b"x" * (MAX_FILE_BYTES + 1)  # not even TOML: size is checked first
    with pytest.raises(AidLoadError) as info:
        parse_aid(raw, Path("big.toml"))
    assert [p.name for p in info.value.problems] == ["file-too-large"]


def test_file_of_exactly_one_mib_still_loads(tmp_path: Path) -> None:
    text = minimal_text() + "\n"
    text += "#" * (MAX_FILE_BYTES - len(text.encode("utf-8")) - 1) + "\n"
    path = write(tmp_path, text)
    assert path.stat().st_size == MAX_FILE_BYTES
    assert load_aid(path).id == "minimal"


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 1000 + "]" * 1000,
        "a = " + "{ b = " * 1000 + "1" + " }" * 1000,
        minimal_text().replace("review_by = 2028-01-15", "tags = " + "[" * 1000 + "]" * 1000),
    ],
    ids=["arrays", "inline-tables", "inside-an-aid"],
)
def test_absurdly_deep_nesting_is_refused(tmp_path: Path, text: str) -> None:
    (problem,) = load_problems(write(tmp_path, text))
    assert problem.code in ("SDM001", "SDM013")
    assert "nested" in problem.message
    assert problem.fix


def test_modest_nesting_is_an_ordinary_problem(tmp_path: Path) -> None:
    text = minimal_text().replace("review_by = 2028-01-15", "tags = " + "[" * 50 + "]" * 50)
    (problem,) = load_problems(write(tmp_path, text))
    assert problem.code == "SDM003"
    assert problem.path == "tags"


def test_utf16_file_is_refused_as_not_utf8(tmp_path: Path) -> None:
    (problem,) = load_problems(write(tmp_path, minimal_text().encode("utf-16")))
    assert problem.code == "SDM013"
    assert problem.name == "not-utf8"
    assert (problem.line, problem.column) == (1, 1)


def test_empty_file_reports_every_missing_key(tmp_path: Path) -> None:
    problems = load_problems(write(tmp_path, ""))
    assert {p.code for p in problems} == {"SDM002"}
    assert {"format", "id", "title", "authors", "sources", "options"} <= {p.path for p in problems}


@pytest.mark.parametrize("make", [lambda t: t / "missing.toml", lambda t: t])
def test_unreadable_path_is_a_load_error(tmp_path: Path, make) -> None:
    (problem,) = load_problems(make(tmp_path))
    assert problem.code == "SDM013"
    assert problem.message


def test_a_bug_in_the_loader_still_leaves_only_aid_load_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> DecisionAid:
        raise KeyError("a bug")

    monkeypatch.setattr(loader, "_build", broken)
    (problem,) = load_problems(MINIMAL)
    assert problem.name == "internal-error"
    assert "KeyError" in problem.message


# -- what loads, and how ------------------------------------------------------------------


def test_minimal_loads_with_the_right_values() -> None:
    aid = load_aid(MINIMAL)
    assert aid.format == 1
    assert aid.id == "minimal"
    assert aid.title == "Minimal test aid"
    assert aid.question == "Should I take the tablet?"
    assert aid.audience == "Tests only."
    assert aid.version == "1.0.0"
    assert aid.status == "example" and aid.needs_banner and not aid.is_retired
    assert aid.language == "en"
    assert aid.last_reviewed == dt.date(2026, 1, 15)
    assert aid.review_by == dt.date(2028, 1, 15)
    assert aid.is_overdue(dt.date(2028, 1, 16)) and not aid.is_overdue(dt.date(2028, 1, 15))
    assert aid.path == MINIMAL

    (author,) = aid.authors
    assert (author.name, author.conflicts_of_interest) == ("Test author", "None declared")
    (source,) = aid.sources
    assert (source.id, source.year) == ("trial", 2020)

    assert [o.id for o in aid.options] == ["tablet", "none"]
    assert [o.kind for o in aid.options] == ["active", "no_action"]
    assert aid.option("none").is_no_action

    (question,) = aid.questions
    assert question.answers == {"tablet": "A tablet each morning.", "none": "Nothing."}

    better, sick = aid.outcomes
    assert (better.type, better.per, better.source, better.certainty) == (
        "benefit",
        100,
        "trial",
        "moderate",
    )
    assert better.chance == {"tablet": 30, "none": 20}
    assert sick.chance == {"tablet": 5, "none": 1}  # an inline table reads the same
    assert sick.certainty == ""
    assert aid.benefits == (better,) and aid.harms == (sick,)

    (value,) = aid.values
    assert value.favours == {"none": 2, "tablet": -1}
    assert value.favour_for("tablet") == -1

    (check,) = aid.checks
    assert check.choices == ("20", "30")
    assert check.answer == 1


def test_sha256_is_the_hash_of_the_file_bytes() -> None:
    aid = load_aid(MINIMAL)
    assert aid.sha256 == hashlib.sha256(MINIMAL.read_bytes()).hexdigest()


def test_utf8_bom_is_accepted_and_hashed_as_written(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + MINIMAL.read_bytes()
    aid = load_aid(write(tmp_path, raw))
    assert aid.id == "minimal"
    assert aid.sha256 == hashlib.sha256(raw).hexdigest()


def test_control_characters_are_neutralised(tmp_path: Path) -> None:
    text = (
        minimal_text()
        .replace('title = "Minimal test aid"', 'title = "Bad\\u001b]0;owned\\u0007 title"')
        .replace('label = "No tablet"', 'label = "No\\u001b[2J tablet"')
        .replace('answers.none = "Nothing."', 'answers.none = "Nothing\\u001b[31m."')
        .replace('choices = ["20", "30"]', 'choices = ["20\\u001b", "30"]')
    )
    aid = load_aid(write(tmp_path, text))
    shown = [
        aid.title,
        aid.option("none").label,
        aid.questions[0].answers["none"],
        *aid.checks[0].choices,
    ]
    for text in shown:
        assert "\x1b" not in text and "\x07" not in text
    assert aid.title == "Bad\u241b]0;owned\u2407 title"  # ESC and BEL made visible
    assert aid.option("none").label == "No\u241b[2J tablet"


def test_markup_is_kept_as_typed(tmp_path: Path) -> None:
    text = minimal_text().replace('title = "Minimal test aid"', 'title = "[b]Bold[/b] <i>x</i>"')
    assert load_aid(write(tmp_path, text)).title == "[b]Bold[/b] <i>x</i>"
