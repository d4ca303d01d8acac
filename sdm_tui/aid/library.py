"""A folder of decision aids: every good aid loaded, every broken one kept with its problems."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sdm_tui.aid.loader import load_aid
from sdm_tui.aid.model import DecisionAid
from sdm_tui.aid.problems import AidLoadError, Problem
from sdm_tui.aid.translation import (
    compare,
    language_problems,
    matches_language,
    no_original,
    same_language,
    two_in_one_language,
)
from sdm_tui.aid.translation import problems as translation_problems
from sdm_tui.i18n import _
from sdm_tui.store.safe_files import display_path, read_regular_text

AIDS_ENV = "SDM_TUI_AIDS"
"""Environment variable naming a clinic's own library folder."""


@dataclass(frozen=True)
class LoadFailure:
    """An aid file that could not be offered, and why."""

    path: Path
    problems: tuple[Problem, ...]


@dataclass
class Library:
    folder: Path | None
    aids: list[DecisionAid] = field(default_factory=list)
    """The originals: one per aid id, each listed once whatever its languages."""
    failures: list[LoadFailure] = field(default_factory=list)
    pending: list[Path] = field(default_factory=list)
    """Files not loaded yet, in name order (see `load_library(first=...)`); `aids` and
    `failures` hold only what has been checked, so what a screen shows of them is right."""
    translations: dict[str, dict[str, DecisionAid]] = field(default_factory=dict)
    """Aid id -> language -> a translation that agrees with its original (or whose
    original is not loaded yet: see `variants`)."""
    language_changes: int = 0
    """How many times a translation was added or withdrawn: a list that shows languages
    redraws its entries when this moves."""
    _clashing: dict[str, Path] = field(default_factory=dict, repr=False)
    """Ids used by more than one file: the first such file, for the next one's message."""
    _clashing_languages: dict[tuple[str, str], Path] = field(default_factory=dict, repr=False)
    """(id, language) of more than one translation: the first such file."""

    def offered(self, include_retired: bool = False) -> list[DecisionAid]:
        """Aids to show in the library list; retired ones only when asked for."""
        return [a for a in self.aids if include_retired or not a.is_retired]

    def search(self, query: str, include_retired: bool = False) -> list[DecisionAid]:
        return [a for a in self.offered(include_retired) if self.finds(a, query)]

    def finds(self, aid: DecisionAid, query: str) -> bool:
        """Whether a search for `query` finds the aid, in any of its languages."""
        return aid.matches(query) or any(t.matches(query) for t in self._translated(aid.id))

    def get(self, aid_id: str) -> DecisionAid | None:
        """The aid with this id (its original); loads the files still pending rather than
        miss it."""
        found = next((a for a in self.aids if a.id == aid_id), None)
        if found is None and self.pending:
            self.load_pending()
            found = next((a for a in self.aids if a.id == aid_id), None)
        return found

    def languages(self, aid_id: str) -> list[str]:
        """The languages of an aid loaded so far: the original's first, then the
        translations' in alphabetical order. Loads nothing (for the list, as it fills)."""
        original = next((a for a in self.aids if a.id == aid_id), None)
        return [] if original is None else self.languages_of(original)

    def languages_of(self, original: DecisionAid) -> list[str]:
        """`languages` of an aid of the list, without looking it up."""
        return [original.language, *sorted(t.language for t in self._translated(original.id))]

    def variants(self, aid_id: str) -> dict[str, DecisionAid]:
        """Language -> the aid in that language: the original first, then its translations
        (only those that agree with it). Empty for an id the library does not offer."""
        original = self.get(aid_id)
        if original is None:
            return {}
        if self.pending:  # a translation may be among the files not checked yet
            self.load_pending()
        found = {original.language: original}
        for translation in sorted(self._translated(aid_id), key=lambda t: t.language):
            found[translation.language] = translation
        return found

    def pick(self, aid_id: str, language: str | None) -> DecisionAid | None:
        """The aid in `language` (the same tag, else the same primary language: "es-MX"
        finds "es"), falling back to the original; None for an id not offered."""
        variants = self.variants(aid_id)
        if not variants:
            return None
        original = next(iter(variants.values()))
        if not language:
            return original
        exact = [aid for tag, aid in variants.items() if same_language(tag, language)]
        close = [aid for tag, aid in variants.items() if matches_language(tag, language)]
        return (exact or close or [original])[0]

    def _translated(self, aid_id: str) -> list[DecisionAid]:
        return list(self.translations.get(aid_id, {}).values())

    def load_pending(self, count: int | None = None) -> None:
        """Load the next `count` pending files (all of them by default), in order.

        Once nothing is pending, a translation whose original never loaded is a failure.
        """
        stop = len(self.pending) if count is None else min(count, len(self.pending))
        batch, self.pending = self.pending[:stop], self.pending[stop:]
        for path in batch:
            self._add(path)
        if batch and not self.pending:
            self._orphans()

    def _add(self, path: Path) -> None:
        """Load one file; a broken one becomes a failure.

        Two files with one id are both failures and neither is offered: which one a
        clinician would get must not depend on how the file names sort. (A translation
        shares its original's id: it is one of the aid's languages, not a second aid.)
        """
        try:
            aid = load_aid(path)
        except AidLoadError as error:
            self.failures.append(LoadFailure(path, tuple(error.problems)))
            return
        if aid.is_translation:
            self._add_translation(aid, path)
            return
        first = next((a for a in self.aids if a.id == aid.id), None)
        if first is not None:
            self.aids.remove(first)
            first_path = first.path or path  # aids of a library are loaded from files
            self._clashing[aid.id] = first_path
            self.failures.append(LoadFailure(first_path, (_duplicate(first_path, aid.id, path),)))
        if aid.id in self._clashing:
            other = self._clashing[aid.id]
            self.failures.append(LoadFailure(path, (_duplicate(path, aid.id, other),)))
            return
        self.aids.append(aid)
        for translation in self._translated(aid.id):  # those that loaded before it
            self._judge(aid, translation)

    def _add_translation(self, aid: DecisionAid, path: Path) -> None:
        """Keep a translation under its id and language; two in one language are both
        failures, and one that disagrees with its original is not offered."""
        key = (aid.id, aid.language.casefold())
        languages = self.translations.setdefault(aid.id, {})
        first = next(
            (t for t in languages.values() if same_language(t.language, aid.language)), None
        )
        if first is not None:
            del languages[first.language]
            self.language_changes += 1
            first_path = first.path or path
            self._clashing_languages[key] = first_path
            self.failures.append(LoadFailure(first_path, (two_in_one_language(first, path),)))
        if key in self._clashing_languages:
            other = self._clashing_languages[key]
            self.failures.append(LoadFailure(path, (two_in_one_language(aid, other),)))
            return
        languages[aid.language] = aid
        self.language_changes += 1
        original = next((a for a in self.aids if a.id == aid.id), None)
        if original is not None:
            self._judge(original, aid)

    def _judge(self, original: DecisionAid, translation: DecisionAid) -> None:
        """A translation that disagrees with its original becomes a failure."""
        problems = language_problems(original, translation)
        if not problems:
            differences = [d for d in compare(original, translation) if d.is_error]
            problems = translation_problems(original, translation, differences)
        if problems:
            del self.translations[translation.id][translation.language]
            self.language_changes += 1
            self.failures.append(LoadFailure(translation.path or Path(), tuple(problems)))

    def _orphans(self) -> None:
        offered = {aid.id for aid in self.aids}
        for aid_id, languages in self.translations.items():
            if aid_id in offered:
                continue
            for translation in list(languages.values()):
                del languages[translation.language]
                self.language_changes += 1
                problem = no_original(translation)
                self.failures.append(LoadFailure(translation.path or Path(), (problem,)))

    def original_of(self, translation: DecisionAid) -> DecisionAid | None:
        """The original a translation translates, if the library offers it."""
        return next((a for a in self.aids if a.id == translation.id), None)


def _duplicate(path: Path, aid_id: str, other: Path) -> Problem:
    """The problem of a file whose id `other` uses too."""
    line, text = _id_line(path)
    return Problem(
        file=path,
        line=line,
        column=1 if line else None,
        path="id",
        message=_('id "{id}" is also used by {file}; neither is offered').format(
            id=aid_id, file=display_path(other)
        ),
        fix=_("give one of the two files another id (ids are unique in a library)"),
        code="SDM016",
        name="duplicate-aid-id",
        source_line=text,
    )


def bundled_aids_folder() -> Path:
    """`decision_aids/` beside the package (a source checkout or an editable install)."""
    return Path(__file__).resolve().parents[2] / "decision_aids"


def default_aids_folder() -> Path:
    configured = os.environ.get(AIDS_ENV)
    return Path(configured).expanduser() if configured else bundled_aids_folder()


def aid_files(folder: Path) -> list[Path]:
    """The aid files of a folder: `*.toml` at its top level, in name order."""
    # scandir knows each entry's type from the listing: no stat per file in a large folder.
    # A `.toml` that is not a regular file (a pipe, a symlink loop or to nothing) is kept,
    # so that loading it lists it as unreadable rather than skip it or stop the library.
    with os.scandir(folder) as entries:
        names = [e.name for e in entries if e.name.endswith(".toml") and not _is_folder(e)]
    return [folder / name for name in sorted(names)]


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # ELOOP: a symlink loop is no folder
        return False


def load_files(paths: list[Path], folder: Path | None = None) -> Library:
    """Load each file; a broken one never stops the others. Duplicate ids name both files."""
    library = Library(folder, pending=list(paths))
    library.load_pending()
    return library


def _id_line(path: Path) -> tuple[int | None, str]:
    """The line number and text of a file's top-level `id = ...`, for the report."""
    try:
        lines = read_regular_text(path).splitlines()
    except (OSError, UnicodeDecodeError):
        return None, ""
    for number, text in enumerate(lines, 1):
        if text.replace(" ", "").startswith("id="):
            return number, text
    return None, ""


def load_library(folder: Path | None = None, *, first: int | None = None) -> Library:
    """The aids of `folder` (default: $SDM_TUI_AIDS, else the bundled ones).

    With `first`, only the first `first` files are loaded now and the rest are left in
    `pending`: the app shows a large library at once and checks the rest just after.
    """
    folder = Path(folder) if folder else default_aids_folder()
    if not folder.is_dir():
        problem = Problem(
            folder,
            None,
            None,
            "",
            _("is not a folder of decision aids"),
            _("check --aids"),
            "SDM013",
            "no-such-folder",
        )
        return Library(folder, failures=[LoadFailure(folder, (problem,))])
    files = aid_files(folder)
    library = Library(folder, pending=files)
    library.load_pending(first)
    return library
