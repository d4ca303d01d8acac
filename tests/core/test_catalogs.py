"""The catalogs: every shown string marked, every message translated, placeholders kept.

A string a person reads that is not marked (tests/i18n_scan.py says what counts) would show
in English whatever the language; a message missing from a catalog would too; a translation
that drops or renames a `{placeholder}` would fail at `.format()` in front of a patient.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from sdm_tui.i18n import DOMAIN, LOCALE_DIR, available_languages
from tests.i18n_scan import ROOT, unmarked

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sdif]")
LANGUAGES = [code for code in available_languages() if code != "en"]


def _catalog(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        return read_po(po)


def _extracted() -> dict[tuple[str | None, str], str]:
    """Every marked message in sdm_tui: (context, singular id) -> where it is marked."""
    found: dict[tuple[str | None, str], str] = {}
    for filename, line, message, _comments, context in extract_from_dir(ROOT / "sdm_tui"):
        singular = message if isinstance(message, str) else message[0]
        found[(context, singular)] = f"sdm_tui/{filename}:{line}"
    return found


def _forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _ids(message: Message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def test_every_shown_string_is_marked() -> None:
    found = [str(item) for item in unmarked([ROOT / "sdm_tui"])]
    assert not found, f"{len(found)} shown strings not marked for translation:\n" + "\n".join(
        found[:50]
    )


def test_spanish_is_shipped() -> None:
    assert "es" in available_languages()


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_translates_every_message(language: str) -> None:
    catalog = _catalog(language)
    missing = []
    for (context, singular), where in _extracted().items():
        entry = catalog.get(singular, context)
        if entry is None or entry.fuzzy or not all(_forms(entry)):
            missing.append(f"{where}: {singular!r}")
    assert not missing, f"{language}: {len(missing)} messages not translated:\n" + "\n".join(
        missing[:50]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    broken = []
    for message in _catalog(language):
        if not message.id or not message.string:
            continue
        wanted = {frozenset(PLACEHOLDER.findall(text)) for text in _ids(message)}
        for form in _forms(message):
            if form and frozenset(PLACEHOLDER.findall(form)) not in wanted:
                broken.append(f"{_ids(message)[0]!r} -> {form!r}")
    assert not broken, "placeholders differ:\n" + "\n".join(broken)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_source(language: str) -> None:
    """The .mo the app reads says what the .po says (`make i18n-compile` after editing)."""
    mo = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in _catalog(language):
        if not message.id or message.fuzzy or not all(_forms(message)):
            continue
        if isinstance(message.id, tuple):
            for index, form in enumerate(_forms(message)):
                assert compiled.ngettext(*message.id, 1 if index == 0 else 2) == form or index > 1
        elif message.context:  # pgettext("button", "Open")
            assert compiled.pgettext(message.context, message.id) == message.string, message.id
        else:
            assert compiled.gettext(message.id) == message.string, message.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_says_it_is_not_reviewed(language: str) -> None:
    header = (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").read_text("utf-8")
    comment = " ".join(line.lstrip("# ") for line in header.split('msgid ""')[0].splitlines())
    assert "not yet reviewed by a native clinical translator" in " ".join(comment.split())


def test_scanner_finds_an_unmarked_label_and_skips_marked_ones(tmp_path: Path) -> None:
    module = tmp_path / "screen.py"
    module.write_text(
        "from sdm_tui.i18n import _\n"
        'a = Label("Options")\n'
        'b = Label(_("Options"))\n'
        'c = Static(f"Step {n} of {m}")\n'
        'd = query_one("#grid-scroll")\n'
        'e = Label("Export", id="export-button")\n'
        'f = "statins.toml"  # i18n: not shown\n',
        encoding="utf-8",
    )
    found = [(item.line, item.text) for item in unmarked([module])]
    assert found == [(2, "Options"), (4, "Step {…} of {…}"), (6, "Export")]
