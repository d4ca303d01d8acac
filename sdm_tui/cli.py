"""The one entry point for every user group: run, check (and more to come).

Imports are kept inside the commands: `sdm-tui check` never loads Textual, and the app
starts without paying for what its first screen does not need.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

COMMANDS = ("run", "check")


def _parser() -> argparse.ArgumentParser:
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

    check = commands.add_parser("check", help="check decision-aid files and report problems")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    check.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _run(args: argparse.Namespace) -> int:
    from sdm_tui.app.factory import make_app

    app = make_app(aids_folder=args.aids, include_retired=args.include_retired)
    app.run()
    return app.return_code or 0


def _check(args: argparse.Namespace) -> int:
    from sdm_tui.aid.check import check_files, expand_paths, format_json, format_text

    try:
        files = expand_paths(args.paths)
    except FileNotFoundError as error:
        print(f"sdm-tui check: no such file or folder: {error}", file=sys.stderr)
        return 2
    report = check_files(files)
    print(format_json(report) if args.format == "json" else format_text(report))
    return 1 if report.error_count else 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "run")
    args = _parser().parse_args(argv)
    handlers = {"run": _run, "check": _check}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
