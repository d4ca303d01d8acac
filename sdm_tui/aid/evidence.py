"""Personalised evidence (aid format 2): an outcome's counts for this patient's inputs.

Pure: an aid and the inputs' values in, outcomes with their counts (and ranges) out. Every
screen, export and `sdm-tui facts` shows what `personalise` returns, so they all agree.

Two ways to compute an outcome (`Method.kind`):
- "relative": a baseline count (from an input, or fixed) is the count of the baseline
  option; every other option's count is baseline x its `rr`, and its range is baseline x
  `rr_low` to baseline x `rr_high`.
- "strata": the row of `strata` that the input's value falls in gives each option's count
  (and range, where the row has `low` and `high`).

The rounding rule, applied here and nowhere else
-------------------------------------------------
A computed count is a number of whole people: it is rounded half up (2.5 -> 3) at the
denominator shown, and so are the two ends of its range. When two options' counts differ
before rounding but round to the same whole number at the author's `per` (100), the
outcome is shown out of 1000 instead, so that the difference does not vanish (the lint,
SDM123, says so). A range whose ends round to the count itself is not shown. A computed
count above `per` (a relative effect over 1 on a high baseline) is never shown: the
option's count is "not known" and the lint reports it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sdm_tui.aid.model import DecisionAid, Input, Method, Outcome, Stratum
from sdm_tui.i18n import _

Value = float | str
"""An input's value: a number, or a choice's value id."""
FINER_PER = 1000
"""The denominator a difference that rounds to nothing at 100 is shown at."""


class InputError(ValueError):
    """A value that an input does not accept; the message says what would be right."""


def round_people(count: float) -> int:
    """The rounding rule: half up, to whole people (see the module's docstring)."""
    return math.floor(count + 0.5)


def format_value(value: Value) -> str:
    """A number as typed, without a needless ".0": 14.0 is "14", 7.5 is "7.5"."""
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _on_step(value: float, item: Input) -> bool:
    step = item.step or 1
    start = item.minimum if item.minimum is not None else 0
    steps = (value - start) / step
    return abs(steps - round(steps)) < 1e-6


def _nearest_step(value: float, item: Input) -> float:
    """The value on `item`'s steps nearest to `value`, within its range: what to suggest
    (8.25 with a step of 0.1 is 8.2 or 8.3, not 8; 12 with a step of 5 is 10, not 12)."""
    step = item.step or 1
    start = item.minimum if item.minimum is not None else 0
    nearest = start + round((value - start) / step) * step
    if item.maximum is not None and nearest > item.maximum:
        nearest -= step
    return round(nearest, 6)


def _bounds(item: Input) -> str:
    unit = f" {item.unit}" if item.unit else ""
    return _("from {minimum} to {maximum}{unit}").format(
        minimum=format_value(item.minimum or 0), maximum=format_value(item.maximum or 0), unit=unit
    )


def parse_value(item: Input, raw: object) -> Value:
    """`raw` (text typed, or a number) as a value `item` accepts; InputError if it does not."""
    if item.kind == "choice":
        text = str(raw).strip()
        if text in item.choices:
            return text
        for value, label in item.choices.items():
            if text.casefold() == label.casefold():
                return value
        known = ", ".join(item.choices)
        raise InputError(
            _("{input}: “{text}” is not one of the choices ({choices})").format(
                input=item.label, text=text, choices=known
            )
        )
    if isinstance(raw, bool):
        raise InputError(_("{input}: expected a number, not true/false").format(input=item.label))
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        text = str(raw).strip()
        try:
            number = float(text)
        except ValueError:
            raise InputError(
                _("{input}: “{text}” is not a number").format(input=item.label, text=text)
            ) from None
    if not math.isfinite(number):
        raise InputError(
            _("{input}: expected a number, not {value}").format(
                input=item.label, value=format_value(number)
            )
        )
    low, high = item.minimum, item.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise InputError(
            _("{input}: {value} is out of range ({bounds})").format(
                input=item.label, value=format_value(number), bounds=_bounds(item)
            )
        )
    if not _on_step(number, item):
        nearest = format_value(_nearest_step(number, item))
        raise InputError(
            _("{input}: {value} is not a step of {step} (round it, e.g. {nearest})").format(
                input=item.label,
                value=format_value(number),
                step=format_value(item.step or 1),
                nearest=nearest,
            )
        )
    return number


def value_phrase(item: Input, value: Value) -> str:
    """ "14 in 100", or a choice's label."""
    if item.kind == "choice":
        return item.choices.get(str(value), str(value))
    return f"{format_value(value)} {item.unit}".strip()


def default_values(aid: DecisionAid) -> dict[str, Value]:
    """The inputs that have a default, at it: what is shown before anything is entered."""
    return {item.id: item.default for item in aid.inputs if item.default is not None}


def example_values(aid: DecisionAid) -> dict[str, Value]:
    """A value for every input (its default, else the middle of its range, else its first
    choice): what the lint computes the outcomes at."""
    values: dict[str, Value] = {}
    for item in aid.inputs:
        if item.default is not None:
            values[item.id] = item.default
        elif item.kind == "choice":
            values[item.id] = next(iter(item.choices), "")
        else:
            low = item.minimum if item.minimum is not None else 0
            high = item.maximum if item.maximum is not None else low
            step = item.step or 1
            values[item.id] = low + round((high - low) / 2 / step) * step
    return values


# -- computing one outcome ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Raw:
    """An outcome's counts before rounding, at the author's `per`."""

    chance: dict[str, float]
    low: dict[str, float]
    high: dict[str, float]


def baseline_count(aid: DecisionAid, outcome: Outcome, values: Mapping[str, Value]) -> float | None:
    """The baseline option's count out of the outcome's `per`, or None (input not entered)."""
    method = outcome.method
    if method is None or method.baseline is None:
        return None
    base = method.baseline
    if base.input:
        item = aid.input(base.input)
        value = values.get(base.input)
        if item is None or item.per is None or not isinstance(value, (int, float)):
            return None
        return float(value) * outcome.per / item.per
    if base.count is None:
        return None
    return base.count * outcome.per / (base.per or outcome.per)


def stratum_for(aid: DecisionAid, method: Method, value: Value | None) -> Stratum | None:
    """The row of `method.strata` that `value` falls in: [from, to), the last row's `to`
    included; or the row of a choice."""
    if value is None:
        return None
    item = aid.input(method.strata_by)
    for index, stratum in enumerate(method.strata):
        if isinstance(value, str):
            if stratum.value == value:
                return stratum
            continue
        low = stratum.low if stratum.low is not None else -math.inf
        high = stratum.high if stratum.high is not None else math.inf
        last = index == len(method.strata) - 1 or (item is not None and high == item.maximum)
        if low <= value < high or (last and value == high):
            return stratum
    return None


def raw_counts(aid: DecisionAid, outcome: Outcome, values: Mapping[str, Value]) -> Raw | None:
    """The unrounded counts for `values`; None when an input they need is not entered."""
    method = outcome.method
    if method is None:
        return Raw(dict(outcome.chance), dict(outcome.chance_low), dict(outcome.chance_high))
    if method.kind == "strata":
        stratum = stratum_for(aid, method, values.get(method.strata_by))
        if stratum is None:
            return None
        return Raw(dict(stratum.chance), dict(stratum.chance_low), dict(stratum.chance_high))
    base = baseline_count(aid, outcome, values)
    if base is None or method.baseline is None:
        return None
    chance = {method.baseline.option: base}
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    for option_id, rr in method.rr.items():
        chance[option_id] = base * rr
        if option_id in method.rr_low and option_id in method.rr_high:
            low[option_id] = base * method.rr_low[option_id]
            high[option_id] = base * method.rr_high[option_id]
    return Raw(chance, low, high)


def shown_per(outcome: Outcome, raw: Raw) -> int:
    """The author's `per`, or `FINER_PER` when a difference would round to nothing."""
    counts = list(raw.chance.values())
    if outcome.per >= FINER_PER or len(set(counts)) < 2:
        return outcome.per
    rounded = {round_people(count) for count in counts}
    return FINER_PER if len(rounded) < len(set(counts)) else outcome.per


def missing_inputs(
    aid: DecisionAid, outcome: Outcome, values: Mapping[str, Value]
) -> tuple[str, ...]:
    """The inputs `outcome` needs that have no value."""
    if outcome.method is None:
        return ()
    return tuple(input_id for input_id in outcome.method.inputs if input_id not in values)


def evaluate(aid: DecisionAid, outcome: Outcome, values: Mapping[str, Value]) -> Outcome:
    """The outcome with its counts for `values`: rounded, at the denominator shown, with
    ranges; or with no counts and `missing` naming the inputs still needed."""
    if outcome.method is None:
        return outcome
    raw = raw_counts(aid, outcome, values)
    if raw is None:
        missing = missing_inputs(aid, outcome, values) or outcome.method.inputs
        return replace(outcome, chance={}, chance_low={}, chance_high={}, missing=missing)
    per = shown_per(outcome, raw)
    scale = per / outcome.per
    chance: dict[str, float] = {}
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    for option in aid.options:
        count = raw.chance.get(option.id)
        if count is None or not 0 <= count * scale <= per:
            continue  # no evidence, or a computation that gives no possible count
        chance[option.id] = round_people(count * scale)
        if option.id in raw.low and option.id in raw.high:
            ends = sorted(
                (
                    round_people(raw.low[option.id] * scale),
                    round_people(raw.high[option.id] * scale),
                )
            )
            ends = [max(0, min(per, end)) for end in ends]
            if ends[0] != ends[1]:
                low[option.id], high[option.id] = ends
    return replace(
        outcome,
        per=per,
        chance=chance,
        chance_low=low,
        chance_high=high,
        missing=(),
        authored_per=outcome.per if per != outcome.per else 0,
    )


def personalise(aid: DecisionAid, values: Mapping[str, Value]) -> DecisionAid:
    """The aid with every outcome's counts for `values`: what every screen shows."""
    if not aid.is_personalised:
        return aid
    return replace(aid, outcomes=tuple(evaluate(aid, outcome, values) for outcome in aid.outcomes))


def missing_required(aid: DecisionAid, values: Mapping[str, Value]) -> tuple[Input, ...]:
    """The required inputs with no value yet: until they are entered, no numbers show."""
    return tuple(item for item in aid.inputs if item.required and item.id not in values)


def range_phrase(outcome: Outcome, option_id: str) -> str:
    """ "between 9 and 12", or empty when there is no range."""
    span = outcome.range_for(option_id)
    if span is None:
        return ""
    return _("between {low} and {high}").format(
        low=format_value(span[0]), high=format_value(span[1])
    )
