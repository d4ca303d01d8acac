"""Widgets that draw each of their looks once, and show it again when it comes back.

Textual draws a widget afresh whenever it changes: the content, then every line styled.
For a scrollbar that is ~2 ms a scroll on these machines, as much as the rest of a grid's
frame. Most of what these widgets show comes back (a table scrolled back and forth, a
view switched and switched back), so what was drawn is kept, by what it shows and every
style that colours it.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

KEPT_LOOKS = 128
"""Plenty for every position of a long table; beyond it, the oldest are forgotten."""


if TYPE_CHECKING:
    _Widget = Widget
else:
    _Widget = object  # a mixin, not a widget: Textual takes CSS types from widget bases


def style_inputs(widget: Widget, rich_style: RichStyle | None = None) -> tuple[object, ...]:
    """Everything besides its content that colours a widget's rendered lines (its own CSS
    rules aside: a change to those calls `notify_style_update`). `rich_style`: the widget's,
    when the caller has it already (each works through every ancestor's styles)."""
    return (
        widget.background_colors,
        widget.rich_style if rich_style is None else rich_style,
        widget.styles.tint,
        widget.opacity,
        widget.app.ansi_theme,
        widget.app.native_ansi_color,
        tuple(map(id, widget.get_line_filters())),
    )


class KeepsLines(_Widget):
    """Mixed in before a widget class: keeps its rendered lines by `look()` and everything
    else that changes them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._kept: dict[tuple[object, ...], list[Strip]] = {}
        super().__init__(*args, **kwargs)

    def look(self) -> Hashable:
        """What the widget shows, apart from its styles."""
        raise NotImplementedError

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._kept.clear()  # its own rules changed (focus, hover, a class, the theme)

    def render_lines(self, crop: Region) -> list[Strip]:
        looks = (
            crop,
            self.size,
            self.look(),
            self.hover_style,  # a link under the mouse is highlighted
            *style_inputs(self),
        )
        strips = self._kept.get(looks)
        if strips is None:
            if len(self._kept) >= KEPT_LOOKS:
                del self._kept[next(iter(self._kept))]
            strips = self._kept[looks] = super().render_lines(crop)
        return strips


class KeptScrollBar(KeepsLines, ScrollBar):
    """Textual's scrollbar, drawn once for each position, size and colour."""

    def look(self) -> Hashable:
        bar = self.render()  # what to draw, not yet drawn: cheap
        assert isinstance(bar, ScrollBarRender)
        return (
            bar.virtual_size,
            bar.window_size,
            bar.position,
            bar.thickness,
            bar.vertical,
            bar.style,
        )


class KeptStatic(KeepsLines, Static):
    """A Static drawn once for each text it is given."""

    def look(self) -> Hashable:
        visual = self.visual
        if isinstance(visual, Content):  # equal Contents may differ in style: not here
            return (visual.plain, tuple(visual.spans))
        return visual
