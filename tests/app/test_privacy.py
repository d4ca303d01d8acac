"""Privacy between patients: hide on idle or on demand; too-small windows say so."""

from __future__ import annotations

from sdm_tui.app.factory import make_app
from sdm_tui.app.privacy import PrivacyScreen, TooSmallScreen
from sdm_tui.consultation import rules
from tests.builders import ManualDelays
from tests.screen_text import screen_text

AID = "statins-primary-prevention"


async def test_ctrl_l_hides_everything_until_someone_acts(bundled_library) -> None:
    app = make_app(library=bundled_library, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_consultation(bundled_library.get(AID))
        rules.set_participant(app.consultation, "patient", "Ann Example")
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, PrivacyScreen)
        shown = screen_text(app)
        assert "Ann Example" not in shown
        assert "Statins" not in shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.stage_key == "team"


async def test_idle_time_warns_then_hides(bundled_library) -> None:
    delays = ManualDelays()
    app = make_app(library=bundled_library, recovery=False, idle_seconds=3, delays=delays)
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_consultation(bundled_library.get(AID))
        await pilot.press("tab")  # activity: the idle clock starts again from here
        warned = False
        for _ in range(120):
            if delays.advance(0.05):  # 120 steps of 0.05 s of idle time, none waited for
                await pilot.pause()
            warned = warned or any("hidden" in str(n.message) for n in app._notifications)
            if isinstance(app.screen, PrivacyScreen):
                break
        assert warned, "a warning comes before the screen is hidden"
        assert isinstance(app.screen, PrivacyScreen)
        await pilot.pause()  # the new screen is drawn on the next refresh
        await pilot.pause()
        assert "Screen hidden for privacy" in screen_text(app)


async def test_no_lock_without_a_consultation(bundled_library) -> None:
    delays = ManualDelays()
    app = make_app(library=bundled_library, recovery=False, idle_seconds=0.3, delays=delays)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        delays.advance(0.6)
        await pilot.press("ctrl+l")
        assert not isinstance(app.screen, PrivacyScreen)


async def test_small_window_says_what_it_needs_and_recovers(bundled_library) -> None:
    app = make_app(library=bundled_library, recovery=False)
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "needs at least 80×24" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        assert "Choose a decision aid" in screen_text(app)


async def test_keys_typed_while_the_window_is_too_small_are_not_lost(bundled_library) -> None:
    from textual.widgets import Input

    app = make_app(library=bundled_library, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(60, 18)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("s", "t", "a")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        assert app.screen.query_one("#search", Input).value == "sta"
