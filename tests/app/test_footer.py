"""The footer: its keys are there from the first frame, and it is rebuilt only when the keys
it shows change."""

from __future__ import annotations

import pytest

from sdm_tui.aid.library import Library
from sdm_tui.app.factory import make_app
from sdm_tui.app.widgets.footer import Footer
from tests.builders import fixed_clock
from tests.screen_text import screen_text


@pytest.fixture
def rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[Footer]:
    rebuilt: list[Footer] = []
    recompose = Footer.recompose

    async def counted(self: Footer) -> None:
        rebuilt.append(self)
        await recompose(self)

    monkeypatch.setattr(Footer, "recompose", counted)
    return rebuilt


async def test_the_first_screen_has_its_keys_without_a_rebuild(
    bundled_library: Library, rebuilds: list[Footer]
) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "^q Quit" in text
        assert "f1 Help" in text
        assert rebuilds == []


async def test_keys_that_change_rebuild_it(
    bundled_library: Library, rebuilds: list[Footer]
) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_consultation(bundled_library.aids[0])
        await pilot.pause()
        assert "v One/all" not in screen_text(app)
        app.go_to_stage("options")  # the grid has keys of its own
        await pilot.pause()
        await pilot.pause()
        assert "v One/all" in screen_text(app)
        rebuilt = len(rebuilds)
        await pilot.press("down", "up")  # same keys: nothing rebuilt
        await pilot.pause()
        assert len(rebuilds) == rebuilt


async def test_resume_is_offered_only_with_a_consultation_to_go_back_to(
    bundled_library: Library,
) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Resume" not in screen_text(app)
        await pilot.press("ctrl+n")  # nothing to resume: nothing happens
        assert app.consultation is None
        app.start_consultation(bundled_library.aids[0])
        await pilot.pause()
        await pilot.press("ctrl+b")  # back to the library, the consultation kept
        await pilot.pause()
        assert app.current_stage.key == "library"
        assert "^n Resume" in screen_text(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.current_stage.key == "team"
