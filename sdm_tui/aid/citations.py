"""Citation markers in an aid's free text: `[@id]` names a source, or an outcome (and so
that outcome's source). Pure: finding the markers, and numbering them for display.

A marker is `[@` + an id + `]`; several may follow each other, `[@ctt2012][@sattar2010]`.
Square brackets without `@` are plain text, shown as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

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


def marker_numbers(source_ids: Sequence[str], outcome_sources: Mapping[str, str]) -> dict[str, int]:
    """The number each marker id shows as: a source's place in `source_ids` (from 1), and an
    outcome's the number of its source (`outcome_sources`: outcome id to source id)."""
    numbers = {source_id: number for number, source_id in enumerate(source_ids, 1)}
    for outcome_id, source_id in outcome_sources.items():
        if outcome_id not in numbers and source_id in numbers:
            numbers[outcome_id] = numbers[source_id]
    return numbers


def numbered(text: str, numbers: Mapping[str, int]) -> str:
    """The text with each marker shown as its number, `[@ctt2012]` as `[1]`; a marker whose
    id has no number is left as written."""

    def shown(match: re.Match[str]) -> str:
        number = numbers.get(match.group(1))
        return f"[{number}]" if number else match.group(0)

    return MARKER.sub(shown, text)


def aid_marker_numbers(aid: DecisionAid) -> dict[str, int]:
    """The numbers the aid's markers show as (sources in `[[sources]]` order)."""
    return marker_numbers(
        [source.id for source in aid.sources],
        {outcome.id: outcome.source for outcome in aid.outcomes},
    )


def number_markers(aid: DecisionAid, text: str) -> str:
    """The text with each marker shown as its reference number, `[@ctt2012]` as `[1]`: what
    every screen shows of an author's free text."""
    return numbered(text, aid_marker_numbers(aid))


def reference_line(number: int, citation: str, year: int | None, url: str) -> str:
    """One entry of a numbered list of sources, as plain text: `[1] Citation (2012). URL`."""
    line = f"[{number}] {citation.strip()}"
    if year is not None and str(year) not in citation:
        line += f" ({year})"
    if url.strip():
        line += f" {url.strip()}"
    return line


def reference_lines(aid: DecisionAid) -> list[str]:
    """The aid's sources as a numbered list, in `[[sources]]` order."""
    return [
        reference_line(number, source.citation, source.year, source.url)
        for number, source in enumerate(aid.sources, 1)
    ]
