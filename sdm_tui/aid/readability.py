"""Reading grade of a text (Flesch-Kincaid), with textstat 0.7.3, offline.

textstat is imported only when a grade is first asked for: it takes about a third of a
second to import (it loads pkg_resources), which the app's start-up must not pay.
textstat 0.7.3 counts syllables with pyphen's bundled dictionaries; newer releases
download NLTK's cmudict at run time and fail on a machine without a network.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

MIN_SENTENCES = 2
MIN_WORDS = 15
"""Texts shorter than this (a label, a one-line answer) are not graded: the formula means
nothing on a few words."""


class ReadabilityUnavailable(RuntimeError):
    """textstat could not be imported, so reading levels cannot be measured."""


@dataclass(frozen=True)
class Reading:
    grade: float
    """Flesch-Kincaid grade level: the US school grade that can read the text."""
    sentences: int
    words: int

    @property
    def long_enough(self) -> bool:
        return self.sentences >= MIN_SENTENCES and self.words >= MIN_WORDS


def is_english(language: str) -> bool:
    """The formula is for English: "en", "en-GB", "en_US" and the like."""
    return language.strip().lower().startswith("en")


@lru_cache(maxsize=1)
def _textstat() -> ModuleType:
    try:
        with warnings.catch_warnings():
            # textstat 0.7.3 imports pkg_resources, which warns that it is deprecated.
            warnings.simplefilter("ignore")
            import textstat
    except ImportError as error:
        raise ReadabilityUnavailable(
            f"textstat cannot be imported ({error}); install textstat==0.7.3 "
            "(it needs setuptools below 82 for pkg_resources)"
        ) from error
    return textstat


def measure(text: str) -> Reading:
    """The grade, sentence count and word count of an English text, as textstat counts them."""
    textstat = _textstat()
    return Reading(
        grade=float(textstat.flesch_kincaid_grade(text)),
        sentences=int(textstat.sentence_count(text)),
        words=int(textstat.lexicon_count(text)),
    )
