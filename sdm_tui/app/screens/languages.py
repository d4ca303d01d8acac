"""The languages a copy can be written in, as the screens name them: each by its own name
("English", "Español"), so that a patient can find theirs whatever the screen's language.

Babel is imported only when a name is first asked for (team talk or the summary), never at
start-up.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from sdm_tui.i18n import current_language
from sdm_tui.i18n.negotiate import patient_copy_language

if TYPE_CHECKING:
    from sdm_tui.consultation.record import Consultation


@cache
def language_name(code: str) -> str:
    """`code`'s name in itself, capitalised: "English", "Español" (the code when Babel has
    no name for it)."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(code)
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:] if name else code


def patient_language(c: Consultation) -> str:
    """The language the patient's copy is written in now: the one chosen, else the aid's
    when there is a catalog for it, else the screen's."""
    return patient_copy_language(c.patient_language, c.aid.language, current_language())


def clinic_language() -> str:
    """The language the clinic's copies are written in: the screen's."""
    return current_language()
