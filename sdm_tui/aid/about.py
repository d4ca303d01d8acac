"""'About this aid': who wrote it, their conflicts of interest, who paid, how current the
evidence is and when it is updated, as lines of plain text. Pure; used by the app's About
view and by the patient's copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from sdm_tui.aid.model import DecisionAid

NOT_STATED = "Not stated."


@dataclass(frozen=True, slots=True)
class AboutItem:
    """One heading and its text, both shown as typed."""

    heading: str
    text: str


def about_items(aid: DecisionAid) -> list[AboutItem]:
    """What a patient should know about the aid itself (IPDAS: disclosure and evidence)."""
    authors = [
        f"{author.name}{f' ({author.role})' if author.role else ''}: conflicts of interest: "
        f"{(author.conflicts_of_interest or '').strip() or NOT_STATED}"
        for author in aid.authors
    ]
    review = f"Evidence last checked {aid.last_reviewed.isoformat()}."
    if aid.review_by is not None:
        review += f" Due for review by {aid.review_by.isoformat()}."
    return [
        AboutItem("Written by", "\n".join(authors)),
        AboutItem("Paid for by", aid.funding.strip() or NOT_STATED),
        AboutItem("How current it is", review),
        AboutItem("How it is kept up to date", aid.update_policy.strip() or NOT_STATED),
        AboutItem("Version", f"{aid.version} ({aid.status})"),
    ]
