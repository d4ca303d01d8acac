"""The app in Spanish: the stage bar, the help screen, and a yes/no answered with "s"."""

from __future__ import annotations

from sdm_tui.aid.library import Library
from sdm_tui.app.factory import make_app
from sdm_tui.app.screens.help import HelpScreen
from sdm_tui.app.widgets.yes_no import YesNo
from tests.builders import fixed_clock
from tests.screen_text import screen_text

STATINS = "statins-primary-prevention"


async def test_stage_bar_help_and_yes_no_in_spanish(
    spanish: None, bundled_library: Library
) -> None:
    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_consultation(bundled_library.get(STATINS), stage="weigh")
        await pilot.pause()
        text = screen_text(app)
        assert "1 Guía  2 Equipo  3 Opciones  4 Lo importante ▶5 Sopesar  6 Decidir  7 Resumen" in (
            text
        )

        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Ayuda: Sopesar" in text
        assert "Frases que puede usar:" in text
        assert "«Viendo esto, ¿hacia dónde se inclina?»" in text
        await pilot.press("escape")

        first, second = list(app.screen.query(YesNo))[:2]
        first.focus()
        await pilot.press("s")
        assert first.answer is True
        assert "● Sí" in first.render().plain
        second.focus()
        await pilot.press("n")
        assert second.answer is False
        await pilot.press("y")  # y answers yes in every language
        assert second.answer is True
        assert [app.consultation.sure[key].value for key in ("sure", "understand")] == [
            True,
            True,
        ]
