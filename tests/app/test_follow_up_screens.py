"""The follow-up screens: the earlier decision shown first, the answers given through
the widgets (each tagged with who gave it), the export of a record linked to the earlier
one; F6 in the library picks a record (a bad one is named); two snapshots; and, on the
decide screen, what usually helps after SURE <= 3 and a "not yet" held until it has a
way back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input, Select

from sdm_tui.aid.library import Library
from sdm_tui.app.app import SdmApp
from sdm_tui.app.factory import make_app
from sdm_tui.app.screens.follow_up import EarlierDecisionScreen, FollowUpAnswersScreen
from sdm_tui.app.screens.record_picker import RecordPickerScreen
from sdm_tui.app.screens.summary import SummaryScreen
from sdm_tui.consultation.follow_up import decision_now
from sdm_tui.export import to_record
from sdm_tui.export.record_model import read_record, record_text
from tests.builders import fixed_clock, full_consultation


def _earlier_file(folder: Path, aid_library: Library) -> Path:
    aid = aid_library.get("statins-primary-prevention")
    assert aid is not None
    record = to_record(full_consultation(aid))
    path = folder / "sdm-2026-11-26T0428Z-statins-record.json"
    path.write_text(record_text(record), encoding="utf-8")
    return path


def _screen_text(app: SdmApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def _answer(app: SdmApp, pilot: Pilot, select_id: str, value: str) -> None:
    app.screen.query_one(f"#{select_id}", Select).value = value
    await pilot.pause()


async def test_a_follow_up_is_answered_and_exported(
    tmp_path: Path, bundled_library: Library
) -> None:
    earlier_path = _earlier_file(tmp_path, bundled_library)
    (tmp_path / "sdm-broken-record.json").write_text('{"record_format": "x"', encoding="utf-8")
    app = make_app(
        library=bundled_library, clock=fixed_clock, recovery=False, export_folder=tmp_path
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")  # the library's "Review an earlier decision"
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, RecordPickerScreen)
        assert [p.name for p in picker.files][:2] == [
            "sdm-broken-record.json",
            earlier_path.name,
        ]
        await pilot.press("enter")  # the broken one: named, the picker stays
        await pilot.pause()
        assert isinstance(app.screen, RecordPickerScreen)
        problem = str(app.screen.query_one("#picker-problem").render())
        assert "sdm-broken-record.json is not valid JSON" in problem
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EarlierDecisionScreen)
        shown = _screen_text(app)
        assert "The decision: " in shown and "Decided on 2026-11-26" in shown
        assert "How we said we would know it is working: Less tired by spring" in shown
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpAnswersScreen)
        c = app.consultation
        assert c is not None and c.follow_up is not None
        await _answer(app, pilot, "step-0", "done")
        await pilot.press("f2")  # the clinician answers the next one
        await _answer(app, pilot, "step-1", "not_done")
        await _answer(app, pilot, "acted-on", "yes")
        await _answer(app, pilot, "decision-now", f"option:{c.follow_up.earlier.option_id}")
        assert decision_now(c) == "kept"
        assert app.screen.query_one("#regret-box").display  # decided and acted on
        for number in range(1, 6):
            await _answer(app, pilot, f"regret-{number}", "2")
        review = app.screen.query_one("#review", Input)
        review.value = "in 6 months"
        await pilot.pause()
        assert "→ Mon 14 Sep 2026" in str(app.screen.query_one("#review-date").render())
        assert [(e.value, e.contributor) for e in c.follow_up.steps.values()] == [
            ("done", "patient"),
            ("not_done", "clinician"),
        ]
        app.go_to_stage("summary")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        written = sorted(p.name for p in tmp_path.glob("*-record.json"))
        assert len(written) == 3  # the earlier, the broken file, and the follow-up's record
        follow_up_path = next(
            p
            for p in tmp_path.glob("*-record.json")
            if p not in (earlier_path,) and "broken" not in p.name
        )
        record = read_record(follow_up_path.read_bytes())
        earlier = read_record(earlier_path.read_bytes())
        f = record.follow_up_or_none
        assert f is not None and f.earlier.consultation_id == earlier.consultation_id
        assert f.regret is not None and f.regret.score == 45  # "agree" 25 x3, reversed 75 x2
        assert len(list(tmp_path.glob("*-patient.md"))) == 1
        app.go_to_stage("weigh")  # a follow-up has no weigh stage: back to its questions
        await pilot.pause()
        assert isinstance(app.screen, FollowUpAnswersScreen)


def _follow_up_app(tmp_path: Path, library: Library) -> SdmApp:
    path = _earlier_file(tmp_path, library)
    app = make_app(library=library, clock=fixed_clock, recovery=False, export_folder=tmp_path)
    app.pending_follow_up = (read_record(path.read_bytes()), path.name)
    return app


def test_snapshot_follow_up_earlier_100x30(
    snap_compare: Any, tmp_path: Path, bundled_library: Library
) -> None:
    app = _follow_up_app(tmp_path, bundled_library)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_snapshot_follow_up_answers_100x30(
    snap_compare: Any, tmp_path: Path, bundled_library: Library
) -> None:
    app = _follow_up_app(tmp_path, bundled_library)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        sdm_app: SdmApp = pilot.app  # type: ignore[assignment]
        sdm_app.show_follow_up("answers")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


async def test_decide_shows_what_helps_and_holds_a_not_yet_without_a_way_back(
    bundled_library: Library,
) -> None:
    from sdm_tui.app.widgets.confirm_panel import ConfirmPanel
    from sdm_tui.consultation import rules
    from sdm_tui.consultation.record import SURE_ITEMS

    app = make_app(library=bundled_library, clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        aid = bundled_library.get("statins-primary-prevention")
        assert aid is not None
        app.start_consultation(aid)
        await pilot.pause()
        c = app.consultation
        assert c is not None
        for key, _ in SURE_ITEMS:
            rules.set_sure(c, key, key != "understand")  # 3 of 4: possible conflict
        rules.decide_not_yet(c, "more_time")
        app.go_to_stage("decide")
        await pilot.pause()
        reminder = str(app.screen.query_one("#reminder").render())
        assert "SURE score 3 or less: what usually helps" in reminder
        assert "More information" in reminder and "Support" not in reminder
        panel = app.screen.query_one(ConfirmPanel)
        assert panel.query_one("#confirm-patient", Button).disabled
        assert "needs a way back" in str(panel.query_one("#confirm-note").render())
        app.screen.query_one("#no-review", Input).value = "She will ring when ready"
        await pilot.pause()
        assert rules.not_yet_gap(c) is None
        assert not panel.query_one("#confirm-patient", Button).disabled
