"""The printable HTML copies: self-contained, inert, consistent with Markdown, and what a
real browser shows and prints."""

from __future__ import annotations

import copy
import dataclasses
import html
import html.parser
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sdm_tui.consultation import new_consultation
from sdm_tui.export import render_html, render_markdown, to_record, write_exports
from sdm_tui.export.html import CONTENT_SECURITY_POLICY
from sdm_tui.export.record_model import RecordError
from tests.builders import HOSTILE, FixedClock, minimal_aid
from tests.export_records import ALL_RECORDS, full_record, not_yet_record, training_record

AUDIENCES = ("patient", "clinic")
# What our pages are made of; anything else came from someone's text.
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "section", "div",
    "h1", "h2", "h3", "p", "strong", "em", "br", "ul", "li", "table", "thead", "tbody", "tr",
    "th", "td", "blockquote", "figure", "figcaption", "svg", "path",
}  # fmt: skip


_INLINE = {"strong", "em", "b", "i", "span", "svg", "path"}


class Page(html.parser.HTMLParser):
    """What a browser would build from the text: tags, attributes, visible text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self._skip = 0
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in _INLINE:
            self.text_parts.append(" ")
        if tag in ("style", "title", "head"):
            self._skip += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "head"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip <= 0:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text_parts))

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def full() -> dict[str, Any]:
    return full_record()


# -- structure and safety --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALL_RECORDS))
@pytest.mark.parametrize("audience", AUDIENCES)
def test_page_is_self_contained_and_inert(name: str, audience: str) -> None:
    text = render_html(ALL_RECORDS[name](), audience)  # type: ignore[arg-type]
    assert text.startswith("<!DOCTYPE html>\n")
    page = Page(text)
    assert {tag for tag, _ in page.tags} <= OUR_TAGS
    assert not page.find("script") and not page.find("link") and not page.find("img")
    for _, attrs in page.tags:
        assert not {"src", "href", "action", "srcset"} & set(attrs)
        assert not any(name.startswith("on") for name in attrs)
    assert "url(" not in text and "@import" not in text
    # The only URLs are namespace names, which load nothing.
    assert set(re.findall(r"https?://[^\s\"'<>]+", text)) == {"http://www.w3.org/2000/svg"}
    policy = page.find("meta")[1]
    assert policy == {"http-equiv": "Content-Security-Policy", "content": CONTENT_SECURITY_POLICY}
    assert CONTENT_SECURITY_POLICY.startswith(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    assert page.find("meta")[0] == {"charset": "utf-8"}


def test_hostile_text_shows_as_text(full: dict[str, Any]) -> None:
    for audience in AUDIENCES:
        text = render_html(full, audience)  # type: ignore[arg-type]
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in text
        page = Page(text)
        assert HOSTILE in page.text
        assert not page.find("script") and not page.find("b")


_CODES = {
    "record_format", "mode", "status", "contributor", "at", "role", "who", "type", "kind",
    "key", "value", "value_id", "option_id", "not_yet_reason", "generated_at", "started_at",
    "id", "sha256", "last_reviewed", "language", "patient", "clinician", "certainty",
    "by_date", "review_date", "consultation_id",
}  # fmt: skip


def _poison(value: Any, key: str = "") -> Any:
    """Every free text in the record replaced by markup that must not survive."""
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(item, key) for item in value]
    if isinstance(value, str) and key not in _CODES:
        return f"<i onclick=x>{value}</i>\"'&amp;<style>*{{}}</style>\n<img src=x>"
    return value


def test_every_text_in_the_record_is_escaped(full: dict[str, Any]) -> None:
    poisoned = _poison(copy.deepcopy(full))
    for path, markup in (
        (("aid", "outcomes", 0, "chance"), {"tablet": "<i>3</i>", "none": 2}),
        (("participants", 0, "role"), "<i>x</i>"),
        (("ratings", 0, "contributor"), "<i>x</i>"),
    ):  # markup where a code or a number belongs never reaches a document: refused
        refused = copy.deepcopy(poisoned)
        *parents, last = path
        place: Any = refused
        for step in parents:
            place = place[step]
        place[last] = markup
        with pytest.raises(RecordError, match=r"at \$\.") as caught:
            render_html(refused, "clinic")
        assert "<i>" not in str(caught.value)
    for audience in AUDIENCES:
        text = render_html(poisoned, audience)  # type: ignore[arg-type]
        page = Page(text)
        assert {tag for tag, _ in page.tags} <= OUR_TAGS
        assert len(page.find("style")) == 1 and not page.find("i") and not page.find("img")
        assert "<i onclick=x>" in page.text  # shown as typed
        md = render_markdown(poisoned, audience)  # type: ignore[arg-type]
        assert "<i" not in md and "<img" not in md


def test_control_bidi_and_lone_surrogates_are_neutralised(full: dict[str, Any]) -> None:
    record = copy.deepcopy(full)
    record["own_words"]["worries"]["text"] = "\x1b]52;c;cHduZWQ=\x07 \u202etxt \ud800"
    record["participants"][0]["name"] = "Ann\x1b[2J"
    for audience in AUDIENCES:
        text = render_html(record, audience)  # type: ignore[arg-type]
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e\ud800-\udfff]", text)
        text.encode("utf-8")  # writable


def test_the_page_is_in_its_own_language_and_marks_the_aids_text_in_another(
    full: dict[str, Any],
) -> None:
    """The page's language is the copy's (here English: sdm-tui has no Portuguese), and the
    aid's own words are marked with the aid's language; a bad tag marks nothing."""
    assert '<html lang="en">' in render_html(full, "patient")
    assert "lang=" not in render_html(full, "patient").split("<body", 1)[1]
    record = copy.deepcopy(full)
    record["aid"]["language"] = "pt-BR"
    page = render_html(record, "patient")
    assert '<html lang="en">' in page
    title = html.escape(record["aid"]["title"])
    assert f'<h1><span lang="pt-BR">{title}</span></h1>' in page
    record["aid"]["language"] = 'en" onload="x'
    page = render_html(record, "patient")
    assert '<html lang="en">' in page
    assert "onload" not in page


def test_unknown_audience_or_paper(full: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="audience"):
        render_html(full, "everyone")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="paper"):
        render_html(full, "patient", paper="a3")  # type: ignore[arg-type]


# -- content ---------------------------------------------------------------------------------


def _md_headings(md: str) -> list[str]:
    return [line.lstrip("#").strip() for line in md.splitlines() if re.match(r"#{1,3} ", line)]


def _html_headings(text: str) -> list[str]:
    found = re.findall(r"<h([123])>(.*?)</h\1>", text)
    return [html.unescape(re.sub("<[^>]+>", "", inner)) for _, inner in found]


@pytest.mark.parametrize("name", sorted(ALL_RECORDS))
@pytest.mark.parametrize("audience", AUDIENCES)
def test_html_has_the_markdown_sections(name: str, audience: str) -> None:
    """Both walk one document model: the same headings, in the same order."""
    record = ALL_RECORDS[name]()
    headings = _html_headings(render_html(record, audience))  # type: ignore[arg-type]
    assert headings == _md_headings(render_markdown(record, audience))  # type: ignore[arg-type]


def test_patient_copy(full: dict[str, Any]) -> None:
    page = Page(render_html(full, "patient"))
    text = page.text
    assert [h["id"] for h in page.find("section")] == [
        "what-matters",
        "options",
        "others-views",
        "decision",
        "plan",
        "review",
        "change-your-mind",
        "option-grid",
        "sources",
        "about-aid",
    ]
    for shown in (
        "EXAMPLE CONTENT – not clinically reviewed",
        "About this decision aid",
        "Test author: conflicts of interest: None declared",
        "Paid for by Not stated.",
        "The question: Should I take the tablet?",
        "What matters to you",
        "Avoiding daily tablets Very much",
        "Walking my dog every day",
        "Benefit: Feel better (within 1 year) 30 out of 100 people 20 out of 100 people",
        "We chose: Take the tablet",
        "Start the tablet Patient Monday",
        "Ring the surgery if sick Someone else –",
        "When we will review this: in 3 months",
    ):
        assert shown in text
    for clinic_only in ("Either option is reasonable", "SURE", "entered by", "Dr Bo", "SHA-256"):
        assert clinic_only not in text
    assert '<body class="patient">' in render_html(full, "patient")


def test_clinic_record(full: dict[str, Any]) -> None:
    text = Page(render_html(full, "clinic")).text
    for shown in (
        "Consultation record: Minimal test aid",
        full["aid"]["sha256"],
        "Clinician: Dr Bo Chen (GP)",
        "I prefer to decide together with my clinician (entered by patient, 2026-11-26 04:12 UTC)",
        "Score: 3 of 4. Possible decisional conflict (3 or less).",
        "Patient confirmed: 2026-11-26 04:27 UTC",
        "Clinician confirmed: 2026-11-26 04:28 UTC",
        "Both confirmed the decision and plan.",
        "Reflects the patient's ratings only; not a recommendation.",
        "Why the choice differs from the ratings: I want to feel better soon",
    ):
        assert shown in text


def test_free_text_keeps_its_line_breaks(full: dict[str, Any]) -> None:
    text = render_html(full, "patient")
    assert '<blockquote class="typed"><p>Feeling sick at work<br/>and being tired</p>' in text


def test_banners() -> None:
    page = Page(render_html(training_record(), "patient"))
    banners = [attrs["class"] for attrs in page.find("div") if "banner" in (attrs["class"] or "")]
    assert banners == ["banner mode", "banner status"]
    assert "TRAINING – not a clinical record EXAMPLE CONTENT – not clinically reviewed" in page.text
    clock = FixedClock()
    draft = dataclasses.replace(minimal_aid(), status="draft")
    preview = render_html(to_record(new_consultation(draft, mode="preview", clock=clock)), "clinic")
    assert "PREVIEW – not a clinical record" in preview and "DRAFT – not clinically" in preview
    reviewed = dataclasses.replace(minimal_aid(), status="reviewed")
    plain = render_html(to_record(new_consultation(reviewed, clock=clock)), "patient")
    assert 'class="banner' not in plain and "@top-center" not in plain


# -- icon arrays -----------------------------------------------------------------------------


def _svgs(text: str) -> list[str]:
    return re.findall(r"<svg[^>]*role=\"img\".*?</svg>", text, re.DOTALL)


def test_icon_arrays_draw_each_count_with_a_text_equivalent(full: dict[str, Any]) -> None:
    text = render_html(full, "patient")
    svgs = _svgs(text)
    assert len(svgs) == 4  # two outcomes x two options
    label = "30 out of 100 people who choose Take the tablet: Feel better (within 1 year)"
    first = svgs[0]
    assert f'aria-label="{label}"' in first and f"<title>{label}</title>" in first
    # Affected and not affected differ by shape: squares and open rings.
    assert first.count("h8v8h-8z") == 30
    assert first.count("a3.5 3.5 0 1 0 7 0") == 70
    assert [s.count("h8v8h-8z") for s in svgs] == [30, 20, 5, 1]
    assert 'class="legend"' in text and "a filled square is a person who has the outcome" in text


def test_icon_arrays_for_unknown_odd_and_large_counts(full: dict[str, Any]) -> None:
    record = copy.deepcopy(full)
    outcomes = record["aid"]["outcomes"]
    outcomes[0]["chance"] = {"tablet": 2.5}  # "none" not known
    outcomes[1].update(per=1000, chance={"tablet": 125, "none": 0})
    text = render_html(record, "patient")
    svgs = _svgs(text)
    assert len(svgs) == 3
    assert svgs[0].count("h8v8h-8z") == 3  # 2.5 rounds half up
    assert "2.5 out of 100 people who choose Take the tablet" in svgs[0]
    assert "Not known for people who choose No tablet" not in text  # no picture, words only
    assert "<strong>No tablet</strong><br/>not known" in text
    assert 'viewBox="0 0 421 262"' in svgs[1]  # 40 columns x 25 rows, gaps every five
    assert svgs[2].count("h8v8h-8z") == 0
    outcomes[1]["per"] = 5000
    assert len(_svgs(render_html(record, "patient"))) == 1  # too many to draw: words only


# -- print -----------------------------------------------------------------------------------


def test_print_styles(full: dict[str, Any]) -> None:
    text = render_html(full, "clinic")
    assert "size: A4 portrait" in text and "@media print" in text
    assert "size: letter portrait" in render_html(full, "clinic", paper="letter")
    assert "break-inside: avoid" in text and "break-after: avoid" in text
    assert 'counter(page) " of " counter(pages)' in text
    # The banner in every page's top margin, as CSS escapes of our own wording.
    assert '@top-center { content: "EXAMPLE CONTENT \\2013  not clinically reviewed"' in text


def test_write_exports_html(full: dict[str, Any], tmp_path: Path) -> None:
    paths = write_exports(full, tmp_path, formats=("html",), audience="patient", paper="letter")
    assert [p.name for p in paths] == ["sdm-2026-11-26T0428Z-minimal-patient.html"]
    assert paths[0].read_text(encoding="utf-8") == render_html(full, "patient", "letter")


# -- a real browser --------------------------------------------------------------------------


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    if _in_ci():
        pytest.fail("CI is set but chromium is missing: .ci/install-browser installs it")
    pytest.skip("chromium is not installed (.ci/install-browser installs it); CI=1 requires it")


def _browse(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    command = [
        chromium,
        "--headless",
        "--no-sandbox",  # tests run as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={profile}",
        *args,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    """The patient's copy of a training consultation: banners, a choice, hostile text."""
    path = tmp_path / "patient.html"
    path.write_text(render_html(training_record(), "patient"), encoding="utf-8")
    return path


def test_browser_shows_the_page_as_text(chromium: str, page_file: Path, tmp_path: Path) -> None:
    dom = _browse(chromium, tmp_path, "--dump-dom", page_file.as_uri()).stdout
    page = Page(dom)
    assert "TRAINING – not a clinical record" in page.text
    assert "EXAMPLE CONTENT – not clinically reviewed" in page.text
    assert "We chose: Take the tablet" in page.text
    assert HOSTILE in page.text  # shown as the patient typed it ...
    assert not page.find("script") and "<script" not in dom  # ... and never an element
    assert len([a for a in page.find("svg") if a.get("role") == "img"]) == 4


def _pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.parametrize(("paper", "points"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_browser_prints_the_page(
    chromium: str, tmp_path: Path, paper: str, points: tuple[int, int]
) -> None:
    page_file = tmp_path / "clinic.html"
    page_file.write_text(render_html(training_record(), "clinic", paper), encoding="utf-8")  # type: ignore[arg-type]
    pdf = tmp_path / "clinic.pdf"
    _browse(
        chromium, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page_file.as_uri()
    )
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert 2 <= _pages(pdf) <= 6
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
        assert size and tuple(round(float(n)) for n in size.groups()) == points
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = re.sub(r"\s+", " ", text)
        assert "TRAINING – not a clinical record" in flat
        assert "We chose: Take the tablet" in flat
        assert HOSTILE in flat
        assert "Page 1 of" in flat  # the page counter in the bottom margin


def test_browser_screenshot(chromium: str, page_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    _browse(
        chromium,
        tmp_path,
        "--hide-scrollbars",
        "--window-size=900,1200",
        f"--screenshot={shot}",
        page_file.as_uri(),
    )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (900, 1200)


def test_not_yet_page_in_the_browser(chromium: str, tmp_path: Path) -> None:
    path = tmp_path / "not-yet.html"
    path.write_text(render_html(not_yet_record(), "patient"), encoding="utf-8")
    text = Page(_browse(chromium, tmp_path, "--dump-dom", path.as_uri()).stdout).text
    assert "We have not decided yet. What is needed first: Talk it over with family" in text


def test_a_label_that_says_its_timeframe_gets_no_second_one(full: dict[str, Any]) -> None:
    record = copy.deepcopy(full)
    outcome = record["aid"]["outcomes"][0]
    outcome["label"] = "Feel better within 1 year"
    text = render_html(record, "patient")
    markdown = render_markdown(record, "patient")
    assert "Feel better within 1 year (within" not in text + markdown
    assert "Feel better within 1 year" in text and "Feel better within 1 year" in markdown
