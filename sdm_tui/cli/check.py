"""`sdm-tui check PATH...`: every error and lint warning of decision-aid and scenario files.

Exit status: 0 no errors (and, with --strict, no warnings), 1 errors (or warnings with
--strict), 2 a usage mistake. Textual is never loaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sdm_tui.cli.arguments import iso_date, usage_mistake
from sdm_tui.i18n import _


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui check` on `parser` (a sub-command's parser)."""
    parser.description = _(
        "Report every error and lint warning of every file. Exit status: 0 no "
        "errors (and, with --strict, no warnings), 1 errors (or warnings with --strict), "
        "2 a usage mistake."
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=_("files or folders"))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help=_("warnings fail the run (exit 1)"))
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULE",
        help=_("silence a lint rule, by id or name (repeatable), e.g. --ignore SDM110"),
    )
    parser.add_argument(
        "--max-grade",
        type=float,
        default=None,
        metavar="N",
        help=_("reading grade above which a text is reported (default 8, or as set)"),
    )
    parser.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help=_("the day review dates are judged against (default: today), e.g. a launch date"),
    )
    parser.add_argument(
        "--aids",
        type=Path,
        metavar="DIR",
        help=_(
            "the aids scenarios are checked against, besides the aid files checked "
            "(default: $SDM_TUI_AIDS, else the bundled aids)"
        ),
    )
    parser.add_argument("--list-rules", action="store_true", help=_("list the lint rules and exit"))
    parser.set_defaults(usage_error=parser.error)


def run(args: argparse.Namespace) -> int:
    """Check the files and print the report; the exit status above."""
    from sdm_tui.aid import check
    from sdm_tui.aid.lint import LintSettings, find_rule
    from sdm_tui.aid.readability import ReadabilityUnavailable
    from sdm_tui.rehearsal.check import check_aids_and_scenarios, expand_check_paths

    if args.list_rules:
        json_out = args.format == "json"
        print(check.format_rules_json() if json_out else check.format_rules_text())
        return 0
    if not args.paths:
        usage_mistake(args, _("give at least one PATH (or --list-rules)"))
    ignored: set[str] = set()
    for key in args.ignore:
        rule = find_rule(key)
        if rule is None:
            usage_mistake(
                args, _("--ignore {rule}: no such rule (see --list-rules)").format(rule=key)
            )
        ignored.add(rule.id)
    max_grade = args.max_grade
    if max_grade is None:
        from sdm_tui.settings import AppConfig, resolve_settings

        max_grade = AppConfig.from_settings(resolve_settings()).max_reading_grade
    if not max_grade > 0:
        usage_mistake(args, _("--max-grade must be a number above 0"))
    if args.aids is not None and not args.aids.is_dir():
        print(
            _("sdm-tui check: --aids: no such folder: {folder}").format(folder=args.aids),
            file=sys.stderr,
        )
        return 2
    try:
        files = expand_check_paths(args.paths)
    except FileNotFoundError as error:
        print(
            _("sdm-tui check: no such file or folder: {path}").format(path=error), file=sys.stderr
        )
        return 2
    try:
        report = check_aids_and_scenarios(
            files,
            LintSettings(max_grade, frozenset(ignored)),
            today=args.today,
            aids_folder=args.aids,
        )
    except ReadabilityUnavailable as error:
        print(
            _("sdm-tui check: {problem}; or --ignore reading-level").format(problem=error),
            file=sys.stderr,
        )
        return 2
    strict_failure = args.strict and report.warning_count > 0
    if args.format == "json":
        print(check.format_json(report))
    else:
        print(check.format_text(report))
        if strict_failure:
            print(_("--strict: warnings fail the run"))
    return 1 if report.error_count or strict_failure else 0
