"""Textual's Select, without its crash when it mounts before its own label has.

On a slow machine `Select._on_mount` can set its value before the label inside it is mounted;
`SelectCurrent.update` then raises `NoMatches` and the app stops with a traceback
(Textualize/textual#6581, open in Textual 8.2). This Select shows the value once the label is
there instead.
"""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches

from sdm_tui.app.textual_compat import SelectWithValueHook


class SafeSelect(SelectWithValueHook):
    def show_value(self, value: Any) -> None:
        try:
            super().show_value(value)
        except NoMatches:
            self.call_after_refresh(self._show_value_again)

    def _show_value_again(self) -> None:
        if self.is_attached:
            self.show_value(self.value)
