"""`sdm-tui preview FILE [--stage KEY]`: watch an aid file and show it as patients will see it.

Exit status: 0 when the preview is closed, 2 for a usage mistake (no such file, not a
`.toml` file). A file that does not load still opens the preview, with its errors: the
author fixes it while watching. Textual is imported only in `run`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sdm_tui.i18n import _
from sdm_tui.store.safe_files import display_path, regular_file_problem

__all__ = ["PREVIEW_STAGES", "configure", "run"]

PROG = "sdm-tui preview"
PREVIEW_STAGES = ("team", "options", "values", "weigh", "decide", "summary")
"""The stages a preview can open on (the library has only the one aid)."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui preview` on `parser` (a sub-command's parser)."""
    parser.description = _(
        "Open one decision-aid file in author mode, as patient and clinician will see it, "
        "and redraw it within a second of each save. A save that does not load shows its "
        "errors while the last good version stays on screen; F6 shows the lint warnings. "
        "Nothing about a patient is kept. Exit status: 0 closed, 2 a usage mistake."
    )
    parser.add_argument("file", type=Path, metavar="FILE", help=_("the aid's .toml file"))
    parser.add_argument(
        "--stage",
        choices=PREVIEW_STAGES,
        default="team",
        metavar="KEY",
        help=_("the stage to open on: {stages} (default: team)").format(
            stages=", ".join(PREVIEW_STAGES)
        ),
    )


def _usage_problem(path: Path) -> str | None:
    if path.is_dir():
        return _("{path} is a folder: give one aid file (FILE.toml)").format(path=path)
    if not path.exists():
        return _("no such file: {path} (start one with: sdm-tui new ID)").format(path=path)
    if path.suffix.lower() != ".toml":
        return _("{path} is not a .toml file").format(path=path)
    return regular_file_problem(path)  # a FIFO would hang the preview


def run(args: argparse.Namespace) -> int:
    """Open the preview until it is closed; 2 when FILE cannot be an aid file."""
    problem = _usage_problem(args.file)
    if problem is not None:
        print(": ".join((PROG, display_path(problem))), file=sys.stderr)
        return 2
    from sdm_tui.app.preview import make_preview_app

    app = make_preview_app(args.file, stage=args.stage)
    app.run()
    return app.return_code or 0
