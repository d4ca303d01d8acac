"""The banner every screen and export carries for example, draft, training and preview content."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from sdm_tui.aid.model import DecisionAid
from sdm_tui.i18n import N_, _

_STATUS_TEXT = {
    "example": N_("EXAMPLE CONTENT – not clinically reviewed; do not use for real decisions"),
    "draft": N_("DRAFT – not yet approved for use with patients"),
}
_MODE_TEXT = {
    "training": N_("TRAINING – a rehearsal, not a clinical record"),
    "preview": N_("PREVIEW – author mode; nothing about a patient is kept"),
}


def banner_lines(aid: DecisionAid | None, mode: str) -> list[str]:
    """The warning lines for `aid` (None: no aid yet) in `mode`, in the language shown."""
    lines = []
    if mode in _MODE_TEXT:
        lines.append(_(_MODE_TEXT[mode]))
    if aid is not None and aid.status in _STATUS_TEXT:
        lines.append(_(_STATUS_TEXT[aid.status]))
    return lines


class Banner(Static):
    DEFAULT_CSS = """
    Banner {
        width: 1fr; height: auto; padding: 0 1;
        background: $warning; color: auto 90%; text-style: bold;
    }
    """

    def __init__(self, lines: list[str]) -> None:
        super().__init__(Content("⚠ " + "\n⚠ ".join(lines)), markup=False)
