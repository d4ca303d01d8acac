"""The one entry point for every user group: `sdm-tui COMMAND ...`.

Each command is a module of this package, listed once in `COMMANDS`, with two functions:
`configure(parser)` declares its arguments and `run(args)` does the work and returns the exit
status. Only the module of the command being run is imported: `sdm-tui check` never loads
Textual, and `sdm-tui run` imports no other command's module (the app's start is budgeted,
docs/performance.md). Printing and argparse live here, never in the core packages.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from typing import NamedTuple, Protocol, cast

from sdm_tui.i18n import N_, _, ngettext


class Command(NamedTuple):
    """One `sdm-tui` command: its name, its line in `--help` (marked, translated where the
    parser is made), and whether it starts the app."""

    name: str
    help: str
    starts_app: bool = False

    @property
    def module(self) -> str:
        """The module with this command's `configure` and `run`."""
        return f"{__name__}.{self.name.replace('-', '_')}"


class CommandModule(Protocol):
    """What a command's module provides."""

    def configure(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


COMMANDS = (
    Command("run", N_("start a consultation (the default)"), starts_app=True),
    Command("check", N_("check decision-aid files: errors, and lint warnings")),
    Command("schema", N_("print the JSON Schema of the aid format")),
    Command("facts", N_("an aid's numbers for given patient inputs, per option")),
    Command("new", N_("start a new decision aid from a template")),
    Command("export", N_("render a consultation record as md, html or fhir")),
    Command("preview", N_("preview an aid file, redrawn at each save"), starts_app=True),
    Command("rehearse", N_("rehearse a consultation from a training scenario"), starts_app=True),
    Command("observe", N_("the observer's view of a running rehearsal"), starts_app=True),
    Command("settings", N_("print the settings in force and where each is from")),
    Command("report", N_("figures across exported consultation records")),
    Command("follow-up", N_("review an earlier decision from its record"), starts_app=True),
)
"""Every command, in the order `sdm-tui --help` lists them. A command that starts the app
runs with the garbage collector off until its first screen shows (`SdmApp.start_up_done`)."""
DEFAULT_COMMAND = "run"
_BY_NAME = {command.name: command for command in COMMANDS}


# Translators: argparse's messages (Python 3.11): keep every %(name)s, %s and %r as it is.
_ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
"""The messages argparse may show to a person using sdm-tui (not its programming errors)."""


def _argparse_plural_marks() -> None:  # pragma: no cover - never called: marks for `make i18n`
    ngettext("expected %s argument", "expected %s arguments", 2)


def _translate_argparse() -> None:
    """argparse's own words ("usage:", "options", its error messages) through sdm-tui's
    catalogs from now on: argparse asks `gettext.gettext` of the default domain, where
    sdm-tui has no catalog. sdm-tui's gettext gives the English back when the language is
    English or a message is not in the catalog, as argparse's default does."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def _parser(chosen: Command | None, module: CommandModule | None) -> argparse.ArgumentParser:
    """The parser, with only the `chosen` command's arguments declared (by `module`), in
    the language in force (argparse's own words too: `_translate_argparse`)."""
    _translate_argparse()
    parser = argparse.ArgumentParser(
        prog="sdm-tui",
        description=_("A shared decision-making aid for the terminal."),
        epilog=_("With no command, `{command}` is assumed.").format(command=DEFAULT_COMMAND),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=_(command.help))
        if command is chosen and module is not None:
            module.configure(sub)
            sub.add_argument(
                "--language",
                metavar="CODE",
                help=_(
                    "the language to show, e.g. es (default: $SDM_TUI_LANGUAGE, the "
                    "settings file, else the system's locale)"
                ),
            )
    return parser


def _refuse_textual_log() -> None:
    """Textual's TEXTUAL_LOG appends every log line to a file, TEXTUAL_SCREENSHOT writes an
    SVG of the screen: patient data at rest.

    Textual reads it when first imported, so it goes before anything imports Textual.
    """
    from sdm_tui.store.environment import refuse_trace_variables

    for message in refuse_trace_variables():  # TEXTUAL_LOG, TEXTUAL_SCREENSHOT...
        print(message, file=sys.stderr)


def _language_option(argv: list[str]) -> str | None:
    """The value of `--language` in `argv` (read before the parser, whose help it words)."""
    for index, arg in enumerate(argv):
        if arg == "--language" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--language="):
            return arg.partition("=")[2]
    return None


def _use_language(argv: list[str]) -> None:
    """Show everything from here on in the language in force (see the `language` setting)."""
    from sdm_tui.i18n import use_language
    from sdm_tui.settings import AppConfig, resolve_settings

    settings = resolve_settings(overrides={"language": _language_option(argv)})
    use_language(AppConfig.from_settings(settings).language_choice().language)


def main(argv: list[str] | None = None) -> int:
    """Run the command `argv` names (`run` when it names none); its exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _refuse_textual_log()
    if not argv or argv[0] not in (*_BY_NAME, "-h", "--help"):
        argv.insert(0, DEFAULT_COMMAND)
    chosen = _BY_NAME.get(argv[0])
    if chosen is None:  # -h or --help: the list of commands
        _use_language(argv)
        _parser(None, None).parse_args(argv)  # prints it and exits
        return 0
    if chosen.starts_app:
        # Nearly everything made before the first screen (Textual's modules, the screen's
        # widgets and styles) lives as long as the app: collecting it is a third of the
        # app's start-up difference from a bare Textual app (~30 ms) spent finding nothing.
        gc.disable()
    _use_language(argv)  # before any module with words is imported (see sdm_tui.i18n)
    module = cast(CommandModule, importlib.import_module(chosen.module))
    args = _parser(chosen, module).parse_args(argv)
    if chosen.starts_app or chosen.name == "report":  # report: Rich's colours, text made safe
        return module.run(args)
    from sdm_tui.cli.neutral_output import run_with_neutral_output

    return run_with_neutral_output(module.run, args)  # no escape sequence reaches the terminal
