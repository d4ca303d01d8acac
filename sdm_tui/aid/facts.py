"""An aid's numbers for given inputs, as data: what `sdm-tui facts` prints.

Pure: the same `evidence.personalise` the screens use, so the two always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sdm_tui.aid.evidence import (
    InputError,
    Value,
    default_values,
    format_value,
    missing_required,
    parse_value,
    personalise,
    value_phrase,
)
from sdm_tui.aid.figures import format_count
from sdm_tui.aid.model import DecisionAid, Input


class FactsError(ValueError):
    """An `--input` that cannot be used: the message says why and what is allowed."""


def _plain(value: float | str | None) -> float | int | str | None:
    """A whole number as an int in JSON (14, not 14.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _input_facts(item: Input, value: Value | None) -> dict[str, Any]:
    facts: dict[str, Any] = {"id": item.id, "label": item.label, "kind": item.kind}
    if item.is_number:
        facts.update(
            unit=item.unit,
            min=_plain(item.minimum),
            max=_plain(item.maximum),
            step=_plain(item.step or 1.0),
            per=item.per,
        )
    else:
        facts["choices"] = dict(item.choices)
    facts.update(required=item.required, default=_plain(item.default), value=_plain(value))
    return facts


def parse_inputs(aid: DecisionAid, pairs: Iterable[str]) -> dict[str, Value]:
    """`ID=VALUE` texts as checked values (defaults for the rest); FactsError if one is bad."""
    values = default_values(aid)
    for pair in pairs:
        name, equals, raw = pair.partition("=")
        name = name.strip()
        if not equals:
            raise FactsError(f"--input {pair!r}: write ID=VALUE, e.g. --input risk=14")
        item = aid.input(name)
        if item is None:
            known = ", ".join(i.id for i in aid.inputs) or "this aid has no inputs"
            raise FactsError(f"--input {name!r}: no such input (inputs: {known})")
        try:
            values[name] = parse_value(item, raw)
        except InputError as error:
            raise FactsError(f"--input {name}: {error}") from None
    return values


def aid_facts(aid: DecisionAid, pairs: Iterable[str]) -> dict[str, Any]:
    """`{"aid", "inputs", "missing", "outcomes"}` for the inputs given as `ID=VALUE`."""
    values = parse_inputs(aid, pairs)
    shown = personalise(aid, values)
    outcomes = []
    for outcome in shown.outcomes:
        ranges = {
            option.id: {"low": span[0], "high": span[1]}
            for option in aid.options
            if (span := outcome.range_for(option.id)) is not None
        }
        outcomes.append(
            {
                "id": outcome.id,
                "label": outcome.label,
                "type": outcome.type,
                "per": outcome.per,
                "timeframe": outcome.timeframe,
                "certainty": outcome.certainty or None,
                "computed": outcome.is_computed,
                "chance": {
                    o.id: outcome.chance[o.id] for o in aid.options if o.id in outcome.chance
                },
                "range": ranges,
                "missing_inputs": list(outcome.missing),
            }
        )
    return {
        "aid": aid.id,
        "format": aid.format,
        "inputs": [_input_facts(item, values.get(item.id)) for item in aid.inputs],
        "missing": [item.id for item in missing_required(aid, values)],
        "outcomes": outcomes,
    }


def facts_text(facts: dict[str, Any]) -> str:
    """The facts for a person: the inputs used, then each outcome per option."""
    lines = [f"{facts['aid']} (format {facts['format']})"]
    if facts["inputs"]:
        lines.append("Inputs:")
        for item in facts["inputs"]:
            value = item["value"]
            shown = "not entered" if value is None else _value_text(item, value)
            lines.append(f"  {item['id']} = {shown}  ({item['label']})")
    if facts["missing"]:
        lines.append("Missing required inputs: " + ", ".join(facts["missing"]))
    for outcome in facts["outcomes"]:
        lines.append("")
        lines.append(f"{outcome['id']}: {outcome['label']} (out of {outcome['per']})")
        if outcome["missing_inputs"]:
            lines.append("  not shown until entered: " + ", ".join(outcome["missing_inputs"]))
            continue
        for option_id, count in outcome["chance"].items():
            span = outcome["range"].get(option_id)
            between = (
                f", between {format_count(span['low'])} and {format_count(span['high'])}"
                if span
                else ""
            )
            lines.append(f"  {option_id}: {format_count(count)} out of {outcome['per']}{between}")
        if outcome["certainty"]:
            lines.append(f"  certainty: {outcome['certainty']}")
    return "\n".join(lines)


def _value_text(item: dict[str, Any], value: Value) -> str:
    if item["kind"] == "choice":
        return f"{value} ({item['choices'].get(value, value)})"
    return f"{format_value(value)} {item.get('unit') or ''}".strip()


__all__ = ["FactsError", "aid_facts", "facts_text", "parse_inputs", "value_phrase"]
