"""`sdm-tui preview FILE`: redrawn at each save, errors beside the last good version."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Tabs

from sdm_tui.app.preview import PreviewApp, make_preview_app
from sdm_tui.app.widgets.preview_panels import LintPanel, PreviewStatus, ProblemsPanel
from sdm_tui.cli import main
from sdm_tui.consultation import rules
from tests.builders import ROOT, fixed_clock
from tests.conftest import DATA
from tests.keys import type_text
from tests.screen_text import screen_text

MINIMAL = (DATA / "aids" / "minimal.toml").read_text(encoding="utf-8")
LABEL = 'label = "Take the tablet"'
WAIT_SECONDS = 8.0


def write(path: Path, text: str) -> None:
    """Save as most editors do: a new file renamed over the old one."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def broken(text: str) -> str:
    """The aid with a count that is text, not a number: error SDM003 on that line."""
    return text.replace("chance.tablet = 30", 'chance.tablet = "thirty"')


async def wait_for(pilot: Pilot, condition: Callable[[], bool]) -> None:
    """Pause until `condition` holds, up to WAIT_SECONDS (about 0.2 s here when idle)."""
    loop = pilot.app._loop  # type: ignore[attr-defined]
    started = loop.time()
    while not condition():
        if loop.time() - started > WAIT_SECONDS:
            raise AssertionError("the preview did not update in time")
        await pilot.pause(0.05)
    await pilot.pause()


def on_screen(app: PreviewApp, text: str) -> bool:
    return text in screen_text(app)


@pytest.fixture
def aid_file(tmp_path: Path) -> Path:
    path = tmp_path / "aids" / "tablet.toml"
    path.parent.mkdir()
    path.write_text(MINIMAL, encoding="utf-8")
    return path


@pytest.fixture(params=["watchfiles", "polling"])
def watcher(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "polling":
        monkeypatch.setenv("SDM_TUI_PREVIEW_POLL", "1")
    return str(request.param)


async def test_each_save_appears_on_the_same_stage(aid_file: Path, watcher: str) -> None:
    app = make_preview_app(aid_file, stage="options", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, "Take the tablet"))
        assert app.current_stage.key == "options"
        assert on_screen(app, "PREVIEW")
        await pilot.pause(0.3)  # the watch is set up

        write(aid_file, MINIMAL.replace(LABEL, 'label = "Take the pill"'))
        await wait_for(pilot, lambda: on_screen(app, "Take the pill"))
        assert app.current_stage.key == "options"
        assert app.consultation is not None
        assert app.consultation.mode == "preview"
        assert "Reloaded 09:30:00 · 0 errors" in screen_text(app)

        write(aid_file, broken(MINIMAL))
        panel = app.screen.query_one(ProblemsPanel)
        await wait_for(pilot, lambda: panel.display)
        text = screen_text(app)
        line = MINIMAL.splitlines().index("chance.tablet = 30") + 1
        assert f"tablet.toml:{line}:" in text
        assert "error[SDM003]" in text
        assert "Take the pill" in text  # the last good version stays
        assert "showing the version of 09:30:00" in text
        assert app.current_stage.key == "options"

        write(aid_file, MINIMAL)
        await wait_for(pilot, lambda: on_screen(app, "Take the tablet"))
        assert not app.screen.query_one(ProblemsPanel).display
        assert app.current_stage.key == "options"


async def test_a_broken_file_at_start_waits_for_the_first_good_save(aid_file: Path) -> None:
    write(aid_file, broken(MINIMAL))
    app = make_preview_app(aid_file, stage="weigh", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, "No good version of tablet.toml yet"))
        text = screen_text(app)
        assert "error[SDM003]" in text
        assert "no good version yet" in text
        assert app.consultation is None
        await pilot.pause(0.3)

        write(aid_file, MINIMAL)
        await wait_for(pilot, lambda: app.current_stage.key == "weigh")
        assert not app.screen.query_one(ProblemsPanel).display
        assert "No good version" not in screen_text(app)


async def test_lint_panel_toggles_with_f6(aid_file: Path) -> None:
    write(aid_file, MINIMAL.replace('kind = "no_action"\n', ""))  # lint SDM101
    app = make_preview_app(aid_file, stage="team", clock=fixed_clock, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lint = app.screen.query_one(LintPanel)
        assert not lint.display
        assert "1 warning" in str(app.screen.query_one(PreviewStatus).render())
        await pilot.press("f6")
        assert lint.display
        assert "warning[SDM101]" in screen_text(app)
        await pilot.press("ctrl+n")  # the panel stays shown on the next stage
        await pilot.pause()
        assert app.current_stage.key == "options"
        assert app.screen.query_one(LintPanel).display
        await pilot.press("f6")
        assert not app.screen.query_one(LintPanel).display
        assert "warning[SDM101]" not in screen_text(app)


@pytest.mark.parametrize("stage", ["team", "options", "values", "weigh", "decide", "summary"])
async def test_any_stage_opens_directly(aid_file: Path, stage: str) -> None:
    app = make_preview_app(aid_file, stage=stage, clock=fixed_clock, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        # Wait for the stage's own screen, so that the test never ends while it is mounting
        # (Textual's Select fails if its screen closes mid-mount).
        await wait_for(pilot, lambda: getattr(app.screen, "stage_key", None) == stage)
        assert app.current_stage.key == stage
        assert on_screen(app, "PREVIEW – author mode")


async def test_author_text_is_shown_literally(aid_file: Path) -> None:
    hostile = "[bold]x [/red] [@click=app.quit]y[/]"
    text = MINIMAL.replace(LABEL, f'label = "{hostile}"')
    write(aid_file, text.replace("chance.tablet = 30", f'chance.tablet = "{hostile}"'))
    app = make_preview_app(aid_file, stage="options", clock=fixed_clock, watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert hostile in screen_text(app)  # in the problems panel's quoted line
        write(aid_file, MINIMAL.replace(LABEL, f'label = "{hostile}"'))
        await app.reload()
        await pilot.pause()
        assert app.current_stage.key == "options"
        assert "[bold]x [/red]" in screen_text(app)
        assert app.is_running


async def test_a_preview_writes_nothing_to_home(
    aid_file: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(aid_file.parent)
    app = make_preview_app(aid_file, stage="team", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.recovery is None and app.autosaver is None
        await pilot.press("tab")
        await type_text(pilot, "Alex")
        write(aid_file, MINIMAL.replace(LABEL, 'label = "Take the pill"'))
        await app.reload()
        await pilot.press("ctrl+q")
    assert [p for p in private_home.rglob("*") if p.is_file()] == []
    assert sorted(p.name for p in aid_file.parent.iterdir()) == ["tablet.toml"]


async def test_a_save_keeps_the_stage_tab_scroll_and_entries(tmp_path: Path) -> None:
    """Each save used to jump back to the Compare tab, the top, and no ratings; and the
    problems panel could not scroll to its last errors. Reloads are called directly: no
    watcher, no waits."""
    aid_file = tmp_path / "statins.toml"
    text = (ROOT / "decision_aids" / "statins-primary-prevention.toml").read_text("utf-8")
    aid_file.write_text(text, encoding="utf-8")
    app = make_preview_app(aid_file, stage="values", clock=fixed_clock, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.consultation is not None
        value_id = app.consultation.aid.values[0].id
        rules.set_rating(app.consultation, value_id, 3)
        app.go_to_stage("options")
        await pilot.pause()
        await pilot.press("o")  # the Outcomes tab
        await pilot.pause()
        scroll = app.screen.query_one("#outcomes-scroll")
        assert scroll.max_scroll_y > 4
        scroll.scroll_to(0, 4, animate=False, immediate=True)
        await pilot.pause()

        write(aid_file, text.replace('label = "Take a statin"', 'label = "Take a statin daily"'))
        await app.reload()
        for _ in range(10):  # frames, not time: the new screen lays out, then scrolls back
            await pilot.pause()
            if (
                app.screen.query("#outcomes-scroll")
                and app.screen.query_one("#outcomes-scroll").scroll_y
            ):
                break
        assert app.consultation is not None and app.current_stage.key == "options"
        assert "Take a statin daily" in [o.label for o in app.consultation.aid.options]
        assert app.screen.query_one("#views", Tabs).active == "outcomes"
        assert app.screen.query_one("#outcomes-scroll").display
        assert app.screen.query_one("#outcomes-scroll").scroll_y == 4
        assert app.consultation.ratings[value_id].value == 3

        many = text.replace("years = 10", 'years = "ten"').replace(
            'label = "Take a statin"', 'labelx = "Take a statin"'
        )
        write(aid_file, many.replace("[[outcomes]]", "[[outcomes]]\nnope = 1"))
        await app.reload()
        await pilot.pause()
        panel = app.screen.query_one(ProblemsPanel)
        assert panel.display and panel.max_scroll_y > 0, "more errors than fit: it scrolls"
        panel.focus()
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()  # End scrolls smoothly: wait for its end
        assert panel.scroll_y == panel.max_scroll_y


def test_problems_panel_snapshot(aid_file: Path, snap_compare: Callable[..., bool]) -> None:
    app = make_preview_app(aid_file, stage="options", clock=fixed_clock, watch=False)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        write(aid_file, broken(MINIMAL))
        await app.reload()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


# -- the command ----------------------------------------------------------------------------


def test_missing_file_is_a_usage_mistake(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["preview", str(tmp_path / "nope.toml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_not_a_toml_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    text_file = tmp_path / "aid.txt"
    text_file.write_text(MINIMAL, encoding="utf-8")
    assert main(["preview", str(text_file)]) == 2
    assert "not a .toml file" in capsys.readouterr().err
    assert main(["preview", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_unknown_stage_is_a_usage_mistake(aid_file: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["preview", str(aid_file), "--stage", "nowhere"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize("text", [MINIMAL, broken(MINIMAL)])
def test_a_file_opens_and_closes_with_0(
    aid_file: Path, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(aid_file, text)
    opened: list[PreviewApp] = []

    def run_quietly(app: PreviewApp) -> None:
        opened.append(app)

    monkeypatch.setattr(PreviewApp, "run", run_quietly)
    assert main(["preview", str(aid_file), "--stage", "decide"]) == 0
    (app,) = opened
    assert app.mode.name == "preview"
    assert app.preview is not None
    assert app.preview.stage == "decide"
    assert (app.preview.good is None) == (text != MINIMAL)
