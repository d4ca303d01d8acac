"""Hidden characters: bidi controls and zero-width characters made visible as typed.

A paste goes into a text box as it is: a U+202E reached the terminal from the live box
even though the record stored it made visible; a zero-width space makes two ids look
the same. These tests type and paste for real, through the app's event path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from sdm_tui.aid.loader import parse_aid
from sdm_tui.aid.problems import AidLoadError
from sdm_tui.app.factory import make_app
from tests.builders import MINIMAL

HIDDEN = ("\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\x1b", "\x9b")


async def test_a_paste_is_made_visible_in_the_live_box(bundled_library) -> None:
    app = make_app(library=bundled_library, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        search = app.screen.query_one("#search", Input)
        assert app.focused is search
        app.post_message(events.Paste("knee\u202eevil\u200bx\x1b]0;t\x07"))
        await pilot.pause()
        assert not any(character in search.value for character in HIDDEN)
        assert search.value.startswith("knee<U+202E>evil<U+200B>x\u241b")


async def test_a_hidden_character_typed_is_made_visible(bundled_library) -> None:
    app = make_app(library=bundled_library, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        search = app.screen.query_one("#search", Input)
        for character in "a\u202eb\u200bc":
            app.post_message(events.Key(character, character))
        await pilot.pause()
        assert search.value == "a<U+202E>b<U+200B>c"
        await pilot.press("escape")  # keys are still keys
        await pilot.pause()


@pytest.mark.parametrize("hidden", ["\u200b", "\u200d", "\ufeff", "\u2060"])
def test_an_id_with_a_hidden_character_is_refused_and_shown(tmp_path: Path, hidden) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace('id = "tablet"', f'id = "tab{hidden}let"')
    with pytest.raises(AidLoadError) as caught:
        parse_aid(text.encode("utf-8"), tmp_path / "a.toml")
    messages = " ".join(p.message for p in caught.value.problems)
    assert f"<U+{ord(hidden):04X}>" in messages
    assert hidden not in messages
