"""Markdown documents from a consultation record: the patient's copy and the clinic's record.

A pure function of the record (see record_json); all typed text is escaped with
`md_escape` so that it shows as typed and cannot add HTML, links or structure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from sdm_tui.export.md_text import (
    md_block,
    md_count,
    md_escape,
    md_inline,
    md_table,
    md_time,
)

__all__ = ["Audience", "banners", "md_escape", "render_markdown"]

Audience = Literal["patient", "clinic"]
Record = Mapping[str, Any]

ALIGNMENT_NOTE = "Reflects the patient's ratings only; not a recommendation."

_MODE_BANNERS = {
    "training": "TRAINING – not a clinical record",
    "preview": "PREVIEW – not a clinical record",
}
_STATUS_BANNERS = {
    "example": "EXAMPLE CONTENT – not clinically reviewed",
    "draft": "DRAFT – not clinically reviewed",
}
_CONTRIBUTORS = {"patient": "patient", "clinician": "clinician", "both": "patient and clinician"}


def banners(record: Record) -> list[str]:
    """The warnings every copy must carry: training or preview mode, example or draft aid."""
    found = [_MODE_BANNERS.get(record.get("mode", ""), "")]
    found.append(_STATUS_BANNERS.get(record.get("aid", {}).get("status", ""), ""))
    return [banner for banner in found if banner]


def _by(entry: Record) -> str:
    """ "entered by patient, 2026-11-26 04:12 UTC" for the clinic copy."""
    who = entry.get("contributor")
    who_text = _CONTRIBUTORS.get(who, md_inline(str(who)))
    return f"entered by {who_text}, {md_time(entry.get('at'))}"


class _Document:
    """Markdown built up block by block, blocks separated by blank lines."""

    def __init__(self) -> None:
        self.blocks: list[str] = []

    def add(self, *blocks: str) -> None:
        self.blocks.extend(block for block in blocks if block)

    def heading(self, level: int, text: str) -> None:
        self.add("#" * level + " " + text)

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"


def _header(doc: _Document, record: Record, clinic: bool) -> None:
    aid = record.get("aid", {})
    title = md_inline(aid.get("title", ""))
    doc.heading(1, f"Consultation record: {title}" if clinic else title)
    doc.add(*(f"**{banner}**" for banner in banners(record)))
    doc.add(f"**The question:** {md_inline(aid.get('question', ''))}")
    doc.add(f"Date: {md_time(record.get('started_at'))}")


def _about(doc: _Document, record: Record) -> None:
    aid = record.get("aid", {})
    doc.heading(2, "About this record")
    rows = [
        ("Mode", record.get("mode", "")),
        ("Decision aid", aid.get("id", "")),
        ("Aid version", aid.get("version", "")),
        ("Aid status", aid.get("status", "")),
        ("Aid last reviewed", aid.get("last_reviewed", "")),
        ("Aid file", aid.get("file_name", "")),
        ("Aid SHA-256", aid.get("sha256", "")),
    ]
    cells = [(name, md_inline(str(value)) or "–") for name, value in rows]
    cells.append(("Started", md_time(record.get("started_at"))))
    cells.append(("Generated", md_time(record.get("generated_at"))))
    doc.add(md_table(("Item", "Detail"), cells))


def _participants(doc: _Document, record: Record) -> None:
    doc.heading(2, "Who took part")
    lines = []
    for person in record.get("participants", []):
        name = md_inline(person.get("name", "")) or "name not recorded"
        detail = md_inline(person.get("detail", ""))
        role = md_inline(str(person.get("role", ""))).capitalize()
        lines.append(f"- {role}: {name}" + (f" ({detail})" if detail else ""))
    doc.add("\n".join(lines) or "No one was recorded.")


def _preferred_role(doc: _Document, record: Record) -> None:
    doc.heading(2, "Preferred role in deciding")
    role = record.get("preferred_role")
    if role is None:
        doc.add("Not recorded.")
    else:
        doc.add(f"{md_inline(role.get('label', ''))} ({_by(role)})")


def _what_matters(doc: _Document, record: Record, clinic: bool) -> None:
    doc.heading(2, "What matters to the patient" if clinic else "What matters to you")
    ratings = record.get("ratings", [])
    if not ratings:
        doc.add("No ratings were recorded.")
    elif clinic:
        rows = [(md_inline(r["statement"]), md_inline(r["label"]), _by(r)) for r in ratings]
        doc.add(md_table(("What may matter", "How much it matters", "Entered"), rows))
    else:
        rows = [(md_inline(r["statement"]), md_inline(r["label"])) for r in ratings]
        doc.add(md_table(("What may matter", "How much it matters to you"), rows))
    for words in record.get("own_words", {}).values():
        heading = f"**{md_inline(words.get('label', ''))}**"
        doc.add(heading + (f" ({_by(words)})" if clinic else ""), md_block(words["text"]))


def _outcome_label(outcome: Record) -> str:
    kind = "Benefit" if outcome.get("type") == "benefit" else "Harm"
    label = md_inline(outcome.get("label", ""))
    return f"{kind}: {label} (within {md_inline(outcome.get('timeframe', ''))})"


def _options(doc: _Document, record: Record, clinic: bool) -> None:
    aid = record.get("aid", {})
    options = aid.get("options", [])
    doc.heading(2, "The options")
    doc.add(
        "\n".join(
            f"- **{md_inline(o.get('label', ''))}**: {md_inline(o.get('summary', ''))}"
            for o in options
        )
    )
    outcomes = aid.get("outcomes", [])
    if not outcomes:
        return
    doc.add("What happens to people who choose each option:")
    headers = ["What may happen", *(md_inline(o.get("label", "")) for o in options)]
    rows = [
        [
            _outcome_label(outcome),
            *(
                md_count(outcome.get("chance", {}).get(o.get("id")), outcome["per"])
                for o in options
            ),
        ]
        for outcome in outcomes
    ]
    doc.add(md_table(headers, rows))
    if clinic:
        evidence = [
            (
                md_inline(o.get("label", "")),
                md_inline(o.get("certainty", "")) or "not stated",
                md_inline(o.get("source_citation", "")),
            )
            for o in outcomes
        ]
        doc.add(md_table(("Outcome", "Certainty", "Source"), evidence))


def _score(score: object) -> str:
    if isinstance(score, int) and not isinstance(score, bool):
        return f"{score:+d}" if score else "0"
    return md_inline(str(score))


def _alignment(doc: _Document, record: Record) -> None:
    doc.heading(3, "How the ratings line up with each option")
    doc.add(f"_{md_escape(ALIGNMENT_NOTE)}_")
    if not record.get("ratings"):
        doc.add("No ratings were recorded, so there is nothing to line up.")
        return
    labels = {o["id"]: o.get("label", "") for o in record.get("aid", {}).get("options", [])}
    rows = [
        (md_inline(labels.get(option_id, option_id)), _score(score))
        for option_id, score in record.get("alignment", {}).items()
    ]
    doc.add(md_table(("Option", "Score"), rows))


def _checks(doc: _Document, record: Record) -> None:
    doc.heading(3, "Knowledge checks")
    checks = record.get("knowledge_checks", [])
    total = len(record.get("aid", {}).get("checks", []))
    if not checks:
        doc.add("None answered." if total else "This aid has no knowledge checks.")
        return
    rows = [
        (
            md_inline(k["question"]),
            md_inline(k["chosen_text"]),
            "yes" if k.get("correct") else f"no (answer: {md_inline(k['answer_text'])})",
            _by(k),
        )
        for k in checks
    ]
    doc.add(f"{len(checks)} of {total} answered.")
    doc.add(md_table(("Question", "Answer given", "Correct", "Entered"), rows))


def _sure(doc: _Document, record: Record) -> None:
    doc.heading(3, "SURE test (decisional conflict)")
    sure = record.get("sure", {})
    items = sure.get("items", [])
    if not items:
        doc.add("Not answered.")
        return
    rows = [(md_inline(i["question"]), "Yes" if i.get("answer") else "No", _by(i)) for i in items]
    doc.add(md_table(("Question", "Answer", "Entered"), rows))
    score = sure.get("score")
    if score is None:
        doc.add(f"Score: incomplete ({len(items)} of 4 answered).")
    elif sure.get("flag"):
        doc.add(f"Score: {score} of 4. **Possible decisional conflict** (3 or less).")
    else:
        doc.add(f"Score: {score} of 4. No decisional conflict flagged.")


def _weighing_up(doc: _Document, record: Record) -> None:
    doc.heading(2, "Weighing up")
    _alignment(doc, record)
    doc.heading(3, "Leaning")
    leaning = record.get("leaning")
    doc.add(
        "Not recorded."
        if leaning is None
        else f"{md_inline(leaning.get('label', ''))} ({_by(leaning)})"
    )
    doc.heading(3, "Clinician's view")
    view = record.get("clinician_view")
    if view is None:
        doc.add("Not shared.")
    else:
        doc.add(f"({_by(view)})", md_block(view["text"]))
    _checks(doc, record)
    _sure(doc, record)


def _decision(doc: _Document, record: Record, clinic: bool) -> None:
    doc.heading(2, "Decision" if clinic else "What we decided")
    decision = record.get("decision", {})
    status = decision.get("status", "none")
    if status == "chosen":
        doc.add(f"We chose: **{md_inline(decision.get('option_label', ''))}**")
    elif status == "not_yet":
        reason = md_inline(decision.get("not_yet_reason_label", ""))
        doc.add(f"We have not decided yet. What is needed first: {reason}")
        if decision.get("reason_text"):
            doc.add(md_block(decision["reason_text"]))
    else:
        doc.add("No decision was recorded.")
        return
    if not clinic:
        return
    doc.add(f"({_by(decision)})")
    if decision.get("differs_from_ratings"):
        doc.add("This choice differs from the option(s) the ratings line up with most.")
    if decision.get("differs_reason"):
        doc.add("Why the choice differs from the ratings:", md_block(decision["differs_reason"]))


def _plan(doc: _Document, record: Record, clinic: bool) -> None:
    doc.heading(2, "Next steps")
    plan = record.get("plan", [])
    if not plan:
        doc.add("No next steps were recorded.")
        return
    headers = ["What", "Who", "By when"] + (["Entered"] if clinic else [])
    rows = [
        [
            md_inline(s["what"]),
            md_inline(str(s.get("who", ""))).capitalize(),
            md_inline(s.get("by_when", "")) or "–",
        ]
        + ([_by(s)] if clinic else [])
        for s in plan
    ]
    doc.add(md_table(headers, rows))


def _review(doc: _Document, record: Record, clinic: bool) -> None:
    doc.heading(2, "Review")
    for key, label in (
        ("review", "When we will review this"),
        ("success_measure", "How we will know it is working"),
    ):
        entry = record.get(key)
        if entry is None:
            doc.add(f"{label}: not recorded.")
        else:
            doc.add(f"{label}:" + (f" ({_by(entry)})" if clinic else ""), md_block(entry["text"]))


def _confirmations(doc: _Document, record: Record) -> None:
    doc.heading(2, "Confirmations")
    confirmations = record.get("confirmations", {})
    lines = []
    for role, name in (("patient", "Patient"), ("clinician", "Clinician")):
        when = confirmations.get(role)
        lines.append(
            f"- {name} has not confirmed."
            if when is None
            else f"- {name} confirmed: {md_time(when)}"
        )
    doc.add("\n".join(lines))
    both = all(confirmations.get(role) for role in ("patient", "clinician"))
    doc.add("Both confirmed the decision and plan." if both else "Not confirmed by both.")


def render_markdown(record: Record, audience: Audience) -> str:
    """The patient's copy (plain language) or the clinic's record (who entered what, when)."""
    if audience not in ("patient", "clinic"):
        raise ValueError(f"unknown audience {audience!r}")
    clinic = audience == "clinic"
    doc = _Document()
    _header(doc, record, clinic)
    if clinic:
        _about(doc, record)
        _participants(doc, record)
        _preferred_role(doc, record)
    _what_matters(doc, record, clinic)
    _options(doc, record, clinic)
    if clinic:
        _weighing_up(doc, record)
    _decision(doc, record, clinic)
    _plan(doc, record, clinic)
    _review(doc, record, clinic)
    if clinic:
        _confirmations(doc, record)
    return doc.text()
