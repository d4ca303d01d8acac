"""The lint rules about computed outcomes (aid format 2): a difference that rounds to
nothing (SDM123), a count that can exceed `per` (SDM130).

Pure: an aid in, findings out as (rule id, key path, shown path, message).
"""

from __future__ import annotations

from collections.abc import Iterator

from sdm_tui.aid.evidence import (
    FINER_PER,
    Value,
    example_values,
    format_value,
    raw_counts,
    shown_per,
)
from sdm_tui.aid.locate import KeyPath
from sdm_tui.aid.model import DecisionAid, Outcome

Finding = tuple[str, KeyPath, str, str]


def _shown(outcome: Outcome) -> str:
    return f'outcomes[id="{outcome.id}"]'


def _edges(aid: DecisionAid, outcome: Outcome) -> list[dict[str, Value]]:
    """Inputs at the example values, and the baseline input at its min and max."""
    example = example_values(aid)
    found = [example]
    method = outcome.method
    if method is not None and method.baseline is not None and method.baseline.input:
        item = aid.input(method.baseline.input)
        if item is not None:
            for end in (item.minimum, item.maximum):
                if end is not None:
                    found.append({**example, item.id: end})
    return found


def evidence_findings(aid: DecisionAid) -> Iterator[Finding]:
    for index, outcome in enumerate(aid.outcomes):
        if outcome.method is None:
            continue
        example = example_values(aid)
        raw = raw_counts(aid, outcome, example)
        if raw is not None and shown_per(outcome, raw) != outcome.per:
            yield (
                "SDM123",
                ("outcomes", index, "per"),
                _shown(outcome) + ".per",
                f"for the example inputs the counts differ but round to the same number out "
                f"of {outcome.per}: they are shown out of {FINER_PER} instead (write "
                f"per = {FINER_PER})",
            )
        for values in _edges(aid, outcome):
            raw = raw_counts(aid, outcome, values)
            if raw is None:
                continue
            highest = max([*raw.chance.values(), *raw.high.values()], default=0.0)
            if highest > outcome.per:
                shown_values = ", ".join(f"{k} = {format_value(v)}" for k, v in values.items())
                yield (
                    "SDM130",
                    ("outcomes", index, "rr"),
                    _shown(outcome) + ".rr",
                    f"at {shown_values or 'the fixed baseline'} a count would be "
                    f"{format_value(round(highest, 1))} out of {outcome.per}",
                )
                break
