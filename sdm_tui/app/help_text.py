"""Help for each stage, with prompts a clinician can use (three-talk model).

Elwyn G, Durand MA, Song J, et al. A three-talk model for shared decision making:
multistage consultation process. BMJ 2017;359:j4891.
"""

from __future__ import annotations

from sdm_tui.i18n import N_, _

KEYS = N_(
    "Keys: Ctrl+N next stage · Ctrl+B back · 1-7 jump to a stage, only when the focus is "
    "not in a box you type in or on a row of choices (there every digit and letter is "
    "that field's own: a rating takes 0-4, Y/N answer yes/no; the rest do nothing) · "
    "Tab moves between fields · F2 who is entering here (each box starts with its usual "
    "owner: the plan and review the clinician, the patient's words the patient) · "
    "F1 this help · Ctrl+L hide the screen · Ctrl+P commands · Ctrl+Q quit"
)

STAGE_HELP: dict[str, tuple[str, tuple[str, ...]]] = {
    "library": (
        N_(
            "Choose the decision aid for this consultation. Type to filter; Enter opens it. "
            "Aids marked EXAMPLE or DRAFT are not clinically reviewed. Aids that could not be "
            "loaded are listed with their problems."
        ),
        (),
    ),
    "team": (
        N_(
            "Team talk: say who is here, agree that there is a real choice, and that the "
            "patient's view matters."
        ),
        (
            N_("“There is a decision to make, and there is more than one reasonable option.”"),
            N_("“What matters to you will help us decide; there is no single right answer.”"),
            N_(
                "“How would you like to make this decision: yourself, together, or with me "
                "taking the lead?”"
            ),
        ),
    ),
    "options": (
        N_(
            "Option talk: compare the options side by side. Counts are out of the same number "
            "of people for every option; 'not known' means there is no good evidence. "
            "Press a for About this aid: who wrote it, their conflicts of interest, who paid "
            "for it and how it is kept up to date."
        ),
        (
            N_("“Let's look at the options together.”"),
            N_("“Out of 100 people like you who choose this, about N …”"),
            N_("“What have you heard about these options already?”"),
        ),
    ),
    "values": (
        N_(
            "What matters to you: rate each statement from 0 (not at all) to 4 (very much) with "
            "the number keys, the arrow keys or the mouse. Add anything else in your own words."
        ),
        (
            N_("“Which of these matters most to you?”"),
            N_("“Is there anything that worries you about any of the options?”"),
            N_("“What questions would you like answered before deciding?”"),
        ),
    ),
    "weigh": (
        N_(
            "Weigh up: the bars show how the patient's ratings line up with each option. They "
            "reflect the ratings only; they are not a recommendation. Then the patient's "
            "leaning, the clinician's view if shared, the knowledge checks and the SURE test."
        ),
        (
            N_("“Looking at this, which way are you leaning?”"),
            N_("“Would it help to hear what I think, given what you've told me?”"),
            N_("“Do you feel sure about the best choice for you?”"),
        ),
    ),
    "decide": (
        N_(
            "Decision talk: record the choice, or 'not yet' with the reason. Agree a plan: who "
            "does what by when, when to review, and how you will both know it is working. "
            "Patient and clinician each confirm."
        ),
        (
            N_("“Are you ready to decide, or would you like more time?”"),
            N_("“What will happen next, and who will do it?”"),
            N_("“When shall we look at this again?”"),
        ),
    ),
    "summary": (
        N_(
            "Summary: check the record, export a copy for the patient and a record for the "
            "clinic, then end the consultation to clear the screen for the next patient."
        ),
        (N_("“Is there anything here that isn't right?”"),),
    ),
}


def keys_help() -> str:
    """The keys, in the language shown."""
    return _(KEYS)


def stage_help(key: str) -> tuple[str, tuple[str, ...]]:
    """The help of stage `key` and the prompts a clinician might use, in the language shown."""
    text, prompts = STAGE_HELP[key]
    return _(text), tuple(_(prompt) for prompt in prompts)
