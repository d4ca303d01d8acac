"""A yes/no answer that can also be "not answered yet" (as the SURE test needs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from sdm_tui.app.widgets.rating import ChoiceRow

YES, NO = 0, 1


class YesNo(ChoiceRow):
    """Yes or No, picked with Y / N, Left / Right or a click; Delete clears the answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", f"choose({YES})", "Yes", show=False),
        Binding("n", f"choose({NO})", "No", show=False),
    ]

    UNSET_TEXT = "– not answered yet"

    @dataclass
    class Changed(Message):
        """The answer was changed (None: cleared)."""

        yes_no: YesNo
        answer: bool | None

        @property
        def control(self) -> YesNo:
            return self.yes_no

    def __init__(
        self,
        answer: bool | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        value = None if answer is None else (YES if answer else NO)
        super().__init__(("Yes", "No"), value, name=name, id=id, classes=classes)

    @property
    def answer(self) -> bool | None:
        return None if self.value is None else self.value == YES

    def announce_change(self) -> None:
        self.post_message(self.Changed(self, self.answer))
