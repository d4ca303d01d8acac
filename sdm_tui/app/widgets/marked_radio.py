"""A radio button whose state shows by shape as well as colour: ● chosen, ○ not chosen."""

from __future__ import annotations

from sdm_tui.app.textual_compat import RadioButtonWithMark


class MarkedRadioButton(RadioButtonWithMark):
    """Textual's RadioButton draws ● for both states and tells them apart by colour only."""

    CHOSEN = "●"
    NOT_CHOSEN = "○"

    def button_mark(self) -> str:
        return self.CHOSEN if self.value else self.NOT_CHOSEN
