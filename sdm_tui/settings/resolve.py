"""The settings in force: defaults < site file < user file < environment < command line.

A site file (for a whole clinic) that sets a privacy setting locks it: the user file, the
environment and the command line cannot change it. An invalid value is reported with where
it was written and what is valid, and is ignored: the weaker sources (in the end the
default) apply instead. Nothing here raises for a bad setting; the app always starts.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sdm_tui.i18n import _, pgettext
from sdm_tui.i18n.negotiate import LANGUAGE_TAG
from sdm_tui.settings.clinic import URI, zone_named
from sdm_tui.settings.declarations import (
    PRIVACY_TABLE,
    SETTING_BY_NAME,
    SETTINGS,
    TEXT_LIMIT,
    Setting,
    format_value,
)
from sdm_tui.store.text import neutralise

USER_FILE_NAME = "settings.toml"
SITE_ENV = "SDM_TUI_SITE_SETTINGS"
DEFAULT_SITE_FILE = Path("/etc/sdm-tui/settings.toml")
MAX_FILE_BYTES = 256 * 1024
"""A settings file is a few hundred bytes; anything this big is something else."""

_TRUE = ("on", "true", "yes", "1")
_FALSE = ("off", "false", "no", "0")


def user_settings_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("sdm-tui", appauthor=False)) / USER_FILE_NAME


def site_settings_path(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    configured = environ.get(SITE_ENV)
    return Path(configured).expanduser() if configured else DEFAULT_SITE_FILE


@dataclass(frozen=True)
class Source:
    """Where a value came from."""

    kind: str
    """"default", "site file", "user file", "environment" or "command line"."""
    file: Path | None = None
    line: int | None = None
    name: str = ""
    """The environment variable or command-line option."""

    def where(self) -> str:
        """The file and line ("/etc/sdm-tui/settings.toml:3"), or the variable or option."""
        if self.file is not None:
            return f"{self.file}:{self.line}" if self.line else str(self.file)
        return self.name

    def describe(self) -> str:
        """Where, in words of the language in force: "user file /home/a/settings.toml:2"."""
        kind = _source_kind(self.kind)
        where = self.where()
        return f"{kind} {where}" if where else kind


def _source_kind(kind: str) -> str:
    """A Source's kind (a key, kept in English) in the language in force."""
    words = {
        "default": pgettext("setting source", "default"),
        "site file": _("site file"),
        "user file": _("user file"),
        "environment": _("environment"),
        "command line": _("command line"),
    }
    return words.get(kind, kind)


DEFAULT_SOURCE = Source("default")


@dataclass(frozen=True)
class SettingProblem:
    """An invalid or ignored setting: where it was written, what is valid, what is used."""

    where: str
    setting: str
    message: str
    valid: str = ""

    def __post_init__(self) -> None:
        # Messages quote the file and are printed to a terminal: make them inert.
        for name in ("where", "setting", "message", "valid"):
            object.__setattr__(self, name, neutralise(getattr(self, name)))

    def text(self) -> str:
        text = ": ".join((self.setting, self.message)) if self.setting else self.message
        if self.valid:
            text = _("{problem} (valid: {values})").format(problem=text, values=self.valid)
        return ": ".join((self.where, text))


@dataclass
class ResolvedSettings:
    values: dict[str, object]
    sources: dict[str, Source]
    locked: frozenset[str]
    """Privacy settings fixed by the site file."""
    problems: list[SettingProblem]
    user_file: Path
    site_file: Path
    user_values: dict[str, object] = field(default_factory=dict)
    """The valid values of the user file alone: what a save starts from."""

    def __getitem__(self, name: str) -> object:
        return self.values[name]

    def is_locked(self, name: str) -> bool:
        return name in self.locked

    def lock_reason(self, name: str) -> str:
        if name not in self.locked:
            return ""
        return _("locked by the site file {file}").format(file=self.sources[name].where())


class InvalidValue(ValueError):
    """A value that is not valid for its setting."""


def _ignored(error: InvalidValue) -> str:
    return _("{problem}; ignored").format(problem=error)


def check_value(setting: Setting, value: object, base: Path | None = None) -> object:
    """`value` (from TOML or the command line) as the setting's type; InvalidValue if bad."""
    if setting.kind == "path":
        if isinstance(value, Path):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue(_("{value} is not a folder path").format(value=repr(value)))
        path = Path(value).expanduser()
        if base is not None and not path.is_absolute():
            path = base / path
        return path
    if setting.kind == "bool":
        if not isinstance(value, bool):
            raise InvalidValue(_("{value} is not true or false").format(value=repr(value)))
        return value
    if setting.kind in ("text", "uri", "timezone", "language"):
        return _checked_text(setting, value)
    if setting.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidValue(_("{value} is not a number").format(value=repr(value)))
        number = float(value)
        assert setting.minimum is not None and setting.maximum is not None
        if not math.isfinite(number) or not setting.minimum <= number <= setting.maximum:
            raise InvalidValue(
                _("{value} is outside {minimum}..{maximum}").format(
                    value=repr(value),
                    minimum=f"{setting.minimum:g}",
                    maximum=f"{setting.maximum:g}",
                )
            )
        return number
    if not isinstance(value, str) or value not in setting.choices:
        raise InvalidValue(
            _("{value} is not a known {setting}").format(value=repr(value), setting=setting.name)
        )
    return value


def _checked_text(setting: Setting, value: object) -> str:
    """A text, URI or time zone setting: one line, trimmed, of its form."""
    if not isinstance(value, str):
        raise InvalidValue(_("{value} is not text").format(value=repr(value)))
    text = value.strip()
    if not text:
        raise InvalidValue(_("it is empty (leave the setting out instead)"))
    if any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in text):
        raise InvalidValue(_("it holds a line break or control character"))
    if len(text) > TEXT_LIMIT:
        raise InvalidValue(_("it is longer than {limit} characters").format(limit=TEXT_LIMIT))
    if setting.kind == "uri" and not URI.fullmatch(text):
        raise InvalidValue(_("{value} is not an absolute URI").format(value=repr(text)))
    if setting.kind == "timezone" and zone_named(text) is None:
        raise InvalidValue(_("{value} is not a known time zone").format(value=repr(text)))
    if setting.kind == "language" and not LANGUAGE_TAG.fullmatch(text):
        raise InvalidValue(_("{value} is not a language code").format(value=repr(text)))
    return text


def parse_text(setting: Setting, text: str) -> object:
    """A value written as text (an environment variable) as the setting's type."""
    if setting.kind == "bool":
        lowered = text.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise InvalidValue(_("{value} is not on or off").format(value=repr(text)))
    if setting.kind == "number":
        try:
            return check_value(setting, float(text))
        except ValueError:
            raise InvalidValue(_("{value} is not a number").format(value=repr(text))) from None
    return check_value(setting, text.strip() if setting.kind == "choice" else text)


@dataclass
class FileSettings:
    """The valid settings of one file, with the line each was written on."""

    values: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int | None] = field(default_factory=dict)


def read_settings_file(path: Path, problems: list[SettingProblem]) -> FileSettings:
    """The valid settings in `path` (none if it is missing); what is wrong goes to problems."""
    import tomli

    from sdm_tui.aid.locate import SourceMap
    from sdm_tui.store.safe_files import FileTooLargeError, read_regular_file

    found = FileSettings()
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return found
    except FileTooLargeError:
        problems.append(SettingProblem(str(path), "", _("is too large to be a settings file")))
        return found
    except OSError as error:
        problems.append(
            SettingProblem(
                str(path), "", _("cannot be read: {reason}").format(reason=error.strerror)
            )
        )
        return found
    if len(raw) > MAX_FILE_BYTES:
        problems.append(SettingProblem(str(path), "", _("is too large to be a settings file")))
        return found
    try:
        text = raw.decode("utf-8")
        data = tomli.loads(text)
    except UnicodeDecodeError:
        problems.append(SettingProblem(str(path), "", _("is not UTF-8 text; ignored")))
        return found
    except tomli.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        where = f"{path}:{line}" if line else str(path)
        message = getattr(error, "msg", str(error))
        problems.append(
            SettingProblem(
                where, "", _("is not valid TOML ({problem}); ignored").format(problem=message)
            )
        )
        return found
    except RecursionError:
        problems.append(SettingProblem(str(path), "", _("is nested too deeply; ignored")))
        return found
    source_map = SourceMap(text)
    entries: list[tuple[tuple[str, ...], object]] = []
    for key, value in data.items():
        if key == PRIVACY_TABLE and isinstance(value, dict):
            entries.extend(((PRIVACY_TABLE, inner), v) for inner, v in value.items())
        else:
            entries.append(((key,), value))
    for key_path, value in entries:
        line, _column = source_map.find(key_path)
        where = f"{path}:{line}" if line else str(path)
        name = key_path[-1]
        setting = SETTING_BY_NAME.get(name)
        in_privacy = len(key_path) == 2
        if setting is None or (in_privacy and not setting.privacy):
            names = [s.name for s in SETTINGS if s.privacy or not in_privacy]
            problems.append(
                SettingProblem(
                    where, ".".join(key_path), _("unknown setting; ignored"), ", ".join(names)
                )
            )
            continue
        try:
            found.values[name] = check_value(setting, value, base=path.parent)
        except InvalidValue as error:
            problems.append(SettingProblem(where, name, _ignored(error), setting.valid_text()))
            continue
        found.lines[name] = line
    return found


def resolve_settings(
    *,
    overrides: Mapping[str, object] | None = None,
    environ: Mapping[str, str] | None = None,
    user_file: Path | None = None,
    site_file: Path | None = None,
) -> ResolvedSettings:
    """Every setting's value in force and its source. `overrides`: the command line's."""
    environ = os.environ if environ is None else environ
    user_file = user_settings_path() if user_file is None else user_file
    site_file = site_settings_path(environ) if site_file is None else site_file
    problems: list[SettingProblem] = []
    site = read_settings_file(site_file, problems)
    user = read_settings_file(user_file, problems)
    values: dict[str, object] = {s.name: s.default for s in SETTINGS}
    sources: dict[str, Source] = {s.name: DEFAULT_SOURCE for s in SETTINGS}
    locked = frozenset(name for name in site.values if SETTING_BY_NAME[name].privacy)

    def offer(name: str, value: object, source: Source) -> None:
        if name in locked:
            problems.append(
                SettingProblem(
                    source.describe(),
                    name,
                    _("ignored: locked at {value} by the site file {file}").format(
                        value=format_value(values[name]), file=site_file
                    ),
                )
            )
            return
        values[name] = value
        sources[name] = source

    for name, value in site.values.items():
        values[name] = value
        sources[name] = Source("site file", site_file, site.lines.get(name))
    for name, value in user.values.items():
        offer(name, value, Source("user file", user_file, user.lines.get(name)))
    for setting in SETTINGS:
        text = environ.get(setting.env)
        if text is None or text == "":
            continue
        try:
            value = parse_text(setting, text)
        except InvalidValue as error:
            where = "{} {}".format(_("environment"), setting.env)
            problems.append(
                SettingProblem(where, setting.name, _ignored(error), setting.valid_text())
            )
            continue
        offer(setting.name, value, Source("environment", name=setting.env))
    for name, value in (overrides or {}).items():
        if value is None:
            continue
        setting = SETTING_BY_NAME[name]
        option = setting.cli or name
        try:
            checked = check_value(setting, value)
        except InvalidValue as error:
            problems.append(
                SettingProblem(
                    "{} {}".format(_("command line"), option),
                    name,
                    _ignored(error),
                    setting.valid_text(),
                )
            )
            continue
        offer(name, checked, Source("command line", name=option))
    return ResolvedSettings(
        values, sources, locked, problems, user_file, site_file, dict(user.values)
    )
