"""Hostile text from aid files and keyboards: shown as written, inert, never a crash.

Property tests draw aids and typed text from any Unicode, markup-like brackets, control
characters and terminal escape sequences, right-to-left text, emoji and very long words.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdm_tui.aid.library import Library
from sdm_tui.aid.loader import parse_aid
from sdm_tui.app.factory import make_app
from sdm_tui.app.stages import STAGES
from sdm_tui.consultation import rules
from sdm_tui.export.fhir import render_fhir
from sdm_tui.export.html import render_html
from sdm_tui.export.markdown import render_markdown
from sdm_tui.export.md_text import md_escape
from sdm_tui.export.record_json import to_record
from sdm_tui.export.record_model import read_record, record_text
from sdm_tui.store.text import BIDI_CONTROLS, neutralise
from tests.builders import fixed_clock
from tests.screen_text import screen_text

MARKUP = ["[bold]", "[/red]", "[@click=app.quit]x[/]", "[link=https://x]y[/link]", "[/]"]
ESCAPES = ["\x1b]0;owned\x07", "\x1b[2J", "\x1b]52;c;aGk=\x07", "\x9b31m", "\x00", "\x7f"]
PIECES = st.one_of(
    st.sampled_from(MARKUP + ESCAPES + ["שלום עולם", "مرحبا", "🧪👩‍⚕️", "x" * 120, "<b>&amp;"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
)
AID_TEXT = (
    st.lists(PIECES, min_size=1, max_size=4)
    .map("".join)
    .filter(lambda t: t.strip() and not any(c in BIDI_CONTROLS for c in t))
)
TYPED_TEXT = st.lists(
    st.one_of(PIECES, st.sampled_from(sorted(BIDI_CONTROLS))), min_size=1, max_size=5
).map("".join)


def toml_string(text: str) -> str:
    # JSON's escapes (\n, \", \u00XX for C0) are valid TOML; DEL must be escaped too, and
    # characters beyond the BMP stay literal (TOML rejects surrogate-pair escapes).
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


@st.composite
def aids(draw) -> bytes:
    n_options = draw(st.integers(2, 8))
    n_outcomes = draw(st.integers(0, 20))
    text = lambda: toml_string(draw(AID_TEXT))  # noqa: E731
    lines = [
        "format = 1",
        'id = "hostile"',
        f"title = {text()}",
        f"question = {text()}",
        f"summary = {text()}",
        f"audience = {text()}",
        'version = "1"',
        'status = "example"',
        "last_reviewed = 2026-01-01",
        "[[authors]]",
        f"name = {text()}",
        "[[sources]]",
        'id = "s"',
        f"citation = {text()}",
    ]
    for index in range(n_options):
        lines += ["[[options]]", f'id = "o{index}"', f"label = {text()}", f"summary = {text()}"]
        if index == 1:
            lines.append('kind = "no_action"')
    lines += ["[[questions]]", 'id = "q"', f"text = {text()}"]
    lines += [f"answers.o{i} = {text()}" for i in range(n_options)]
    for index in range(n_outcomes):
        lines += [
            "[[outcomes]]",
            f'id = "out{index}"',
            f"label = {text()}",
            f'type = "{"benefit" if index % 2 else "harm"}"',
            "per = 100",
            f"timeframe = {text()}",
            'source = "s"',
        ]
        lines += [f"chance.o{i} = {draw(st.integers(0, 100))}" for i in range(n_options)]
    lines += ["[[values]]", 'id = "v"', f"statement = {text()}", "favours.o0 = 2"]
    lines += ["[[checks]]", f"question = {text()}", f"choices = [{text()}, {text()}]"]
    lines.append("answer = 0")
    return "\n".join(lines).encode("utf-8")


def assert_inert(shown: str) -> None:
    assert "\x1b" not in shown and "\x9b" not in shown and "\x07" not in shown


@pytest.mark.heavy
@pytest.mark.parametrize("batch", range(4))  # 4 x 2 examples: parallel workers share them
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(raw=aids(), typed=TYPED_TEXT)
async def test_any_aid_opens_on_every_screen_as_written(batch: int, raw: bytes, typed: str) -> None:
    aid = parse_aid(raw, Path("hostile.toml"))
    app = make_app(library=Library(None, [aid]), clock=fixed_clock, recovery=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.start_consultation(aid)  # on team talk, the first stage
        rules.set_own_words(app.consultation, "worries", typed)
        rules.set_participant(app.consultation, "patient", typed[:80])
        for stage in STAGES[1:]:
            if stage.key != "team":
                app.go_to_stage(stage.key)
            await pilot.pause()
            assert app.screen.stage_key == stage.key
            assert_inert(screen_text(app))
            title = str(app.screen.query_one("#stage-title").render())
            assert neutralise(aid.title) in title
        assert app.is_running


@settings(max_examples=60, deadline=None)
@given(typed=TYPED_TEXT)
def test_typed_text_reaches_every_export_escaped(minimal_aid, typed: str) -> None:
    c = rules.new_consultation(minimal_aid, clock=fixed_clock)
    rules.set_own_words(c, "worries", typed)
    stored = c.own_words.get("worries")
    expected = neutralise(typed).strip()
    if not expected:
        assert stored is None
        return
    assert stored.value == expected
    assert not any(ch in BIDI_CONTROLS for ch in stored.value), "bidi controls made visible"
    record = to_record(c)
    assert json.loads(record_text(record))["own_words"]["worries"]["text"] == expected
    assert read_record(record_text(record)) == record
    for audience in ("patient", "clinic"):
        markdown = render_markdown(record, audience)
        assert_inert(markdown)
        first_line = next(line for line in expected.splitlines() if line.strip())
        assert md_escape(" ".join(first_line.split())) in " ".join(markdown.split())
        page = render_html(record, audience)
        assert_inert(page)
        assert "<script" not in page.lower()
        for tag in re.findall(r"<([a-z]+)", html.escape(expected)):
            raise AssertionError(f"raw tag {tag} after escaping")
    fhir_text = json.dumps(render_fhir(record), ensure_ascii=False)
    assert_inert(fhir_text)


async def test_markup_in_aid_text_is_literal_on_every_screen_and_clicks_do_nothing(
    minimal_aid,
) -> None:
    from dataclasses import replace

    hostile = "[bold]B[/bold] [/red] [@click=app.quit]x[/]"
    options = tuple(replace(o, label=f"{o.label} {hostile}") for o in minimal_aid.options)
    aid = replace(minimal_aid, title=f"Title {hostile}", options=options)
    app = make_app(library=Library(None, [aid]), clock=fixed_clock, recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert hostile in screen_text(app)
        app.start_consultation(aid)  # on team talk, the first stage
        for stage in STAGES[1:]:
            if stage.key != "team":
                app.go_to_stage(stage.key)
            await pilot.pause()
            assert "[@click=app.quit]x[/]" in screen_text(app)
            await pilot.click("#stage-title", offset=(60, 0))
            await pilot.pause()
            assert app.is_running
