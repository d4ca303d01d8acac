"""`sdm-tui observe [--rehearsal ID]`: the observer's own view of a running rehearsal.

Run it in a second terminal while `sdm-tui rehearse` runs in the first, as the same user:
the two meet through private files in this user's runtime folder (no network). With one
rehearsal running it attaches to it; with several, `--rehearsal ID` names one (the list is
printed). Exit status: 0 closed, 1 no rehearsal to attach to (or its files cannot be used),
2 a usage mistake. Textual is imported only once a rehearsal is found.
"""

from __future__ import annotations

import argparse
import sys

from sdm_tui.i18n import _
from sdm_tui.rehearsal.link import LinkError, ObserverLink, link_folder, live_rehearsals
from sdm_tui.store.text import neutralise

PROG = "sdm-tui observe"


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui observe` on `parser` (a sub-command's parser)."""
    parser.description = _(
        "Attach a second terminal to a running rehearsal (sdm-tui rehearse) as its observer: "
        "the whole persona card, hidden parts included, concerns marked drawn out, and "
        "Observer OPTION-5 scores with notes, all taken into the rehearsal's debrief while "
        "the learner goes on. Local files of this user only, no network. Exit status: 0 "
        "closed, 1 no rehearsal to attach to, 2 a usage mistake."
    )
    parser.add_argument(
        "--rehearsal",
        metavar="ID",
        help=_("the rehearsal to attach to, when several run (the list says their ids)"),
    )


def _say(text: str) -> None:
    print(": ".join((PROG, neutralise(text))), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    folder = link_folder()
    try:
        running = live_rehearsals(folder)
    except LinkError as error:
        _say(str(error))
        return 1
    if not running:
        _say(
            _(
                "no rehearsal is running for this user. Start one with `sdm-tui rehearse` in "
                "another terminal, then run this again."
            )
        )
        return 1
    wanted: str | None = args.rehearsal
    if wanted is not None:
        chosen = [r for r in running if r.instance == wanted]
        if not chosen:
            _say(_("no running rehearsal has the id {id}. Running now:").format(id=repr(wanted)))
            for each in running:
                print(f"  {each.instance}  {neutralise(each.title)}", file=sys.stderr)
            return 2
    elif len(running) > 1:
        _say(_("several rehearsals are running; name one with --rehearsal ID:"))
        for each in running:
            print(f"  {each.instance}  {neutralise(each.title)}", file=sys.stderr)
        return 2
    else:
        chosen = running
    link = ObserverLink(folder, chosen[0].instance)
    try:
        state = link.read_state(force=True)
    except LinkError as error:
        _say(str(error))
        return 1
    assert state is not None  # forced

    from sdm_tui.app.training.observe_app import ObserverApp

    app = ObserverApp(link, state)
    app.run()
    return app.return_code or 0
