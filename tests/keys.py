"""Typing into the app as a terminal sends it: the keys of a text in one burst.

`Pilot.press` waits for the app to go idle twice after every key (40 ms or more each), so a
sentence typed with it costs a test seconds of waiting: 1,100 keys did, a third of the
suite's time. A terminal sends typed and pasted text as a burst of keys; the app takes them
from its queue one by one, in order, through the same bindings and handlers. Tests about
what happens between two keys (the keyboard rules, the risk input's redraws) press them one
at a time instead.
"""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key  # private: the key name Pilot.press gives a character
from textual.pilot import Pilot


async def type_text(pilot: Pilot, text: str) -> None:
    """Send `text`'s keys to the app at once, then wait once for it to handle them."""
    app = pilot.app
    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        app.post_message(events.Key(key, character).set_sender(app))
    await pilot.pause()
