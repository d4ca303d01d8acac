"""Help for each stage, with prompts a clinician can use (three-talk model).

Elwyn G, Durand MA, Song J, et al. A three-talk model for shared decision making:
multistage consultation process. BMJ 2017;359:j4891.
"""

from __future__ import annotations

KEYS = (
    "Keys: Ctrl+N next stage · Ctrl+B back · 1-7 jump to a stage, only when the focus is "
    "not in a box you type in or on a row of choices (there every digit and letter is "
    "that field's own: a rating takes 0-4, Y/N answer yes/no; the rest do nothing) · "
    "Tab moves between fields · F2 who is entering here (each box starts with its usual "
    "owner: the plan and review the clinician, the patient's words the patient) · "
    "F1 this help · Ctrl+L hide the screen · Ctrl+P commands · Ctrl+Q quit"
)

STAGE_HELP: dict[str, tuple[str, tuple[str, ...]]] = {
    "library": (
        "Choose the decision aid for this consultation. Type to filter; Enter opens it. "
        "Aids marked EXAMPLE or DRAFT are not clinically reviewed. Aids that could not be "
        "loaded are listed with their problems.",
        (),
    ),
    "team": (
        "Team talk: say who is here, agree that there is a real choice, and that the "
        "patient's view matters.",
        (
            "“There is a decision to make, and there is more than one reasonable option.”",
            "“What matters to you will help us decide; there is no single right answer.”",
            "“How would you like to make this decision: yourself, together, or with me "
            "taking the lead?”",
        ),
    ),
    "options": (
        "Option talk: compare the options side by side. Counts are out of the same number "
        "of people for every option; 'not known' means there is no good evidence. "
        "Press a for About this aid: who wrote it, their conflicts of interest, who paid "
        "for it and how it is kept up to date.",
        (
            "“Let's look at the options together.”",
            "“Out of 100 people like you who choose this, about N …”",
            "“What have you heard about these options already?”",
        ),
    ),
    "values": (
        "What matters to you: rate each statement from 0 (not at all) to 4 (very much) with "
        "the number keys, the arrow keys or the mouse. Add anything else in your own words.",
        (
            "“Which of these matters most to you?”",
            "“Is there anything that worries you about any of the options?”",
            "“What questions would you like answered before deciding?”",
        ),
    ),
    "weigh": (
        "Weigh up: the bars show how the patient's ratings line up with each option. They "
        "reflect the ratings only; they are not a recommendation. Then the patient's "
        "leaning, the clinician's view if shared, the knowledge checks and the SURE test.",
        (
            "“Looking at this, which way are you leaning?”",
            "“Would it help to hear what I think, given what you've told me?”",
            "“Do you feel sure about the best choice for you?”",
        ),
    ),
    "decide": (
        "Decision talk: record the choice, or 'not yet' with the reason. Agree a plan: who "
        "does what by when, when to review, and how you will both know it is working. "
        "Patient and clinician each confirm.",
        (
            "“Are you ready to decide, or would you like more time?”",
            "“What will happen next, and who will do it?”",
            "“When shall we look at this again?”",
        ),
    ),
    "summary": (
        "Summary: check the record, export a copy for the patient and a record for the "
        "clinic, then end the consultation to clear the screen for the next patient.",
        ("“Is there anything here that isn't right?”",),
    ),
}
