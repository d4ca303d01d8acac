"""Accessibility: every control reached by Tab in a top-to-bottom order, focus always
visible, nothing shown by colour alone, every stage laid out from 80x24 to 160x50."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widget import Widget

from sdm_tui.aid.library import Library
from sdm_tui.app.factory import make_app
from sdm_tui.app.stages import STAGES
from sdm_tui.consultation import rules
from tests.builders import fixed_clock
from tests.screen_text import screen_text

STATINS = "statins-primary-prevention"
STAGE_KEYS = [stage.key for stage in STAGES]


def focusable_controls(app: App) -> list[Widget]:
    """Every widget on the screen that can take focus now: can_focus, shown, enabled.

    Shown: neither it nor a container of it is hidden (an inactive tab's page is).
    """

    def shown(widget: Widget) -> bool:
        chain = [widget, *(a for a in widget.ancestors if isinstance(a, Widget))]
        return all(w.display and w.visible for w in chain)

    return [widget for widget in app.screen.query("*") if widget.focusable and shown(widget)]


def document_y(widget: Widget) -> int:
    """The widget's top in its screen's whole layout, however its containers are scrolled."""
    return widget.region.y + sum(
        ancestor.scroll_offset.y for ancestor in widget.ancestors if isinstance(ancestor, Widget)
    )


async def open_stage(app, pilot, key: str, size: tuple[int, int] = (100, 30)) -> None:
    await pilot.pause()
    if key != "library":
        app.start_consultation(app.library.get(STATINS), stage=key)
        consultation = app.consultation  # filled in before the stage is first drawn
        for value in consultation.aid.values:
            rules.set_rating(consultation, value.id, 3, "patient")
        option = consultation.aid.options[0].id
        rules.set_leaning(consultation, option, "patient")
    await pilot.pause()
    await pilot.pause()


def statins_app(library: Library, **kwargs):
    return make_app(library=library, clock=fixed_clock, recovery=False, **kwargs)


SIZES = [(80, 24), (100, 30), (160, 50)]


@pytest.mark.parametrize("key", STAGE_KEYS)
async def test_every_stage_by_keyboard_and_at_every_size(bundled_library: Library, key) -> None:
    """One app per stage (an app's start is most of a test's time): Tab reaches every
    control top to bottom, the focused control always looks different, then the stage
    laid out at each size in turn, as a window resized."""
    app = statins_app(bundled_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_stage(app, pilot, key)
        await tab_reaches_every_control_top_to_bottom(app, pilot, key)
        await the_focused_control_always_looks_different(app, pilot, key)
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            lays_out(app, key)
            if key == "options":
                comparison_grid_wraps_words_instead_of_cutting_them(app, size)


async def tab_reaches_every_control_top_to_bottom(app: App, pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    controls = focusable_controls(app)
    assert controls, f"{key}: no focusable control"
    app.screen.set_focus(None)
    await pilot.pause()
    reached: list[Widget] = []
    positions: list[int] = []
    for _ in range(len(controls) + 1):
        await pilot.press("tab")
        await pilot.pause()
        focused = app.focused
        assert focused is not None, f"{key}: Tab left nothing focused"
        if focused in reached:
            break
        reached.append(focused)
        positions.append(document_y(focused))
    missing = [w for w in controls if w not in reached]
    assert not missing, f"{key}: Tab never reaches {missing}"
    assert positions == sorted(positions), f"{key}: Tab jumps back up: {reached}"


def drawn(widget: Widget) -> list[list[tuple[str, object]]]:
    """What the screen shows where `widget` is (its children included), with styles."""
    region = widget.region.intersection(widget.screen.region)
    strips = widget.screen._compositor.render_strips()
    return [
        [(segment.text, segment.style) for segment in strip.crop(region.x, region.right)]
        for strip in strips[region.y : region.bottom]
    ]


async def the_focused_control_always_looks_different(app: App, pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    unmarked = []
    for widget in focusable_controls(app):
        widget.focus()
        await pilot.pause()
        focused = drawn(widget)
        app.screen.set_focus(None)
        await pilot.pause()
        if drawn(widget) == focused:
            unmarked.append(widget)
    assert not unmarked, f"{key}: focus invisible on {unmarked}"


def lays_out(app: App, key: str) -> None:
    text = screen_text(app)
    assert "This window is" not in text  # not the too-small screen
    # The footer is there and not cut: its last key, Help, shows in full.
    assert "f1 Help" in text.rstrip().splitlines()[-1]
    if key != "library":
        assert f"▶{STAGES[STAGE_KEYS.index(key)].number}" in text


def comparison_grid_wraps_words_instead_of_cutting_them(app: App, size: tuple[int, int]) -> None:
    from sdm_tui.app.widgets.comparison_grid import ComparisonGrid

    grid = app.screen.query_one(ComparisonGrid)
    shown = " ".join("".join(text for text, _ in line) for line in drawn(grid))
    words = {
        word.strip(".,;:()\"'")
        for option in app.consultation.aid.options  # type: ignore[attr-defined]
        for word in option.label.split()
    }
    cut = [word for word in words if word and word not in shown]
    assert not cut, f"at {size}: option words cut in the grid: {cut}"


async def test_no_color_still_shows_every_state_in_words_and_symbols(
    bundled_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With NO_COLOR, Textual draws in monochrome: the states must read from the text."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = statins_app(bundled_library)
    async with app.run_test(size=(160, 50)) as pilot:
        assert app.no_color
        await open_stage(app, pilot, "library")
        library = screen_text(app)
        assert "EXAMPLE (not clinically reviewed)" in library  # status badge in words
        await open_stage(app, pilot, "options")
        options = screen_text(app)
        assert "▶3" in options  # the current stage
        assert "⚠ EXAMPLE CONTENT" in options  # the banner
        await pilot.press("o")  # the outcomes view
        await pilot.pause()
        outcomes = screen_text(app)
        assert "✓ Benefit:" in outcomes  # benefit or harm in words and a symbol
        # Icon arrays by shape: out of 1000, compact (█ two people with it, ░ two without).
        assert "█" in outcomes and "░" in outcomes
        assert "▊" in outcomes  # the focused scrolling area's bar
        app.screen.query_one("#outcomes-scroll").scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert "⚠ Harm:" in screen_text(app)
        app.go_to_stage("values")
        await pilot.pause()
        values = screen_text(app)
        assert "●" in values and "○" in values  # ratings: the chosen one by shape
        app.go_to_stage("weigh")
        await pilot.pause()
        weigh = screen_text(app)
        assert "not a recommendation" in weigh.lower()
        app.go_to_stage("decide")
        await pilot.pause()
        rules.decide(app.consultation, app.consultation.aid.options[0].id)
        rules.confirm(app.consultation, "patient")
        app.go_to_stage("decide")
        await pilot.pause()
        app.screen.query_one("#confirm-panel").scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        decide = screen_text(app)
        assert "You are confirming: " in decide  # the choice, kept beside the buttons
        assert "✓ Confirmed by the patient" in decide
        assert "○ Clinician: not confirmed yet" in decide


async def test_the_library_screen_has_its_styles(bundled_library: Library) -> None:
    """Textual 8.2.8 skips the default screen's CSS_PATH; the app loads it itself."""
    app = statins_app(bundled_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#details-pane").styles.border_left[0] == "round"


async def test_tab_reaches_every_control_of_the_settings_screen(bundled_library: Library) -> None:
    app = statins_app(bundled_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        controls = focusable_controls(app)
        app.screen.set_focus(None)
        reached: list[Widget] = []
        for _ in range(len(controls) + 1):
            await pilot.press("tab")
            await pilot.pause()
            if app.focused in reached:
                break
            reached.append(app.focused)
        assert [w for w in controls if w not in reached] == []
        assert [document_y(w) for w in reached] == sorted(document_y(w) for w in reached)


async def test_the_highlighted_aid_is_marked_by_a_symbol_not_only_colour(bundled_library):
    from sdm_tui.app.factory import make_app
    from tests.screen_text import screen_text

    app = make_app(library=bundled_library, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # The first Down from the filter moves to the second aid (Enter in the filter
        # opens the first): Down+Enter opens the second (issue 21).
        await pilot.press("down")
        await pilot.pause()
        marked = [line for line in screen_text(app).splitlines() if "▶ " in line[:6]]
        assert len(marked) == 1
        assert "Depression" in marked[0]  # the library lists aids by title
        await pilot.press("up", "up")  # back to the first, then to the filter
        assert app.focused is app.screen.query_one("#search")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.consultation is not None
        assert app.consultation.aid.title.startswith("Depression")
