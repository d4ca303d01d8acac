"""The keyboard never surprises (issue 21): one rule for digits, typing after Tab lands in
the new field, a box scrolled out of sight comes back before it takes keys, and the radio
cursor shows by shape."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from sdm_tui.aid.library import Library
from sdm_tui.app.factory import make_app
from sdm_tui.consultation import rules
from tests.builders import fixed_clock
from tests.screen_text import screen_text


async def test_digits_keys_and_tab_bursts_follow_one_rule(bundled_library: Library) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        aid = bundled_library.aids[0]
        app.start_consultation(aid)
        await pilot.pause()
        c = app.consultation
        assert c is not None

        # A burst of typing right after Tab lands in the new field: the keys arrive
        # together, as from a fast typist or a terminal multiplexer, before any is handled.
        app.screen.query_one("#patient-name").focus()
        await pilot.pause()
        burst = ("A", "tab", *"MRN7", "tab", "tab", *"Dr Lee", "tab", *"GP")
        for key in burst:  # name, record number, (its system), clinician, role
            app.post_message(events.Key(key, "\t" if key == "tab" else key))
        await pilot.pause()
        await pilot.pause()
        assert [p.name for p in c.participants] == ["A", "Dr Lee"]
        assert c.participants[1].detail == "GP"
        assert c.patient_identifier is not None
        assert c.patient_identifier.value.value == "MRN7"

        # On a rating every digit is the rating's: 2 rates, 5-9 jump nowhere.
        app.go_to_stage("values")
        await pilot.pause()
        await pilot.pause()
        app.screen.query_one("#rating-0").focus()
        await pilot.pause()
        await pilot.press("5", "2", "7")
        assert app.screen.stage_key == "values"
        assert c.ratings[aid.values[0].id].value == 2

        # A box scrolled out of sight comes back into view before it takes a key.
        words = app.screen.query_one("#words-worries")
        words.focus()
        await pilot.pause()
        app.screen.query_one("#values-scroll").scroll_home(animate=False, immediate=True)
        await pilot.pause()
        where = app.screen.find_widget(words)
        assert not where.region.overlaps(where.clip)  # out of sight
        await pilot.press("Q")
        await pilot.pause()
        where = app.screen.find_widget(words)
        assert where.clip.contains_region(where.region)
        assert "Q" in screen_text(app)

        # A burst across parts (the choice is both's, the plan the clinician's): only the
        # box with the focus says who is typing, and the others keep their own titles.
        rules.decide(c, aid.options[0].id)
        app.go_to_stage("decide")
        await pilot.pause()
        await pilot.pause()
        app.screen.query_one("#choice").focus()
        await pilot.pause()
        for key in ("tab", "tab", *"Go", "tab", "tab", *"Mon", "enter"):
            app.post_message(events.Key(key, {"tab": "\t", "enter": "\r"}.get(key, key)))
        for _ in range(4):
            await pilot.pause()
        assert [(s.what, s.by_when, s.contributor) for s in c.plan] == [("Go", "Mon", "clinician")]
        titled = [w for w in app.screen.query(Input) if "typing as" in str(w.border_title)]
        assert titled == [app.focused]

        # Away from ratings and boxes, digits still jump to a stage.
        app.screen.set_focus(None)
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.stage_key == "team"


async def test_the_radio_cursor_shows_by_shape_without_colour(
    bundled_library: Library, monkeypatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_consultation(bundled_library.aids[0])
        await pilot.pause()
        roles = app.screen.query_one("#preferred-role")
        roles.scroll_visible(animate=False, immediate=True)
        assert "▶○▌" not in screen_text(app)  # no cursor while the list has no focus
        roles.focus()
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "▶○▌" in line]
        assert len(lines) == 1
        assert "together" in lines[0]  # the second choice: decide together
