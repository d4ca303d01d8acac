"""A radio button whose state shows by shape as well as colour: ● chosen, ○ not chosen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import RadioButton


class MarkedRadioButton(RadioButton):
    """Textual's RadioButton draws ● for both states and tells them apart by colour only."""

    CHOSEN = "●"
    NOT_CHOSEN = "○"

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = self.CHOSEN if self.value else self.NOT_CHOSEN
        return super()._button
