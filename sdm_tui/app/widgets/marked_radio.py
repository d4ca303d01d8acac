"""A radio button whose state shows by shape as well as colour: ● chosen, ○ not chosen,
and ▶ where the keyboard cursor is (also under NO_COLOR)."""

from __future__ import annotations

from textual.widget import Widget

from sdm_tui.app.textual_compat import RadioButtonWithMark


class MarkedRadioButton(RadioButtonWithMark):
    """Textual's RadioButton draws ● for both states and tells them apart by colour only."""

    CHOSEN = "●"
    NOT_CHOSEN = "○"
    CURSOR = "▶"
    """Instead of the button's left edge, on the button the cursor is on."""
    EDGE = "▐"

    def button_mark(self) -> str:
        parent = self.parent
        has_cursor = self.has_class("-selected") and isinstance(parent, Widget) and parent.has_focus
        self.BUTTON_LEFT = self.CURSOR if has_cursor else self.EDGE
        return self.CHOSEN if self.value else self.NOT_CHOSEN
