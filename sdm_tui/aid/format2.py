"""Aid format 2, checked and built: inputs, computed outcomes, strata, practical issues.

The keys are declared in `schema.py` (their types are checked with format 1's); this module
checks what needs the whole file (an input an outcome names, strata without gaps, an `rr`
above 0, a baseline within `per`), each problem at its file:line:col, and builds the model's
format-2 parts. Format 1 files use none of these keys (an error says so if they do).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Protocol, TypeGuard

from sdm_tui.aid import schema
from sdm_tui.aid.locate import KeyPath
from sdm_tui.aid.model import (
    Baseline,
    DecisionAid,
    Input,
    Method,
    Outcome,
    PracticalIssue,
    Question,
    Stratum,
)
from sdm_tui.i18n import SOURCE_LANGUAGE, _, in_language
from sdm_tui.i18n.negotiate import supported


class Reporter(Protocol):
    """The loader's checker: one problem at a key path."""

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
    ) -> None: ...


BAD = ("SDM014", "bad-value")


def _number(value: object) -> TypeGuard[int | float]:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _entries(data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    value = data.get(name)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _shown(name: str, entry: Mapping[str, Any], index: int) -> str:
    entry_id = entry.get("id")
    return f'{name}[id="{entry_id}"]' if isinstance(entry_id, str) else f"{name}[{index}]"


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def check_format_2(
    r: Reporter, data: Mapping[str, Any], option_ids: list[str], source_ids: set[Any]
) -> None:
    """Every meaning problem of the format-2 keys (none for a format 1 file that has none)."""
    if data.get("format") == 1:
        _format_1_uses_2(r, data)
        return
    if data.get("format") != 2:
        return
    inputs = {str(i["id"]): i for i in _entries(data, "inputs") if isinstance(i.get("id"), str)}
    for index, item in enumerate(_entries(data, "inputs")):
        _check_input(r, item, index)
    for index, outcome in enumerate(_entries(data, "outcomes")):
        _check_outcome(r, outcome, index, inputs, option_ids, source_ids)
    for index, issue in enumerate(_entries(data, "practical")):
        answers = issue.get("answers")
        if isinstance(answers, dict):
            shown = f"practical[{index}].answers"
            for key in answers:
                if key not in option_ids:
                    r.report(
                        ("practical", index, "answers", key),
                        f"{shown}.{key}",
                        f"`{key}` names no option",
                        f"use an option id: {', '.join(option_ids)}",
                        "SDM007",
                        "unknown-option",
                        at_value=False,
                    )
            for option_id in option_ids:
                if option_id not in answers:
                    r.report(
                        ("practical", index, "answers"),
                        f"{shown}.{option_id}",
                        f"option `{option_id}` is not answered",
                        f'add answers.{option_id} = "..." (every option must be answered)',
                        "SDM007",
                        "unanswered-option",
                    )


def _format_1_uses_2(r: Reporter, data: Mapping[str, Any]) -> None:
    for key in schema.FORMAT_2_KEYS:
        if key in data:
            r.report(
                (key,),
                key,
                f"`{key}` is a format 2 key, and this file says format = 1",
                "write format = 2 at the top (format 1 files keep loading unchanged)",
                "SDM005",
                "format-2-key",
                at_value=False,
            )
    for index, outcome in enumerate(_entries(data, "outcomes")):
        for key in schema.FORMAT_2_OUTCOME_KEYS:
            if key in outcome:
                r.report(
                    ("outcomes", index, key),
                    f"{_shown('outcomes', outcome, index)}.{key}",
                    f"`{key}` is a format 2 key, and this file says format = 1",
                    "write format = 2 at the top (format 1 files keep loading unchanged)",
                    "SDM005",
                    "format-2-key",
                    at_value=False,
                )


def _check_input(r: Reporter, item: Mapping[str, Any], index: int) -> None:
    shown = _shown("inputs", item, index)
    path: KeyPath = ("inputs", index)
    kind = item.get("kind")
    low, high, step = item.get("min"), item.get("max"), item.get("step")
    default = item.get("default")
    if kind == "number":
        for key in ("min", "max"):
            if key not in item:
                r.report(
                    path,
                    f"{shown}.{key}",
                    f"a number input needs `{key}`",
                    f"add `{key} = ...`: the {'smallest' if key == 'min' else 'largest'} "
                    "value a clinician may enter",
                    "SDM002",
                    "missing-key",
                )
        if _number(low) and _number(high) and low >= high:
            r.report(
                (*path, "max"),
                f"{shown}.max",
                f"max ({_fmt(high)}) is not above min ({_fmt(low)})",
                "make max larger than min",
                *BAD,
            )
        if _number(step) and step <= 0:
            r.report((*path, "step"), f"{shown}.step", "step must be above 0", "use e.g. 1", *BAD)
        per = item.get("per")
        if isinstance(per, int) and _number(high) and high > per:
            r.report(
                (*path, "max"),
                f"{shown}.max",
                f"max ({_fmt(high)}) is over per ({per}): a risk of more than {per} in {per}",
                f"use a max of at most {per}",
                *BAD,
            )
        if "choices" in item:
            r.report(
                (*path, "choices"),
                f"{shown}.choices",
                "a number input has no `choices`",
                'remove `choices`, or use kind = "choice"',
                *BAD,
                at_value=False,
            )
        if default is not None:
            if not _number(default):
                r.report(
                    (*path, "default"),
                    f"{shown}.default",
                    "the default of a number input must be a number",
                    "write a number without quotes",
                    "SDM003",
                    "wrong-type",
                )
            elif _number(low) and _number(high) and not low <= default <= high:
                r.report(
                    (*path, "default"),
                    f"{shown}.default",
                    f"default {_fmt(default)} is outside min..max ({_fmt(low)} to {_fmt(high)})",
                    "use a default within the range, or none",
                    *BAD,
                )
    elif kind == "choice":
        choices = item.get("choices")
        if not isinstance(choices, dict) or len(choices) < 2:
            r.report(
                path,
                f"{shown}.choices",
                "a choice input needs at least two `choices`",
                'add choices.VALUE = "Label" lines, one per choice',
                "SDM002",
                "missing-key",
            )
        elif default is not None and default not in choices:
            r.report(
                (*path, "default"),
                f"{shown}.default",
                f"default {default!r} is not one of the choices",
                f"use one of {', '.join(choices)}",
                *BAD,
            )
        for key in ("min", "max", "step", "per", "unit"):
            if key in item:
                r.report(
                    (*path, key),
                    f"{shown}.{key}",
                    f"a choice input has no `{key}`",
                    f'remove `{key}`, or use kind = "number"',
                    *BAD,
                    at_value=False,
                )


def _check_outcome(
    r: Reporter,
    outcome: Mapping[str, Any],
    index: int,
    inputs: Mapping[str, Mapping[str, Any]],
    option_ids: list[str],
    source_ids: set[Any],
) -> None:
    shown = _shown("outcomes", outcome, index)
    path: KeyPath = ("outcomes", index)
    per = outcome.get("per")
    if isinstance(per, int) and not isinstance(per, bool) and per not in schema.FORMAT_2_PERS:
        r.report(
            (*path, "per"),
            f"{shown}.per",
            f"per = {per}: format 2 counts out of 100 or 1000",
            "use per = 100, or per = 1000 for small counts (convert the counts)",
            *BAD,
        )
    ways = [key for key in ("chance", "baseline", "strata") if key in outcome]
    if len(ways) != 1:
        r.report(
            path,
            shown,
            "needs exactly one way to count: `chance`, `baseline` with `rr`, or `strata` "
            f"(it has {', '.join(f'`{w}`' for w in ways) or 'none'})",
            "keep one: fixed counts (chance), baseline x relative effect (baseline, rr), or "
            "a table by an input (strata_by, strata)",
            "SDM002",
            "outcome-method",
        )
        return
    if ways == ["baseline"]:
        _check_relative(r, outcome, path, shown, inputs, option_ids, source_ids)
    elif ways == ["strata"]:
        _check_strata(r, outcome, path, shown, inputs, option_ids)
    else:
        for key in ("rr", "rr_low", "rr_high", "strata_by"):
            if key in outcome:
                r.report(
                    (*path, key),
                    f"{shown}.{key}",
                    f"`{key}` needs a `baseline` (or `strata`), not fixed counts",
                    "add a `baseline`, or remove this key",
                    *BAD,
                    at_value=False,
                )


def _option_keys(
    r: Reporter, table: Mapping[str, Any], path: KeyPath, shown: str, option_ids: list[str]
) -> None:
    for key in table:
        if key not in option_ids:
            r.report(
                (*path, key),
                f"{shown}.{key}",
                f"`{key}` names no option",
                f"use an option id: {', '.join(option_ids)}",
                "SDM007",
                "unknown-option",
                at_value=False,
            )


def _check_relative(
    r: Reporter,
    outcome: Mapping[str, Any],
    path: KeyPath,
    shown: str,
    inputs: Mapping[str, Mapping[str, Any]],
    option_ids: list[str],
    source_ids: set[Any],
) -> None:
    base = outcome.get("baseline")
    if not isinstance(base, dict):
        return
    bpath, bshown = (*path, "baseline"), f"{shown}.baseline"
    option = base.get("option")
    if isinstance(option, str) and option not in option_ids:
        r.report(
            (*bpath, "option"),
            f"{bshown}.option",
            f'"{option}" names no option',
            f"use an option id: {', '.join(option_ids)}",
            "SDM007",
            "unknown-option",
        )
    has_input, has_count = "input" in base, "count" in base
    if has_input == has_count:
        r.report(
            bpath,
            bshown,
            "a baseline is either `input` (the patient's risk) or `count` (fixed), not "
            + ("both" if has_input else "neither"),
            'write baseline.input = "INPUT_ID", or baseline.count = N with baseline.source',
            "SDM002",
            "baseline",
        )
    if has_input and isinstance(base.get("input"), str):
        name = base["input"]
        item = inputs.get(name)
        if item is None:
            known = ", ".join(str(i) for i in inputs) or "none yet"
            r.report(
                (*bpath, "input"),
                f"{bshown}.input",
                f'input "{name}" names no entry in [[inputs]]',
                f"use an input's id ({known}), or add an [[inputs]] entry",
                "SDM008",
                "unknown-input",
            )
        elif item.get("kind") != "number" or "per" not in item:
            r.report(
                (*bpath, "input"),
                f"{bshown}.input",
                f'input "{name}" is not a risk: a baseline input is a number with `per`',
                f'give input "{name}" kind = "number" and per = 100 (its value is N in 100)',
                *BAD,
            )
    if has_count:
        count, bper = base.get("count"), base.get("per", outcome.get("per"))
        if _number(count) and isinstance(bper, int) and count > bper:
            r.report(
                (*bpath, "count"),
                f"{bshown}.count",
                f"baseline {_fmt(count)} is over per ({bper})",
                f"a baseline is a number of people out of {bper}: use 0 to {bper}",
                "SDM009",
                "count-out-of-range",
            )
        source = base.get("source")
        if source is None:
            r.report(
                bpath,
                f"{bshown}.source",
                "a fixed baseline needs its `source`",
                'add baseline.source = "SOURCE_ID" (a source on every number)',
                "SDM002",
                "missing-key",
            )
        elif isinstance(source, str) and source not in source_ids:
            r.report(
                (*bpath, "source"),
                f"{bshown}.source",
                f'source "{source}" names no entry in [[sources]]',
                "use one of the sources' ids, or add a [[sources]] entry",
                "SDM008",
                "unknown-source",
            )
    rr = outcome.get("rr")
    if not isinstance(rr, dict) or not rr:
        r.report(
            path,
            f"{shown}.rr",
            "a baseline needs `rr`: the relative effect of each other option",
            "add rr.OPTION_ID = 0.8 (with rr_low and rr_high from the source's CI)",
            "SDM002",
            "missing-key",
        )
        return
    for key in ("rr", "rr_low", "rr_high"):
        table = outcome.get(key)
        if not isinstance(table, dict):
            continue
        _option_keys(r, table, (*path, key), f"{shown}.{key}", option_ids)
        for option_id, value in table.items():
            if _number(value) and value <= 0:
                r.report(
                    (*path, key, option_id),
                    f"{shown}.{key}.{option_id}",
                    f"{key} {_fmt(value)} is not above 0: a relative effect is a ratio of risks",
                    "use the risk ratio from the source, e.g. 0.79 (never 0 or less)",
                    *BAD,
                )
        if key != "rr":
            for option_id in table:
                if option_id not in rr:
                    r.report(
                        (*path, key, option_id),
                        f"{shown}.{key}.{option_id}",
                        f"{key}.{option_id} without rr.{option_id}",
                        f"add rr.{option_id}, or remove this",
                        *BAD,
                    )
    low, high = outcome.get("rr_low", {}), outcome.get("rr_high", {})
    if isinstance(low, dict) and isinstance(high, dict):
        for option_id, value in rr.items():
            lo, hi = low.get(option_id), high.get(option_id)
            if (lo is None) != (hi is None):
                r.report(
                    (*path, "rr_low" if lo is not None else "rr_high", option_id),
                    f"{shown}.rr_low/rr_high.{option_id}",
                    "a range needs both ends, rr_low and rr_high",
                    "add the other end of the confidence interval, or remove this one",
                    *BAD,
                )
            elif _number(lo) and _number(hi) and _number(value) and not lo <= value <= hi:
                r.report(
                    (*path, "rr", option_id),
                    f"{shown}.rr.{option_id}",
                    f"rr {_fmt(value)} is not within rr_low..rr_high ({_fmt(lo)} to {_fmt(hi)})",
                    "check the figures against the source: rr_low <= rr <= rr_high",
                    *BAD,
                )
    if isinstance(option, str) and option in rr:
        r.report(
            (*path, "rr", option),
            f"{shown}.rr.{option}",
            f'"{option}" is the baseline option: its count is the baseline itself',
            f"remove rr.{option}",
            *BAD,
        )


def _check_strata(
    r: Reporter,
    outcome: Mapping[str, Any],
    path: KeyPath,
    shown: str,
    inputs: Mapping[str, Mapping[str, Any]],
    option_ids: list[str],
) -> None:
    by = outcome.get("strata_by")
    item = inputs.get(by) if isinstance(by, str) else None
    if item is None:
        known = ", ".join(str(i) for i in inputs) or "none yet"
        r.report(
            (*path, "strata_by") if by is not None else path,
            f"{shown}.strata_by",
            f'strata_by "{by}" names no input' if by is not None else "strata need `strata_by`",
            f'write strata_by = "INPUT_ID" ({known})',
            "SDM008" if by is not None else "SDM002",
            "unknown-input" if by is not None else "missing-key",
        )
        return
    strata = _entries(outcome, "strata")
    per = outcome.get("per")
    for index, stratum in enumerate(strata):
        spath, sshown = (*path, "strata", index), f"{shown}.strata[{index}]"
        for key in ("chance", "low", "high"):
            table = stratum.get(key)
            if isinstance(table, dict):
                _option_keys(r, table, (*spath, key), f"{sshown}.{key}", option_ids)
                for option_id, count in table.items():
                    if _number(count) and isinstance(per, int) and not 0 <= count <= per:
                        r.report(
                            (*spath, key, option_id),
                            f"{sshown}.{key}.{option_id}",
                            f"{_fmt(count)} is outside 0..{per}",
                            f"a count is a number of people out of per = {per}",
                            "SDM009",
                            "count-out-of-range",
                        )
    if item.get("kind") == "choice":
        _choice_strata(r, strata, path, shown, item)
    else:
        _number_strata(r, strata, path, shown, item)


def _choice_strata(
    r: Reporter,
    strata: list[Mapping[str, Any]],
    path: KeyPath,
    shown: str,
    item: Mapping[str, Any],
) -> None:
    found = item.get("choices")
    choices: dict[str, Any] = found if isinstance(found, dict) else {}
    seen: set[str] = set()
    for index, stratum in enumerate(strata):
        value = stratum.get("value")
        spath = (*path, "strata", index)
        if not isinstance(value, str) or value not in choices:
            r.report(
                (*spath, "value") if "value" in stratum else spath,
                f"{shown}.strata[{index}].value",
                f"stratum value {value!r} is not one of the input's choices",
                f"write value = one of {', '.join(choices)}",
                *BAD,
            )
        elif value in seen:
            r.report(
                (*spath, "value"),
                f"{shown}.strata[{index}].value",
                f'two strata for "{value}": they overlap',
                "keep one row per choice",
                *BAD,
            )
        seen.add(str(value))
    for value in choices:
        if value not in seen:
            r.report(
                (*path, "strata_by"),
                f"{shown}.strata",
                f'no stratum for "{value}": a gap',
                f'add a [[outcomes.strata]] with value = "{value}"',
                *BAD,
            )


def _number_strata(
    r: Reporter,
    strata: list[Mapping[str, Any]],
    path: KeyPath,
    shown: str,
    item: Mapping[str, Any],
) -> None:
    rows: list[tuple[float, float, int]] = []
    for index, stratum in enumerate(strata):
        low, high = stratum.get("from"), stratum.get("to")
        spath = (*path, "strata", index)
        if not (_number(low) and _number(high)):
            r.report(
                spath,
                f"{shown}.strata[{index}]",
                "a stratum of a number input needs `from` and `to`",
                "add from = N and to = M (from included, to excluded)",
                "SDM002",
                "missing-key",
            )
            return
        if low >= high:
            r.report(
                (*spath, "to"),
                f"{shown}.strata[{index}].to",
                f"to ({_fmt(high)}) is not above from ({_fmt(low)})",
                "make `to` larger than `from`",
                *BAD,
            )
            return
        rows.append((float(low), float(high), index))
    rows.sort()
    for (_low, high, _row), (low, _high, index) in itertools.pairwise(rows):
        if low != high:
            what = "a gap" if low > high else "an overlap"
            r.report(
                (*path, "strata", index, "from"),
                f"{shown}.strata[{index}].from",
                f"{what} between strata: one ends at {_fmt(high)}, the next starts at {_fmt(low)}",
                f"start this stratum at {_fmt(high)} (from is included, to excluded)",
                *BAD,
            )
    low_in, high_in = item.get("min"), item.get("max")
    if rows and _number(low_in) and rows[0][0] > low_in:
        r.report(
            (*path, "strata", rows[0][2], "from"),
            f"{shown}.strata[{rows[0][2]}].from",
            f"a gap: values from {_fmt(low_in)} (the input's min) to {_fmt(rows[0][0])} have "
            "no stratum",
            f"start the first stratum at {_fmt(low_in)}",
            *BAD,
        )
    if rows and _number(high_in) and rows[-1][1] < high_in:
        r.report(
            (*path, "strata", rows[-1][2], "to"),
            f"{shown}.strata[{rows[-1][2]}].to",
            f"a gap: values from {_fmt(rows[-1][1])} to {_fmt(high_in)} (the input's max) "
            "have no stratum",
            f"end the last stratum at {_fmt(high_in)} (the input's max is included)",
            *BAD,
        )


# -- building ------------------------------------------------------------------------------


def _floats(table: Any) -> dict[str, float]:
    return {k: float(v) for k, v in table.items()} if isinstance(table, dict) else {}


def _method(o: Mapping[str, Any]) -> Method | None:
    if "baseline" in o:
        b = o["baseline"]
        baseline = Baseline(
            option=b["option"],
            input=b.get("input", ""),
            count=float(b["count"]) if "count" in b else None,
            per=b.get("per"),
            source=b.get("source", ""),
        )
        return Method(
            "relative",
            baseline=baseline,
            rr=_floats(o.get("rr")),
            rr_low=_floats(o.get("rr_low")),
            rr_high=_floats(o.get("rr_high")),
        )
    if "strata" in o:
        strata = tuple(
            Stratum(
                chance=_floats(s.get("chance")),
                low=float(s["from"]) if "from" in s else None,
                high=float(s["to"]) if "to" in s else None,
                value=s.get("value", ""),
                chance_low=_floats(s.get("low")),
                chance_high=_floats(s.get("high")),
            )
            for s in o["strata"]
        )
        return Method("strata", strata_by=o["strata_by"], strata=strata)
    return None


def _default(item: Mapping[str, Any]) -> float | str | None:
    value = item.get("default")
    if value is None or isinstance(value, str):
        return value
    return float(value)


def practical_heading(category: str, language: str) -> str:
    """A practical issue's grid row heading when the aid gives none: SHARE-IT's category
    name in the aid's language (the aid's other words are in it), English without a
    catalog for it."""
    with in_language(supported(language) or SOURCE_LANGUAGE):
        return _(schema.PRACTICAL_CATEGORIES[category])


def build_format_2(
    data: Mapping[str, Any], aid: DecisionAid, text: Callable[[object], str]
) -> DecisionAid:
    """`aid` (built from the format-1 keys) with its format-2 parts; as it is for format 1."""
    if data["format"] != 2:
        return aid
    raw_outcomes = {o["id"]: o for o in data.get("outcomes", ())}
    outcomes = tuple(
        replace(
            outcome,
            method=_method(raw_outcomes[outcome.id]),
            other_frame=text(raw_outcomes[outcome.id].get("other_frame")),
        )
        for outcome in aid.outcomes
    )
    inputs = tuple(
        Input(
            id=i["id"],
            label=text(i["label"]),
            kind=i["kind"],
            help=text(i.get("help")),
            unit=text(i.get("unit")),
            per=i.get("per"),
            minimum=float(i["min"]) if "min" in i else None,
            maximum=float(i["max"]) if "max" in i else None,
            step=float(i["step"]) if "step" in i else None,
            choices={k: text(v) for k, v in i.get("choices", {}).items()},
            default=_default(i),
            required=i.get("required", True),
        )
        for i in data.get("inputs", ())
    )
    practical = tuple(
        PracticalIssue(
            category=p["category"],
            answers={k: text(v) for k, v in p["answers"].items()},
            text=text(p.get("text")),
        )
        for p in data.get("practical", ())
    )
    rows = tuple(
        Question(
            id=f"practical-{issue.category}",
            text=issue.text or practical_heading(issue.category, aid.language),
            answers=issue.answers,
            category=issue.category,
        )
        for issue in practical
    )
    return replace(
        aid,
        outcomes=outcomes,
        inputs=inputs,
        practical=practical,
        questions=aid.questions + rows,
    )


def outcome_source_ids(outcome: Outcome) -> tuple[str, ...]:
    """Every source behind an outcome's numbers: its own, and a fixed baseline's."""
    ids = [outcome.source]
    method = outcome.method
    if method is not None and method.baseline is not None and method.baseline.source:
        ids.append(method.baseline.source)
    return tuple(ids)
