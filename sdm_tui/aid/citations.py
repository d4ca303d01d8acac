"""Citation markers in an aid's free text: `[@id]` names a source, or an outcome (and so
that outcome's source). Pure: finding the markers, and numbering them for display.

A marker is `[@` + an id + `]`; several may follow each other, `[@ctt2012][@sattar2010]`.
Square brackets without `@` are plain text, shown as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sdm_tui.aid.model import DecisionAid

MARKER = re.compile(r"\[@([A-Za-z0-9_-]+)\]")


def markers(text: str) -> list[str]:
    """The ids the text's markers name, in order."""
    return MARKER.findall(text)


def cited_source_ids(aid: DecisionAid, text: str) -> Iterator[str]:
    """The source ids a text cites: directly, or through an outcome it names."""
    outcomes = {outcome.id: outcome for outcome in aid.outcomes}
    sources = {source.id for source in aid.sources}
    for name in markers(text):
        if name in sources:
            yield name
        elif name in outcomes:
            yield outcomes[name].source


def reference_numbers(aid: DecisionAid) -> dict[str, int]:
    """Each source's number in the list of references: the order of `[[sources]]`, from 1."""
    return {source.id: number for number, source in enumerate(aid.sources, 1)}


def number_markers(aid: DecisionAid, text: str) -> str:
    """The text with each marker shown as its reference number, `[@ctt2012]` as `[1]`."""
    numbers = reference_numbers(aid)
    outcomes = {outcome.id: outcome.source for outcome in aid.outcomes}

    def shown(match: re.Match[str]) -> str:
        name = match.group(1)
        number = numbers.get(name) or numbers.get(outcomes.get(name, ""))
        return f"[{number}]" if number else match.group(0)

    return MARKER.sub(shown, text)
