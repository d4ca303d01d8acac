"""SafeSelect survives the race in which Textual's Select sets its value before its label exists.

The race (Textualize/textual#6581) is made certain here: the label mounts a moment late.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.css.query import NoMatches
from textual.widgets import Select, Static
from textual.widgets._select import SelectCurrent, SelectOverlay

from sdm_tui.app.widgets.safe_select import SafeSelect

CHOICES = [("Patient", "patient"), ("Clinician", "clinician")]


class LateLabel(SelectCurrent):
    """Mounts its label only after the first refresh, as a slow machine may."""

    def compose(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.call_after_refresh(self.mount, Static(self.placeholder, id="label"))


def with_late_label(select: type[Select]) -> type[Select]:
    class Late(select):  # type: ignore[misc, valid-type]
        def compose(self) -> ComposeResult:
            yield LateLabel(self.prompt)
            yield SelectOverlay()

    return Late


class OneSelect(App[None]):
    def __init__(self, select: type[Select]) -> None:
        super().__init__()
        self.select_type = select

    def compose(self) -> ComposeResult:
        yield self.select_type(CHOICES, value="clinician", allow_blank=False)


def label_text(app: App[None]) -> str:
    return str(app.query_one("#label", Static).render())


async def test_textuals_select_fails_when_its_label_is_late() -> None:
    app = OneSelect(with_late_label(Select))
    with pytest.raises(NoMatches):
        async with app.run_test() as pilot:
            await pilot.pause()


async def test_safe_select_shows_its_value_once_the_label_is_there() -> None:
    app = OneSelect(with_late_label(SafeSelect))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        assert label_text(app) == "Clinician"
        assert app.query_one(Select).value == "clinician"


async def test_safe_select_is_a_select_when_nothing_is_late() -> None:
    app = OneSelect(SafeSelect)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert label_text(app) == "Clinician"
        await pilot.click(SafeSelect)
        await pilot.press("up", "enter")
        assert app.query_one(Select).value == "patient"
        assert label_text(app) == "Patient"
