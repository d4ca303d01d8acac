"""Every use of a private Textual name, in one place (Textual 8.2.8, pinned in pyproject).

Textual's underscore names can change in any release without notice. The app reaches them
only through this module: a function per use, or a base class whose private override calls
a public hook the app's widgets implement. Each use says why there is no public way.

Upgrade checklist (before changing the Textual pin):
1. `grep -rn "\\._[a-z]" sdm_tui/app` finds no Textual name outside this module (a
   test does it too: tests/core/test_textual_compat.py).
2. For each use below: the name still exists with the signature noted (read Textual's
   source), and still does what the note says; drop the use if Textual now has a public way.
3. `App._handle_exception` still ends the app the same way (compare `stop_after_crash`
   with the new `App._handle_exception`); `tests/app/test_hostile_text.py` checks the report.
4. Run the app tests (the footer, the Select, the grid's selection, crash reports),
   `make bench` (the grid's and footer's budgets) and update the snapshots if they drew
   differently on purpose.
5. Widget private names we must NOT override: check that no method of ours shadows a
   private Textual one (`GridView._render` once did: copying a selection crashed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from textual.app import App
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import Footer, Input, RadioButton, Select

# -- the app -----------------------------------------------------------------------------


def load_default_screen_css(app: App[Any], screen: Screen[Any]) -> None:
    """`App._load_screen_css(screen)`: Textual 8.2.8 reads a pushed screen's CSS_PATH but
    not the default screen's; no public call loads it."""
    app._load_screen_css(screen)


class CrashReportingApp(App[int]):
    """`App._handle_exception(error)` is the one place every unhandled error reaches; Textual's
    prints a traceback with local variables (patient text). `report_crash` replaces it."""

    def _handle_exception(self, error: Exception) -> None:
        self.report_crash(error)

    def report_crash(self, error: Exception) -> None:
        super()._handle_exception(error)


def stop_after_crash(app: App[Any], error: Exception, report: RenderableType) -> None:
    """End the app as `App._handle_exception` does, showing `report` instead of Textual's
    traceback: exit status 1 (`_return_code`), the error kept for a test pilot to re-raise
    (`_exception`, `_exception_event`), `report` printed on exit (`_exit_renderables`),
    the message queue closed (`_close_messages_no_wait`)."""
    app._return_code = 1
    if app._exception is None:
        app._exception = error
        app._exception_event.set()
    app._exit_renderables.append(report)
    app._close_messages_no_wait()


# -- scrolling (the comparison grid) -----------------------------------------------------


def set_scroll_range(view: ScrollView, size: Size) -> None:
    """A new virtual size without laying the screen out again (`virtual_size` set quietly,
    then `Widget._scroll_update(size)`, which is what its watcher does minus the layout)."""
    view.set_reactive(ScrollView.virtual_size, size)
    view._scroll_update(size)


def own_vertical_scrollbar(widget: Widget, make: Callable[[], ScrollBar]) -> ScrollBar:
    """The widget's vertical scrollbar, made by `make` the first time (as
    `Widget.vertical_scrollbar` does with Textual's own class: `_vertical_scrollbar`,
    started by `App._start_widget`); no public hook chooses the scrollbar's class."""
    if widget._vertical_scrollbar is None:
        bar = make()
        widget._vertical_scrollbar = bar
        widget.app._start_widget(widget, bar)
    return widget._vertical_scrollbar


def forget_styled_lines(widget: Widget) -> None:
    """Empty `Widget._styles_cache`: what it kept is of another scroll position, and a
    widget that keeps its own styled lines must not get those back."""
    widget._styles_cache.clear()


# -- the footer ----------------------------------------------------------------------------


def show_keys_at_once(footer: Footer) -> None:
    """`Footer._bindings_ready` set at compose: Textual's footer stays empty until the
    screen first reports its bindings (40-80 ms later); ours shows the keys from the start."""
    footer.set_reactive(Footer._bindings_ready, True)


# -- widgets whose drawing is changed through a private override ---------------------------


class SelectWithValueHook(Select[Any]):
    """`Select._watch_value` (the value's watcher) calls `show_value`, which a subclass may
    guard (Textualize/textual#6581: it can run before the Select's label is mounted)."""

    def _watch_value(self, value: Any) -> None:
        self.show_value(value)

    def show_value(self, value: Any) -> None:
        super()._watch_value(value)


class RadioButtonWithMark(RadioButton):
    """`ToggleButton._button` (the property that draws the button) asks `button_mark` for
    the character inside it: Textual has only the one `BUTTON_INNER` for both states."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = self.button_mark()
        return super()._button

    def button_mark(self) -> str:
        return self.BUTTON_INNER


class SteadyInput(Input):
    """`Input._watch_value(value)` (a private watcher) sets `virtual_size` to the text's
    width at every change of length, and `virtual_size` is a layout reactive: each such key
    lays the whole screen out again (most of the cost of a patient input on the options
    stage). The new size is set first with the public `set_reactive`, which skips that
    layout, so Textual's assignment then changes nothing; the box is one line high and its
    scrolling reads `virtual_size` directly, so nothing else needs the layout."""

    def _watch_value(self, value: str) -> None:
        if not self.styles.auto_dimensions:
            self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
