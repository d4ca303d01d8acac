"""A count the follow-up shows, written as the screen's language writes numbers (issue 22)."""

from __future__ import annotations

import pytest

from sdm_tui.app.screens.follow_up import count_text
from sdm_tui.i18n import in_language


@pytest.mark.parametrize(
    ("language", "count", "shown"),
    [("en", 2.5, "2.5"), ("en", 1000, "1000"), ("es", 2.5, "2,5"), ("es", 1000, "1.000")],
)
def test_a_count_in_the_follow_up_is_written_as_the_language_writes_it(
    language: str, count: float, shown: str
) -> None:
    with in_language(language):
        assert count_text(count) == shown
