"""Stage 6, decide together: the choice or "not yet", the plan, the review, and two
confirmations that each party gives (and may withdraw) by their own action."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, RadioSet, Static

from sdm_tui.app.plain import plain, template
from sdm_tui.app.screens.base import StageScreen
from sdm_tui.app.widgets.confirm_panel import ConfirmPanel, confirmed_at
from sdm_tui.app.widgets.marked_radio import MarkedRadioButton
from sdm_tui.app.widgets.plan_editor import PlanEditor, StepText
from sdm_tui.consultation import rules
from sdm_tui.consultation.dates import read_when
from sdm_tui.consultation.decision import today
from sdm_tui.consultation.record import NOT_YET_REASONS, PLAN_WHO, UNSURE, Decision
from sdm_tui.consultation.sure import SURE_HELP_SOURCE, sure_help
from sdm_tui.i18n import N_, _, ngettext

TEXT_LENGTH = 500
"""Long enough for a reason or a measure; stops a pasted page from landing in a field."""

WITHDRAWN_NOTICE = N_(
    "The decision or plan changed after it was confirmed, so both confirmations were "
    "withdrawn. Please confirm again."
)
WITHDRAWN_NOTE = N_("⚠ Confirmations withdrawn: something changed after confirming. Confirm again.")
NO_DECISION_YET = N_("Record a choice or 'not yet' above first; then each of you can confirm.")


def choice_keys(c_options: list[str]) -> list[tuple[str, str]]:
    """The choice list: ("option", id) for each option, then ("not_yet", reason) for each
    reason, so that one radio set holds every possible decision."""
    return [("option", option_id) for option_id in c_options] + [
        ("not_yet", reason) for reason in NOT_YET_REASONS
    ]


class DecideScreen(StageScreen):
    """Decision talk: choose (or not yet), plan, review, confirm."""

    stage_key = "decide"
    CSS_PATH = "decide.tcss"
    ENTRY_PARTS = {
        "choice": "decision",
        "not-yet-text": "decision",
        "differs-reason": "decision",
        "plan": "plan",
        "review": "review",
        "measure": "success_measure",
    }
    DEFAULT_PART = "decision"

    def __init__(self) -> None:
        super().__init__()
        self._withdrawn = False
        """Whether confirmations were withdrawn by a change made on this visit."""

    # -- layout -----------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        c = self.consultation
        decision = c.decision.value if c.decision else None
        with VerticalScroll(id="decide-scroll"):
            yield Static(self._reminder(), id="reminder")
            yield Static(Content(_("The choice")), classes="heading")
            yield self._choice_set()
            yield Button(Content(_("Clear the choice")), id="clear-choice", compact=True)
            with Vertical(id="not-yet-box", classes="follow-up"):
                yield Static(Content(_("What is needed first, in a few words (optional)")))
                yield Input(
                    decision.reason_text if decision else "",
                    placeholder=_("e.g. talk it over with my partner"),
                    max_length=TEXT_LENGTH,
                    id="not-yet-text",
                )
            with Vertical(id="differs-box", classes="follow-up"):
                yield Static(id="differs-note")
                yield Input(
                    decision.differs_reason if decision else "",
                    placeholder=_("Why this choice (optional)"),
                    max_length=TEXT_LENGTH,
                    id="differs-reason",
                )
            yield Static(Content(_("The plan: who does what, by when")), classes="heading")
            yield PlanEditor(
                [StepText(s.what, s.who, s.by_when) for s in c.plan],
                PLAN_WHO,
                new_who="both",
                id="plan",
            )
            yield Static(id="plan-problem", classes="problem -empty")
            yield Static(id="plan-dates", classes="date-note")
            yield Static(Content(_("Review")), classes="heading")
            yield Static(Content(_("When we will review this")), classes="field-label")
            yield Input(
                c.review.value if c.review else "",
                placeholder=_("e.g. in 3 months, or a date"),
                max_length=TEXT_LENGTH,
                id="review",
            )
            yield Static(id="review-date", classes="date-note")
            with Vertical(id="no-review-box"):
                yield Static(
                    Content(_("Or: why no review or next step is needed")), classes="field-label"
                )
                yield Input(
                    c.no_review.value if c.no_review else "",
                    placeholder=_("e.g. the patient will get in touch when ready"),
                    max_length=TEXT_LENGTH,
                    id="no-review",
                )
            yield Static(Content(_("How we will both know it is working")), classes="field-label")
            yield Input(
                c.success_measure.value if c.success_measure else "",
                placeholder=_("e.g. what each of you will notice, and by when"),
                max_length=TEXT_LENGTH,
                id="measure",
            )
            yield ConfirmPanel(id="confirm-panel")

    def _choice_set(self) -> RadioSet:
        c = self.consultation
        decision = c.decision.value if c.decision else None
        buttons = []
        for kind, key in choice_keys([option.id for option in self.aid.options]):
            if kind == "option":
                label = plain(self.aid.option(key).label)
                chosen = decision is not None and decision.option_id == key
            else:
                label = Content(_("Not yet: {reason}").format(reason=_(NOT_YET_REASONS[key])))
                chosen = decision is not None and decision.not_yet_reason == key
            buttons.append(MarkedRadioButton(label, value=chosen))
        return RadioSet(*buttons, id="choice")

    def on_mount(self) -> None:
        super().on_mount()
        self._show_state()

    # -- what the screen shows from the record ----------------------------------------

    def _option_labels(self, option_ids: list[str]) -> str:
        return ", ".join(self.aid.option(option_id).label for option_id in option_ids)

    def _reminder(self) -> Content:
        c = self.consultation
        lines = [Content.from_markup(_("[b]Reminder from Weigh up[/b]"))]
        if c.leaning is None:
            lines.append(Content(_("The patient's leaning: not recorded.")))
        elif c.leaning.value == UNSURE:
            lines.append(Content(_("The patient's leaning: unsure.")))
        else:
            label = self.aid.option(c.leaning.value).label
            lines.append(template(_("The patient's leaning: [b]$label[/b]"), label=label))
        top = rules.top_aligned(c)
        if top:
            lines.append(
                template(
                    _("The ratings line up most with: [b]$labels[/b]"),
                    labels=self._option_labels(top),
                )
            )
            lines.append(
                Content(_("(This reflects the ratings only; it is not a recommendation.)"))
            )
        else:
            lines.append(Content(_("No ratings yet, so nothing lines up with them.")))
        helps = sure_help(c)
        if helps:
            lines.append(
                Content.from_markup(
                    _("[b]SURE score 3 or less: what usually helps[/b] ($source)"),
                    source=SURE_HELP_SOURCE,
                )
            )
            lines += [Content(f"• {_(line)}") for line in helps]
        return Content("\n").join(lines)

    def _decision(self) -> Decision | None:
        entry = self.consultation.decision
        return entry.value if entry else None

    def _show_state(self) -> None:
        c = self.consultation
        decision = self._decision()
        self.query_one("#not-yet-box").display = decision is not None and decision.is_not_yet
        differs = rules.choice_differs_from_ratings(c)
        self.query_one("#differs-box").display = differs
        if differs:
            self.query_one("#differs-note", Static).update(
                template(
                    _(
                        "⚠ This choice differs from what the ratings line up with most "
                        "($labels). That is fine: the ratings are only a reflection. "
                        "Why this choice?"
                    ),
                    labels=self._option_labels(rules.top_aligned(c)),
                )
            )
        self.query_one("#clear-choice").display = decision is not None
        self.query_one("#no-review-box").display = decision is not None and decision.is_not_yet
        self._show_dates()
        self._show_attributions()
        self._show_confirmations()

    def _show_attributions(self) -> None:
        """Beside each entry, who entered it ("— clinician")."""
        c = self.consultation
        for selector in ("#choice", "#not-yet-text", "#differs-reason"):
            self.attribute(self.query_one(selector), c.decision)
        self.attribute(self.query_one("#review"), c.review)
        self.attribute(self.query_one("#measure"), c.success_measure)
        for row, step in zip(self.query_one(PlanEditor).step_rows(), c.plan, strict=False):
            self.attribute(row.query_one(".step-what"), step)

    def _show_dates(self) -> None:
        """The dates read from the review and the steps, shown back; a past one questioned."""
        c = self.consultation
        day = today(c)
        review = read_when(c.review.value, day) if c.review else None
        note = ""
        if review is not None and review.day is not None:
            note = f"→ {review.shown}"
            if review.past:
                note += _("  ⚠ This date is in the past: is that right?")
        elif review is not None and review.problem:
            note = _("⚠ {problem}: type a date as YYYY-MM-DD or e.g. 'in 3 months'.").format(
                problem=review.problem
            )
        elif review is not None:
            note = _("No date read: add one (e.g. 2027-03-01, in 3 months) to count it as due.")
        self.query_one("#review-date", Static).update(Content(note))
        lines = []
        for number, step in enumerate(c.plan, 1):
            read = read_when(step.by_when, day)
            if read.day is not None:
                if read.past:
                    line = _("Step {number} by {day}  ⚠ in the past: is that right?")
                else:
                    line = _("Step {number} by {day}")
                lines.append(line.format(number=number, day=read.shown))
            elif read.problem:
                lines.append(
                    _("Step {number}: ⚠ {problem}").format(number=number, problem=read.problem)
                )
        self.query_one("#plan-dates", Static).update(Content("\n".join(lines)))

    def _show_confirmations(self) -> None:
        c = self.consultation
        blocked = None
        if c.decision is None:
            blocked = _(NO_DECISION_YET)
        elif (gap := rules.not_yet_gap(c)) is not None and not c.confirmations:
            blocked = f"⚠ {gap}"
        elif c.exported_at is not None:
            exported = confirmed_at(c.exported_at, self.sdm_app.config.clinic)
            blocked = _("Exported at {time}. Change something to reopen the confirmations.").format(
                time=exported
            )
        if c.confirmations:
            self._withdrawn = False
        note = _(WITHDRAWN_NOTE) if self._withdrawn else None
        self.query_one(ConfirmPanel).show(
            c.confirmations, blocked=blocked, note=note, summary=self._confirming()
        )

    def _confirming(self) -> Content | None:
        """What both are confirming, in a few lines beside the buttons: the choice, the
        plan and the review (at 80x24 the choice is screens away from the buttons)."""
        c = self.consultation
        decision = self._decision()
        if decision is None:
            return None
        if decision.option_id is not None:
            choice = template(
                _("You are confirming: [b]$label[/b]"),
                label=self.aid.option(decision.option_id).label,
            )
        else:
            words = NOT_YET_REASONS.get(decision.not_yet_reason or "", "")
            reason = _(words) if words else ""
            choice = template(_("You are confirming: [b]Not yet[/b]: $reason"), reason=reason)
        steps = len(c.plan)
        if not steps:
            plan = _("no steps yet")
        else:
            plan = ngettext("{count} step", "{count} steps", steps).format(count=steps)
        review = c.review.value if c.review else _("not set")
        return Content("\n").join(
            [
                choice,
                template(_("Plan: $plan · Review: $review"), plan=plan, review=review),
            ]
        )

    def _changed(self, withdrawn: bool) -> None:
        """After any change: tell the users if their confirmations were withdrawn."""
        if withdrawn:
            self._withdrawn = True
            self.notify(_(WITHDRAWN_NOTICE), title=_("Confirmations withdrawn"), severity="warning")
        self._show_state()

    def _plan_problem(self, text: str) -> None:
        problem = self.query_one("#plan-problem", Static)
        problem.update(Content(text))
        problem.set_class(not text, "-empty")

    # -- the choice -------------------------------------------------------------------

    @on(RadioSet.Changed, "#choice")
    def _chosen(self, event: RadioSet.Changed) -> None:
        kind, key = choice_keys([option.id for option in self.aid.options])[event.index]
        if kind == "option":
            withdrawn = rules.decide(self.consultation, key, "", self.contributor_for("decision"))
            self.query_one("#differs-reason", Input).value = ""
        else:
            text = self.query_one("#not-yet-text", Input).value
            who = self.contributor_for("decision")
            withdrawn = rules.decide_not_yet(self.consultation, key, text, who)
        self._changed(withdrawn)

    @on(Button.Pressed, "#clear-choice")
    async def _clear_choice(self) -> None:
        withdrawn = rules.clear_decision(self.consultation)
        await self.query_one("#choice", RadioSet).remove()
        choice = self._choice_set()
        await self.query_one("#decide-scroll").mount(choice, before="#clear-choice")
        choice.focus()
        self._changed(withdrawn)

    @on(Input.Changed, "#not-yet-text")
    def _not_yet_text(self, event: Input.Changed) -> None:
        decision = self._decision()
        if decision is None or not decision.is_not_yet or decision.not_yet_reason is None:
            return
        self._changed(
            rules.decide_not_yet(
                self.consultation,
                decision.not_yet_reason,
                event.value,
                self.contributor_for("decision"),
            )
        )

    @on(Input.Changed, "#differs-reason")
    def _differs_reason(self, event: Input.Changed) -> None:
        decision = self._decision()
        if decision is None or decision.option_id is None:
            return
        self._changed(
            rules.decide(
                self.consultation,
                decision.option_id,
                event.value,
                self.contributor_for("decision"),
            )
        )

    # -- the plan and the review ------------------------------------------------------

    def _steps(self) -> list[StepText]:
        return [StepText(s.what, s.who, s.by_when) for s in self.consultation.plan]

    @on(PlanEditor.StepAdded)
    async def _step_added(self, event: PlanEditor.StepAdded) -> None:
        step = event.step
        try:
            withdrawn = rules.add_plan_step(
                self.consultation, step.what, step.who, step.by_when, self.contributor_for("plan")
            )
        except ValueError:
            self._plan_problem(_("⚠ Type what is to be done first, then Add step."))
            event.editor.new_step_row.query_one(".step-what", Input).focus()
            return
        self._plan_problem("")
        # Clear and focus first: keys typed while the rows are rebuilt go to the new step.
        event.editor.clear_new_step()
        await event.editor.show_steps(self._steps())
        self.sdm_app.steady_cursor(self)
        self._changed(withdrawn)

    @on(PlanEditor.StepEdited)
    def _step_edited(self, event: PlanEditor.StepEdited) -> None:
        step = event.step
        try:
            withdrawn = rules.update_plan_step(
                self.consultation,
                event.index,
                step.what,
                step.who,
                step.by_when,
                self.contributor_for("plan"),
            )
        except ValueError:
            self._plan_problem(
                _(
                    "⚠ Step {number} needs something to do; the record keeps the "
                    "earlier text until then. Press Remove to take the step off."
                ).format(number=event.index + 1)
            )
            return
        self._plan_problem("")
        self._changed(withdrawn)

    @on(PlanEditor.StepRemoved)
    async def _step_removed(self, event: PlanEditor.StepRemoved) -> None:
        withdrawn = rules.remove_plan_step(self.consultation, event.index)
        self._plan_problem("")
        await event.editor.show_steps(self._steps())
        self.sdm_app.steady_cursor(self)
        rows = event.editor.step_rows()
        if rows:
            rows[min(event.index, len(rows) - 1)].query_one(".remove-step", Button).focus()
        else:
            event.editor.new_step_row.query_one(".step-what", Input).focus()
        self._changed(withdrawn)

    @on(Input.Changed, "#review")
    def _review(self, event: Input.Changed) -> None:
        who = self.contributor_for("review")
        self._changed(rules.set_review(self.consultation, event.value, who))

    @on(Input.Changed, "#no-review")
    def _no_review(self, event: Input.Changed) -> None:
        self._changed(rules.set_no_review(self.consultation, event.value, self.contributor))

    @on(Input.Changed, "#measure")
    def _measure(self, event: Input.Changed) -> None:
        who = self.contributor_for("success_measure")
        self._changed(rules.set_success_measure(self.consultation, event.value, who))

    # -- confirming -------------------------------------------------------------------

    @on(ConfirmPanel.Toggled)
    def _toggled(self, event: ConfirmPanel.Toggled) -> None:
        rules.toggle_confirmation(self.consultation, event.role)
        self._show_confirmations()
