"""The debrief's sections as Content, from the typed debrief (`sdm_tui.rehearsal.debrief_model`).

Every string from the data (scenario, aid and observer text) goes through `plain`; only
our own words are written as Content.
"""

from __future__ import annotations

from textual.content import Content

from sdm_tui.app.plain import plain
from sdm_tui.export.timefmt import from_iso
from sdm_tui.rehearsal.debrief_markdown import EVENT_LABELS, bars
from sdm_tui.rehearsal.debrief_model import Debrief
from sdm_tui.rehearsal.event_log import stage_label

DRAWN_OUT_MARKS = {"yes": "✓ yes", "no": "✗ no", "not asked": "– not asked"}


def _s(value: object, empty: str = "—") -> str:
    return empty if value is None or value == "" else str(value)


def bold(text: str) -> Content:
    return Content(text).stylize("bold")


def header(debrief: Debrief) -> Content:
    scenario, aid, persona = debrief.scenario, debrief.aid, debrief.scenario.persona
    return Content("\n").join(
        [
            Content.assemble(bold("Scenario: "), plain(_s(scenario.title))),
            Content.assemble(
                bold("Patient: "),
                plain(f"{_s(persona.name)}, {_s(persona.age)} (fictional)"),
                bold("  ·  Aid: "),
                plain(_s(aid.title)),
            ),
            bold("Learning objectives:"),
            *(Content.assemble("• ", plain(_s(o))) for o in scenario.objectives),
        ]
    )


def clock(value: str | None) -> str:
    """A record time as 14:02:05 UTC; "?" if it is not a time."""
    if not value:
        return "?"
    try:
        return from_iso(value).strftime("%H:%M:%S")
    except (TypeError, ValueError):
        return "?"


def times(debrief: Debrief) -> Content:
    talks = [(t.label, t.seconds) for t in debrief.times.talks]
    stages = [(s.label, s.seconds) for s in debrief.times.stages]
    lines = ["By talk:", *bars(talks), "", "By stage:", *bars(stages)]
    return plain("\n".join(lines))


def option5(debrief: Debrief) -> Content:
    data = debrief.option5
    lines: list[Content] = []
    for each in data.items:
        score = each.score
        shown = "not scored" if score is None else f"{score} {_s(each.label, '')}"
        line = plain(f"{_s(each.number)}. {_s(each.title):<26} {shown}")
        if each.note:
            line = Content.assemble(line, "\n   ", plain(f"Note: {each.note}").stylize("dim"))
        lines.append(line)
    lines.append(Content.assemble(bold("Total: "), plain(_s(data.total_text))))
    return Content("\n").join(lines)


def values(debrief: Debrief) -> Content:
    rows = debrief.values
    if not rows:
        return Content("The aid has no values to rate.")
    lines: list[Content] = []
    for row in rows:
        recorded, hidden = row.recorded, row.hidden
        mark = DRAWN_OUT_MARKS.get(row.drawn_out, _s(row.drawn_out))
        lines.append(
            Content.assemble(
                plain(_s(row.statement)).stylize("bold"),
                "\n   ",
                plain(
                    f"recorded: {'not recorded' if recorded is None else recorded} · "
                    f"hidden: {'—' if hidden is None else hidden} · drawn out: {mark}"
                ),
            )
        )
    summary = debrief.values_summary
    lines.append(
        plain(
            f"Drawn out: {summary.yes} of {len(rows)}; recorded differently: "
            f"{summary.no}; not asked: {summary.not_asked}."
        )
    )
    return Content("\n").join(lines)


def choice(debrief: Debrief) -> Content:
    leaning = debrief.leaning
    status = leaning.decision_status
    if status == "chosen":
        chosen = _s(leaning.choice_label)
    elif status == "not_yet":
        chosen = f"not yet ({_s(leaning.not_yet_reason_label)})"
    else:
        chosen = "none recorded"
    matches = leaning.choice_matches
    mark = "✓" if matches is True else "✗" if matches is False else "–"
    lines = [
        Content.assemble(bold("Hidden leaning: "), plain(_s(leaning.hidden_label))),
        Content.assemble(bold("Leaning recorded: "), plain(_s(leaning.recorded_label, "none"))),
        Content.assemble(bold("Choice: "), plain(chosen)),
        plain(f"{mark} {_s(leaning.verdict)}"),
    ]
    role = debrief.preferred_role
    if role.hidden:
        lines.append(
            Content.assemble(
                bold("Role in deciding wanted: "),
                plain(f"{_s(role.hidden_label)}; recorded: {_s(role.recorded_label, 'not asked')}"),
            )
        )
    confirmations = debrief.confirmations
    for who, at in (("patient", confirmations.patient), ("clinician", confirmations.clinician)):
        confirmed = f"✓ at {clock(at)} UTC" if at else "✗ no"
        lines.append(Content.assemble(bold(f"Confirmed by the {who}: "), plain(confirmed)))
    if debrief.concerns:
        lines.append(bold("Hidden concerns:"))
        for concern in debrief.concerns:
            drawn = "✓ drawn out" if concern.revealed else "✗ not drawn out"
            lines.append(plain(f"  {drawn}: {_s(concern.text)}"))
    return Content("\n").join(lines)


def sure(debrief: Debrief) -> Content:
    data = debrief.sure
    if data.score is None:
        return plain(f"Not complete: {data.answered} of 4 questions answered.")
    if data.flag:
        return plain(f"⚠ Score {data.score} of 4: screens positive for decisional conflict.")
    return plain(f"✓ Score {data.score} of 4: no decisional conflict found.")


def events(debrief: Debrief) -> Content:
    """The event log, one line each: time (UTC), what, detail (ids, never typed text)."""
    if not debrief.events:
        return Content("Nothing was logged.")
    lines = []
    for event in debrief.events:
        detail = event.detail
        if event.kind in ("stage_entered", "stage_left"):
            detail = stage_label(detail)
        label = EVENT_LABELS.get(event.kind, event.kind)
        lines.append(plain(f"{clock(event.at)}  {label:<26} {detail}".rstrip()))
    return Content("\n").join(lines)


SECTIONS = (
    ("Time in each stage", times),
    ("Observer OPTION-5", option5),
    ("What matters: recorded and hidden ratings", values),
    ("The choice and the hidden leaning", choice),
    ("SURE test", sure),
    ("Event log (UTC)", events),
)
