"""Translations of an aid: one `id`, a file per language, the same structure.

A translation is a file with the original's `id`, its own `language`, and
`translation_of = { language = "en", version = "2.0.0" }`. Only its words differ: every key
that `schema.py` declares `translation="same"` (ids, numbers, sources, inputs, rules) must
hold the original's value. `structure` takes that skeleton from a parsed file; `compare`
lists where a translation's skeleton differs from its original's, and `problems` turns the
differences into findings with both files' lines.

Pure: no Textual, no Rich. The skeletons are taken from the files when two are compared,
not when every aid loads: only aids with translations pay for them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sdm_tui.aid import schema
from sdm_tui.aid.citations import MARKER
from sdm_tui.aid.lint_rules import RULES_BY_ID
from sdm_tui.aid.locate import KeyPath, SourceMap
from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import Problem
from sdm_tui.aid.schema import Field
from sdm_tui.store.safe_files import display_path, read_regular_file

DIFFERS = ("SDM017", "translation-differs")
"""A translation whose ids, numbers, sources or inputs are not its original's."""
NO_ORIGINAL = ("SDM018", "translation-without-original")
SAME_LANGUAGE = ("SDM019", "duplicate-language")
"""Two files of one aid in one language."""

_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Leaf:
    """One place of a file's skeleton."""

    shown: str
    """The key path as reports show it, e.g. `outcomes[id="death"].rr.statin`."""
    kind: str
    """"same" (a value a translation keeps), "words" (a translated text: its numbers and
    citations), or "entry" (an entry of an array of tables is here)."""
    value: Any


# -- the skeleton ---------------------------------------------------------------------------


def structure(data: Mapping[str, Any]) -> dict[KeyPath, Leaf]:
    """The skeleton of a parsed aid file (already checked by the loader): every value a
    translation keeps, every entry, and every text (as its numbers and citations)."""
    found: dict[KeyPath, Leaf] = {}
    _walk(data, schema.AID, (), "", found)
    return found


def _walk(
    data: Mapping[str, Any],
    fields: Iterable[Field],
    path: KeyPath,
    shown: str,
    found: dict[KeyPath, Leaf],
) -> None:
    for field in fields:
        if field.name not in data or field.translation == "own":
            continue
        value = data[field.name]
        here, where = path + (field.name,), f"{shown}.{field.name}" if shown else field.name
        if field.kind == "table" and isinstance(value, dict):
            _walk(value, field.fields, here, where, found)
        elif field.kind == "tables" and isinstance(value, list):
            for index, entry in enumerate(value):
                entry_id = entry.get("id") if isinstance(entry, dict) else None
                named = f'{where}[id="{entry_id}"]' if isinstance(entry_id, str) else ""
                entry_where = named or f"{where}[{index}]"
                found[here + (index,)] = Leaf(entry_where, "entry", entry_id)
                if isinstance(entry, dict):
                    _walk(entry, field.fields, here + (index,), entry_where, found)
        elif field.translation == "words":
            if isinstance(value, dict):
                for key, text in value.items():
                    found[here + (key,)] = Leaf(f"{where}.{key}", "words", _gist(text))
            elif isinstance(value, list):
                for index, text in enumerate(value):
                    found[here + (index,)] = Leaf(f"{where}[{index}]", "words", _gist(text))
            else:
                found[here] = Leaf(where, "words", _gist(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                found[here + (key,)] = Leaf(f"{where}.{key}", "same", item)
        else:
            found[here] = Leaf(where, "same", value)


def _gist(text: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a translated text keeps: its numbers (digit runs, whatever the separators:
    1,5 and 1.5 are both 1 and 5) and the sources it cites, each sorted."""
    if not isinstance(text, str):
        return ((), ())
    cited = tuple(sorted(match.group(1) for match in MARKER.finditer(text)))
    numbers = tuple(sorted(_DIGITS.findall(MARKER.sub(" ", text)), key=lambda d: (len(d), d)))
    return numbers, cited


# -- differences ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One place where a translation's skeleton is not its original's."""

    key_path: KeyPath
    shown: str
    what: str
    """"value", "missing", "extra", "entry-missing", "entry-extra", "unreadable" (a file
    could not be read again), or "words" (the numbers or citations of a text: a warning)."""
    original: Leaf | None
    translated: Leaf | None

    @property
    def is_error(self) -> bool:
        return self.what != "words"


def skeleton(aid: DecisionAid) -> dict[KeyPath, Leaf] | None:
    """The skeleton of the file an aid was loaded from (None: it cannot be read again)."""
    if aid.path is None:
        return None
    return _skeleton(aid.path, aid.sha256)


@lru_cache(maxsize=32)
def _skeleton(path: Path, digest: str) -> dict[KeyPath, Leaf] | None:
    """Cached by the file's hash when loaded: the library and `check` compare an original
    with each of its translations."""
    import tomli

    try:
        data = tomli.loads(read_regular_file(path).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
        return None
    return structure(data)


def compare(original: DecisionAid, translation: DecisionAid) -> list[Difference]:
    """Where `translation` differs from `original`, in the original's order of keys."""
    mine, theirs = skeleton(translation), skeleton(original)
    if mine is None or theirs is None:
        return [Difference((), "", "unreadable", None, None)]
    differences: list[Difference] = []
    lost = {path for path, leaf in theirs.items() if leaf.kind == "entry" and path not in mine}
    added = {path for path, leaf in mine.items() if leaf.kind == "entry" and path not in theirs}
    for path, leaf in theirs.items():
        if _under(path, lost):
            if path in lost:
                differences.append(Difference(path, leaf.shown, "entry-missing", leaf, None))
            continue
        other = mine.get(path)
        if other is None:
            differences.append(Difference(path, leaf.shown, "missing", leaf, None))
        elif leaf.kind == "words":
            if other.value != leaf.value:
                differences.append(Difference(path, other.shown, "words", leaf, other))
        elif leaf.kind == "same" and not _same(leaf.value, other.value):
            differences.append(Difference(path, other.shown, "value", leaf, other))
    for path, leaf in mine.items():
        if path in theirs or (_under(path, added) and path not in added):
            continue
        what = "entry-extra" if path in added else "extra"
        differences.append(Difference(path, leaf.shown, what, None, leaf))
    return differences


def _under(path: KeyPath, entries: set[KeyPath]) -> bool:
    return any(path[:end] in entries for end in range(1, len(path) + 1))


def _same(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return (type(a) is type(b) and a == b) or (_is_number(a) and _is_number(b) and a == b)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# -- findings -------------------------------------------------------------------------------


def source_map(path: Path | None) -> SourceMap:
    """A file's keys and lines, read again to point at them ("" if it cannot be read)."""
    if path is None:
        return SourceMap("")
    try:
        return SourceMap(read_regular_file(path).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return SourceMap("")


def shown_value(value: object) -> str:
    """A value as it is written in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def problems(
    original: DecisionAid,
    translation: DecisionAid,
    differences: list[Difference],
    *,
    errors: bool = True,
) -> list[Problem]:
    """The differences (errors, or else the warnings) as findings: the translation's line,
    and the original's, in the message."""
    mine, theirs = source_map(translation.path), source_map(original.path)
    name = display_path(original.path) if original.path else "the original"
    found: list[Problem] = []
    for difference in differences:
        if difference.is_error != errors:
            continue
        line, column = mine.find(difference.key_path, value=True)
        their_line, _ = theirs.find(difference.key_path, value=True)
        where = f"{name}:{their_line}" if their_line else name
        message, fix = _words(difference, where, name)
        code, rule = DIFFERS if difference.is_error else _rule("SDM131")
        found.append(
            Problem(
                file=translation.path or Path("<aid>"),
                line=line,
                column=column,
                path=difference.shown,
                message=message,
                fix=fix,
                code=code,
                name=rule,
                severity="error" if difference.is_error else "warning",
                source_line=mine.line_text(line),
                why="" if difference.is_error else RULES_BY_ID[code].why,
            )
        )
    return found


def _rule(code: str) -> tuple[str, str]:
    return code, RULES_BY_ID[code].name


def _words(difference: Difference, where: str, name: str) -> tuple[str, str]:
    """The message and the fix of one difference: `where` is the original's file and line,
    `name` its file."""
    ours, theirs = difference.translated, difference.original
    if difference.what == "value" and ours is not None and theirs is not None:
        said = shown_value(theirs.value)
        message = f"is {shown_value(ours.value)}, the original ({where}) says {said}"
        if _is_number(theirs.value):
            return message, f"a translation keeps the original's numbers: write {said}"
        return message, (
            "a translation changes only the words; ids, sources, links and settings stay "
            f"as in the original: write {said}"
        )
    if difference.what == "words" and ours is not None and theirs is not None:
        (our_numbers, our_cited), (their_numbers, their_cited) = ours.value, theirs.value
        parts = []
        if our_numbers != their_numbers:
            parts.append(
                f"has the numbers {_listed(our_numbers)}, the original's text ({where}) "
                f"{_listed(their_numbers)}"
            )
        if our_cited != their_cited:
            parts.append(
                f"cites {_listed(our_cited, '@')}, the original's text ({where}) "
                f"{_listed(their_cited, '@')}"
            )
        return "; ".join(parts), RULES_BY_ID["SDM131"].fix
    if difference.what == "missing" and theirs is not None:
        if theirs.kind == "words":
            return (
                f"the original ({where}) has a text here; this translation has none",
                "translate the original's text and add it here",
            )
        return (
            f"the original ({where}) has {theirs.shown} = {shown_value(theirs.value)}; "
            "this translation does not",
            "add it, as in the original: a translation keeps its numbers and ids",
        )
    if difference.what == "entry-missing" and theirs is not None:
        return (
            f"the original ({where}) has this entry; this translation does not",
            "translate the original's entry and add it at the same place",
        )
    if difference.what == "unreadable":
        return (
            "could not be read again to compare it with its original (changed or removed "
            "since it was loaded?)",
            "check that both files are readable TOML, and run the check again",
        )
    kind = "entry" if difference.what == "entry-extra" else "key"
    return (
        f"this {kind} is not in the original ({name})",
        "remove it: a translation has its original's structure (or add it to the original first)",
    )


def _listed(items: tuple[str, ...], prefix: str = "") -> str:
    return ", ".join(f"{prefix}{item}" for item in items) if items else "none"


# -- the files of one aid -------------------------------------------------------------------


def same_language(a: str, b: str) -> bool:
    """Whether two language tags name one language ("es", "ES", "es_ES" is not "es")."""
    return a.strip().replace("_", "-").casefold() == b.strip().replace("_", "-").casefold()


def matches_language(tag: str, wanted: str) -> bool:
    """Whether an aid in `tag` suits a patient who reads `wanted`: the same tag, or the
    same primary language ("es" for "es-MX")."""
    return same_language(tag, wanted) or (_primary(tag) == _primary(wanted) and bool(_primary(tag)))


def _primary(tag: str) -> str:
    return tag.strip().replace("_", "-").split("-")[0].casefold()


def language_problems(original: DecisionAid, translation: DecisionAid) -> list[Problem]:
    """A translation in its original's own language, or of another language than the
    original's: errors (before any comparison of structure)."""
    assert translation.translation_of is not None
    source = source_map(translation.path)
    file = translation.path or Path("<aid>")
    if same_language(translation.language, original.language):
        line, column = source.find(("language",), value=True)
        code, name = SAME_LANGUAGE
        return [
            Problem(
                file,
                line,
                column,
                "language",
                f'is "{translation.language}", the language of the original '
                f"({_where(original, ('language',))}) itself",
                "set `language` to the language this file is written in",
                code,
                name,
                source_line=source.line_text(line),
            )
        ]
    if not same_language(translation.translation_of.language, original.language):
        line, column = source.find(("translation_of", "language"), value=True)
        code, name = DIFFERS
        return [
            Problem(
                file,
                line,
                column,
                "translation_of.language",
                f'is "{translation.translation_of.language}", but the original '
                f'({_where(original, ("language",))}) is in "{original.language}"',
                f'write translation_of.language = "{original.language}"',
                code,
                name,
                source_line=source.line_text(line),
            )
        ]
    return []


def _where(aid: DecisionAid, key_path: KeyPath) -> str:
    if aid.path is None:
        return "the original"
    line, _ = source_map(aid.path).find(key_path)
    return f"{display_path(aid.path)}:{line}" if line else display_path(aid.path)


def no_original(translation: DecisionAid) -> Problem:
    """A translation whose original is not in the library (or did not load)."""
    assert translation.translation_of is not None
    source = source_map(translation.path)
    line, column = source.find(("translation_of",), value=False)
    code, name = NO_ORIGINAL
    return Problem(
        translation.path or Path("<aid>"),
        line,
        column,
        "translation_of",
        f'translates the aid "{translation.id}" ({translation.translation_of.language}), '
        "but no aid with this id loaded beside it",
        "put the original file (same `id`, no `translation_of`) in the same folder, and "
        "fix it if it is reported; or give this file the original's id",
        code,
        name,
        source_line=source.line_text(line),
    )


def two_in_one_language(translation: DecisionAid, other: Path) -> Problem:
    """Two translations of one aid in one language: neither is offered."""
    source = source_map(translation.path)
    line, column = source.find(("language",), value=True)
    code, name = SAME_LANGUAGE
    return Problem(
        translation.path or Path("<aid>"),
        line,
        column,
        "language",
        f'{display_path(other)} is also the "{translation.language}" translation of '
        f'"{translation.id}"; neither is offered',
        "keep one file per language of an aid (remove or rename the other's language)",
        code,
        name,
        source_line=source.line_text(line),
    )


def out_of_date(original: DecisionAid, translation: DecisionAid) -> Iterator[Problem]:
    """Warnings (SDM132): the original has changed since the translation was made."""
    assert translation.translation_of is not None
    source = source_map(translation.path)
    file = translation.path or Path("<aid>")
    if translation.translation_of.version != original.version:
        line, column = source.find(("translation_of", "version"), value=True)
        yield Problem(
            file,
            line,
            column,
            "translation_of.version",
            f'translates version "{translation.translation_of.version}" of the original; '
            f'the original ({_where(original, ("version",))}) is now "{original.version}"',
            "bring the translation up to the original's changes, then write "
            f'translation_of.version = "{original.version}"',
            *_rule("SDM132"),
            severity="warning",
            why=RULES_BY_ID["SDM132"].why,
            source_line=source.line_text(line),
        )
    if original.last_reviewed > translation.last_reviewed:
        line, column = source.find(("last_reviewed",), value=True)
        yield Problem(
            file,
            line,
            column,
            "last_reviewed",
            f"the original ({_where(original, ('last_reviewed',))}) was reviewed on "
            f"{original.last_reviewed.isoformat()}, after this translation "
            f"({translation.last_reviewed.isoformat()})",
            "check the translation against the original as reviewed, then set its `last_reviewed`",
            *_rule("SDM132"),
            severity="warning",
            why=RULES_BY_ID["SDM132"].why,
            source_line=source.line_text(line),
        )
