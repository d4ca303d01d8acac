"""Themes: the high-contrast ones reach 7:1 (WCAG AAA) for every text the app draws, and
each theme the docs name has a snapshot."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from sdm_tui.app.factory import make_app
from sdm_tui.app.themes import HIGH_CONTRAST_THEMES
from sdm_tui.settings.declarations import THEMES
from tests.builders import fixed_clock

AAA = 7.0

SURFACES = (("background",), ("surface",), ("panel",), ("background", "boost"))
"""The backgrounds text sits on: the screen, inputs, panels (stage bar, footer), $boost rows."""

TEXT_PAIRS: list[tuple[str, tuple[str, ...]]] = [
    *[
        (text, surface)
        for text in (
            "foreground",
            "foreground-muted",  # muted spans inside Content (outcome details)
            "text",
            "text-muted",
            "text-primary",
            "text-warning",
            "text-error",
            "text-success",
            "text-accent",
            # Drawn as text: icon arrays ($accent, $text-muted), alignment bars ($primary,
            # $secondary), the focus mark of rating rows ($primary).
            "accent",
            "primary",
            "secondary",
        )
        for surface in SURFACES
    ],
    ("text", ("primary",)),  # the current stage; chosen rating; primary buttons
    ("button-color-foreground", ("primary",)),
    ("button-color-foreground", ("error",)),
    ("button-color-foreground", ("success",)),
    ("button-color-foreground", ("warning",)),
    ("auto 90%", ("warning",)),  # the EXAMPLE / DRAFT / TRAINING banner
    ("auto 90%", ("accent",)),  # the library's "consultation in progress" line
    ("text-warning", ("background", "warning 20%")),  # the SURE test's flag
    ("block-cursor-foreground", ("block-cursor-background",)),  # selected list rows
    ("block-cursor-blurred-foreground", ("background", "block-cursor-blurred-background")),
    ("footer-foreground", ("footer-background",)),
    ("footer-key-foreground", ("footer-background",)),
    ("footer-description-foreground", ("footer-background",)),
    ("input-selection-foreground", ("surface", "input-selection-background")),
]


def relative_luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an opaque sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def contrast_ratio(first: Color, second: Color) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def parse_with_alpha(value: str, variables: dict[str, str]) -> tuple[str, float]:
    """`"$x 20%"`, `"warning 20%"` or `"#abc"` as (colour text, alpha)."""
    name, _, percent = value.partition(" ")
    alpha = float(percent.rstrip("%")) / 100 if percent else 1.0
    return variables.get(name, name), alpha


def layer(under: Color, value: str, variables: dict[str, str]) -> Color:
    """`value` painted over the opaque `under`; "auto" is Textual's contrasting text."""
    text, alpha = parse_with_alpha(value, variables)
    if text.startswith("auto"):
        auto_alpha = float(text.split()[1].rstrip("%")) / 100 if " " in text else 1.0
        return under + under.get_contrast_text(auto_alpha * alpha)
    color = Color.parse(text)
    return under + color.with_alpha(color.a * alpha)


def resolve_background(layers: tuple[str, ...], variables: dict[str, str]) -> Color:
    color = Color.parse(variables["background"])
    for value in layers:
        color = layer(color, value, variables)
    return color


def theme_variables(name: str) -> dict[str, str]:
    from sdm_tui.aid.library import Library

    app = make_app(library=Library(None), recovery=False)
    app.theme = name
    return app.get_css_variables()


@pytest.mark.parametrize("theme", [t.name for t in HIGH_CONTRAST_THEMES])
def test_high_contrast_theme_reaches_aaa_for_every_text_pair(theme: str) -> None:
    variables = theme_variables(theme)
    failures = []
    for text, layers in TEXT_PAIRS:
        background = resolve_background(layers, variables)
        foreground = layer(background, text, variables)
        ratio = contrast_ratio(foreground, background)
        if ratio < AAA:
            failures.append(f"{text} on {'+'.join(layers)}: {ratio:.2f}:1")
    assert not failures, f"{theme} below {AAA}:1: " + "; ".join(failures)


def test_the_check_is_not_vacuous_the_default_theme_has_pairs_below_aaa() -> None:
    variables = theme_variables("textual-dark")
    ratios = []
    for text, layers in TEXT_PAIRS:
        background = resolve_background(layers, variables)
        ratios.append(contrast_ratio(layer(background, text, variables), background))
    assert min(ratios) < AAA


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio(Color(119, 119, 119), Color(255, 255, 255)) == pytest.approx(4.48, 0.01)
    assert contrast_ratio(Color(0, 0, 0), Color(0, 0, 0)) == 1.0


def test_theme_setting_choices_are_exactly_the_themes_the_app_has() -> None:
    registered = set(BUILTIN_THEMES) - {"textual-ansi"}
    registered |= {t.name for t in HIGH_CONTRAST_THEMES}
    assert set(THEMES) == registered


SNAPSHOT_THEMES = ("textual-dark", "high-contrast-dark", "high-contrast-light", "ansi-dark")


def values_stage_app(bundled_library, theme: str):
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    app.theme = theme
    return app


async def open_values_stage(pilot) -> None:
    from sdm_tui.consultation import rules

    app = pilot.app
    await pilot.pause()
    app.start_consultation(app.library.get("statins-primary-prevention"), stage="values")
    first = app.consultation.aid.values[0]
    rules.set_rating(app.consultation, first.id, 3, "patient")  # before the stage is drawn
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("theme", SNAPSHOT_THEMES)
def test_snapshot_values_stage_in_each_theme(snap_compare, bundled_library, theme) -> None:
    app = values_stage_app(bundled_library, theme)
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_values_stage)


def test_snapshot_values_stage_without_colour(snap_compare, bundled_library, monkeypatch) -> None:
    """NO_COLOR: Textual renders in monochrome; the chosen rating still shows (●)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = values_stage_app(bundled_library, "textual-dark")
    assert app.no_color
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_values_stage)
