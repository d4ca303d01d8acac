"""`sdm-tui follow-up RECORD.json`: review an earlier decision together.

The record is read and checked before the app starts (sdm_tui.export.follow_up_start): a
file that is not a record, from a newer sdm-tui, truncated or edited by hand gets one
message naming the file and the problem, exit status 1, and nothing is written. Otherwise
the app opens on the follow-up: the earlier decision first, then what is asked now, then
the summary to export it (patient copy, clinic record, JSON record linked to the earlier
one). Exit status: the app's (0 when closed normally).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sdm_tui.export.follow_up_start import read_earlier
from sdm_tui.export.record_file import RecordError, shown
from sdm_tui.i18n import _

PROG = "sdm-tui follow-up"


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui follow-up` on `parser` (a sub-command's parser)."""
    parser.description = _(
        "Review an earlier decision together: open its JSON record (as the app exports it), "
        "see what was decided and planned, answer how it went, and export the follow-up, "
        "linked to the earlier record. Exit status: 0 closed normally, 1 the record cannot "
        "be read, 2 a usage mistake."
    )
    parser.add_argument("record", type=Path, metavar="RECORD.json", help=_("the earlier record"))
    parser.add_argument(
        "--aids",
        type=Path,
        metavar="DIR",
        help=_(
            "folder of decision aids, to tell whether the aid changed since (default: "
            "$SDM_TUI_AIDS, else the bundled aids)"
        ),
    )
    parser.add_argument(
        "--export-dir", type=Path, metavar="DIR", help=_("where exports go (default: here)")
    )
    parser.add_argument(
        "--no-recovery", action="store_true", help=_("keep nothing on disk for crash recovery")
    )
    parser.add_argument("--theme", metavar="NAME", help=_("colours, e.g. high-contrast-dark"))


def run(args: argparse.Namespace) -> int:
    """Check the record, then start the app on the follow-up."""
    try:
        record = read_earlier(args.record)
    except RecordError as error:
        print(": ".join((PROG, shown(error, limit=400))), file=sys.stderr)
        return 1
    from sdm_tui.app.factory import make_app
    from sdm_tui.settings import resolve_settings

    settings = resolve_settings(
        overrides={
            "aids_folder": args.aids,
            "export_folder": args.export_dir,
            "recovery": False if args.no_recovery else None,
            "theme": args.theme,
        }
    )
    for problem in settings.problems:
        print(_("sdm-tui: settings: {problem}").format(problem=problem.text()), file=sys.stderr)
    app = make_app(settings=settings)
    app.pending_follow_up = (record, Path(args.record).name)
    app.run()
    return app.return_code or 0
