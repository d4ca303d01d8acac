"""`sdm-tui report`: a folder of records, some broken, gives exactly the figures worked out
by hand below; broken files are named with the reason; the outputs are inert."""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from sdm_tui.aid.library import bundled_aids_folder
from sdm_tui.aid.loader import load_aid
from sdm_tui.cli.report import configure, run
from sdm_tui.cli.report_terminal import render_terminal
from sdm_tui.report import build_report, figure_rows, read_records, render_csv, render_markdown
from sdm_tui.report.figures import FOLLOW_UP_FIGURES, ROLE_ITEMS, Report
from sdm_tui.report.reader import review_date
from sdm_tui.report.render import CSV_COLUMNS, bar, csv_cell
from sdm_tui.report.validate import VALIDATION
from tests.report_records import consultation_record, write_records

TODAY = date(2026, 11, 26)
ALL4 = (True, True, True, True)


def _statins() -> Any:
    return load_aid(bundled_aids_folder() / "statins-primary-prevention.toml")


def _records() -> list[tuple[str, dict[str, Any]]]:
    """The sample. Clinical, minimal aid: r1..r4; statins aid: r6; r1-early is an earlier
    export of r1. t1 is a rehearsal, p1 a preview."""
    return [
        (
            "a-r1.json",
            consultation_record(
                start=0, choice="tablet", leaning="tablet", sure=ALL4, collaborate=(4, 4, 4),
                role="decide_together", review="2026-12-10",
            ),
        ),
        ("z-r1-early.json", consultation_record(start=0, choice="none", exported=5)),
        (
            "r2.json",
            consultation_record(
                start=10, choice="none", leaning="tablet", sure=(True, True, True, False),
                collaborate=(4, 4, 3), role="decide_myself", review="Review on 2026-11-01",
            ),
        ),
        (
            "r3.json",
            consultation_record(
                start=20, not_yet="more_time", leaning="unsure", sure=(True, False),
                review="in 3 months",
            ),
        ),
        (
            "sub/r4.json",
            consultation_record(
                start=30, choice="tablet", leaning="unsure", collaborate=(4, 4),
                role="clinician_decides", review="2027-01-20",
            ),
        ),
        (
            "r6.json",
            consultation_record(
                aid=_statins(), start=40, choice="statin", leaning="statin", sure=ALL4,
                collaborate=(4, 4, 4), role="decide_together", review="2026-11-26",
            ),
        ),
        (
            "t1.json",
            consultation_record(
                mode="training", start=50, choice="tablet", leaning="none",
                collaborate=(4, 4, 4),
            ),
        ),
        ("p1.json", consultation_record(mode="preview", start=60, choice="none")),
    ]  # fmt: skip


def _broken(folder: Path) -> None:
    good = consultation_record(start=99, choice="tablet")
    (folder / "b1-not-json.json").write_text("{", encoding="utf-8")
    v2 = dict(good, record_version=3)
    missing = {k: v for k, v in good.items() if k != "decision"}
    wrong_type = json.loads(json.dumps(good))
    wrong_type["sure"]["score"] = "3"
    write_records(
        folder,
        [
            ("b2-version.json", v2),
            ("b3-missing.json", missing),  # type: ignore[list-item]
            ("b4-list.json", [1, 2]),  # type: ignore[list-item]
            ("b6-type.json", wrong_type),
            ("fhir.json", {"resourceType": "Bundle", "type": "document"}),  # skipped quietly
        ],
    )
    (folder / "notes.txt").write_text("not a record", encoding="utf-8")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "h.json").write_text("{", encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report") / "records"
    for name, record in _records():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write_records((folder / name).parent, [(Path(name).name, record)])
    _broken(folder)
    return folder


@pytest.fixture(scope="module")
def report(folder: Path) -> Report:
    return build_report(read_records([folder]), TODAY, 30)


def _figures(report: Report) -> dict[tuple[str, str, str, str, str], tuple[int, int]]:
    return {r.key()[:5]: (r.count, r.out_of) for r in figure_rows(report)}


# -- the figures, by hand ----------------------------------------------------------------------

CLINICAL_OVERALL = {
    ("consultations", ""): (5, 5),
    ("decision", "chosen"): (4, 5),
    ("decision", "not_yet"): (1, 5),
    ("decision", "none"): (0, 5),
    ("matched_leaning", ""): (2, 3),  # r1 yes, r2 no, r6 yes; r4 leaned "unsure"
    ("sure_3_or_less", ""): (1, 3),  # r2 (3); r1 and r6 are 4; r3, r4 incomplete
    ("collaborate_top_score", ""): (2, 3),  # r1, r6; r2 has a 3; r3 skipped, r4 partial
    ("preferred_role", "decide_myself"): (1, 5),
    ("preferred_role", "decide_together"): (2, 5),
    ("preferred_role", "clinician_decides"): (1, 5),
    ("preferred_role", "not_recorded"): (1, 5),
    ("review_due", ""): (2, 5),  # r1 in 14 days, r6 today; r4 in 55 days; r3 ("in 3 months") 68
    ("review_overdue", ""): (1, 5),  # r2
}
CLINICAL_MINIMAL = {
    ("consultations", ""): (4, 4),
    ("decision", "chosen"): (3, 4),
    ("decision", "not_yet"): (1, 4),
    ("decision", "none"): (0, 4),
    ("choice", "tablet"): (2, 4),
    ("choice", "none"): (1, 4),
    ("matched_leaning", ""): (1, 2),
    ("sure_3_or_less", ""): (1, 2),
    ("collaborate_top_score", ""): (1, 2),
    ("preferred_role", "decide_myself"): (1, 4),
    ("preferred_role", "decide_together"): (1, 4),
    ("preferred_role", "clinician_decides"): (1, 4),
    ("preferred_role", "not_recorded"): (1, 4),
    ("review_due", ""): (1, 4),
    ("review_overdue", ""): (1, 4),
}
CLINICAL_STATINS = {
    ("consultations", ""): (1, 1),
    ("decision", "chosen"): (1, 1),
    ("decision", "not_yet"): (0, 1),
    ("decision", "none"): (0, 1),
    ("choice", "statin"): (1, 1),
    ("choice", "no-statin"): (0, 1),
    ("matched_leaning", ""): (1, 1),
    ("sure_3_or_less", ""): (0, 1),
    ("collaborate_top_score", ""): (1, 1),
    ("preferred_role", "decide_myself"): (0, 1),
    ("preferred_role", "decide_together"): (1, 1),
    ("preferred_role", "clinician_decides"): (0, 1),
    ("preferred_role", "not_recorded"): (0, 1),
    ("review_due", ""): (1, 1),
    ("review_overdue", ""): (0, 1),
}
TRAINING_OVERALL = {
    ("consultations", ""): (1, 1),
    ("decision", "chosen"): (1, 1),
    ("decision", "not_yet"): (0, 1),
    ("decision", "none"): (0, 1),
    ("matched_leaning", ""): (0, 1),
    ("sure_3_or_less", ""): (0, 0),
    ("collaborate_top_score", ""): (1, 1),
    ("preferred_role", "decide_myself"): (0, 1),
    ("preferred_role", "decide_together"): (0, 1),
    ("preferred_role", "clinician_decides"): (0, 1),
    ("preferred_role", "not_recorded"): (1, 1),
    ("review_due", ""): (0, 0),
    ("review_overdue", ""): (0, 0),
}


def _scope(mode: str, scope: str, aid: str, figures: dict[Any, Any]) -> dict[Any, Any]:
    return {(mode, scope, aid, *key): value for key, value in figures.items()}


def test_the_figures_are_those_worked_out_by_hand(report: Report) -> None:
    training_minimal = {
        **TRAINING_OVERALL,
        ("choice", "tablet"): (1, 1),
        ("choice", "none"): (0, 1),
    }
    expected = {
        **_scope("clinical", "overall", "", CLINICAL_OVERALL),
        **_scope("clinical", "aid", "minimal", CLINICAL_MINIMAL),
        **_scope("clinical", "aid", "statins-primary-prevention", CLINICAL_STATINS),
        **_scope("training", "overall", "", TRAINING_OVERALL),
        **_scope("training", "aid", "minimal", training_minimal),
    }
    consultations = {k: v for k, v in _figures(report).items() if k[3] not in FOLLOW_UP_FIGURES}
    assert consultations == expected


def test_training_is_kept_apart_and_previews_and_earlier_exports_left_out(report: Report) -> None:
    assert report.groups["clinical"].overall.consultations == 5
    assert report.groups["training"].overall.consultations == 1
    assert report.previews == 1
    assert report.duplicates == 1
    clinical_files = {Path(r.path).name for r in report.groups["clinical"].reviews}
    assert "t1.json" not in clinical_files


def test_the_latest_export_counts_whatever_the_file_name(report: Report) -> None:
    minimal = report.groups["clinical"].aids["minimal"]
    assert minimal.choices["tablet"] == 2  # a-r1 (chose the tablet) is the later export


def test_reviews_falling_due_soonest_first(report: Report) -> None:
    reviews = [
        (r.review_date.isoformat(), r.days, Path(r.path).name)
        for r in report.groups["clinical"].reviews
    ]
    assert reviews == [
        ("2026-11-01", -25, "r2.json"),
        ("2026-11-26", 0, "r6.json"),
        ("2026-12-10", 14, "a-r1.json"),
    ]


def test_a_narrower_window(folder: Path) -> None:
    report = build_report(read_records([folder]), TODAY, 7)
    assert _figures(report)[("clinical", "overall", "", "review_due", "")] == (1, 5)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("2026-12-10", date(2026, 12, 10)),
        ("Review on 2027-01-05, or sooner", date(2027, 1, 5)),
        ("in 3 months", None),
        ("2026-02-30", None),  # not a real date
        ("10/12/2026", None),
        ("", None),
        (None, None),
    ],
)
def test_review_dates_are_read_when_written_yyyy_mm_dd(
    text: str | None, found: date | None
) -> None:
    assert review_date(text) == found


def test_aid_names_and_options_come_from_the_latest_record(report: Report) -> None:
    info = report.groups["clinical"].info["statins-primary-prevention"]
    assert info.title == "Statins to prevent a first heart attack or stroke"
    assert info.options == (("statin", "Take a statin"), ("no-statin", "No statin for now"))


def test_the_report_names_every_role_in_deciding() -> None:
    from sdm_tui.consultation import ROLES_IN_DECIDING

    assert list(ROLE_ITEMS) == [*ROLES_IN_DECIDING, "not_recorded"]


# -- broken records ------------------------------------------------------------------------


def test_broken_records_are_named_with_the_reason(report: Report) -> None:
    reasons = {p.path.name: p.reason for p in report.problems}
    assert sorted(reasons) == [
        "b1-not-json.json",
        "b2-version.json",
        "b3-missing.json",
        "b4-list.json",
        "b6-type.json",
    ]
    assert reasons["b1-not-json.json"].startswith("not valid JSON (")
    assert reasons["b2-version.json"] == (
        "record version 3 is not known: this sdm-tui reads versions 1 and 2"
    )
    assert reasons["b3-missing.json"].startswith("does not fit the record format: at $:")
    assert "'decision' is a required property" in reasons["b3-missing.json"]
    assert reasons["b4-list.json"].startswith("not an sdm-tui consultation record")
    assert reasons["b6-type.json"].startswith("does not fit the record format: at $.sure.score")


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    result = read_records([tmp_path / "nowhere"])
    assert [(p.path.name, p.reason) for p in result.problems] == [
        ("nowhere", "no such file or folder")
    ]


def test_reasons_never_quote_what_a_record_says(tmp_path: Path) -> None:
    secret = "Ann Secret-Patient"
    records = []
    for number, change in enumerate(
        [
            lambda r: r["decision"].update(status=secret),
            lambda r: r["review"].update(text=[secret]),
            lambda r: r["participants"][0].update(name={secret: 1}),
            lambda r: r.update({secret: 1}),
            lambda r: r["aid"].update(id=secret),
        ]
    ):
        record = consultation_record(start=number, choice="tablet", review="soon")
        change(record)
        records.append((f"r{number}.json", record))
    write_records(tmp_path, records)
    problems = read_records([tmp_path]).problems
    assert len(problems) == len(records)
    for problem in problems:
        assert "Secret" not in problem.reason, problem.reason


def test_every_record_is_checked_by_the_record_model(folder: Path) -> None:
    result = read_records([folder])
    assert result.validation == VALIDATION
    report = build_report(result, TODAY)
    reasons = {p.path.name: p.reason for p in report.problems}
    assert reasons["b6-type.json"] == (
        "does not fit the record format: at $.sure.score: expected int | null, got str"
    )
    assert "b3-missing.json" in reasons
    assert _figures(report)[("clinical", "overall", "", "consultations", "")] == (5, 5)


def test_a_record_before_the_rating_counts_without_one(tmp_path: Path) -> None:
    record = consultation_record(choice="tablet")
    del record["collaborate"]
    write_records(tmp_path, [("old.json", record)])
    report = build_report(read_records([tmp_path]), TODAY)
    assert not report.problems
    assert _figures(report)[("clinical", "overall", "", "collaborate_top_score", "")] == (0, 0)


def test_a_file_that_is_not_regular_is_named(tmp_path: Path) -> None:
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe.json")
    problems = read_records([tmp_path / "pipe.json", tmp_path]).problems
    assert [(p.path.name, p.reason) for p in problems] == [("pipe.json", "not a regular file")]


# -- renderings ----------------------------------------------------------------------------


def test_csv_cells_a_spreadsheet_would_run_are_neutralised() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert str(csv_cell(text)).startswith("'"), text
    assert csv_cell("tablet") == "tablet"
    assert csv_cell(12) == 12 and csv_cell(50.0) == 50.0 and csv_cell(None) == ""
    assert csv_cell("a\x1b]0;x\x07") == "a␛]0;x␇"


def test_csv_rows(report: Report) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + len(figure_rows(report))
    by_key = {(r[0], r[1], r[2], r[4], r[5]): r for r in rows[1:]}
    choice = by_key[("clinical", "aid", "minimal", "choice", "tablet")]
    assert choice[3] == "Minimal test aid" and choice[6] == "Take the tablet"
    assert choice[7:] == ["2", "4", "50.0"]
    assert by_key[("training", "overall", "", "sure_3_or_less", "")][7:] == ["0", "0", ""]


def _hostile_folder(tmp_path: Path) -> Path:
    record = consultation_record(choice="tablet", review="2026-12-01")
    record["aid"]["title"] = '=HYPERLINK("http://x")<script>alert(1)</script> *b* | [red]x[/]'
    record["aid"]["options"][0]["label"] = "@cmd \x1b[2J[bold]Tablet[/bold] \u202e"
    write_records(tmp_path / "hostile", [("=evil[red].json", record)])
    return tmp_path / "hostile"


def test_hostile_text_is_inert_in_every_rendering(tmp_path: Path) -> None:
    report = build_report(read_records([_hostile_folder(tmp_path)]), TODAY)
    assert not report.problems
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    titles = {row[3] for row in rows[1:] if row[3]}
    labels = {row[6] for row in rows[1:] if row[4] == "choice"}
    assert all(title.startswith("'=HYPERLINK") for title in titles)
    assert "'@cmd ␛[2J[bold]Tablet[/bold] <U+202E>" in labels
    md = render_markdown(report)
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\*b\\* \\| \\[red\\]x\\[/\\]" in md
    assert "\x1b" not in md and "\u202e" not in md
    console = Console(file=io.StringIO(), width=200, record=True, color_system=None)
    render_terminal(report, console)
    text = console.export_text()
    assert "[red]x[/]" in text and "[bold]Tablet[/bold]" in text  # shown, not parsed
    assert "=evil[red].json" in text
    assert "\x1b" not in text


def test_bar() -> None:
    assert bar(0.0, 4) == "    "
    assert bar(1.0, 4) == "████"
    assert bar(0.5, 4) == "██  "
    assert bar(1 / 16, 4) == "▎   "
    assert bar(2.0, 4) == "████"


def test_terminal_and_markdown_say_the_same(report: Report) -> None:
    console = Console(file=io.StringIO(), width=160, record=True, color_system=None)
    render_terminal(report, console)
    text = console.export_text()
    md = render_markdown(report)
    for expected in (
        "Clinical consultations",
        "Training: rehearsed consultations",
        "Minimal test aid (minimal)",
        "2/3 (67%)",
        "Earlier exports of the same consultation, counted once: 1.",
        "Preview records left out: 1.",
        "Files not counted: 5.",
        "record version 3 is not known",
    ):
        assert expected in text, expected
        assert expected.replace("(", "\\(").replace(")", "\\)") in md or expected in md, expected


# -- the command ---------------------------------------------------------------------------


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sdm-tui report")
    configure(parser)
    return parser.parse_args(list(argv))


def test_the_command_prints_and_writes(folder: Path, tmp_path: Path) -> None:
    md, out = tmp_path / "report.md", tmp_path / "figures.csv"
    console = Console(file=io.StringIO(), width=120, record=True, color_system=None)
    args = _args(str(folder), "--md", str(md), "--csv", str(out), "--today", "2026-11-26")
    assert run(args, console) == 0
    assert "Consultations counted: 6." in console.export_text()
    assert md.read_text(encoding="utf-8").startswith("# Consultation records report")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfmode,scope,")  # a BOM: spreadsheets read UTF-8
    md.write_text("old", encoding="utf-8")
    assert run(args, console) == 0  # an existing report is replaced
    assert md.read_text(encoding="utf-8") != "old"


@pytest.mark.parametrize("argv", [["x", "--today", "26/11/2026"], ["x", "--due-within", "-1"]])
def test_usage_mistakes(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        _args(*argv)
    assert stopped.value.code == 2


def test_no_path_is_a_usage_mistake(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(_args(), Console(file=io.StringIO())) == 2
    assert "give at least one PATH" in capsys.readouterr().err


def test_status_1_when_nothing_exists_or_a_file_cannot_be_written(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quiet = Console(file=io.StringIO())
    assert run(_args(str(tmp_path / "nowhere")), quiet) == 1
    assert "none of the paths given exists" in capsys.readouterr().err
    unwritable = tmp_path / "no-such-folder" / "r.md"
    assert run(_args(str(folder), "--md", str(unwritable)), quiet) == 1
    assert f"could not write {unwritable}" in capsys.readouterr().err


def test_an_unexpected_field_is_named_when_it_looks_like_one(tmp_path: Path) -> None:
    record = consultation_record(choice="tablet")
    record["notes"] = "Ann Secret"
    write_records(tmp_path, [("extra.json", record)])
    [problem] = read_records([tmp_path]).problems
    assert problem.reason == "does not fit the record format: at $: unexpected 'notes'"


def test_a_median_has_no_percent() -> None:
    from sdm_tui.report.figures import FigureRow

    assert FigureRow("clinical", "overall", "", "regret_median", "", 20, 4).percent is None
    assert FigureRow("clinical", "overall", "", "regret_above_25", "", 1, 4).percent == 25.0
