"""`sdm-tui rehearse [SCENARIO]`: a consultation rehearsed from a scenario, in training mode.

    sdm-tui rehearse                         # pick one of the bundled scenarios
    sdm-tui rehearse my-scenario.toml        # or start one at once
    sdm-tui rehearse path/to/scenarios/      # or pick from a folder of them

A scenario that does not load is reported compiler-style (as `sdm-tui check` does) on
stderr, exit 1. Textual is imported only inside `run`, once the scenario has loaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sdm_tui.aid.check import CheckReport, format_text
from sdm_tui.aid.library import Library, load_library
from sdm_tui.aid.problems import AidLoadError
from sdm_tui.i18n import _
from sdm_tui.rehearsal.check import ScenarioReport
from sdm_tui.rehearsal.scenario import Scenario, load_scenario, load_scenarios

PROG = "sdm-tui rehearse"


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui rehearse` on `parser` (a sub-command's parser)."""
    parser.description = _(
        "Rehearse a consultation with a fictional patient from a scenario file: the same "
        "consultation, marked TRAINING on every screen and export, with the actor's persona "
        "card (F3), the observer's OPTION-5 scoring (F4) and a debrief (F5). Exit status: 0 "
        "done, 1 the scenario has errors, 2 a usage mistake."
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        type=Path,
        metavar="SCENARIO",
        help=_("a scenario file, or a folder of them (default: pick from the bundled scenarios)"),
    )
    parser.add_argument(
        "--aids",
        type=Path,
        metavar="DIR",
        help=_("folder of decision aids (default: $SDM_TUI_AIDS, else the bundled aids)"),
    )
    parser.add_argument(
        "--export-dir", type=Path, metavar="DIR", help=_("where exports go (default: here)")
    )


def _report_problems(path: Path, error: AidLoadError) -> None:
    report = CheckReport([ScenarioReport(path, None, list(error.problems))])
    print(format_text(report), file=sys.stderr)


def _scenarios(
    args: argparse.Namespace, library: Library
) -> tuple[list[Scenario], list, Scenario | None] | int:
    """(offered, broken, the one to start at once); or an exit status."""
    given: Path | None = args.scenario
    if given is not None and given.is_dir():
        offered, broken = load_scenarios(given, library)
        return offered, broken, None
    offered, broken = load_scenarios(None, library)
    if given is None:
        return offered, broken, None
    if not given.exists():
        print(
            _("{program}: no such file or folder: {path}").format(program=PROG, path=given),
            file=sys.stderr,
        )
        return 2
    try:
        scenario = load_scenario(given, library)
    except AidLoadError as error:
        _report_problems(given, error)
        return 1
    others = [s for s in offered if s.id != scenario.id]
    return [scenario, *others], broken, scenario


def run(args: argparse.Namespace) -> int:
    """Run the rehearsal; 0 when it ends, 1 a broken scenario, 2 a usage mistake."""
    if args.aids is not None and not args.aids.is_dir():
        print(
            _("{program}: no such folder: {folder}").format(program=PROG, folder=args.aids),
            file=sys.stderr,
        )
        return 2
    if args.export_dir is not None and not args.export_dir.is_dir():
        print(
            _("{program}: no such folder: {folder}").format(program=PROG, folder=args.export_dir),
            file=sys.stderr,
        )
        return 2
    library = load_library(args.aids)
    found = _scenarios(args, library)
    if isinstance(found, int):
        return found
    offered, broken, start_with = found

    from sdm_tui.app.factory import make_app
    from sdm_tui.app.training.session import ScenarioChoice
    from sdm_tui.rehearsal.link import link_folder

    app = make_app(
        library=library,
        mode="training",
        export_folder=args.export_dir,
        recovery=True,  # in a folder of its own: a clinic's consultation is never offered
        scenario_choice=ScenarioChoice(offered, broken, start_with, link_folder()),
    )
    app.run()
    return app.return_code or 0
