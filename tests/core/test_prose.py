"""Authors' text as paragraphs: single line breaks are spaces, blank lines paragraphs."""

from __future__ import annotations

from pathlib import Path

from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.prose import flow, paragraphs
from tests.builders import MINIMAL


def test_single_line_breaks_are_spaces_and_blank_lines_paragraphs() -> None:
    text = (
        "The tablet lowers\nthe chance of a flare-up.\n\n  Some people\r\nget an upset stomach.\n"
    )
    assert paragraphs(text) == [
        "The tablet lowers the chance of a flare-up.",
        "Some people get an upset stomach.",
    ]
    assert flow(text) == (
        "The tablet lowers the chance of a flare-up.\n\nSome people get an upset stomach."
    )


def test_blank_lines_of_spaces_and_several_blank_lines_make_one_break() -> None:
    assert paragraphs("One.\n   \n\n\nTwo.") == ["One.", "Two."]
    assert flow("") == "" and paragraphs(" \n ") == []


def test_the_loader_gives_every_screen_and_export_flowed_text(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        'summary = "A test aid with two options."',
        'summary = """\nA test aid\nwith two options.\n\nA second paragraph."""',
    )
    path = tmp_path / "aid.toml"
    path.write_text(text, encoding="utf-8")
    assert load_aid(path).summary == "A test aid with two options.\n\nA second paragraph."
