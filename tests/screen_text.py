"""What the terminal shows, as plain text, for assertions on screen content."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App


def screen_text(app: App, *, colours: bool = False) -> str:
    """The screen as text; with `colours`, with the escape codes of every colour and style."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=colours)
