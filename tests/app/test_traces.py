"""No traces of a patient outside the exports: crash reports, screenshots, logs."""

from __future__ import annotations

import pytest
from rich.console import Console

from sdm_tui import cli
from sdm_tui.app.factory import make_app
from sdm_tui.consultation import rules
from sdm_tui.store.crash import describe_crash

SECRET = "Jane Secret-Patient"


class Boom(Exception):
    pass


def raise_with_secret_locals() -> None:
    patient_name = SECRET  # a local variable Textual's own report would print
    raise Boom(f"failed for {patient_name}")


def test_crash_description_names_the_place_not_the_data() -> None:
    try:
        raise_with_secret_locals()
    except Boom as error:
        text = describe_crash(error)
    assert "Boom" in text and "line" in text
    assert SECRET not in text


async def test_an_unhandled_error_shows_no_local_variables(bundled_library, monkeypatch) -> None:
    app = make_app(library=bundled_library, recovery=False)
    printed: list[object] = []
    monkeypatch.setattr(
        app, "_print_error_renderables", lambda: printed.extend(app._exit_renderables)
    )
    with pytest.raises(Boom):
        async with app.run_test() as pilot:
            app.start_consultation(bundled_library.get("statins-primary-prevention"))
            rules.set_participant(app.consultation, "patient", SECRET)
            app.call_later(raise_with_secret_locals)
            await pilot.pause()
    console = Console(record=True, width=100)
    for renderable in printed:
        console.print(renderable)
    shown = console.export_text()
    assert "internal error: Boom" in shown
    assert SECRET not in shown


async def test_command_palette_offers_no_screenshot(bundled_library) -> None:
    app = make_app(library=bundled_library, recovery=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        titles = [command.title.lower() for command in app.get_system_commands(app.screen)]
    assert titles, "the palette still offers its other commands"
    assert not any("screenshot" in title for title in titles)


def test_textual_log_is_switched_off_for_the_app(monkeypatch, tmp_path) -> None:
    log = tmp_path / "textual.log"
    monkeypatch.setenv("TEXTUAL_LOG", str(log))
    started = {}

    class FakeApp:
        return_code = 0

        def run(self) -> None:
            import os

            started["log"] = os.environ.get("TEXTUAL_LOG")

    monkeypatch.setattr("sdm_tui.app.factory.make_app", lambda **kwargs: FakeApp())
    assert cli.main(["run", "--no-recovery"]) == 0
    assert started["log"] is None
