"""`sdm-tui report PATH...`: what the exported consultation records add up to.

    sdm-tui report PATH... [--md FILE] [--csv FILE] [--today YYYY-MM-DD] [--due-within DAYS]
    sdm-tui report --duckdb-sql

The report is printed as tables and bar charts (`report_terminal`); `--md` and `--csv` also
write it as files (replacing them, atomically). Exit status: 0 the report was made (files
not counted are listed in it), 1 a file could not be written or no PATH exists, 2 a usage
mistake.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.text import Text

from sdm_tui.cli.arguments import iso_date
from sdm_tui.cli.report_terminal import render_terminal
from sdm_tui.i18n import _
from sdm_tui.report.figures import DEFAULT_DUE_WITHIN, Report, build_report, duckdb_query
from sdm_tui.report.reader import read_records
from sdm_tui.report.render import render_csv, render_markdown, shown
from sdm_tui.store.atomic import write_atomic

__all__ = ["configure", "run"]

PROG = "sdm-tui report"


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(
            _("{text} is not a number of days (0 or more)").format(text=repr(text))
        )
    return days


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui report` on `parser` (a sub-command's parser)."""
    parser.description = _(
        "Add up exported consultation records (the JSON records, from any number of "
        "workstations): consultations, choices, how often the choice matched the patient's "
        "leaning, SURE 3 or less, CollaboRATE top scores, preferred part in deciding, and "
        "reviews falling due, overall and per aid. Training records are reported apart from "
        "clinical ones; previews are left out. Files that are not valid records are named "
        "and not counted. Exit status: 0 reported, 1 a file could not be written or no PATH "
        "exists, 2 a usage mistake."
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=_("a record file, or a folder searched (with its subfolders) for *.json records"),
    )
    parser.add_argument(
        "--md", type=Path, metavar="FILE", help=_("also write the report as Markdown")
    )
    parser.add_argument(
        "--csv", type=Path, metavar="FILE", help=_("also write every figure as a CSV row")
    )
    parser.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help=_("the day reviews are counted from (default: today)"),
    )
    parser.add_argument(
        "--due-within",
        type=_days,
        default=DEFAULT_DUE_WITHIN,
        metavar="DAYS",
        help=_(
            "reviews dated within this many days count as due (default: {days}); review "
            "dates are read from the review text when written YYYY-MM-DD"
        ).format(days=DEFAULT_DUE_WITHIN),
    )
    parser.add_argument(
        "--duckdb-sql",
        action="store_true",
        help=_(
            "print the DuckDB query that gives the same figures from a folder records/ "
            "(for sites with more records than a workstation should read; see "
            "docs/reporting.md) and stop"
        ),
    )


def _csv_file(report: Report) -> str:
    """The CSV with a byte order mark, so that spreadsheets read it as UTF-8."""
    return "\ufeff" + render_csv(report)


def _write(path: Path, text: str) -> str | None:
    """Write `text` to `path`; a message if it could not be written."""
    try:
        write_atomic(Path(path), text.encode("utf-8"), overwrite=True)
    except OSError as error:
        return _("could not write {file}: {reason}").format(
            file=path, reason=error.strerror or type(error).__name__
        )
    return None


def run(args: argparse.Namespace, console: Console | None = None) -> int:
    """Print the report and write the files asked for; 0 done, 1 a file not written or no
    PATH exists."""
    if args.duckdb_sql:
        print(duckdb_query(), end="")
        return 0
    if not args.paths:
        print(
            _("{program}: give at least one PATH (a record file or a folder)").format(program=PROG),
            file=sys.stderr,
        )
        return 2
    today = args.today or date.today()
    result = read_records(args.paths)
    report = build_report(result, today, args.due_within)
    console = console or Console(markup=False, highlight=False, emoji=False)
    render_terminal(report, console)
    status = 0
    if all(not Path(path).exists() for path in args.paths):
        print(_("{program}: none of the paths given exists").format(program=PROG), file=sys.stderr)
        status = 1
    outputs = [(args.md, render_markdown), (args.csv, _csv_file)]
    for path, render in outputs:
        if path is None:
            continue
        problem = _write(path, render(report))
        if problem:
            print(": ".join((PROG, problem)), file=sys.stderr)
            status = 1
        else:
            console.print(Text(_("Written: {file}").format(file=shown(path))))
    return status
