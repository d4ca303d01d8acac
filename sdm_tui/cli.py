"""The one entry point for every user group: run, check, schema, new.

Imports are kept inside the commands: `sdm-tui check` never loads Textual, and the app
starts without paying for what its first screen does not need.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

from sdm_tui.store.safe_files import run_with_neutral_output

COMMANDS = ("run", "check", "schema", "new")
APP_COMMANDS = ("run", "rehearse", "preview")
"""Commands that start the app: the garbage collector is off until its first screen shows
(see `SdmApp.start_up_done`)."""
MODULE_COMMANDS = {
    # name: (module with configure(parser) and run(args), help)
    "export": ("sdm_tui.export.command", "render a consultation record as md, html or fhir"),
    "preview": ("sdm_tui.app.preview_command", "preview an aid file, redrawn at each save"),
    "rehearse": ("sdm_tui.rehearsal.command", "rehearse a consultation from a training scenario"),
    "settings": ("sdm_tui.settings.command", "print the settings in force and where each is from"),
    "report": ("sdm_tui.report.command", "figures across exported consultation records"),
}
"""Commands whose options live in their own module, imported only when that command runs."""


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; a module command's options are loaded only when it is `command`."""
    parser = argparse.ArgumentParser(
        prog="sdm-tui",
        description="A shared decision-making aid for the terminal.",
        epilog="With no command, `run` is assumed.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="start a consultation (the default)")
    run.add_argument(
        "--aids",
        type=Path,
        metavar="DIR",
        help="folder of decision aids (default: $SDM_TUI_AIDS, else the bundled aids)",
    )
    run.add_argument("--include-retired", action="store_true", help="also list retired aids")
    run.add_argument(
        "--export-dir", type=Path, metavar="DIR", help="where exports go (default: here)"
    )
    run.add_argument(
        "--no-recovery",
        action="store_true",
        help="keep nothing on disk for crash recovery (also: SDM_TUI_RECOVERY=off)",
    )
    run.add_argument(
        "--idle-minutes",
        type=float,
        default=None,
        metavar="N",
        help="hide the screen after N idle minutes (0: never; default 5, or as set)",
    )
    run.add_argument("--theme", metavar="NAME", help="colours, e.g. high-contrast-dark")

    check = commands.add_parser(
        "check",
        help="check decision-aid files: errors, and lint warnings",
        description="Report every error and lint warning of every file. Exit status: 0 no "
        "errors (and, with --strict, no warnings), 1 errors (or warnings with --strict), "
        "2 a usage mistake.",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="warnings fail the run (exit 1)")
    check.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULE",
        help="silence a lint rule, by id or name (repeatable), e.g. --ignore SDM110",
    )
    check.add_argument(
        "--max-grade",
        type=float,
        default=None,
        metavar="N",
        help="reading grade above which a text is reported (default 8, or as set)",
    )
    check.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the day review dates are judged against (default: today), e.g. a launch date",
    )
    check.add_argument("--list-rules", action="store_true", help="list the lint rules and exit")
    check.set_defaults(usage_error=check.error)

    schema = commands.add_parser("schema", help="print the JSON Schema of the aid format")
    schema.add_argument("-o", "--output", type=Path, metavar="FILE", help="write it to FILE")

    new = commands.add_parser("new", help="start a new decision aid from a template")
    new.add_argument("aid_id", metavar="ID", help="the aid's id: lower-case letters, digits, -")
    new.add_argument(
        "--dir", type=Path, default=Path("."), metavar="DIR", help="where to write ID.toml"
    )
    new.set_defaults(usage_error=new.error)

    for name, (module, help_text) in MODULE_COMMANDS.items():
        sub = commands.add_parser(name, help=help_text)
        if command in (None, name):
            importlib.import_module(module).configure(sub)
    return parser


def iso_date(text: str) -> date:
    """An argparse type: a day written YYYY-MM-DD (used by `check` and `report`)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2027-01-31") from None


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    """Print the command's usage and `message` to stderr; exit 2."""
    args.usage_error(message)
    raise SystemExit(2)  # argparse's error() has already exited


def _run(args: argparse.Namespace) -> int:
    from sdm_tui.app.factory import make_app
    from sdm_tui.settings import resolve_settings

    settings = resolve_settings(
        overrides={
            "aids_folder": args.aids,
            "export_folder": args.export_dir,
            "recovery": False if args.no_recovery else None,
            "idle_minutes": args.idle_minutes,
            "theme": args.theme,
        }
    )
    for problem in settings.problems:
        print(f"sdm-tui: settings: {problem.text()}", file=sys.stderr)
    app = make_app(settings=settings, include_retired=args.include_retired)
    app.run()
    return app.return_code or 0


def _check(args: argparse.Namespace) -> int:
    from sdm_tui.aid import check
    from sdm_tui.aid.lint import DEFAULT_MAX_GRADE, LintSettings, find_rule
    from sdm_tui.aid.readability import ReadabilityUnavailable
    from sdm_tui.rehearsal.check import check_aids_and_scenarios, expand_check_paths

    if args.list_rules:
        json_out = args.format == "json"
        print(check.format_rules_json() if json_out else check.format_rules_text())
        return 0
    if not args.paths:
        _usage(args, "give at least one PATH (or --list-rules)")
    ignored: set[str] = set()
    for key in args.ignore:
        rule = find_rule(key)
        if rule is None:
            _usage(args, f"--ignore {key}: no such rule (see --list-rules)")
        ignored.add(rule.id)
    max_grade = args.max_grade
    if max_grade is None:
        from sdm_tui.settings import resolve_settings

        max_grade = float(resolve_settings().values.get("max_reading_grade", DEFAULT_MAX_GRADE))
    if not max_grade > 0:
        _usage(args, "--max-grade must be a number above 0")
    try:
        files = expand_check_paths(args.paths)
    except FileNotFoundError as error:
        print(f"sdm-tui check: no such file or folder: {error}", file=sys.stderr)
        return 2
    try:
        report = check_aids_and_scenarios(
            files, LintSettings(max_grade, frozenset(ignored)), today=args.today
        )
    except ReadabilityUnavailable as error:
        print(f"sdm-tui check: {error}; or --ignore reading-level", file=sys.stderr)
        return 2
    strict_failure = args.strict and report.warning_count > 0
    if args.format == "json":
        print(check.format_json(report))
    else:
        print(check.format_text(report))
        if strict_failure:
            print("--strict: warnings fail the run")
    return 1 if report.error_count or strict_failure else 0


def _schema(args: argparse.Namespace) -> int:
    from sdm_tui.aid.json_schema import schema_text

    text = schema_text()
    if args.output is None:
        print(text, end="")
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"sdm-tui schema: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _new(args: argparse.Namespace) -> int:
    from sdm_tui.aid.template import is_valid_id, write_new_aid

    if not is_valid_id(args.aid_id):
        _usage(
            args,
            f"{args.aid_id!r} is not a valid id: use lower-case letters, digits and hyphens, "
            "e.g. knee-oa",
        )
    if not args.dir.is_dir():
        print(f"sdm-tui new: no such folder: {args.dir}", file=sys.stderr)
        return 2
    try:
        path = write_new_aid(args.aid_id, args.dir)
    except FileExistsError as error:
        print(f"sdm-tui new: {error.filename} already exists; not overwritten", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"sdm-tui new: cannot write {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {path}\nnext: fill in every TODO, then run: sdm-tui check {path}")
    return 0


def _refuse_textual_log() -> None:
    """Textual's TEXTUAL_LOG appends every log line to a file: patient data at rest.

    Textual reads it when first imported, so it goes before anything imports Textual.
    """
    from sdm_tui.store.environment import refuse_trace_variables

    for message in refuse_trace_variables():  # TEXTUAL_LOG, TEXTUAL_SCREENSHOT...
        print(message, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _refuse_textual_log()
    known = (*COMMANDS, *MODULE_COMMANDS, "-h", "--help")
    if not argv or argv[0] not in known:
        argv.insert(0, "run")
    if argv[0] in APP_COMMANDS:
        # Nearly everything made before the first screen (Textual's modules, the screen's
        # widgets and styles) lives as long as the app: collecting it is a third of the
        # app's start-up difference from a bare Textual app (~30 ms) spent finding nothing.
        gc.disable()
    args = _parser(argv[0]).parse_args(argv)  # `run` imports no other command's module
    if args.command in MODULE_COMMANDS:
        command = importlib.import_module(MODULE_COMMANDS[args.command][0]).run
    else:
        command = {"run": _run, "check": _check, "schema": _schema, "new": _new}[args.command]
    if args.command in (*APP_COMMANDS, "report"):  # report: Rich's colours, text made safe
        return command(args)
    return run_with_neutral_output(command, args)  # no escape sequence reaches the terminal


if __name__ == "__main__":
    sys.exit(main())
