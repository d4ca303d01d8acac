"""`sdm-tui run` (the default command): start a consultation.

Exit status: the app's (0 when it is closed normally). Textual is imported only in `run`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sdm_tui.i18n import _


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui run` on `parser` (a sub-command's parser)."""
    parser.add_argument(
        "--aids",
        type=Path,
        metavar="DIR",
        help=_("folder of decision aids (default: $SDM_TUI_AIDS, else the bundled aids)"),
    )
    parser.add_argument("--include-retired", action="store_true", help=_("also list retired aids"))
    parser.add_argument(
        "--export-dir", type=Path, metavar="DIR", help=_("where exports go (default: here)")
    )
    parser.add_argument(
        "--no-recovery",
        action="store_true",
        help=_("keep nothing on disk for crash recovery (also: SDM_TUI_RECOVERY=off)"),
    )
    parser.add_argument(
        "--idle-minutes",
        type=float,
        default=None,
        metavar="N",
        help=_("hide the screen after N idle minutes (0: never; default 5, or as set)"),
    )
    parser.add_argument("--theme", metavar="NAME", help=_("colours, e.g. high-contrast-dark"))


def run(args: argparse.Namespace) -> int:
    """Start the app with the settings in force, the command line strongest."""
    from sdm_tui.app.factory import make_app
    from sdm_tui.settings import resolve_settings

    settings = resolve_settings(
        overrides={
            "aids_folder": args.aids,
            "export_folder": args.export_dir,
            "recovery": False if args.no_recovery else None,
            "idle_minutes": args.idle_minutes,
            "theme": args.theme,
            "language": args.language,
        }
    )
    for problem in settings.problems:
        print(_("sdm-tui: settings: {problem}").format(problem=problem.text()), file=sys.stderr)
    app = make_app(settings=settings, include_retired=args.include_retired)
    app.run()
    return app.return_code or 0
