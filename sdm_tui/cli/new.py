"""`sdm-tui new ID [--dir DIR]`: a new decision aid, ID.toml, from the template.

Exit status: 0 written, 1 it exists already or cannot be written, 2 a usage mistake.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sdm_tui.cli.arguments import usage_mistake
from sdm_tui.i18n import _


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `sdm-tui new` on `parser` (a sub-command's parser)."""
    parser.add_argument(
        "aid_id", metavar="ID", help=_("the aid's id: lower-case letters, digits, -")
    )
    parser.add_argument(
        "--dir", type=Path, default=Path("."), metavar="DIR", help=_("where to write ID.toml")
    )
    parser.set_defaults(usage_error=parser.error)


def run(args: argparse.Namespace) -> int:
    """Write ID.toml (never over an existing file) and say what to do next."""
    from sdm_tui.aid.template import is_valid_id, write_new_aid

    if not is_valid_id(args.aid_id):
        usage_mistake(
            args,
            _(
                "{id} is not a valid id: use lower-case letters, digits and hyphens, e.g. knee-oa"
            ).format(id=repr(args.aid_id)),
        )
    if not args.dir.is_dir():
        print(_("sdm-tui new: no such folder: {folder}").format(folder=args.dir), file=sys.stderr)
        return 2
    try:
        path = write_new_aid(args.aid_id, args.dir)
    except FileExistsError as error:
        print(
            _("sdm-tui new: {file} already exists; not overwritten").format(file=error.filename),
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        print(
            _("sdm-tui new: cannot write {file}: {reason}").format(
                file=error.filename, reason=error.strerror
            ),
            file=sys.stderr,
        )
        return 1
    print(
        _("wrote {path}\nnext: fill in every TODO, then run: sdm-tui check {path}").format(
            path=path
        )
    )
    return 0
