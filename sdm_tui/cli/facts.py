"""`sdm-tui facts AID.toml [--input ID=VALUE ...] [--format text|json]`: every outcome's
numbers per option for the given inputs, exactly as the consultation shows them, so that
authors (and CI) can check an aid.

Exit status: 0 printed; 1 the aid does not load, or an input is unknown, out of range or of
the wrong kind (a message says which and what is allowed); 2 a usage mistake.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sdm_tui.i18n import _

PROG = "sdm-tui facts"


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui facts` on `parser` (a sub-command's parser)."""
    parser.add_argument("aid", type=Path, metavar="AID.toml", help=_("the decision-aid file"))
    parser.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="ID=VALUE",
        help=_("a patient input, e.g. --input cv-risk-10y=14 (repeat for each input)"),
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from sdm_tui.aid.facts import FactsError, aid_facts, facts_text
    from sdm_tui.aid.loader import load_aid
    from sdm_tui.aid.problems import AidLoadError

    try:
        aid = load_aid(args.aid)
    except AidLoadError as error:
        for problem in error.problems:
            print(": ".join((problem.location(), problem.headline())), file=sys.stderr)
        print(
            _("sdm-tui facts: {aid} does not load: run `sdm-tui check`").format(aid=args.aid),
            file=sys.stderr,
        )
        return 1
    try:
        facts: dict[str, Any] = aid_facts(aid, args.input)
    except FactsError as error:
        print(": ".join((PROG, str(error))), file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(facts, indent=2, ensure_ascii=False))
    else:
        print(facts_text(facts))
    return 0
