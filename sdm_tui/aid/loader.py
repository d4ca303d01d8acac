"""Strict loading of one decision-aid file.

Every problem of a file is collected and reported together; the aid is built only when
there are none. Nothing but `AidLoadError` ever leaves `load_aid`.

The reading and the structural checking are generic, for other TOML formats declared with
`schema.Field` (rehearsal scenarios): `load_document` reads a file, `parse_toml` decodes
and parses its bytes, `check_document` checks keys, types, choices, patterns and ranges,
and `locate_problem` builds a Problem for a key path. `codes` maps this format's problem
codes (SDM0xx) to another format's own.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeGuard, TypeVar

from sdm_tui.aid import schema
from sdm_tui.aid.citations import markers
from sdm_tui.aid.format2 import build_format_2, check_format_2
from sdm_tui.aid.locate import KeyPath, SourceMap
from sdm_tui.aid.model import (
    Author,
    DecisionAid,
    KnowledgeCheck,
    LintIgnore,
    Option,
    Outcome,
    Question,
    Source,
    TranslationOf,
    ValueStatement,
)
from sdm_tui.aid.problems import AidLoadError, Problem
from sdm_tui.aid.prose import flow
from sdm_tui.aid.schema import Field
from sdm_tui.store.safe_files import read_regular_file
from sdm_tui.store.text import find_bidi_controls, neutralise

MAX_FILE_BYTES = 1024 * 1024
T = TypeVar("T")

_KIND_WORDS = {
    "string": ("a string", 'text in double quotes, e.g. "Knee replacement"'),
    "integer": ("a whole number", "a whole number without quotes, e.g. 100"),
    "number": ("a number", "a number without quotes, e.g. 12"),
    "date": ("a date", "a TOML date without quotes, e.g. 2026-01-31"),
    "string-list": ("a list of strings", 'a list in brackets, e.g. ["a", "b"]'),
    "table": ("a table", "a [table] header followed by its keys"),
    "tables": ("an array of tables", "one [[name]] header per entry"),
    "string-map": ("a table of strings", 'option_id = "text" pairs'),
    "integer-map": ("a table of whole numbers", "option_id = whole number pairs"),
    "number-map": ("a table of numbers", "option_id = number pairs"),
    "boolean": ("true or false", "true or false, without quotes"),
    "number-or-string": ("a number or a string", 'a number, e.g. 12, or a choice, e.g. "low"'),
}


def _toml_type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number" if math.isfinite(value) else "nan or inf"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, (dt.date, dt.time)):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _is_integer(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> TypeGuard[int | float]:
    if isinstance(value, float):
        return math.isfinite(value)
    return _is_integer(value)


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def locate_problem(
    file: Path,
    source: SourceMap,
    key_path: KeyPath,
    shown_path: str,
    message: str,
    fix: str,
    code: str,
    name: str,
    *,
    at_value: bool = True,
    severity: str = "error",
) -> Problem:
    """A problem at `key_path` (its value's position, if asked), with the line's text."""
    line, column = source.find(key_path, value=at_value)
    return Problem(
        file=file,
        line=line,
        column=column,
        path=shown_path,
        message=message,
        fix=fix,
        code=code,
        name=name,
        severity=severity,
        source_line=source.line_text(line),
    )


class _FileChecker:
    """Collects the problems of one file's parsed data."""

    def __init__(
        self, file: Path, source: SourceMap, codes: Mapping[str, str] | None = None
    ) -> None:
        self.file = file
        self.source = source
        self.codes = dict(codes or {})
        """Problem codes of the aid format (e.g. "SDM002") -> the checked format's own."""
        self.problems: list[Problem] = []
        self.cited: list[tuple[str, KeyPath, str]] = []
        """Texts with citation markers `[@id]`: checked once the ids are known."""

    def report(
        self,
        key_path: KeyPath,
        shown_path: str,
        message: str,
        fix: str,
        code: str,
        name: str,
        column: int | None = None,
        line: int | None = None,
        at_value: bool = True,
    ) -> None:
        if line is None:
            line, found_column = self.source.find(key_path, value=at_value)
            column = column or found_column
        self.problems.append(
            Problem(
                file=self.file,
                line=line,
                column=column,
                path=shown_path,
                message=message,
                fix=fix,
                code=self.codes.get(code, code),
                name=name,
                source_line=self.source.line_text(line),
            )
        )

    # -- structure ------------------------------------------------------------------

    def check_table(
        self, data: Mapping[str, Any], fields: Iterable[Field], path: KeyPath, shown: str
    ) -> None:
        known = {field.name: field for field in fields}
        for key in data:
            if key in known:
                continue
            shown_key = _join(shown, key)
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            fix = f"did you mean `{close[0]}`?" if close else "remove it, or check its spelling"
            allowed = ", ".join(known)
            self.report(
                path + (key,),
                shown_key,
                f"unknown key `{key}` (known keys here: {allowed})",
                fix,
                "SDM004",
                "unknown-key",
                at_value=False,
            )
        for field in known.values():
            if field.name not in data:
                if field.required:
                    where = f"in {shown}" if shown else "at the top of the file"
                    self.report(
                        path,
                        _join(shown, field.name),
                        f"required key `{field.name}` is missing {where}",
                        f"add `{field.name} = ...`: {_KIND_WORDS[field.kind][1]} "
                        f"({field.description})",
                        "SDM002",
                        "missing-key",
                    )
                continue
            self.check_value(
                field, data[field.name], path + (field.name,), _join(shown, field.name)
            )

    def wrong_type(self, field: Field, value: object, path: KeyPath, shown: str) -> None:
        expected, example = _KIND_WORDS[field.kind]
        self.report(
            path,
            shown,
            f"`{field.name}` must be {expected}, not {_toml_type_name(value)}",
            f"write {example}",
            "SDM003",
            "wrong-type",
        )

    def check_value(self, field: Field, value: Any, path: KeyPath, shown: str) -> None:
        kind = field.kind
        if kind == "string":
            if not isinstance(value, str):
                return self.wrong_type(field, value, path, shown)
            self.check_text(value, path, shown)
            if field.choices and value not in field.choices:
                self.bad_choice(field, value, path, shown)
            elif field.pattern and not _matches(field.pattern, value):
                self.report(
                    path,
                    shown,
                    f"`{value}` is not a valid {field.name}",
                    "use lower-case letters, digits and hyphens only, e.g. knee-oa",
                    "SDM014",
                    "bad-value",
                )
        elif kind == "integer":
            if not _is_integer(value):
                return self.wrong_type(field, value, path, shown)
            known = range(field.minimum or 1, (field.maximum or 1) + 1)
            if field.name == "format" and value not in known:
                versions = " or ".join(str(v) for v in known)
                return self.report(
                    path,
                    shown,
                    f"format {value} is not known: this sdm-tui reads format {versions}",
                    f"write format = {known[-1]} and follow its documentation",
                    "SDM005",
                    "unknown-format",
                )
            self.check_range(field, value, path, shown)
        elif kind == "number":
            if not _is_number(value):
                return self.wrong_type(field, value, path, shown)
            if field.minimum is not None and value < field.minimum:
                self.report(
                    path,
                    shown,
                    f"{value} is out of range for `{field.name}`",
                    f"use a number of at least {field.minimum}",
                    "SDM014",
                    "bad-value",
                )
        elif kind == "boolean":
            if not isinstance(value, bool):
                return self.wrong_type(field, value, path, shown)
        elif kind == "number-or-string":
            if not (_is_number(value) or isinstance(value, str)):
                return self.wrong_type(field, value, path, shown)
        elif kind == "date":
            if not _is_date(value):
                return self.wrong_type(field, value, path, shown)
        elif kind == "string-list":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return self.wrong_type(field, value, path, shown)
            for index, item in enumerate(value):
                self.check_text(item, path, f"{shown}[{index}]")
            if len(value) < field.min_items:
                self.too_few(field, len(value), path, shown)
            self.check_count(field, len(value), path, shown)
        elif kind == "table":
            if not isinstance(value, dict):
                return self.wrong_type(field, value, path, shown)
            self.check_table(value, field.fields, path, shown)
        elif kind == "tables":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                return self.wrong_type(field, value, path, shown)
            if len(value) < field.min_items:
                self.too_few(field, len(value), path, shown)
            if not self.check_count(field, len(value), path, shown):
                return  # thousands of entries: one problem, not thousands
            for index, entry in enumerate(value):
                self.check_table(entry, field.fields, path + (index,), _entry(shown, entry, index))
        elif kind.endswith("-map"):
            self.check_map(field, value, path, shown)

    def check_map(self, field: Field, value: Any, path: KeyPath, shown: str) -> None:
        if not isinstance(value, dict):
            return self.wrong_type(field, value, path, shown)
        for key, item in value.items():
            item_path, item_shown = path + (key,), f"{shown}.{key}"
            ok = {
                "string-map": isinstance(item, str),
                "integer-map": _is_integer(item),
                "number-map": _is_number(item),
            }[field.kind]
            if not ok:
                expected = _KIND_WORDS[field.kind.replace("-map", "")][0]
                self.report(
                    item_path,
                    item_shown,
                    f"`{key}` must be {expected}, not {_toml_type_name(item)}",
                    f"write {_KIND_WORDS[field.kind.replace('-map', '')][1]}",
                    "SDM003",
                    "wrong-type",
                )
            elif isinstance(item, str):
                self.check_text(item, item_path, item_shown)
            elif field.kind == "integer-map":
                self.check_range(field, item, item_path, item_shown)

    def check_range(self, field: Field, value: int, path: KeyPath, shown: str) -> None:
        low, high = field.minimum, field.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
            self.report(
                path,
                shown,
                f"{value} is out of range for `{field.name}`",
                f"use a whole number {bounds}",
                "SDM010" if field.name == "favours" else "SDM014",
                "favours-out-of-range" if field.name == "favours" else "bad-value",
            )

    def bad_choice(self, field: Field, value: str, path: KeyPath, shown: str) -> None:
        choices = ", ".join(f'"{c}"' for c in field.choices)
        close = difflib.get_close_matches(value, field.choices, n=1, cutoff=0.5)
        hint = f'did you mean "{close[0]}"? ' if close else ""
        self.report(
            path,
            shown,
            f'"{value}" is not a valid `{field.name}`',
            f"{hint}use one of {choices}",
            "SDM014",
            "bad-value",
        )

    def too_few(self, field: Field, count: int, path: KeyPath, shown: str) -> None:
        code, name = (
            ("SDM012", "too-few-options")
            if field.name == "options"
            else (
                "SDM014",
                "bad-value",
            )
        )
        self.report(
            path,
            shown,
            f"`{field.name}` has {count} entr{'y' if count == 1 else 'ies'}; "
            f"at least {field.min_items} needed",
            f"add {field.min_items - count} more",
            code,
            name,
        )

    def check_count(self, field: Field, count: int, path: KeyPath, shown: str) -> bool:
        """Whether `count` entries are within the field's limit; reports it if not."""
        if field.max_items is None or count <= field.max_items:
            return True
        self.report(
            path,
            shown,
            f"`{field.name}` has {count} entries; an aid may have at most {field.max_items}",
            f"keep the {field.max_items} that matter most, or split the aid in two",
            "SDM014",
            "too-many",
            at_value=False,
        )
        return False

    def check_text(self, text: str, path: KeyPath, shown: str) -> None:
        if len(text) > schema.MAX_TEXT_CHARS:
            self.report(
                path,
                shown,
                f"is {len(text)} characters long; a text may have at most {schema.MAX_TEXT_CHARS}",
                "shorten it: patients read this on a screen during a consultation",
                "SDM014",
                "too-long",
            )
        if path[:1] not in (("sources",), ("lint",)) and markers(text):
            self.cited.append((text, path, shown))
        if find_bidi_controls(text):
            self.report(
                path,
                shown,
                "contains a bidirectional control character, which can make text "
                "display in a different order from how it is stored",
                "delete the invisible character (U+202A-202E, U+2066-2069, U+200E/F, U+061C)",
                "SDM015",
                "bidi-control",
            )

    # -- meaning ----------------------------------------------------------------------

    def check_meaning(self, data: Mapping[str, Any]) -> None:
        options = _entries(data, "options")
        option_ids = [o["id"] for o in options if isinstance(o.get("id"), str)]
        for name in ("options", "questions", "outcomes", "values", "sources", "inputs"):
            self.check_unique_ids(data, name)
        source_ids = {s.get("id") for s in _entries(data, "sources")}
        outcome_ids = {o.get("id") for o in _entries(data, "outcomes")}
        for text, path, shown in self.cited:
            for name in markers(text):
                if name not in source_ids and name not in outcome_ids:
                    known = ", ".join(sorted(str(s) for s in source_ids if s)) or "none yet"
                    self.report(
                        path,
                        shown,
                        f"citation [@{name}] names no source (and no outcome)",
                        f"cite a source's id ({known}) or an outcome's id, or add the "
                        "[[sources]] entry",
                        "SDM008",
                        "unknown-source",
                    )

        check_format_2(self, data, option_ids, source_ids)

        for index, question in enumerate(_entries(data, "questions")):
            shown = _entry("questions", question, index)
            answers = question.get("answers")
            if isinstance(answers, dict):
                self.check_option_keys(
                    answers, ("questions", index, "answers"), shown + ".answers", option_ids
                )
                for option_id in option_ids:
                    if option_id not in answers:
                        self.report(
                            ("questions", index, "answers"),
                            f"{shown}.answers.{option_id}",
                            f"option `{option_id}` is not answered",
                            f'add answers.{option_id} = "..." (every option must be answered)',
                            "SDM007",
                            "unanswered-option",
                        )

        for index, outcome in enumerate(_entries(data, "outcomes")):
            shown = _entry("outcomes", outcome, index)
            source = outcome.get("source")
            if isinstance(source, str) and source not in source_ids:
                known = ", ".join(sorted(str(s) for s in source_ids if s)) or "none yet"
                self.report(
                    ("outcomes", index, "source"),
                    f"{shown}.source",
                    f'source "{source}" names no entry in [[sources]]',
                    f"use one of the sources' ids ({known}), or add a [[sources]] entry",
                    "SDM008",
                    "unknown-source",
                )
            if data.get("format") == 1 and "chance" not in outcome:
                self.report(
                    ("outcomes", index),
                    f"{shown}.chance",
                    "required key `chance` is missing in " + shown,
                    "add `chance.OPTION_ID = N` for each option with evidence (or use "
                    "format = 2 to compute counts from the patient's inputs)",
                    "SDM002",
                    "missing-key",
                )
            chance, per = outcome.get("chance"), outcome.get("per")
            if isinstance(chance, dict):
                path = ("outcomes", index, "chance")
                self.check_option_keys(chance, path, shown + ".chance", option_ids)
                if _is_integer(per) and per > 0:
                    for option_id, count in chance.items():
                        if _is_number(count) and not 0 <= count <= per:
                            self.report(
                                path + (option_id,),
                                f"{shown}.chance.{option_id}",
                                f"{count} is outside 0..{per}",
                                f"a count is a number of people out of per = {per}: use 0 to {per}",
                                "SDM009",
                                "count-out-of-range",
                            )

        for index, value in enumerate(_entries(data, "values")):
            favours = value.get("favours")
            if isinstance(favours, dict):
                shown = _entry("values", value, index) + ".favours"
                self.check_option_keys(favours, ("values", index, "favours"), shown, option_ids)

        for index, check in enumerate(_entries(data, "checks")):
            answer, choices = check.get("answer"), check.get("choices")
            if _is_integer(answer) and isinstance(choices, list) and answer >= len(choices):
                self.report(
                    ("checks", index, "answer"),
                    f"checks[{index}].answer",
                    f"answer {answer} is outside choices (there are {len(choices)})",
                    f"use a 0-based index from 0 to {max(len(choices) - 1, 0)}",
                    "SDM011",
                    "answer-out-of-range",
                )

    def check_unique_ids(self, data: Mapping[str, Any], name: str) -> None:
        seen: dict[str, int] = {}
        for index, entry in enumerate(_entries(data, name)):
            entry_id = entry.get("id")
            if not isinstance(entry_id, str):
                continue
            if entry_id in seen:
                first_line, _ = self.source.find((name, seen[entry_id], "id"))
                self.report(
                    (name, index, "id"),
                    f'{name}[id="{entry_id}"]',
                    f'id "{entry_id}" is used twice in [[{name}]] (first on line {first_line})',
                    "give each entry its own id",
                    "SDM006",
                    "duplicate-id",
                )
            else:
                seen[entry_id] = index

    def check_option_keys(
        self, table: Mapping[str, Any], path: KeyPath, shown: str, option_ids: list[str]
    ) -> None:
        for key in table:
            if key in option_ids:
                continue
            close = difflib.get_close_matches(key, option_ids, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`? " if close else ""
            self.report(
                path + (key,),
                f"{shown}.{key}",
                f"`{key}` names no option",
                f"{hint}use an option id: {', '.join(option_ids) or '(no options yet)'}",
                "SDM007",
                "unknown-option",
                at_value=False,
            )


def _matches(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern.strip("^$"), value) is not None


def _join(shown: str, key: str) -> str:
    return f"{shown}.{key}" if shown else key


def _entry(shown: str, entry: Mapping[str, Any], index: int) -> str:
    entry_id = entry.get("id")
    if isinstance(entry_id, str):
        return f'{shown}[id="{entry_id}"]'
    return f"{shown}[{index}]"


def _entries(data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    value = data.get(name)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, dict)]


# -- building the model ------------------------------------------------------------------


def _text(value: object, default: str = "") -> str:
    """An author's text as every screen and export shows it: made harmless, and re-flowed
    (a single line break is a space, a blank line a new paragraph: `prose.flow`)."""
    return flow(neutralise(value)) if isinstance(value, str) else default


def _build(data: Mapping[str, Any], path: Path, digest: str) -> DecisionAid:
    return build_format_2(data, _build_format_1(data, path, digest), _text)


def _build_format_1(data: Mapping[str, Any], path: Path, digest: str) -> DecisionAid:
    return DecisionAid(
        format=data["format"],
        id=data["id"],
        title=_text(data["title"]),
        question=_text(data["question"]),
        summary=_text(data["summary"]),
        audience=_text(data["audience"]),
        version=_text(data["version"]),
        status=data["status"],
        last_reviewed=data["last_reviewed"],
        review_by=data.get("review_by"),
        language=_text(data.get("language"), "en"),
        funding=_text(data.get("funding")),
        update_policy=_text(data.get("update_policy")),
        tags=tuple(_text(t) for t in data.get("tags", ())),
        authors=tuple(
            Author(_text(a["name"]), _text(a.get("role")), a.get("conflicts_of_interest"))
            for a in data["authors"]
        ),
        sources=tuple(
            Source(s["id"], _text(s["citation"]), _text(s.get("url")), s.get("year"))
            for s in data["sources"]
        ),
        options=tuple(
            Option(
                o["id"],
                _text(o["label"]),
                _text(o["summary"]),
                o.get("kind", "active"),
                _text(o.get("details")),
            )
            for o in data["options"]
        ),
        questions=tuple(
            Question(q["id"], _text(q["text"]), {k: _text(v) for k, v in q["answers"].items()})
            for q in data.get("questions", ())
        ),
        outcomes=tuple(
            Outcome(
                id=o["id"],
                label=_text(o["label"]),
                type=o["type"],
                per=o["per"],
                timeframe=_text(o["timeframe"]),
                source=o["source"],
                chance=dict(o.get("chance", {})),
                certainty=o.get("certainty", ""),
            )
            for o in data.get("outcomes", ())
        ),
        values=tuple(
            ValueStatement(
                v["id"], _text(v["statement"]), dict(v.get("favours", {})), _text(v.get("detail"))
            )
            for v in data.get("values", ())
        ),
        checks=tuple(
            KnowledgeCheck(
                _text(c["question"]),
                tuple(_text(x) for x in c["choices"]),
                c["answer"],
                _text(c.get("explanation")),
            )
            for c in data.get("checks", ())
        ),
        lint_ignores=tuple(
            LintIgnore(i["rule"], _text(i["reason"]))
            for i in data.get("lint", {}).get("ignore", ())
        ),
        translation_of=_translation_of(data.get("translation_of")),
        path=path,
        sha256=digest,
    )


def _translation_of(value: object) -> TranslationOf | None:
    if not isinstance(value, dict):
        return None
    return TranslationOf(_text(value["language"]), _text(value["version"]))


# -- entry point -------------------------------------------------------------------------


def check_document(
    data: Mapping[str, Any],
    fields: Iterable[Field],
    path: Path,
    source: SourceMap,
    codes: Mapping[str, str] | None = None,
) -> list[Problem]:
    """The structural problems of a parsed file against its `Field` declarations.

    Unknown and missing keys, types, choices, patterns, ranges and bidi controls; the
    problems come in the order found (sort by line to report them).
    """
    checker = _FileChecker(path, source, codes)
    checker.check_table(data, fields, (), "")
    return checker.problems


def _file_problem(
    path: Path,
    message: str,
    fix: str,
    name: str,
    line: int | None = None,
    column: int | None = None,
    source_line: str = "",
    codes: Mapping[str, str] | None = None,
) -> AidLoadError:
    code = "SDM001" if name == "toml-syntax" else "SDM013"
    problem = Problem(
        path,
        line,
        column,
        "",
        message,
        fix,
        (codes or {}).get(code, code),
        name,
        source_line=source_line,
    )
    return AidLoadError(path, [problem])


def parse_toml(
    raw: bytes,
    path: Path,
    *,
    what: str = "decision aid",
    codes: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], SourceMap]:
    """Decode and parse a TOML file's bytes; raises `AidLoadError` (size, UTF-8, syntax, depth).

    `what` names the kind of file in the messages; `codes` maps SDM001/SDM013 to the
    format's own codes.
    """
    import tomli

    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(path, len(raw), what, codes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line_end = raw.find(b"\n", error.start)
        # Columns count characters, as an editor shows them, not bytes.
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        shown = raw[line_start : line_end if line_end >= 0 else len(raw)]
        raise _file_problem(
            path,
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)",
            "save the file as UTF-8 in your editor",
            "not-utf8",
            line,
            column,
            shown.decode("utf-8", "replace").rstrip("\r"),
            codes,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    source = SourceMap(text)
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        error_line: int | None = getattr(error, "lineno", None)
        error_column: int | None = getattr(error, "colno", None)
        message = getattr(error, "msg", str(error))
        raise _file_problem(
            path,
            f"not valid TOML: {message}",
            "correct the syntax at this place (quotes, brackets, `key = value`)",
            "toml-syntax",
            error_line,
            error_column,
            source.line_text(error_line),
            codes,
        ) from None
    except RecursionError:
        raise _file_problem(
            path,
            "arrays or tables are nested too deeply to read",
            f"a {what} needs at most three levels of nesting",
            "too-deep",
            codes=codes,
        ) from None
    return data, source


def _too_large(path: Path, size: int, what: str, codes: Mapping[str, str] | None) -> AidLoadError:
    return _file_problem(
        path,
        f"file is {size // 1024} KiB; {what}s are limited to 1 MiB",
        f"split the file, or check that it is really a {what}",
        "file-too-large",
        codes=codes,
    )


def parse_aid(raw: bytes, path: Path) -> DecisionAid:
    """Validate and build an aid from the bytes of a file; raises `AidLoadError`."""
    data, source = parse_toml(raw, path)
    checker = _FileChecker(path, source)
    checker.check_table(data, schema.AID, (), "")
    if not any(problem.name == "too-many" for problem in checker.problems):
        checker.check_meaning(data)  # per option and outcome: not for thousands of them
    if checker.problems:
        checker.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise AidLoadError(path, checker.problems)
    return _build(data, path, hashlib.sha256(raw).hexdigest())


def load_document(
    path: Path,
    parse: Callable[[bytes, Path], T],
    *,
    what: str = "decision aid",
    guide: str = "docs/authoring.md",
    codes: Mapping[str, str] | None = None,
) -> T:
    """Read a file and `parse` its bytes; nothing but `AidLoadError` leaves.

    A file over 1 MiB is refused before it is read; an unreadable file and any unexpected
    error of `parse` (a bug) become one problem that names the file (and `guide`).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_large(path, size, what, codes)
        return parse(read_regular_file(path), path)
    except AidLoadError:
        raise
    except OSError as error:
        raise _file_problem(
            path,
            f"cannot be read: {error.strerror or error}",
            "check the path and its permissions",
            "unreadable",
            codes=codes,
        ) from None
    except Exception as error:  # a bug of ours must not take the library down
        raise _file_problem(
            path,
            f"could not be loaded ({type(error).__name__}); please report this",
            f"check the file against {guide}",
            "internal-error",
            codes=codes,
        ) from None


def load_aid(path: Path) -> DecisionAid:
    """Load one aid file strictly; raises `AidLoadError` listing every problem."""
    return load_document(path, parse_aid)
