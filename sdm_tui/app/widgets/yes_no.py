"""A yes/no answer that can also be "not answered yet" (as the SURE test needs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from sdm_tui.app.widgets.rating import ChoiceRow
from sdm_tui.i18n import _, pgettext

YES, NO = 0, 1


def answer_keys() -> dict[str, int]:
    """The letters that answer, in the language shown, besides Y and N (which always do):
    the initials of its words for yes and no ("s" for sí in Spanish)."""
    keys = {
        # Translators: the one letter that answers "yes" (the initial of your word for
        # yes, lower case, e.g. "s" for sí). Y answers yes in every language too.
        pgettext("key that answers yes", "y"): YES,
        # Translators: the one letter that answers "no" (the initial of your word for no,
        # lower case). N answers no in every language too.
        pgettext("key that answers no", "n"): NO,
    }
    return {key: answer for key, answer in keys.items() if len(key) == 1 and key not in "yn"}


class YesNo(ChoiceRow):
    """Yes or No, picked with Y / N, Left / Right or a click; Delete clears the answer.

    In another language, the initials of its yes and no answer too (S for sí), Y and N
    still working: a clinician used to either is never caught out.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", f"choose({YES})", _("Yes"), show=False),
        Binding("n", f"choose({NO})", _("No"), show=False),
    ]

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
        super().__init__((_("Yes"), _("No")), value, name=name, id=id, classes=classes)

    @property
    def answer(self) -> bool | None:
        return None if self.value is None else self.value == YES

    def on_key(self, event: events.Key) -> None:
        """The language's own initials for yes and no (before the keys bound above)."""
        letter = (event.character or "").lower()
        answer = answer_keys().get(letter) if letter else None
        if answer is not None:
            event.stop()
            event.prevent_default()
            self.action_choose(answer)

    def announce_change(self) -> None:
        self.post_message(self.Changed(self, self.answer))
