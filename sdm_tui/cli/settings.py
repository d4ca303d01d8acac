"""`sdm-tui settings`: the settings in force, and where each one came from.

    sdm-tui settings

Exit status 0, also when a setting is invalid (it is reported, and the weaker source is
used, as the app itself would).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from sdm_tui.i18n import _, pgettext
from sdm_tui.i18n.negotiate import choose_language
from sdm_tui.settings.clinic import system_zone_name
from sdm_tui.settings.declarations import SETTINGS, format_value
from sdm_tui.settings.resolve import SITE_ENV, ResolvedSettings, resolve_settings
from sdm_tui.store.safe_files import regular_file_problem


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare `sdm-tui settings` on `parser` (a sub-command's parser): no arguments."""
    parser.description = _(
        "Print each setting, its value and where it came from: the default, the site file "
        "(${variable}, else /etc/sdm-tui/settings.toml), the user file, an environment "
        "variable or the command line, strongest last. Privacy settings in the site file "
        "are locked. See docs/settings.md."
    ).format(variable=SITE_ENV)


def _language_shown(value: object) -> str:
    """The language asked for and the one shown: "es", "fr (no catalog: en shown)",
    "(system: es_MX.UTF-8) es"."""
    choice = choose_language(value if isinstance(value, str) else None, os.environ)
    asked = choice.asked or pgettext("no language asked", "none")
    shown = choice.language
    if value is None:
        return _("the system's ({asked}): {shown}").format(asked=asked, shown=shown)
    if choice.fell_back:
        return _("{asked} (no catalog: {shown} shown)").format(asked=asked, shown=shown)
    return shown


def format_settings(resolved: ResolvedSettings) -> str:
    """The files read, then one line per setting: its value, where it is from, any lock."""

    def file_and_presence(path: Path | None) -> str:
        if path is None or not os.path.lexists(path):
            return _("{file} (not present)").format(file=path)
        if regular_file_problem(path) is None:
            return str(path)
        return _("{file} (not a regular file: ignored)").format(file=path)

    lines = [
        _("user file: {file}").format(file=file_and_presence(resolved.user_file)),
        _("site file: {file}").format(file=file_and_presence(resolved.site_file)),
        "",
    ]
    width = max(len(s.name) for s in SETTINGS)
    for setting in SETTINGS:
        value = resolved.values[setting.name]
        if value is None:
            shown = _(setting.default_text) if setting.default_text else ""
        else:
            shown = format_value(value)
        if setting.kind == "timezone" and value is None:
            shown = _("{default} ({zone})").format(default=shown, zone=system_zone_name())
        if setting.kind == "language":
            shown = _language_shown(value)
        source = resolved.sources[setting.name].describe()
        line = _("{name}  {value}  from {source}").format(
            name=setting.name.ljust(width), value=shown.ljust(20), source=source
        )
        if resolved.is_locked(setting.name):
            line += "  " + _("[locked: privacy setting fixed by the site file]")
        lines.append(line)
    if resolved.problems:
        lines.append("")
        lines.append(_("warnings:"))
        lines.extend(f"  {problem.text()}" for problem in resolved.problems)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the settings in force; always 0."""
    print(format_settings(resolve_settings(overrides={"language": args.language})))
    return 0
