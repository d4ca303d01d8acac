"""The debrief's sections as Content, from the debrief data (`sdm_tui.rehearsal.debrief`).

Every string from the data (scenario, aid and observer text) goes through `plain`; only
our own words are written as Content.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.content import Content

from sdm_tui.app.plain import plain
from sdm_tui.rehearsal.debrief_markdown import bars

Data = Mapping[str, Any]

DRAWN_OUT_MARKS = {"yes": "✓ yes", "no": "✗ no", "not asked": "– not asked"}


def _m(value: object) -> Data:
    return value if isinstance(value, Mapping) else {}


def _items(value: object) -> list[Data]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _s(value: object, empty: str = "—") -> str:
    return empty if value is None or value == "" else str(value)


def bold(text: str) -> Content:
    return Content(text).stylize("bold")


def header(debrief: Data) -> Content:
    scenario, aid = _m(debrief.get("scenario")), _m(debrief.get("aid"))
    persona = _m(scenario.get("persona"))
    return Content("\n").join(
        [
            Content.assemble(bold("Scenario: "), plain(_s(scenario.get("title")))),
            Content.assemble(
                bold("Patient: "),
                plain(f"{_s(persona.get('name'))}, {_s(persona.get('age'))} (fictional)"),
                bold("  ·  Aid: "),
                plain(_s(aid.get("title"))),
            ),
        ]
    )


def times(debrief: Data) -> Content:
    data = _m(debrief.get("times"))
    talks = [(str(t.get("label", "")), t.get("seconds") or 0) for t in _items(data.get("talks"))]
    stages = [(str(s.get("label", "")), s.get("seconds") or 0) for s in _items(data.get("stages"))]
    lines = ["By talk:", *bars(talks), "", "By stage:", *bars(stages)]
    return plain("\n".join(lines))


def option5(debrief: Data) -> Content:
    data = _m(debrief.get("option5"))
    lines: list[Content] = []
    for each in _items(data.get("items")):
        score = each.get("score")
        shown = "not scored" if score is None else f"{score} {_s(each.get('label'), '')}"
        line = plain(f"{_s(each.get('number'))}. {_s(each.get('title')):<26} {shown}")
        note = each.get("note")
        if note:
            line = Content.assemble(line, "\n   ", plain(f"Note: {note}").stylize("dim"))
        lines.append(line)
    lines.append(Content.assemble(bold("Total: "), plain(_s(data.get("total_text")))))
    return Content("\n").join(lines)


def values(debrief: Data) -> Content:
    rows = _items(debrief.get("values"))
    if not rows:
        return Content("The aid has no values to rate.")
    lines: list[Content] = []
    for row in rows:
        recorded = row.get("recorded")
        hidden = row.get("hidden")
        mark = DRAWN_OUT_MARKS.get(str(row.get("drawn_out")), _s(row.get("drawn_out")))
        lines.append(
            Content.assemble(
                plain(_s(row.get("statement"))).stylize("bold"),
                "\n   ",
                plain(
                    f"recorded: {'not recorded' if recorded is None else recorded} · "
                    f"hidden: {'—' if hidden is None else hidden} · drawn out: {mark}"
                ),
            )
        )
    summary = _m(debrief.get("values_summary"))
    lines.append(
        plain(
            f"Drawn out: {summary.get('yes', 0)} of {len(rows)}; recorded differently: "
            f"{summary.get('no', 0)}; not asked: {summary.get('not asked', 0)}."
        )
    )
    return Content("\n").join(lines)


def choice(debrief: Data) -> Content:
    leaning = _m(debrief.get("leaning"))
    status = leaning.get("decision_status")
    if status == "chosen":
        chosen = _s(leaning.get("choice_label"))
    elif status == "not_yet":
        chosen = f"not yet ({_s(leaning.get('not_yet_reason_label'))})"
    else:
        chosen = "none recorded"
    matches = leaning.get("choice_matches")
    mark = "✓" if matches is True else "✗" if matches is False else "–"
    lines = [
        Content.assemble(bold("Hidden leaning: "), plain(_s(leaning.get("hidden_label")))),
        Content.assemble(
            bold("Leaning recorded: "), plain(_s(leaning.get("recorded_label"), "none"))
        ),
        Content.assemble(bold("Choice: "), plain(chosen)),
        plain(f"{mark} {_s(leaning.get('verdict'))}"),
    ]
    concerns = _items(debrief.get("concerns"))
    if concerns:
        lines.append(bold("Hidden concerns:"))
        for concern in concerns:
            drawn = "✓ drawn out" if concern.get("revealed") else "✗ not drawn out"
            lines.append(plain(f"  {drawn}: {_s(concern.get('text'))}"))
    return Content("\n").join(lines)


def sure(debrief: Data) -> Content:
    data = _m(debrief.get("sure"))
    score = data.get("score")
    if score is None:
        return plain(f"Not complete: {data.get('answered', 0)} of 4 questions answered.")
    if data.get("flag"):
        return plain(f"⚠ Score {score} of 4: screens positive for decisional conflict.")
    return plain(f"✓ Score {score} of 4: no decisional conflict found.")


SECTIONS = (
    ("Time in each stage", times),
    ("Observer OPTION-5", option5),
    ("What matters: recorded and hidden ratings", values),
    ("The choice and the hidden leaning", choice),
    ("SURE test", sure),
)
