"""The debrief as Markdown, from the typed debrief alone (so a saved JSON re-renders).

Every string taken from the data (scenario text, statements, labels, notes, ids) is
escaped with `md_inline`: a scenario author, an aid author or an observer may have typed
HTML, links or table pipes. Only the program's own wording is written as is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sdm_tui.export.md_text import md_inline, md_table, md_time
from sdm_tui.export.timefmt import from_iso
from sdm_tui.rehearsal.debrief_model import (
    Concern,
    Debrief,
    Event,
    Option5,
    SureResult,
    Times,
    debrief_from_data,
)
from sdm_tui.rehearsal.event_log import stage_label
from sdm_tui.store.text import neutralise

BAR_WIDTH = 24
BAR = "█"

EVENT_LABELS = {
    "stage_entered": "Stage entered",
    "stage_left": "Stage left",
    "participants_changed": "Who is present changed",
    "preferred_role_set": "Role in deciding",
    "rating_changed": "Rating changed",
    "note_added": "Note added",
    "note_cleared": "Note cleared",
    "leaning_set": "Leaning",
    "check_answered": "Knowledge check answered",
    "sure_answered": "SURE answered",
    "collaborate_answered": "CollaboRATE answered",
    "collaborate_cleared": "CollaboRATE answer cleared",
    "decision_set": "Decision",
    "decision_cleared": "Decision cleared",
    "plan_changed": "Plan changed",
    "confirmed": "Confirmed",
    "withdrawn": "Confirmation withdrawn",
    "concern_revealed": "Concern drawn out",
}
"""Event kinds (sdm_tui.rehearsal.event_log) in words; others are shown as they are."""


def format_duration(seconds: float | int | None) -> str:
    """45s, 2m10s, 1h02m05s."""
    total = max(0, round(seconds or 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


def _t(value: object, empty: str = "—") -> str:
    """Typed text for one line of Markdown; `empty` (ours) when there is none."""
    if value is None or value == "":
        return empty
    return md_inline(str(value))


def _plain(value: object) -> str:
    """A label inside a code block: one line, no backticks (which could close the block)."""
    return neutralise(str(value)).replace("`", "'").replace("\n", " ")


def bars(rows: Sequence[tuple[str, float]], width: int = BAR_WIDTH) -> list[str]:
    """Lines "Label   ████ 2m10s", bars scaled to the longest."""
    if not rows:
        return []
    longest = max((seconds for _, seconds in rows), default=0) or 1
    pad = max(len(_plain(label)) for label, _ in rows) + 2
    lines = []
    for label, seconds in rows:
        length = round(seconds / longest * width)
        bar = BAR * (length or (1 if seconds > 0 else 0))
        lines.append(f"{_plain(label):<{pad}}{bar:<{width}} {format_duration(seconds)}".rstrip())
    return lines


def _clock(value: object) -> str:
    try:
        return from_iso(str(value)).strftime("%H:%M:%S")
    except (TypeError, ValueError):
        return "?"


def _header(debrief: Debrief) -> list[str]:
    scenario, aid, persona = debrief.scenario, debrief.aid, debrief.scenario.persona
    lines = [f"# Rehearsal debrief: {_t(scenario.title)}", ""]
    lines += [f"**{_t(banner)}**" for banner in debrief.banners if banner] + [""]
    lines += [
        f"- Scenario: {_t(scenario.title)} ({_t(scenario.id)})",
        f"- Decision aid: {_t(aid.title)}, version {_t(aid.version)}",
        f"- Patient: {_t(persona.name)}, {_t(persona.age)}. {_t(scenario.fictional, '')}",
        f"- Debrief written: {md_time(debrief.generated_at)}",
        "",
    ]
    if scenario.objectives:
        lines += ["## Learning objectives", ""]
        lines += [f"- {_t(objective)}" for objective in scenario.objectives] + [""]
    return lines


def _time_section(times: Times) -> list[str]:
    talks = [(t.label, t.seconds) for t in times.talks]
    stages = [(s.label, s.seconds) for s in times.stages]
    lines = ["## Time in each stage", ""]
    lines += ["```text", *bars(talks), "```", ""]
    if stages:
        lines += ["By screen:", "", "```text", *bars(stages), "```", ""]
    if times.timeline:
        lines += ["Timeline (UTC):", ""]
        for visit in times.timeline:
            end = _clock(visit.left_at) if visit.left_at else "now"
            duration = format_duration(visit.seconds)
            lines.append(f"- {_clock(visit.entered_at)}–{end} {_t(visit.label)} ({duration})")
        lines.append("")
    lines += [f"Total: {format_duration(times.total_seconds)}.", ""]
    return lines


def _option5_section(option5: Option5) -> list[str]:
    rows = []
    for each in option5.items:
        score = each.score
        shown = "not scored" if score is None else f"{_t(score)} {_t(each.label, '')}"
        rows.append([_t(each.number), _t(each.title), shown, _t(each.note)])
    lines = ["## Observer OPTION-5", ""]
    lines += [md_table(["#", "Behaviour", "Score (0-4)", "Observer's note"], rows), ""]
    lines += [f"**Total: {_t(option5.total_text)}** (0-100: the sum of the five, x 5).", ""]
    lines += [f"Items paraphrased from: {_t(option5.citation)}", ""]
    return lines


def _rating(value: object, label: object) -> str:
    return "not recorded" if value is None else f"{_t(value)} {_t(label, '')}".strip()


def _values_section(debrief: Debrief) -> list[str]:
    rows = []
    for row in debrief.values:
        by = row.entered_by
        recorded = _rating(row.recorded, row.recorded_label)
        if by and by != "patient":
            recorded += f" (entered by {_t(by)})"
        hidden = _rating(row.hidden, row.hidden_label)
        rows.append([_t(row.statement), recorded, hidden, _t(row.drawn_out)])
    summary = debrief.values_summary
    lines = ["## What matters: recorded ratings and the patient's hidden ones", ""]
    if not rows:
        return [*lines, "The aid has no values to rate.", ""]
    lines += [md_table(["Value", "Recorded", "Hidden", "Drawn out"], rows), ""]
    lines += [
        f"Drawn out: {_t(summary.yes)} of {len(rows)}; recorded differently: "
        f"{_t(summary.no)}; not asked: {_t(summary.not_asked)}.",
        "",
    ]
    return lines


def _choice_section(debrief: Debrief) -> list[str]:
    leaning, role = debrief.leaning, debrief.preferred_role
    status = leaning.decision_status
    if status == "chosen":
        choice = _t(leaning.choice_label)
    elif status == "not_yet":
        choice = f"not yet ({_t(leaning.not_yet_reason_label)})"
    else:
        choice = "none recorded"
    lines = ["## The choice and the hidden leaning", ""]
    lines += [f"- Hidden leaning: {_t(leaning.hidden_label)}"]
    if leaning.reason:
        lines += [f"- Why (the patient's words): {_t(leaning.reason)}"]
    lines += [
        f"- Leaning recorded at weigh up: {_t(leaning.recorded_label, 'none')}",
        f"- Choice: {choice}",
        f"- {_t(leaning.verdict)}",
    ]
    if role.hidden:
        lines += [
            f"- Role in deciding the patient wanted: {_t(role.hidden_label)}; "
            f"recorded: {_t(role.recorded_label, 'not asked')}"
        ]
    confirmations = debrief.confirmations
    for who, at in (("patient", confirmations.patient), ("clinician", confirmations.clinician)):
        lines += [f"- Confirmed by the {who}: {md_time(at) if at else 'no'}"]
    return [*lines, ""]


def _concerns_section(concerns: Sequence[Concern]) -> list[str]:
    if not concerns:
        return []
    rows = [[_t(c.text), _t(c.reveal_when), "yes" if c.revealed else "no"] for c in concerns]
    table = md_table(["Concern", "Revealed when", "Drawn out"], rows)
    return ["## Hidden concerns", "", table, ""]


def _sure_section(sure: SureResult) -> list[str]:
    if sure.score is None:
        text = f"Not complete: {_t(sure.answered)} of 4 questions answered."
    else:
        verdict = (
            "screens positive for decisional conflict (3 or less)"
            if sure.flag
            else "no decisional conflict found"
        )
        text = f"Score {_t(sure.score)} of 4: {verdict}."
    return ["## SURE test", "", text, ""]


def _event_row(event: Event) -> list[str]:
    kind, detail = event.kind, event.detail
    if kind in ("stage_entered", "stage_left"):
        detail = stage_label(detail)
    return [_clock(event.at), _t(EVENT_LABELS.get(kind, kind)), _t(detail, "")]


def _log_section(events: Sequence[Event]) -> list[str]:
    if not events:
        return []
    table = md_table(["Time", "Event", "Detail"], [_event_row(e) for e in events])
    return ["## Event log (UTC)", "", table, ""]


def render_debrief_markdown(debrief: Debrief | Mapping[str, Any]) -> str:
    """The debrief (typed, or saved JSON read back) as Markdown, TRAINING banner first.

    Saved JSON is checked first (DebriefError, naming the place, if it does not fit)."""
    debrief = debrief_from_data(debrief)
    lines = _header(debrief)
    lines += _time_section(debrief.times)
    lines += _option5_section(debrief.option5)
    lines += _values_section(debrief)
    lines += _choice_section(debrief)
    lines += _concerns_section(debrief.concerns)
    lines += _sure_section(debrief.sure)
    lines += _log_section(debrief.events)
    return "\n".join(lines).rstrip() + "\n"
