"""The follow-up visit: first the earlier decision as it was recorded, then what is asked
now (each answer tagged with who gave it, F2), then the summary stage exports it.

The screens only show and report: every answer goes through the core's rules
(sdm_tui/consultation/follow_up.py). Text from the record is shown as typed, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Select, Static

from sdm_tui.app.plain import plain
from sdm_tui.app.screens.base import contributor_text
from sdm_tui.app.widgets.banner import Banner
from sdm_tui.app.widgets.confirm_panel import ConfirmPanel
from sdm_tui.app.widgets.footer import Footer
from sdm_tui.app.widgets.safe_select import SafeSelect
from sdm_tui.consultation import follow_up as fu
from sdm_tui.consultation import rules
from sdm_tui.consultation.dates import read_when, shown_date
from sdm_tui.consultation.decision import today
from sdm_tui.consultation.record import NOT_YET_REASONS, RATING_LABELS, SURE_ITEMS
from sdm_tui.i18n import N_, SOURCE_LANGUAGE, _, current_language

if TYPE_CHECKING:
    from sdm_tui.app.app import SdmApp
    from sdm_tui.consultation.record import Consultation
    from sdm_tui.export.record_model import EarlierConsultation

TEXT_LENGTH = 500
YES_NO = ((N_("Yes"), "yes"), (N_("No"), "no"))


def yes_no() -> list[tuple[Content, str]]:
    """The answers to a SURE question, in the screen's language."""
    return [(Content(_(label)), key) for label, key in YES_NO]


def count_text(count: float) -> str:
    """A count from the aid ("2.5"), as the screen's language writes numbers ("2,5");
    in English as it always was."""
    if current_language() == SOURCE_LANGUAGE:
        return f"{count:g}"
    from sdm_tui.i18n.formats import format_decimal

    return format_decimal(count)


def numbered(number: int, text: str) -> str:
    """An item of a numbered list: "2. text"."""
    return "".join((str(number), ". ", text))


def earlier_text(c: Consultation) -> Content:
    """The earlier decision as the record has it: shown first, read only."""
    from sdm_tui.export import record_model as m

    f = c.follow_up
    assert f is not None
    part = cast("EarlierConsultation", cast(tuple[Any, Any], f.earlier.record)[0])
    lines = [
        _("Decided on {day} (record {file})").format(
            day=part.started_at[:10], file=f.earlier.file_name
        )
    ]
    decision = part.decision
    if isinstance(decision, m.DecisionChosen):
        lines.append(_("The decision: {label}").format(label=decision.option_label))
    elif isinstance(decision, m.DecisionNotYet):
        if decision.reason_text:
            line = _("Not decided yet. What was needed first: {reason}: {words}")
        else:
            line = _("Not decided yet. What was needed first: {reason}")
        lines.append(line.format(reason=decision.not_yet_reason_label, words=decision.reason_text))
    else:
        lines.append(_("No decision was recorded."))
    if part.plan:
        lines.append(_("The plan:"))
        for number, step in enumerate(part.plan, 1):
            when = step.by_when or _("no date")
            if isinstance(step.by_date, str):
                when += f" ({step.by_date})"
            lines.append(
                _("  {number}. {what} · {who} · by {when}").format(
                    number=number, what=step.what, who=step.who, when=when
                )
            )
    else:
        lines.append(_("The plan: no steps were recorded."))
    measure = part.success_measure.text if part.success_measure else _("not recorded")
    lines.append(_("How we said we would know it is working: {measure}").format(measure=measure))
    if part.review_date:
        lines.append(_("Review planned for: {day}").format(day=part.review_date))
    leaning = part.leaning.label if part.leaning else _("not recorded")
    lines.append(_("The patient's leaning then: {leaning}").format(leaning=leaning))
    if part.ratings:
        lines.append(_("What mattered then:"))
        lines += ["".join(("  ", r.label.rjust(12), ": ", r.statement)) for r in part.ratings]
    score = part.sure.score
    if score is None:
        lines.append(_("SURE then: not complete"))
    else:
        lines.append(_("SURE then: {score} of 4").format(score=score))
    if f.earlier.id_derived:
        lines.append(_("(That record carried no id: its id here is derived from its content.)"))
    return plain("\n".join(lines))


class FollowUpScreen(Screen):
    """What the two follow-up screens share: banner, title, who is entering, keys."""

    stage_key = ""
    follow_up_step = ""
    BINDINGS = [
        Binding("ctrl+n,alt+right", "next", _("Next"), id="next", tooltip=_("Next")),
        Binding("ctrl+b,alt+left", "back", _("Back"), id="back", tooltip=_("Back")),
        Binding(
            "f2",
            "app.cycle_contributor",
            _("Who"),
            id="contributor",
            tooltip=_("Who is answering: patient, clinician or both"),
        ),
    ]
    TITLE_TEXT = ""

    @property
    def sdm_app(self) -> SdmApp:
        return cast("SdmApp", self.app)

    @property
    def consultation(self) -> Consultation:
        consultation = self.sdm_app.consultation
        assert consultation is not None and consultation.follow_up is not None
        return consultation

    def compose(self) -> ComposeResult:
        lines = self.sdm_app.mode.banner(self.consultation.aid)
        if lines:
            yield Banner(lines)
        yield Static(
            plain(f"{_(self.TITLE_TEXT)} · {self.consultation.aid.title}"), id="stage-title"
        )
        yield Static(contributor_text(self.sdm_app.contributor), id="contributor")
        with VerticalScroll(id="follow-up-body"):
            yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "contributor", self._show_contributor, init=False)
        self.sdm_app.steady_cursor(self)

    def _show_contributor(self, contributor: Any) -> None:
        self.query_one("#contributor", Static).update(contributor_text(contributor))


class EarlierDecisionScreen(FollowUpScreen):
    """Shown first: the earlier decision, the plan, the measure, the leaning and ratings."""

    CSS_PATH = "follow_up.tcss"
    follow_up_step = "earlier"
    TITLE_TEXT = N_("Follow-up: the decision we are reviewing")

    def compose_body(self) -> ComposeResult:
        c = self.consultation
        assert c.follow_up is not None
        yield Static(earlier_text(c), id="earlier")
        now = c.follow_up.aid_now
        if now is not None and now.changed:
            yield Static(
                plain(
                    _(
                        "⚠ The decision aid has changed since (version {version} now). The "
                        "figures above are those used then."
                    ).format(version=now.version)
                ),
                id="aid-changed",
            )
            yield Button(Content(_("Show the new figures")), id="show-new-figures", compact=True)
            yield Static(id="new-figures")
        yield Button(Content(_("Next: how it went")), id="go-next", variant="primary")

    @on(Button.Pressed, "#show-new-figures")
    def _show_new_figures(self) -> None:
        aid = self.sdm_app.library.pick(self.consultation.aid.id, self.consultation.aid.language)
        if aid is None:
            return
        lines = [_("Figures in the aid now (N out of the number shown):")]
        for outcome in aid.outcomes:
            counts = ", ".join(
                _("{option}: {count} of {per}").format(
                    option=o.label,
                    count=count_text(outcome.chance[o.id]),
                    per=count_text(outcome.per),
                )
                for o in aid.options
                if o.id in outcome.chance
            )
            lines.append(f"  {outcome.label} — {counts}")
        self.query_one("#new-figures", Static).update(plain("\n".join(lines)))

    @on(Button.Pressed, "#go-next")
    def action_next(self) -> None:
        self.sdm_app.show_follow_up("answers")

    def action_back(self) -> None:
        self.sdm_app.go_to_stage("library")


def _select(options: list[tuple[Content, str]], value: str | None, id: str) -> SafeSelect:
    return SafeSelect(
        options,
        value=value if value is not None else Select.NULL,
        prompt="–",
        id=id,
        classes="answer",
        compact=True,
    )


class FollowUpAnswersScreen(FollowUpScreen):
    """What is asked at the follow-up, each answer tagged with who gave it."""

    CSS_PATH = "follow_up.tcss"
    follow_up_step = "answers"
    TITLE_TEXT = N_("Follow-up: how it went")

    def compose_body(self) -> ComposeResult:
        c = self.consultation
        f = c.follow_up
        assert f is not None
        yield Static(Content(_("Did each step of the plan happen?")), classes="heading")
        if not f.earlier.plan:
            yield Static(Content(_("No steps were planned.")), classes="muted")
        for index, step in enumerate(f.earlier.plan):
            yield Static(plain(numbered(index + 1, step.what)), classes="field-label")
            entry = f.steps.get(index)
            yield _select(
                [(Content(_(label)), key) for key, label in fu.STEP_OUTCOMES.items()],
                entry.value if entry else None,
                f"step-{index}",
            )
        yield Static(Content(_("The success measure")), classes="heading")
        yield Static(plain(f.earlier.success_measure or _("(none was recorded)")), classes="muted")
        yield _select(
            [(Content(_(label)), key) for key, label in fu.MEASURE_MET.items()],
            f.measure_met.value if f.measure_met else None,
            "measure-met",
        )
        yield Static(Content(_("The decision now")), classes="heading")
        yield Static(Content(_("Was the decision acted on?")), classes="field-label")
        yield _select(
            [(Content(_(label)), key) for key, label in fu.ACTED_ON.items()],
            f.acted_on.value if f.acted_on else None,
            "acted-on",
        )
        yield _select(self._decision_choices(), self._decision_value(), "decision-now")
        yield Input(
            f.decision_why.value if f.decision_why else "",
            placeholder=_("Why (optional): what changed, or why it stays"),
            max_length=TEXT_LENGTH,
            id="decision-why",
        )
        with Vertical(id="regret-box"):
            yield Static(Content(_("Looking back (Decision Regret Scale)")), classes="heading")
            yield Static(Content(_(fu.REGRET_PROMPT)), classes="muted")
            for number, statement, _reverse in fu.REGRET_ITEMS:
                yield Static(plain(numbered(number, _(statement))), classes="field-label")
                entry = f.regret.get(number)
                yield _select(
                    [(Content(_(label)), str(key)) for key, label in fu.REGRET_LABELS.items()],
                    str(entry.value) if entry else None,
                    f"regret-{number}",
                )
        yield Static(Content(_("SURE again")), classes="heading")
        for key, question in SURE_ITEMS:
            yield Static(Content(_(question)), classes="field-label")
            entry = c.sure.get(key)
            value = None if entry is None else ("yes" if entry.value else "no")
            yield _select(yes_no(), value, f"sure-{key}")
        yield Button(Content(_("Rate what matters again (optional)")), id="values-again")
        with Vertical(id="values-box"):
            for value_statement in c.aid.values:
                yield Static(plain(value_statement.statement), classes="field-label")
                rated = c.ratings.get(value_statement.id)
                yield _select(
                    [(Content(_(label)), str(n)) for n, label in enumerate(RATING_LABELS)],
                    None if rated is None else str(rated.value),
                    f"value-{value_statement.id}",
                )
        yield Static(Content(_("Next review")), classes="heading")
        yield Input(
            c.review.value if c.review else "",
            placeholder=_("e.g. in 6 months, or 2027-09-01"),
            max_length=TEXT_LENGTH,
            id="review",
        )
        yield Static(id="review-date", classes="date-note")
        yield Input(
            c.no_review.value if c.no_review else "",
            placeholder=_("Or: no further review, and why"),
            max_length=TEXT_LENGTH,
            id="no-review",
        )
        yield ConfirmPanel(id="confirm-panel")
        yield Button(Content(_("Next: summary and export")), id="go-next", variant="primary")

    def _decision_choices(self) -> list[tuple[Content, str]]:
        c = self.consultation
        f = c.follow_up
        assert f is not None
        choices: list[tuple[Content, str]] = []
        then = f.earlier.option_id
        for option in c.aid.options:
            if option.id == then:
                shown = _("Kept: {option}").format(option=option.label)
            elif then is not None:
                shown = _("Changed to: {option}").format(option=option.label)
            else:
                shown = _("Decided: {option}").format(option=option.label)
            choices.append((plain(shown), f"option:{option.id}"))
        for key, label in NOT_YET_REASONS.items():
            choices.append(
                (Content(_("Still undecided: {reason}").format(reason=_(label))), f"not_yet:{key}")
            )
        return choices

    def _decision_value(self) -> str | None:
        decision = self.consultation.decision
        if decision is None:
            return None
        if decision.value.option_id is not None:
            return f"option:{decision.value.option_id}"
        return f"not_yet:{decision.value.not_yet_reason}"

    _ready = False
    """Selects report their first value while mounting: not an answer."""

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#values-box").display = bool(self.consultation.ratings)
        self._show_state()
        self.call_after_refresh(self._now_ready)

    def _now_ready(self) -> None:
        self._ready = True

    def _show_state(self) -> None:
        c = self.consultation
        self.query_one("#regret-box").display = fu.regret_asked(c)
        note = ""
        if c.review is not None:
            read = read_when(c.review.value, today(c))
            if read.day is not None:
                note = f"→ {shown_date(read.day)}"
                if read.past:
                    note += _("  ⚠ This date is in the past: is that right?")
            elif read.problem:
                note = f"⚠ {read.problem}"
            else:
                note = _("No date read: add one (e.g. 2027-09-01, in 6 months).")
        self.query_one("#review-date", Static).update(Content(note))
        blocked = None if c.decision is not None else _("Record the decision now first.")
        if blocked is None and (gap := rules.not_yet_gap(c)) is not None and not c.confirmations:
            blocked = f"⚠ {gap}"
        self.query_one(ConfirmPanel).show(c.confirmations, blocked=blocked, note=None)

    @on(Select.Changed)
    def _answered(self, event: Select.Changed) -> None:
        if not self._ready:
            return
        c = self.consultation
        who = self.sdm_app.contributor
        name = event.select.id or ""
        value = event.value if isinstance(event.value, str) else None
        if name.startswith("step-"):
            fu.set_step_outcome(c, int(name[5:]), value, who)
        elif name == "measure-met":
            fu.set_measure_met(c, value, who)
        elif name == "acted-on":
            fu.set_acted_on(c, value, who)
        elif name == "decision-now" and value is not None:
            kind, key = value.split(":", 1)
            if kind == "option":
                fu.change_decision(c, key, who)
            else:
                fu.still_undecided(c, key, "", who)
        elif name.startswith("regret-"):
            fu.set_regret(c, int(name[7:]), None if value is None else int(value), who)
        elif name.startswith("sure-"):
            rules.set_sure(c, name[5:], None if value is None else value == "yes", who)
        elif name.startswith("value-"):
            rules.set_rating(c, name[6:], None if value is None else int(value), who)
        self._show_state()

    @on(Input.Changed, "#decision-why")
    def _why(self, event: Input.Changed) -> None:
        fu.set_decision_why(self.consultation, event.value, self.sdm_app.contributor)

    @on(Input.Changed, "#review")
    def _review(self, event: Input.Changed) -> None:
        rules.set_review(self.consultation, event.value, self.sdm_app.contributor)
        self._show_state()

    @on(Input.Changed, "#no-review")
    def _no_review(self, event: Input.Changed) -> None:
        rules.set_no_review(self.consultation, event.value, self.sdm_app.contributor)
        self._show_state()

    @on(Button.Pressed, "#values-again")
    def _values_again(self) -> None:
        box = self.query_one("#values-box")
        box.display = not box.display

    @on(ConfirmPanel.Toggled)
    def _toggled(self, event: ConfirmPanel.Toggled) -> None:
        rules.toggle_confirmation(self.consultation, event.role)
        self._show_state()

    @on(Button.Pressed, "#go-next")
    def action_next(self) -> None:
        self.sdm_app.go_to_stage("summary")

    def action_back(self) -> None:
        self.sdm_app.show_follow_up("earlier")
