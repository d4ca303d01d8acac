"""Citation markers shown as numbered references: the core's numbering, the screens (the grid
and About this aid's Sources) and the documents (Markdown and HTML)."""

from __future__ import annotations

from sdm_tui.aid.citations import marker_numbers, number_markers, numbered, reference_lines
from sdm_tui.aid.model import DecisionAid
from sdm_tui.app.screens.about import AboutAidScreen
from sdm_tui.export import render_markdown, to_record
from sdm_tui.export.html import render_html
from tests.app.test_screen_options import app_for, column_texts, grid_table, open_options, text_of
from tests.builders import full_consultation
from tests.citation_aid import OTHER_CITATION, OTHER_URL, cited_aid
from tests.screen_text import screen_text


def test_sources_number_in_order_and_outcomes_take_their_sources_number() -> None:
    numbers = marker_numbers(["a", "b"], {"out": "b", "lost": "nowhere"})
    assert numbers == {"a": 1, "b": 2, "out": 2}
    assert numbered("x [@b][@a] y [@out] [@nowhere] [a] [@bad id]", numbers) == (
        "x [2][1] y [2] [@nowhere] [a] [@bad id]"
    )


def test_aid_text_and_reference_list(minimal_aid: DecisionAid) -> None:
    aid = cited_aid(minimal_aid)
    assert number_markers(aid, aid.questions[0].answers["none"]) == "Nothing [1][1]."
    assert reference_lines(aid) == [
        "[1] A. Author. A trial. Journal 2020;1:1-2.",  # the year is in the citation already
        f"[2] {OTHER_CITATION} (2021) {OTHER_URL}",
    ]


async def test_grid_and_about_show_numbers_and_sources(minimal_aid: DecisionAid) -> None:
    aid = cited_aid(minimal_aid)
    app = app_for(aid)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_options(app, pilot, aid)
        _, tablet, none = column_texts(grid_table(app))
        assert tablet[0] == "Helps 3 in 100 [2]."
        assert none[0] == "Nothing [1][1]."
        assert "[@" not in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AboutAidScreen)
        assert "Sources" in screen_text(app)
        sources = text_of(app.screen.query_one("#sources"))  # type: ignore[arg-type]
        assert sources.split("\n\n") == reference_lines(aid)
        assert f"[2] {OTHER_CITATION} (2021) {OTHER_URL}" in sources  # as typed, not markup
        assert not app.screen.query_one("#sources").render().spans  # type: ignore[union-attr]


def test_documents_number_markers_and_list_sources(minimal_aid: DecisionAid) -> None:
    record = to_record(full_consultation(cited_aid(minimal_aid)))
    # The record keeps the author's text; the documents number it.
    assert record.aid.options[0].summary == "One tablet [@other]."
    markdown = render_markdown(record, "patient")
    assert "One tablet \\[2\\]." in markdown
    assert "## Sources" in markdown
    assert "\\[1\\] A. Author. A trial. Journal 2020;1:1-2." in markdown
    assert (
        "\\[2\\] B. &lt;Other&gt; &amp; \\[b\\]co\\[/b\\]. A cohort. \\(2021\\) "
        "https\\://example.org/study?a=1&amp;b=&lt;2&gt;"  # escaped: not a live link
    ) in markdown
    assert "[@" not in markdown
    for audience in ("patient", "clinic"):
        html = render_html(record, audience)
        assert "One tablet [2]." in html
        assert '<section class="part" id="sources">' in html
        assert (
            "<p>[2] B. &lt;Other&gt; &amp; [b]co[/b]. A cohort. (2021) "
            "https://example.org/study?a=1&amp;b=&lt;2&gt;</p>"
        ) in html
        assert "<a " not in html  # the URL is text, not a link
        assert "[@" not in html
