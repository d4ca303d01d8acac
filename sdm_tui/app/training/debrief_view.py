"""The debrief's sections as Content, from the typed debrief (`sdm_tui.rehearsal.debrief_model`).

Every string from the data (scenario, aid and observer text) goes through `plain`; only
our own words are written as Content.
"""

from __future__ import annotations

from textual.content import Content

from sdm_tui.app.plain import plain
from sdm_tui.export.timefmt import from_iso
from sdm_tui.i18n import N_, _
from sdm_tui.rehearsal.debrief_markdown import (
    EVENT_LABELS,
    bars,
    event_detail,
    option5_total,
    option_words,
    ours,
)
from sdm_tui.rehearsal.debrief_model import Debrief

DRAWN_OUT_MARKS = {"yes": N_("✓ yes"), "no": N_("✗ no"), "not asked": N_("– not asked")}


def _s(value: object, empty: str = "—") -> str:
    return empty if value is None or value == "" else str(value)


def bold(text: str) -> Content:
    return Content(text).stylize("bold")


def header(debrief: Debrief) -> Content:
    scenario, aid, persona = debrief.scenario, debrief.aid, debrief.scenario.persona
    return Content("\n").join(
        [
            Content.assemble(bold(_("Scenario: ")), plain(_s(scenario.title))),
            Content.assemble(
                bold(_("Patient: ")),
                plain(
                    _("{name}, {age} (fictional)").format(
                        name=_s(persona.name), age=_s(persona.age)
                    )
                ),
                bold(_("  ·  Aid: ")),
                plain(_s(aid.title)),
            ),
            bold(_("Learning objectives:")),
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
    talks = [(ours(t.label) or "", t.seconds) for t in debrief.times.talks]
    stages = [(ours(s.label) or "", s.seconds) for s in debrief.times.stages]
    lines = [_("By talk:"), *bars(talks), "", _("By stage:"), *bars(stages)]
    return plain("\n".join(lines))


def option5(debrief: Debrief) -> Content:
    data = debrief.option5
    lines: list[Content] = []
    for each in data.items:
        score = each.score
        label = _s(ours(each.label), "")
        shown = _("not scored") if score is None else f"{score} {label}"
        title = _s(ours(each.title))
        line = plain(" ".join((f"{_s(each.number)}.", f"{title:<26}", shown)))
        if each.note:
            note = _("Note: {note}").format(note=each.note)
            line = Content.assemble(line, "\n   ", plain(note).stylize("dim"))
        lines.append(line)
    lines.append(Content.assemble(bold(_("Total: ")), plain(option5_total(data))))
    return Content("\n").join(lines)


def values(debrief: Debrief) -> Content:
    rows = debrief.values
    if not rows:
        return Content(_("The aid has no values to rate."))
    lines: list[Content] = []
    for row in rows:
        recorded, hidden = row.recorded, row.hidden
        mark = DRAWN_OUT_MARKS.get(row.drawn_out)
        lines.append(
            Content.assemble(
                plain(_s(row.statement)).stylize("bold"),
                "\n   ",
                plain(
                    _("recorded: {recorded} · hidden: {hidden} · drawn out: {mark}").format(
                        recorded=_("not recorded") if recorded is None else recorded,
                        hidden="—" if hidden is None else hidden,
                        mark=_(mark) if mark else _s(ours(row.drawn_out)),
                    )
                ),
            )
        )
    summary = debrief.values_summary
    lines.append(
        plain(
            _(
                "Drawn out: {yes} of {count}; recorded differently: {no}; not asked: {not_asked}."
            ).format(yes=summary.yes, count=len(rows), no=summary.no, not_asked=summary.not_asked)
        )
    )
    return Content("\n").join(lines)


def choice(debrief: Debrief) -> Content:
    leaning = debrief.leaning
    status = leaning.decision_status
    if status == "chosen":
        chosen = _s(option_words(leaning.choice, leaning.choice_label))
    elif status == "not_yet":
        chosen = _("not yet ({reason})").format(reason=_s(ours(leaning.not_yet_reason_label)))
    else:
        chosen = _("none recorded")
    matches = leaning.choice_matches
    mark = "✓" if matches is True else "✗" if matches is False else "–"
    hidden_leaning = option_words(leaning.hidden, leaning.hidden_label)
    recorded_leaning = option_words(leaning.recorded, leaning.recorded_label)
    lines = [
        Content.assemble(bold(_("Hidden leaning: ")), plain(_s(hidden_leaning))),
        Content.assemble(bold(_("Leaning recorded: ")), plain(_s(recorded_leaning, _("none")))),
        Content.assemble(bold(_("Choice: ")), plain(chosen)),
        plain(f"{mark} {_s(ours(leaning.verdict))}"),
    ]
    role = debrief.preferred_role
    if role.hidden:
        lines.append(
            Content.assemble(
                bold(_("Role in deciding wanted: ")),
                plain(
                    _("{wanted}; recorded: {recorded}").format(
                        wanted=_s(ours(role.hidden_label)),
                        recorded=_s(ours(role.recorded_label), _("not asked")),
                    )
                ),
            )
        )
    confirmations = debrief.confirmations
    for who, at in (
        (_("Confirmed by the patient: "), confirmations.patient),
        (_("Confirmed by the clinician: "), confirmations.clinician),
    ):
        confirmed = _("✓ at {time} UTC").format(time=clock(at)) if at else _("✗ no")
        lines.append(Content.assemble(bold(who), plain(confirmed)))
    if debrief.concerns:
        lines.append(bold(_("Hidden concerns:")))
        for concern in debrief.concerns:
            drawn = _("✓ drawn out") if concern.revealed else _("✗ not drawn out")
            lines.append(
                plain(_("  {mark}: {concern}").format(mark=drawn, concern=_s(concern.text)))
            )
    return Content("\n").join(lines)


def sure(debrief: Debrief) -> Content:
    data = debrief.sure
    if data.score is None:
        return plain(
            _("Not complete: {answered} of 4 questions answered.").format(answered=data.answered)
        )
    if data.flag:
        return plain(
            _("⚠ Score {score} of 4: screens positive for decisional conflict.").format(
                score=data.score
            )
        )
    return plain(_("✓ Score {score} of 4: no decisional conflict found.").format(score=data.score))


def events(debrief: Debrief) -> Content:
    """The event log, one line each: time (UTC), what, detail (ids, never typed text)."""
    if not debrief.events:
        return Content(_("Nothing was logged."))
    lines = []
    for event in debrief.events:
        detail = event_detail(event.kind, event.detail)
        known = EVENT_LABELS.get(event.kind)
        label = _(known) if known else event.kind
        lines.append(plain(f"{clock(event.at)}  {label:<26} {detail}".rstrip()))
    return Content("\n").join(lines)


SECTIONS = (
    (N_("Time in each stage"), times),
    (N_("Observer OPTION-5"), option5),
    (N_("What matters: recorded and hidden ratings"), values),
    (N_("The choice and the hidden leaning"), choice),
    (N_("SURE test"), sure),
    (N_("Event log (UTC)"), events),
)
"""Each section's heading (shown translated) and what renders it."""
