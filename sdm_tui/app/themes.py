"""High-contrast themes, light and dark: every text the app draws reaches 7:1 (WCAG AAA).

tests/app/test_themes.py computes the contrast of each text and background pair the app's
styles use, from the colours these themes resolve to. Text variables are "auto" (black or
white, whichever contrasts more) wherever text may sit on a coloured background.
"""

from __future__ import annotations

from textual.app import App
from textual.theme import Theme

HIGH_CONTRAST_DARK = Theme(
    name="high-contrast-dark",
    dark=True,
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    # No panel: Textual then applies `boost` (it ignores it when a panel is given).
    boost="#ffffff1a",
    primary="#00d7ff",
    secondary="#ffaf00",
    accent="#ffa0ff",
    warning="#ffd700",
    error="#ff8080",
    success="#5fff87",
    variables={
        "text": "auto 100%",
        "text-muted": "auto 85%",
        "text-disabled": "auto 70%",
        "foreground-muted": "#d9d9d9",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#00d7ff",
        "block-cursor-blurred-foreground": "#ffffff",
        "block-cursor-blurred-background": "#00566b",
        "input-selection-background": "#00d7ff",
        "input-selection-foreground": "#000000",
        "footer-key-foreground": "#ffd700",
        "border-blurred": "#8a8a8a",
    },
)

HIGH_CONTRAST_LIGHT = Theme(
    name="high-contrast-light",
    dark=False,
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#e8e8e8",
    primary="#0030a0",
    secondary="#6a00a8",
    accent="#6a00a8",
    # Dark enough for white banner text; Textual derives $text-warning from it.
    warning="#6b4400",
    error="#b00000",
    success="#006400",
    variables={
        "text": "auto 100%",
        "text-muted": "auto 85%",
        "text-disabled": "auto 70%",
        "foreground-muted": "#262626",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-background": "#0030a0",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#c7d3f0",
        "input-selection-background": "#0030a0",
        "input-selection-foreground": "#ffffff",
        "footer-key-foreground": "#0030a0",
        "border-blurred": "#6e6e6e",
    },
)

HIGH_CONTRAST_THEMES = (HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT)


def register_themes(app: App) -> None:
    for theme in HIGH_CONTRAST_THEMES:
        app.register_theme(theme)
