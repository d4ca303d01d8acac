"""The debrief as Markdown, from the debrief data alone (so a saved JSON re-renders).

Every string taken from the data (scenario text, statements, labels, notes, ids) is
escaped with `md_inline`: a scenario author, an aid author or an observer may have typed
HTML, links or table pipes. Only the program's own wording is written as is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sdm_tui.export.md_text import md_inline, md_table, md_time
from sdm_tui.export.timefmt import from_iso
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


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: object) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


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


def _header(debrief: Mapping[str, Any]) -> list[str]:
    scenario, aid = _m(debrief.get("scenario")), _m(debrief.get("aid"))
    persona = _m(scenario.get("persona"))
    lines = [f"# Rehearsal debrief: {_t(scenario.get('title'))}", ""]
    lines += [f"**{_t(banner)}**" for banner in debrief.get("banners", ()) if banner] + [""]
    lines += [
        f"- Scenario: {_t(scenario.get('title'))} ({_t(scenario.get('id'))})",
        f"- Decision aid: {_t(aid.get('title'))}, version {_t(aid.get('version'))}",
        f"- Patient: {_t(persona.get('name'))}, {_t(persona.get('age'))}. "
        f"{_t(scenario.get('fictional'), '')}",
        f"- Debrief written: {md_time(debrief.get('generated_at'))}",
        "",
    ]
    objectives = scenario.get("objectives") or []
    if objectives:
        lines += ["## Learning objectives", ""]
        lines += [f"- {_t(objective)}" for objective in objectives] + [""]
    return lines


def _time_section(times: Mapping[str, Any]) -> list[str]:
    talks = [(str(t.get("label", "")), t.get("seconds") or 0) for t in _items(times.get("talks"))]
    stages = [(str(s.get("label", "")), s.get("seconds") or 0) for s in _items(times.get("stages"))]
    lines = ["## Time in each stage", ""]
    lines += ["```text", *bars(talks), "```", ""]
    if stages:
        lines += ["By screen:", "", "```text", *bars(stages), "```", ""]
    timeline = _items(times.get("timeline"))
    if timeline:
        lines += ["Timeline (UTC):", ""]
        for visit in timeline:
            left = visit.get("left_at")
            end = _clock(left) if left else "now"
            duration = format_duration(visit.get("seconds"))
            lines.append(
                f"- {_clock(visit.get('entered_at'))}–{end} {_t(visit.get('label'))} ({duration})"
            )
        lines.append("")
    lines += [f"Total: {format_duration(times.get('total_seconds'))}.", ""]
    return lines


def _option5_section(option5: Mapping[str, Any]) -> list[str]:
    rows = []
    for each in _items(option5.get("items")):
        score = each.get("score")
        shown = "not scored" if score is None else f"{_t(score)} {_t(each.get('label'), '')}"
        rows.append([_t(each.get("number")), _t(each.get("title")), shown, _t(each.get("note"))])
    lines = ["## Observer OPTION-5", ""]
    lines += [md_table(["#", "Behaviour", "Score (0-4)", "Observer's note"], rows), ""]
    lines += [f"**Total: {_t(option5.get('total_text'))}** (0-100: the sum of the five, x 5).", ""]
    lines += [f"Items paraphrased from: {_t(option5.get('citation'))}", ""]
    return lines


def _rating(value: object, label: object) -> str:
    return "not recorded" if value is None else f"{_t(value)} {_t(label, '')}".strip()


def _values_section(debrief: Mapping[str, Any]) -> list[str]:
    rows = []
    for row in _items(debrief.get("values")):
        by = row.get("entered_by")
        recorded = _rating(row.get("recorded"), row.get("recorded_label"))
        if by and by != "patient":
            recorded += f" (entered by {_t(by)})"
        hidden = _rating(row.get("hidden"), row.get("hidden_label"))
        rows.append([_t(row.get("statement")), recorded, hidden, _t(row.get("drawn_out"))])
    summary = _m(debrief.get("values_summary"))
    lines = ["## What matters: recorded ratings and the patient's hidden ones", ""]
    if not rows:
        return [*lines, "The aid has no values to rate.", ""]
    lines += [md_table(["Value", "Recorded", "Hidden", "Drawn out"], rows), ""]
    lines += [
        f"Drawn out: {_t(summary.get('yes', 0))} of {len(rows)}; recorded differently: "
        f"{_t(summary.get('no', 0))}; not asked: {_t(summary.get('not asked', 0))}.",
        "",
    ]
    return lines


def _choice_section(debrief: Mapping[str, Any]) -> list[str]:
    leaning, role = _m(debrief.get("leaning")), _m(debrief.get("preferred_role"))
    status = leaning.get("decision_status")
    if status == "chosen":
        choice = _t(leaning.get("choice_label"))
    elif status == "not_yet":
        choice = f"not yet ({_t(leaning.get('not_yet_reason_label'))})"
    else:
        choice = "none recorded"
    lines = ["## The choice and the hidden leaning", ""]
    lines += [f"- Hidden leaning: {_t(leaning.get('hidden_label'))}"]
    if leaning.get("reason"):
        lines += [f"- Why (the patient's words): {_t(leaning.get('reason'))}"]
    lines += [
        f"- Leaning recorded at weigh up: {_t(leaning.get('recorded_label'), 'none')}",
        f"- Choice: {choice}",
        f"- {_t(leaning.get('verdict'))}",
    ]
    if role.get("hidden"):
        lines += [
            f"- Role in deciding the patient wanted: {_t(role.get('hidden_label'))}; "
            f"recorded: {_t(role.get('recorded_label'), 'not asked')}"
        ]
    confirmations = _m(debrief.get("confirmations"))
    for who in ("patient", "clinician"):
        at = confirmations.get(who)
        lines += [f"- Confirmed by the {who}: {md_time(at) if at else 'no'}"]
    return [*lines, ""]


def _concerns_section(concerns: list[Mapping[str, Any]]) -> list[str]:
    if not concerns:
        return []
    rows = [
        [_t(c.get("text")), _t(c.get("reveal_when")), "yes" if c.get("revealed") else "no"]
        for c in concerns
    ]
    table = md_table(["Concern", "Revealed when", "Drawn out"], rows)
    return ["## Hidden concerns", "", table, ""]


def _sure_section(sure: Mapping[str, Any]) -> list[str]:
    score = sure.get("score")
    if score is None:
        text = f"Not complete: {_t(sure.get('answered', 0))} of 4 questions answered."
    else:
        verdict = (
            "screens positive for decisional conflict (3 or less)"
            if sure.get("flag")
            else "no decisional conflict found"
        )
        text = f"Score {_t(score)} of 4: {verdict}."
    return ["## SURE test", "", text, ""]


def _event_row(event: Mapping[str, Any]) -> list[str]:
    kind, detail = str(event.get("kind", "")), event.get("detail")
    if kind in ("stage_entered", "stage_left"):
        detail = stage_label(str(detail))
    return [_clock(event.get("at")), _t(EVENT_LABELS.get(kind, kind)), _t(detail, "")]


def _log_section(events: list[Mapping[str, Any]]) -> list[str]:
    if not events:
        return []
    table = md_table(["Time", "Event", "Detail"], [_event_row(e) for e in events])
    return ["## Event log (UTC)", "", table, ""]


def render_debrief_markdown(debrief: Mapping[str, Any]) -> str:
    """The debrief as a Markdown document, TRAINING banner first."""
    lines = _header(debrief)
    lines += _time_section(_m(debrief.get("times")))
    lines += _option5_section(_m(debrief.get("option5")))
    lines += _values_section(debrief)
    lines += _choice_section(debrief)
    lines += _concerns_section(_items(debrief.get("concerns")))
    lines += _sure_section(_m(debrief.get("sure")))
    lines += _log_section(_items(debrief.get("events")))
    return "\n".join(lines).rstrip() + "\n"
