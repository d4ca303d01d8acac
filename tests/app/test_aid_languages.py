"""An aid in several languages on the library stage: one entry listing its languages (also
when a translation is checked after its original is listed), F7 to start in another, and
right-to-left text that breaks nothing; a consultation in a translation comes back in it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from sdm_tui.aid.library import Library, load_library
from sdm_tui.app.factory import make_app
from sdm_tui.app.recovery import AUTOSAVE_DELAY, RecoveryScreen
from sdm_tui.app.screens.library import LOADING_DELAY
from tests.builders import ManualDelays, fixed_clock
from tests.screen_text import screen_text
from tests.translated_aids import ARABIC_WORDS, HEBREW_WORDS, write_rtl_pair


def _words(table: dict[str, str], english: str) -> str:
    return table[f'"{english}"'].strip('"')


async def test_an_arabic_aid_with_a_hebrew_translation_starts_in_either(tmp_path: Path) -> None:
    _, hebrew_file = write_rtl_pair(tmp_path)
    hebrew_file.rename(tmp_path / "zz-rtl.he.toml")  # checked after its original is listed
    library = load_library(tmp_path, first=1)
    delays = ManualDelays()
    app = make_app(library=library, clock=fixed_clock, recovery=False, delays=delays)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert _words(ARABIC_WORDS, "Minimal test aid") in text
        assert "ar · EXAMPLE" in text and "f7 Language" not in text  # one language so far

        delays.advance(LOADING_DELAY)  # the translation is checked now
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "ar · he · EXAMPLE" in text and "f7 Language" in text
        assert app.screen.query_one("#aids", OptionList).option_count == 1  # one entry

        await pilot.press("f7")
        await pilot.pause()
        text = screen_text(app)
        assert "ar · he (starts in he)" in text
        assert _words(HEBREW_WORDS, "Minimal test aid") in text  # the entry and its details

        await pilot.press("enter")
        await pilot.pause()
        consultation = app.consultation
        assert consultation is not None and consultation.aid.language == "he"
        app.go_to_stage("options")
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert _words(HEBREW_WORDS, "Take the tablet") in text
        assert _words(HEBREW_WORDS, "No tablet") in text and "What does it involve?" in text


async def test_a_consultation_in_spanish_is_resumed_in_spanish(
    bundled_library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "recovery"
    delays = ManualDelays()
    app = make_app(
        library=bundled_library,
        clock=fixed_clock,
        recovery_folder=folder,
        delays=delays,
        export_folder=tmp_path,  # a consultation that cannot be resumed is rescued here
    )
    spanish = bundled_library.pick("statins-primary-prevention", "es")
    assert spanish is not None and spanish.language == "es"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.start_consultation(spanish, stage="options")
        await pilot.pause()
        delays.advance(AUTOSAVE_DELAY)
        # The app "crashes": the consultation is never ended, so its file stays.
    app.recovery.close()

    second = make_app(
        library=bundled_library, clock=fixed_clock, recovery_folder=folder, export_folder=tmp_path
    )
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(second.screen, RecoveryScreen)
        await pilot.click("#resume")
        await pilot.pause()
        resumed = second.consultation
        assert resumed is not None and resumed.aid.sha256 == spanish.sha256
        assert "Tomar una estatina" in screen_text(second)
        second.end_consultation()
