"""`sdm-tui settings`: the settings in force, and where each one came from.

    sdm-tui settings

Exit status 0, also when a setting is invalid (it is reported, and the weaker source is
used, as the app itself would).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from sdm_tui.i18n import _
from sdm_tui.i18n.negotiate import choose_language
from sdm_tui.settings.clinic import system_zone_name
from sdm_tui.settings.declarations import SETTINGS, format_value
from sdm_tui.settings.resolve import SITE_ENV, ResolvedSettings, resolve_settings
from sdm_tui.store.safe_files import regular_file_problem


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare `sdm-tui settings` on `parser` (a sub-command's parser): no arguments."""
    parser.description = (
        "Print each setting, its value and where it came from: the default, the site file "
        f"(${SITE_ENV}, else /etc/sdm-tui/settings.toml), the user file, an environment "
        "variable or the command line, strongest last. Privacy settings in the site file "
        "are locked. See docs/settings.md."
    )


def _language_shown(value: object) -> str:
    """The language asked for and the one shown: "es", "fr (no catalog: en shown)",
    "(system: es_MX.UTF-8) es"."""
    choice = choose_language(value if isinstance(value, str) else None, os.environ)
    asked = choice.asked or "none"
    shown = choice.language
    if value is None:
        return _("the system's ({asked}): {shown}").format(asked=asked, shown=shown)
    if choice.fell_back:
        return _("{asked} (no catalog: {shown} shown)").format(asked=asked, shown=shown)
    return shown


def format_settings(resolved: ResolvedSettings) -> str:
    """The files read, then one line per setting: its value, where it is from, any lock."""

    def presence(path: Path | None) -> str:
        if path is None or not os.path.lexists(path):
            return " (not present)"
        return "" if regular_file_problem(path) is None else " (not a regular file: ignored)"

    lines = [
        f"user file: {resolved.user_file}{presence(resolved.user_file)}",
        f"site file: {resolved.site_file}{presence(resolved.site_file)}",
        "",
    ]
    width = max(len(s.name) for s in SETTINGS)
    for setting in SETTINGS:
        value = resolved.values[setting.name]
        shown = setting.default_text if value is None else format_value(value)
        if setting.kind == "timezone" and value is None:
            shown = f"{shown} ({system_zone_name()})"
        if setting.kind == "language":
            shown = _language_shown(value)
        source = resolved.sources[setting.name].describe()
        line = f"{setting.name:<{width}}  {shown:<20}  from {source}"
        if resolved.is_locked(setting.name):
            line += "  [locked: privacy setting fixed by the site file]"
        lines.append(line)
    if resolved.problems:
        lines.append("")
        lines.append("warnings:")
        lines.extend(f"  {problem.text()}" for problem in resolved.problems)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the settings in force; always 0."""
    print(format_settings(resolve_settings(overrides={"language": args.language})))
    return 0
