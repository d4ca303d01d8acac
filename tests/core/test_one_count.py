"""One count formatter: the screen and every export write the same count the same way.

A count of 2.00001 per 1000 was "2 out of 1000" on screen and in the icon-array caption,
but "2.00001 out of 1000" in the Markdown and HTML tables.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.model import DecisionAid
from sdm_tui.app.widgets.comparison_grid import _count_cell
from sdm_tui.app.widgets.outcome_panel import figure_words
from sdm_tui.consultation import new_consultation
from sdm_tui.export import render_markdown, to_record
from sdm_tui.export.fhir import render_fhir
from sdm_tui.export.html import render_html
from tests.builders import MINIMAL, FixedClock


def _aid_with_count(tmp_path: Path, count: str, per: int) -> DecisionAid:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("per = 100\n", f"per = {per}\n", 1)
    text = text.replace("chance.tablet = 30", f"chance.tablet = {count}", 1)
    path = tmp_path / "count.toml"
    path.write_text(text, encoding="utf-8")
    return load_aid(path)


def _phrases(text: str) -> set[str]:
    return set(re.findall(r"[0-9][0-9.]* out of 1000", text))


def test_screen_and_every_export_show_the_same_count(tmp_path: Path) -> None:
    aid = _aid_with_count(tmp_path, "2.00001", 1000)
    outcome, tablet = aid.outcomes[0], aid.options[0]
    assert outcome.count_for(tablet.id) == 2.00001
    record = to_record(new_consultation(aid, clock=FixedClock()))

    screen = figure_words(outcome, tablet).plain + "\n" + _count_cell(outcome, tablet).plain
    documents = {
        "screen": screen,
        "markdown": render_markdown(record, "clinic"),
        "markdown (patient)": render_markdown(record, "patient"),
        "html": render_html(record, "clinic"),
        "fhir": json.dumps(render_fhir(record), ensure_ascii=False),
    }
    for name, text in documents.items():
        assert "2.00001" not in text, name
        assert "2 out of 1000" in text, name
        assert _phrases(text) <= {"2 out of 1000", "20 out of 1000"}, name


def test_a_count_with_a_decimal_reads_the_same_everywhere(tmp_path: Path) -> None:
    aid = _aid_with_count(tmp_path, "1.3", 1000)
    outcome, tablet = aid.outcomes[0], aid.options[0]
    record = to_record(new_consultation(aid, clock=FixedClock()))
    for text in (
        figure_words(outcome, tablet).plain,
        _count_cell(outcome, tablet).plain,
        render_markdown(record, "clinic"),
        render_html(record, "clinic"),
    ):
        assert "1.3 out of 1000" in text
