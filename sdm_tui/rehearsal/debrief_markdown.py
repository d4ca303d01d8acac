"""The debrief as Markdown, from the typed debrief alone (so a saved JSON re-renders).

Every string taken from the data (scenario text, statements, labels, notes, ids) is
escaped with `md_inline`: a scenario author, an aid author or an observer may have typed
HTML, links or table pipes. Only the program's own wording is written as is.

The debrief is a document in the language in force (`sdm_tui.i18n.current_language`). Its
data keeps the program's own labels in English (stage and talk names, the OPTION-5 scale,
verdicts, banners): `ours()` shows them translated; what was typed is never translated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sdm_tui.export.md_text import md_inline, md_table, md_time
from sdm_tui.export.timefmt import from_iso
from sdm_tui.i18n import N_, SOURCE_LANGUAGE, _, current_language
from sdm_tui.rehearsal.debrief_model import (
    Concern,
    Debrief,
    Event,
    Option5,
    SureResult,
    Times,
    debrief_from_data,
)
from sdm_tui.rehearsal.event_log import PLAN_CHANGES, stage_words
from sdm_tui.rehearsal.option5 import describe_total
from sdm_tui.store.text import neutralise

BAR_WIDTH = 24
BAR = "█"

EVENT_LABELS = {
    "stage_entered": N_("Stage entered"),
    "stage_left": N_("Stage left"),
    "participants_changed": N_("Who is present changed"),
    "preferred_role_set": N_("Role in deciding"),
    "rating_changed": N_("Rating changed"),
    "note_added": N_("Note added"),
    "note_cleared": N_("Note cleared"),
    "leaning_set": N_("Leaning"),
    "check_answered": N_("Knowledge check answered"),
    "sure_answered": N_("SURE answered"),
    "collaborate_answered": N_("CollaboRATE answered"),
    "collaborate_cleared": N_("CollaboRATE answer cleared"),
    "decision_set": N_("Decision"),
    "decision_cleared": N_("Decision cleared"),
    "plan_changed": N_("Plan changed"),
    "confirmed": N_("Confirmed"),
    "withdrawn": N_("Confirmation withdrawn"),
    "concern_revealed": N_("Concern drawn out"),
}
"""Event kinds (sdm_tui.rehearsal.event_log) in words; others are shown as they are."""
DRAWN_OUT_WORDS = {
    "yes": N_("yes"),
    "no": N_("no"),
    "not asked": N_("not asked"),
    "no hidden rating": N_("no hidden rating"),
}
"""How a hidden rating was drawn out (the debrief's codes), in words."""
UNSURE_KEY = "unsure"
NOT_YET = "not yet: "  # i18n: not shown (the log's English, worded by event_detail)
BY_THE_CHANGE = " (by the change)"  # i18n: not shown (as NOT_YET)
WHO = {
    "patient": N_("patient"),
    "clinician": N_("clinician"),
    "both": N_("both"),
    "companion": N_("companion"),
}
"""Who confirmed, had a confirmation withdrawn or entered a rating (the data's keys), in words."""


def ours(text: str | None) -> str | None:
    """One of the program's own labels kept in English in the data (a stage, a verdict, a
    scale point), in the language in force; anything else as it is."""
    return _(text) if text else text


def option_words(option_id: str | None, label: str | None) -> str | None:
    """An option's label as the aid's author typed it; "Unsure" in the language in force."""
    return _("Unsure") if option_id == UNSURE_KEY else label


def event_detail(kind: str, detail: str) -> str:
    """A logged event's detail (ids and English words, as logged) in the language in force:
    stage names, plan changes, the SURE count and "not yet" are worded; ids are as they are."""
    if kind in ("stage_entered", "stage_left"):
        return stage_words(detail)
    if detail == "cleared":
        return _("cleared")
    if kind == "plan_changed" and detail in PLAN_CHANGES:
        return _(detail)
    if kind == "decision_set" and detail.startswith(NOT_YET):
        return _("not yet: {reason}").format(reason=detail.removeprefix(NOT_YET))
    if kind in ("confirmed", "withdrawn") and detail in WHO:
        return _(WHO[detail])
    if kind == "withdrawn" and detail.endswith(BY_THE_CHANGE):
        role = detail.removesuffix(BY_THE_CHANGE)
        role = _(WHO[role]) if role in WHO else role
        return _("{role} (by the change)").format(role=role)
    if kind == "sure_answered":
        if match := re.fullmatch(r"score (\d) of 4", detail):
            return _("score {score} of 4").format(score=match[1])
        if match := re.fullmatch(r"(\d) of 4 answered", detail):
            return _("{count} of 4 answered").format(count=match[1])
    if kind == "check_answered" and (match := re.fullmatch(r"(\d+) answered", detail)):
        return _("{count} answered").format(count=match[1])
    return detail


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
    longest = max((seconds for __, seconds in rows), default=0) or 1
    pad = max(len(_plain(label)) for label, __ in rows) + 2
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


def _written(value: str) -> str:
    """When the debrief was written: English as it always was ("2026-11-26 04:12 UTC"),
    another language with its own day ("jue, 26 nov 2026 04:12 UTC")."""
    if current_language() == SOURCE_LANGUAGE:
        return md_time(value)
    from sdm_tui.i18n.formats import format_day

    try:
        moment = from_iso(value)
    except (TypeError, ValueError):
        return md_time(value)
    return _("{day} {time} UTC").format(day=format_day(moment.date()), time=f"{moment:%H:%M}")


def _header(debrief: Debrief) -> list[str]:
    scenario, aid, persona = debrief.scenario, debrief.aid, debrief.scenario.persona
    lines = [_("# Rehearsal debrief: {title}").format(title=_t(scenario.title)), ""]
    lines += [f"**{_t(ours(banner))}**" for banner in debrief.banners if banner] + [""]
    lines += [
        _("- Scenario: {title} ({id})").format(title=_t(scenario.title), id=_t(scenario.id)),
        _("- Decision aid: {title}, version {version}").format(
            title=_t(aid.title), version=_t(aid.version)
        ),
        _("- Patient: {name}, {age}. {fictional}").format(
            name=_t(persona.name), age=_t(persona.age), fictional=_t(ours(scenario.fictional), "")
        ),
        _("- Debrief written: {when}").format(when=_written(debrief.generated_at)),
        "",
    ]
    if scenario.objectives:
        lines += [_("## Learning objectives"), ""]
        lines += [f"- {_t(objective)}" for objective in scenario.objectives] + [""]
    return lines


def _time_section(times: Times) -> list[str]:
    talks = [(ours(t.label) or "", t.seconds) for t in times.talks]
    stages = [(ours(s.label) or "", s.seconds) for s in times.stages]
    lines = [_("## Time in each stage"), ""]
    lines += ["```text", *bars(talks), "```", ""]
    if stages:
        lines += [_("By screen:"), "", "```text", *bars(stages), "```", ""]
    if times.timeline:
        lines += [_("Timeline (UTC):"), ""]
        for visit in times.timeline:
            end = _clock(visit.left_at) if visit.left_at else _("now")
            lines.append(
                _("- {start}–{end} {stage} ({duration})").format(
                    start=_clock(visit.entered_at),
                    end=end,
                    stage=_t(ours(visit.label)),
                    duration=format_duration(visit.seconds),
                )
            )
        lines.append("")
    lines += [_("Total: {duration}.").format(duration=format_duration(times.total_seconds)), ""]
    return lines


def option5_total(option5: Option5) -> str:
    """The OPTION-5 total in words, in the language in force (from the numbers kept)."""
    total = None if option5.total is None else round(option5.total)
    return describe_total(total, option5.scored, option5.points)


def _option5_section(option5: Option5) -> list[str]:
    rows = []
    for each in option5.items:
        score = each.score
        shown = _("not scored") if score is None else f"{_t(score)} {_t(ours(each.label), '')}"
        rows.append([_t(each.number), _t(ours(each.title)), shown, _t(each.note)])
    headers = ["#", _("Behaviour"), _("Score (0-4)"), _("Observer's note")]
    lines = [_("## Observer OPTION-5"), ""]
    lines += [md_table(headers, rows), ""]
    lines += [
        _("**Total: {total}** (0-100: the sum of the five, x 5).").format(
            total=_t(option5_total(option5))
        ),
        "",
    ]
    lines += [
        _("Items paraphrased from: {citation}").format(citation=_t(ours(option5.citation))),
        "",
    ]
    return lines


def _rating(value: object, label: str | None) -> str:
    return _("not recorded") if value is None else f"{_t(value)} {_t(ours(label), '')}".strip()


def _values_section(debrief: Debrief) -> list[str]:
    rows = []
    for row in debrief.values:
        by = row.entered_by
        recorded = _rating(row.recorded, row.recorded_label)
        if by and by != "patient":
            recorded += _(" (entered by {who})").format(who=_t(_(WHO[by]) if by in WHO else by))
        hidden = _rating(row.hidden, row.hidden_label)
        drawn_out = DRAWN_OUT_WORDS.get(row.drawn_out)
        rows.append(
            [_t(row.statement), recorded, hidden, _t(_(drawn_out) if drawn_out else row.drawn_out)]
        )
    summary = debrief.values_summary
    lines = [_("## What matters: recorded ratings and the patient's hidden ones"), ""]
    if not rows:
        return [*lines, _("The aid has no values to rate."), ""]
    headers = [_("Value"), _("Recorded"), _("Hidden"), _("Drawn out")]
    lines += [md_table(headers, rows), ""]
    lines += [
        _(
            "Drawn out: {yes} of {count}; recorded differently: {no}; not asked: {not_asked}."
        ).format(
            yes=_t(summary.yes),
            count=len(rows),
            no=_t(summary.no),
            not_asked=_t(summary.not_asked),
        ),
        "",
    ]
    return lines


def _choice_section(debrief: Debrief) -> list[str]:
    leaning, role = debrief.leaning, debrief.preferred_role
    status = leaning.decision_status
    if status == "chosen":
        choice = _t(option_words(leaning.choice, leaning.choice_label))
    elif status == "not_yet":
        choice = _("not yet ({reason})").format(reason=_t(ours(leaning.not_yet_reason_label)))
    else:
        choice = _("none recorded")
    lines = [_("## The choice and the hidden leaning"), ""]
    lines += [
        _("- Hidden leaning: {leaning}").format(
            leaning=_t(option_words(leaning.hidden, leaning.hidden_label))
        )
    ]
    if leaning.reason:
        lines += [_("- Why (the patient's words): {reason}").format(reason=_t(leaning.reason))]
    recorded = option_words(leaning.recorded, leaning.recorded_label)
    lines += [
        _("- Leaning recorded at weigh up: {leaning}").format(leaning=_t(recorded, _("none"))),
        _("- Choice: {choice}").format(choice=choice),
        f"- {_t(ours(leaning.verdict))}",
    ]
    if role.hidden:
        lines += [
            _("- Role in deciding the patient wanted: {wanted}; recorded: {recorded}").format(
                wanted=_t(ours(role.hidden_label)),
                recorded=_t(ours(role.recorded_label), _("not asked")),
            )
        ]
    confirmations = debrief.confirmations
    patient, clinician = confirmations.patient, confirmations.clinician
    lines += [
        _("- Confirmed by the patient: {when}").format(
            when=md_time(patient) if patient else _("no")
        ),
        _("- Confirmed by the clinician: {when}").format(
            when=md_time(clinician) if clinician else _("no")
        ),
    ]
    return [*lines, ""]


def _concerns_section(concerns: Sequence[Concern]) -> list[str]:
    if not concerns:
        return []
    rows = [[_t(c.text), _t(c.reveal_when), _("yes") if c.revealed else _("no")] for c in concerns]
    table = md_table([_("Concern"), _("Revealed when"), _("Drawn out")], rows)
    return [_("## Hidden concerns"), "", table, ""]


def _sure_section(sure: SureResult) -> list[str]:
    if sure.score is None:
        text = _("Not complete: {answered} of 4 questions answered.").format(
            answered=_t(sure.answered)
        )
    elif sure.flag:
        text = _(
            "Score {score} of 4: screens positive for decisional conflict (3 or less)."
        ).format(score=_t(sure.score))
    else:
        text = _("Score {score} of 4: no decisional conflict found.").format(score=_t(sure.score))
    return [_("## SURE test"), "", text, ""]


def _event_row(event: Event) -> list[str]:
    kind = event.kind
    label = EVENT_LABELS.get(kind)
    return [
        _clock(event.at),
        _t(_(label) if label else kind),
        _t(event_detail(kind, event.detail), ""),
    ]


def _log_section(events: Sequence[Event]) -> list[str]:
    if not events:
        return []
    table = md_table([_("Time"), _("Event"), _("Detail")], [_event_row(e) for e in events])
    return [_("## Event log (UTC)"), "", table, ""]


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
