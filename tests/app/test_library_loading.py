"""A large library shows its first aids at once and checks the rest after the first screen.

What the screen shows while files are still pending must be right: only checked aids are
listed, the count says how many are still being checked, and broken files found later are
listed like the others. Looking an aid up by id never misses one still pending.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from sdm_tui.aid.library import load_library
from sdm_tui.app.app import SdmApp
from sdm_tui.app.factory import make_app
from sdm_tui.app.screens.library import LOADING_DELAY
from tests.builders import DATA as TEST_DATA
from tests.builders import ManualDelays

DATA = TEST_DATA / "aids"
MINIMAL = DATA / "minimal.toml"
INVALID = DATA / "invalid"


def write_aids(folder: Path, count: int) -> list[str]:
    """`count` valid aids named aid-000.toml ...; their ids in name order."""
    text = MINIMAL.read_text(encoding="utf-8")
    ids = []
    for number in range(count):
        aid_id = f"aid-{number:03d}"
        body = text.replace('id = "minimal"', f'id = "{aid_id}"', 1)
        body = body.replace('title = "Minimal test aid"', f'title = "Aid number {number}"')
        (folder / f"{aid_id}.toml").write_text(body, encoding="utf-8")
        ids.append(aid_id)
    return ids


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "aids"
    path.mkdir()
    return path


def test_first_loads_only_the_first_files(folder: Path) -> None:
    ids = write_aids(folder, 8)
    library = load_library(folder, first=3)
    assert [aid.id for aid in library.aids] == ids[:3]
    assert [path.name for path in library.pending] == [f"{i}.toml" for i in ids[3:]]
    library.load_pending(2)
    assert [aid.id for aid in library.aids] == ids[:5]
    library.load_pending()
    assert [aid.id for aid in library.aids] == ids
    assert library.pending == []


def test_partial_load_ends_as_a_full_load(folder: Path) -> None:
    write_aids(folder, 4)
    shutil.copy(INVALID / "not_toml.toml", folder / "aid-001-broken.toml")
    shutil.copy(MINIMAL, folder / "zz-first-copy.toml")
    shutil.copy(MINIMAL, folder / "zzz-second-copy.toml")  # the same id: a duplicate
    full = load_library(folder)
    partial = load_library(folder, first=2)
    partial.load_pending()
    assert [a.id for a in partial.aids] == [a.id for a in full.aids]
    assert [(f.path, f.problems) for f in partial.failures] == [
        (f.path, f.problems) for f in full.failures
    ]
    assert [f.problems[0].name for f in full.failures] == [
        "toml-syntax",
        "duplicate-aid-id",
        "duplicate-aid-id",
    ]


def test_get_finds_an_aid_still_pending(folder: Path) -> None:
    ids = write_aids(folder, 6)
    library = load_library(folder, first=1)
    aid = library.get(ids[-1])
    assert aid is not None and aid.id == ids[-1]
    assert library.pending == []
    assert library.get("no-such-aid") is None


async def check_the_rest(app: SdmApp, pilot: Pilot, delays: ManualDelays) -> None:
    """Nothing more is checked until the first screen has had its delay; then all is."""
    await pilot.pause()
    assert app.library.pending and delays.pending("load-aids") == 1
    delays.advance(LOADING_DELAY - 0.01)
    assert delays.pending("load-aids") == 1
    delays.advance(0.01)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert not app.library.pending


async def test_screen_lists_the_rest_as_they_are_checked(folder: Path) -> None:
    ids = write_aids(folder, 30)
    shutil.copy(INVALID / "not_toml.toml", folder / "aid-025-broken.toml")
    delays = ManualDelays()
    app = make_app(aids_folder=folder, recovery=False, delays=delays)
    assert len(app.library.aids) < 30 and app.library.pending
    async with app.run_test(size=(100, 30)) as pilot:
        await check_the_rest(app, pilot, delays)
        screen = app.screen
        options = screen.query_one("#aids", OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == ids
        assert options.highlighted == 0
        count = str(screen.query_one("#count", Static).render())
        assert count == "30 of 30 aids · 1 could not be loaded (listed below)"
        assert "aid-025-broken.toml" in str(screen.query_one("#failures .failure").render())


async def test_search_while_checking_keeps_to_the_query(folder: Path) -> None:
    write_aids(folder, 30)
    delays = ManualDelays()
    app = make_app(aids_folder=folder, recovery=False, delays=delays)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"aid-02")  # ids aid-020 ... aid-029, most of them still pending
        await check_the_rest(app, pilot, delays)
        options = app.screen.query_one("#aids", OptionList)
        titles = {options.get_option_at_index(i).id for i in range(options.option_count)}
        assert titles == {f"aid-{n:03d}" for n in range(20, 30)}
        count = str(app.screen.query_one("#count", Static).render())
        assert count == "10 of 30 aids"
