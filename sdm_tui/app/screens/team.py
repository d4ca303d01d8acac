"""Stage 2, team talk: who is here, the question in plain words, and that the choice is real."""

from __future__ import annotations

from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, RadioSet, Static

from sdm_tui.aid.citations import number_markers
from sdm_tui.app.plain import plain
from sdm_tui.app.screens.base import StageScreen
from sdm_tui.app.screens.languages import (
    clinic_language,
    language_name,
    patient_language,
)
from sdm_tui.app.widgets.marked_radio import MarkedRadioButton
from sdm_tui.consultation import rules
from sdm_tui.consultation.contributors import contributor_name
from sdm_tui.consultation.record import (
    IDENTIFIER_LENGTH,
    ROLES_IN_DECIDING,
    Participant,
    ParticipantRole,
    PatientIdentifier,
)
from sdm_tui.i18n import _, available_languages

ROLE_KEYS: tuple[str, ...] = tuple(ROLES_IN_DECIDING)
NAME_LENGTH = 120
"""Long enough for any name or relation; stops a pasted page from landing in a name field."""


def real_choice() -> Content:
    """That the choice is real and the patient's view matters, in the screen's language."""
    return Content.from_markup(
        _(
            "There is [b]more than one reasonable option[/b] here, and no single right answer "
            "for everyone. The evidence can say what tends to happen with each option; only "
            "the patient can say what matters most in their life. [b]The patient's view "
            "matters[/b]: it will shape this decision."
        )
    )


class OtherPersonRow(Horizontal):
    """Someone else who is present (e.g. a family member): name, relation, remove."""

    def __init__(self, index: int, person: Participant) -> None:
        super().__init__(classes="person-row")
        self.index = index
        """Where this person sits in `Consultation.participants`."""
        self.person = person

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Also here")), classes="person-label")
        yield Input(
            self.person.name,
            placeholder=_("Name"),
            max_length=NAME_LENGTH,
            classes="other-name",
        )
        yield Input(
            self.person.detail,
            placeholder=_("Relation, e.g. daughter"),
            max_length=NAME_LENGTH,
            classes="other-detail",
        )
        yield Button(Content(_("Remove")), classes="remove-other", tooltip=_("Remove this person"))

    def show_empty(self, empty: bool) -> None:
        """Say, beside the fields themselves, that this person needs a name or relation."""
        label = self.query_one(".person-label", Static)
        label.update(Content(_("⚠ Needs name\nor relation") if empty else _("Also here")))
        label.set_class(empty, "-problem")

    def typed(self) -> tuple[str, str]:
        return (
            self.query_one(".other-name", Input).value,
            self.query_one(".other-detail", Input).value,
        )


class TeamTalkScreen(StageScreen):
    """Who is present and in what role; the question; the patient's preferred part."""

    stage_key = "team"
    CSS_PATH = "team.tcss"
    ENTRY_PARTS = {"preferred-role": "preferred_role"}
    DEFAULT_PART = "preferred_role"

    def compose_body(self) -> ComposeResult:
        c = self.consultation
        with VerticalScroll(id="team-scroll"):
            yield Static(Content(_("The question")), classes="heading")
            yield Static(plain(number_markers(self.aid, self.aid.question)), id="question")
            yield Static(plain(number_markers(self.aid, self.aid.summary)), id="aid-summary")
            yield Static(Content(_("A real choice")), classes="heading")
            yield Static(real_choice(), id="real-choice")
            options = "\n".join(f"• {option.label}" for option in self.aid.options)
            yield Static(plain(options), id="option-list")

            yield Static(Content(_("Who is here")), classes="heading")
            with Vertical(id="people"):
                with Horizontal(classes="person-row"):
                    yield Static(Content(_("Patient")), classes="person-label")
                    yield Input(
                        self._person("patient").name,
                        placeholder=_("Name or initials (optional)"),
                        max_length=NAME_LENGTH,
                        id="patient-name",
                    )
                    identifier = self._identifier()
                    yield Input(
                        identifier.value,
                        placeholder=_("Record number (optional)"),
                        max_length=IDENTIFIER_LENGTH,
                        id="patient-identifier",
                        tooltip=_(
                            "The patient's record number: in the clinic copy and the "
                            "FHIR document only, never in file names"
                        ),
                    )
                    yield Input(
                        identifier.system,
                        placeholder=_("Its system (a URI)"),
                        max_length=NAME_LENGTH,
                        id="patient-identifier-system",
                        tooltip=_(
                            "The register the number is from, e.g. "
                            "https://clinic.example/mrn (the clinic's setting: "
                            "patient_identifier_system)"
                        ),
                    )
                yield Static(id="identifier-problem", classes="problem")
                with Horizontal(classes="person-row"):
                    yield Static(Content(_("Clinician")), classes="person-label")
                    clinician = self._person("clinician")
                    yield Input(
                        clinician.name,
                        placeholder=_("Name"),
                        max_length=NAME_LENGTH,
                        id="clinician-name",
                    )
                    yield Input(
                        clinician.detail,
                        placeholder=_("Role, e.g. GP, nurse"),
                        max_length=NAME_LENGTH,
                        id="clinician-role",
                    )
                with Vertical(id="others"):
                    yield from self._other_rows()
                with Horizontal(classes="person-row", id="new-person"):
                    yield Static(Content(_("Add someone")), classes="person-label")
                    yield Input(placeholder=_("Name"), max_length=NAME_LENGTH, id="new-other-name")
                    yield Input(
                        placeholder=_("Relation, e.g. daughter"),
                        max_length=NAME_LENGTH,
                        id="new-other-detail",
                    )
                    yield Button(Content(_("Add")), id="add-other", tooltip=_("Add this person"))
            yield Static(id="people-problem", classes="problem")
            yield from self._compose_patient_language()

            yield Static(Content(_("How would the patient like to decide?")), classes="heading")
            yield Static(
                Content(_("Any of these is fine; the patient can change their mind at any time.")),
                classes="muted",
            )
            chosen = c.preferred_role.value if c.preferred_role else None
            yield RadioSet(
                *(
                    MarkedRadioButton(plain(_(label)), value=key == chosen)
                    for key, label in ROLES_IN_DECIDING.items()
                ),
                id="preferred-role",
            )
            yield Static(self._role_note(), id="role-note", classes="muted")

    def _compose_patient_language(self) -> ComposeResult:
        """The language of the patient's copy, each language by its own name: shown only
        when there is more than one to choose from."""
        languages = available_languages()
        if len(languages) < 2:
            return
        shown = patient_language(self.consultation)
        yield Static(Content(_("Patient's language")), classes="heading")
        yield RadioSet(
            *(
                MarkedRadioButton(plain(language_name(code)), value=code == shown)
                for code in languages
            ),
            id="patient-language",
        )
        yield Static(self._language_note(), id="language-note", classes="muted")

    # -- reading the record -----------------------------------------------------------

    def _person(self, role: ParticipantRole) -> Participant:
        found = next((p for p in self.consultation.participants if p.role == role), None)
        return found or Participant(role)

    def _identifier(self) -> PatientIdentifier:
        """The identifier entered so far, else an empty one in the clinic's system."""
        entry = self.consultation.patient_identifier
        if entry is not None:
            return cast(PatientIdentifier, entry.value)
        return PatientIdentifier("", self.sdm_app.config.clinic.patient_identifier_system)

    def _other_rows(self) -> list[OtherPersonRow]:
        return [
            OtherPersonRow(index, person)
            for index, person in enumerate(self.consultation.participants)
            if person.role == "other"
        ]

    def _role_note(self) -> Content:
        role = self.consultation.preferred_role
        if role is None:
            return Content(_("Not recorded yet."))
        who = contributor_name(role.contributor, self.participants)
        return Content(_("✓ Recorded (entered by {who}).").format(who=who))

    def _language_note(self) -> Content:
        """Which language each copy will be written in."""
        return Content(
            _("The patient's copy will be in {patient}; the clinic's in {clinic}.").format(
                patient=language_name(patient_language(self.consultation)),
                clinic=language_name(clinic_language()),
            )
        )

    async def _show_others(self, focus_row: int | None = None) -> None:
        others = self.query_one("#others", Vertical)
        await others.remove_children()
        rows = self._other_rows()
        await others.mount_all(rows)
        self.sdm_app.steady_cursor(self)
        if focus_row is not None and rows:
            rows[min(focus_row, len(rows) - 1)].query_one(".remove-other", Button).focus()
        elif focus_row is not None:
            self.query_one("#new-other-name", Input).focus()

    def _problem(self, text: str) -> None:
        problem = self.query_one("#people-problem", Static)
        problem.update(Content(text))
        problem.display = bool(text)
        if text:
            self.call_after_refresh(problem.scroll_visible, animate=False)

    # -- writing the record -----------------------------------------------------------

    @on(Input.Changed, "#patient-name")
    def _patient_named(self, event: Input.Changed) -> None:
        rules.set_participant(self.consultation, "patient", event.value)

    @on(Input.Changed, "#patient-identifier, #patient-identifier-system")
    def _identifier_entered(self) -> None:
        value = self.query_one("#patient-identifier", Input).value
        system = self.query_one("#patient-identifier-system", Input).value
        problem = self.query_one("#identifier-problem", Static)
        try:
            rules.set_patient_identifier(self.consultation, value, system, "clinician")
        except ValueError as error:
            problem.update(
                plain(_("⚠ {problem}; the record keeps the last valid one.").format(problem=error))
            )
            problem.display = True
            return
        problem.update("")
        problem.display = False

    @on(Input.Changed, "#clinician-name, #clinician-role")
    def _clinician_named(self) -> None:
        name = self.query_one("#clinician-name", Input).value
        role = self.query_one("#clinician-role", Input).value
        rules.set_participant(self.consultation, "clinician", name, role)

    @on(Input.Changed, ".other-name, .other-detail")
    def _other_edited(self, event: Input.Changed) -> None:
        row = event.input.parent
        if not isinstance(row, OtherPersonRow):
            return
        name, detail = row.typed()
        empty = not name.strip() and not detail.strip()
        row.show_empty(empty)
        if empty:
            self._problem(
                _(
                    "⚠ Someone else needs a name or a relation; the record keeps the last one "
                    "until then. Press Remove to take them off."
                )
            )
            return
        self._problem("")
        current = self.consultation.participants[row.index]
        if (current.name, current.detail) != (name.strip(), detail.strip()):
            rules.update_other_participant(self.consultation, row.index, name, detail)

    @on(Button.Pressed, "#add-other")
    @on(Input.Submitted, "#new-other-name, #new-other-detail")
    async def _add_other(self) -> None:
        name_input = self.query_one("#new-other-name", Input)
        detail_input = self.query_one("#new-other-detail", Input)
        try:
            rules.add_other_participant(self.consultation, name_input.value, detail_input.value)
        except ValueError:
            self._problem(_("⚠ Type a name or a relation first, then Add."))
            name_input.focus()
            return
        self._problem("")
        # Clear and focus first: keys typed while the rows are rebuilt go to the new person.
        name_input.value = ""
        detail_input.value = ""
        name_input.focus()
        await self._show_others()

    @on(Button.Pressed, ".remove-other")
    async def _remove_other(self, event: Button.Pressed) -> None:
        row = event.button.parent
        if not isinstance(row, OtherPersonRow):
            return
        position = self._other_rows_indexes().index(row.index)
        rules.remove_other_participant(self.consultation, row.index)
        self._problem("")
        await self._show_others(focus_row=position)

    def _other_rows_indexes(self) -> list[int]:
        return [row.index for row in self.query(OtherPersonRow)]

    @on(RadioSet.Changed, "#preferred-role")
    def _role_chosen(self, event: RadioSet.Changed) -> None:
        key = ROLE_KEYS[event.index]
        current = self.consultation.preferred_role
        if current is None or current.value != key:
            rules.set_preferred_role(self.consultation, key, self.contributor_for("preferred_role"))
        self.query_one("#role-note", Static).update(self._role_note())

    @on(RadioSet.Changed, "#patient-language")
    def _language_chosen(self, event: RadioSet.Changed) -> None:
        code = available_languages()[event.index]
        c = self.consultation
        if c.patient_language is None and code == patient_language(c):
            return  # what applies already (e.g. the set reporting its first choice)
        rules.set_patient_language(c, code)
        self.query_one("#language-note", Static).update(self._language_note())
