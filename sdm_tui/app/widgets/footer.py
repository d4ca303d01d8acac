"""Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter

from sdm_tui.app.textual_compat import show_keys_at_once

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


class Footer(TextualFooter):
    """Textual rebuilds the whole footer (a widget per key) whenever the bindings *may*
    have changed: at every focus move and screen resume, three times before the first
    screen is complete, twice per key on the options grid. Most of those rebuilds would
    show exactly the same keys; they are skipped."""

    DEFAULT_CSS = """
    /* Textual's compact footer runs a key group's label into the next key ("Optiona"). */
    Footer.-compact FooterLabel { margin: 0 1 0 0; }
    """

    _shown: tuple[object, ...] | None = None
    """What the last rebuild was asked to show."""

    def compose(self) -> ComposeResult:
        # Textual's footer is empty until the screen first reports its bindings, then
        # rebuilt a frame later: the keys came 40-80 ms after the rest of the first screen.
        # They are shown from the start; the report rebuilds only if they changed.
        show_keys_at_once(self)
        self._shown = self._keys_shown(self.screen)
        return super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self._keys_shown(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)

    def _keys_shown(self, screen: Screen) -> tuple[object, ...]:
        return tuple(
            (binding.key, self.app.get_key_display(binding), binding.description,
             binding.action, binding.show, binding.group, enabled, tooltip)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show  # keys the footer does not show cannot change it
        )  # fmt: skip
