"""Text typed into an "add" row and not added yet: kept across stages and crashes.

The team's "Add someone" row and the plan's new-step row hold text that is not in the
consultation until Add is pressed. Leaving the stage (Ctrl+N, Ctrl+B) rebuilt the
screen and a crash lost the text, without a word. The app keeps such text here, by
stage and box, puts it back when the stage is shown again, and saves it with the
consultation for crash recovery.
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.widgets import Input

DRAFT_BOXES = {
    "new-other-name": "#new-other-name",
    "new-other-detail": "#new-other-detail",
    "new-step-what": ".plan-row.-new .step-what",
    "new-step-by-when": ".plan-row.-new .step-by-when",
}
"""Each box whose text is a draft, by a name that outlives the widget."""


def draft_name(box: Input) -> str | None:
    """The draft name of `box`, or None if what it holds is not a draft."""
    if box.id in DRAFT_BOXES:
        return box.id
    row = box.parent
    if row is not None and row.has_class("plan-row") and row.has_class("-new"):
        for name in ("step-what", "step-by-when"):
            if box.has_class(name):
                return f"new-{name}"
    return None


class Drafts:
    """Draft texts by stage and box; empty texts are not kept."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def note(self, stage: str, box: Input) -> bool:
        """Keep what `box` holds, if it is a draft box; whether anything changed."""
        name = draft_name(box)
        if name is None:
            return False
        key = f"{stage}:{name}"
        if box.value.strip():
            changed = self.texts.get(key) != box.value
            self.texts[key] = box.value
            return changed
        return self.texts.pop(key, None) is not None

    def restore(self, stage: str, screen: DOMNode) -> None:
        """Put the stage's drafts back into its boxes (left empty by a fresh screen)."""
        for name, selector in DRAFT_BOXES.items():
            text = self.texts.get(f"{stage}:{name}")
            if text:
                for box in screen.query(selector).results(Input):
                    if not box.value:
                        box.value = text

    def clear(self) -> None:
        self.texts.clear()
