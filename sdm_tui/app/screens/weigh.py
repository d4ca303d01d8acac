"""Stage 5, weigh up: how the ratings line up with each option, the patient's leaning, the
clinician's view if shared, the aid's knowledge checks and the SURE test."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Button, Input, RadioSet, Static, TextArea

from sdm_tui.aid.citations import number_markers
from sdm_tui.app.plain import plain, template
from sdm_tui.app.screens.base import StageScreen
from sdm_tui.app.widgets.alignment_bars import AlignmentBars, AlignmentRow
from sdm_tui.app.widgets.marked_radio import MarkedRadioButton
from sdm_tui.app.widgets.yes_no import YesNo
from sdm_tui.consultation import rules
from sdm_tui.consultation.record import OTHERS_VIEWS, SURE_ITEMS, UNSURE
from sdm_tui.i18n import N_, _

NOT_A_RECOMMENDATION = N_("This reflects your ratings only; it is not a recommendation.")
BARS_EXPLAINED = N_(
    "Each rating × how much that value points to the option, added up. "
    "A bar to the right points towards the option, to the left away from it."
)
NOTHING_RATED = N_(
    "Nothing has been rated yet, so there is nothing to line up. "
    "Rate what matters to you first (stage 4)."
)
CLINICIAN_VIEW_EXPLAINED = N_(
    "Optional: only if the clinician wants to share what they think. "
    "It is recorded as the clinician's view, whoever is entering."
)
SURE_EXPLAINED = N_(
    "Four yes/no questions for the patient (Légaré et al. 2010), one point for each yes. "
    "Y / N, ←/→ or click; Delete clears."
)
UNSURE_LABEL = N_("Unsure: not leaning towards any option yet")
OTHERS_EXPLAINED = N_(
    "Optional (Ottawa decision guide): who else is involved, what they think, and whether "
    "anyone is putting pressure on the patient. Someone else present can give their own "
    "view: press F2 until it says companion."
)
OTHERS_LENGTH = 500
"""Long enough for a few sentences; stops a pasted page from landing in a box."""


class WrappingRadioButton(MarkedRadioButton):
    """A marked radio button whose long label wraps under itself instead of being cut off
    (Textual's toggle buttons are one line high and end long labels with "…")."""

    LABEL_INDENT = 4
    """The button ("▐●▌") and the space after it."""

    def _wrapped(self, width: int) -> list[Content]:
        whole = super().render()
        button, label = whole[: self.LABEL_INDENT], whole[self.LABEL_INDENT :]
        first, *rest = label.wrap(max(width - self.LABEL_INDENT, 1)) or [Content("")]
        indent = Content(" " * self.LABEL_INDENT)
        return [button + first, *(indent + line for line in rest)]

    def render(self) -> Content:
        return Content("\n").join(self._wrapped(self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._wrapped(width))


class WeighUpScreen(StageScreen):
    """Everything the patient and clinician need to weigh the options, top to bottom."""

    stage_key = "weigh"
    AUTO_FOCUS = "#weigh-scroll"
    """The page itself on arrival, so that keys scroll it; focusing the first choice
    would scroll the bars out of view."""
    CSS_PATH = "weigh.tcss"
    ENTRY_PARTS = {
        "leaning": "leaning",
        "clinician-view": "clinician_view",
        **{f"others-{key}": f"others_views.{key}" for key in OTHERS_VIEWS},
        "check-": "check_answers",
        "sure-": "sure",
    }
    DEFAULT_PART = "leaning"

    def __init__(self) -> None:
        super().__init__()
        self._leaning_choices: list[str] = []
        self._check_index_by_widget: dict[str, int] = {}
        self._sure_key_by_widget: dict[str, str] = {}

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="weigh-scroll"):
            yield from self._compose_alignment()
            yield from self._compose_leaning()
            yield from self._compose_clinician_view()
            yield from self._compose_others_views()
            yield from self._compose_checks()
            yield from self._compose_sure()

    # -- how the ratings line up ---------------------------------------------------------

    def _compose_alignment(self) -> ComposeResult:
        c = self.consultation
        yield Static(Content(_("How your ratings line up with each option")), classes="heading")
        if not c.ratings:
            yield Static(Content(_(NOTHING_RATED)), id="nothing-rated")
            yield Button(Content(_("Go to What matters to you")), id="go-values", compact=True)
            return
        yield Static(Content(_(NOT_A_RECOMMENDATION)), id="not-a-recommendation")
        yield Static(Content(_(BARS_EXPLAINED)), classes="muted")
        scores = rules.alignment(self.aid, c.ratings)
        rows = [AlignmentRow(option.label, scores[option.id]) for option in self.aid.options]
        yield AlignmentBars(rows, rules.alignment_bounds(self.aid), id="alignment")
        yield Static(self._alignment_summary(), id="alignment-summary")

    def _alignment_summary(self) -> Content:
        c = self.consultation
        rated = sum(1 for value in self.aid.values if value.id in c.ratings)
        counted = _("Based on {rated} of {total} statements rated.").format(
            rated=rated, total=len(self.aid.values)
        )
        top = rules.top_aligned(c)
        if len(top) == len(self.aid.options):
            return Content(
                _("The ratings do not point to one option more than another. {counted}").format(
                    counted=counted
                )
            )
        labels = _(" and ").join(self.aid.option(option_id).label for option_id in top)
        return template(
            _("The ratings line up most with: $labels. $counted"), labels=labels, counted=counted
        )

    # -- the patient's leaning and the clinician's view ----------------------------------

    def _compose_leaning(self) -> ComposeResult:
        yield Static(Content(_("Which way are you leaning?")), classes="heading")
        leaning = self.consultation.leaning
        current = leaning.value if leaning else None
        self._leaning_choices = [option.id for option in self.aid.options] + [UNSURE]
        buttons = [
            WrappingRadioButton(plain(option.label), value=option.id == current)
            for option in self.aid.options
        ]
        buttons.append(WrappingRadioButton(Content(_(UNSURE_LABEL)), value=current == UNSURE))
        radio_set = RadioSet(*buttons, id="leaning")
        self.attribute(radio_set, leaning)
        yield radio_set

    def _compose_clinician_view(self) -> ComposeResult:
        yield Static(Content(_("The clinician's view (optional)")), classes="heading")
        yield Static(Content(_(CLINICIAN_VIEW_EXPLAINED)), classes="muted")
        view = self.consultation.clinician_view
        text_area = TextArea(view.value if view else "", id="clinician-view", tab_behavior="focus")
        text_area.border_title = _("Clinician's view")
        self.attribute(text_area, view)
        yield text_area

    # -- others' views and pressure (Ottawa guide) ----------------------------------------

    def _compose_others_views(self) -> ComposeResult:
        yield Static(Content(_("Others' views and any pressure (optional)")), classes="heading")
        yield Static(Content(_(OTHERS_EXPLAINED)), classes="muted")
        for key, words in OTHERS_VIEWS.items():
            heading = _(words)
            entry = self.consultation.others_views.get(key)
            box = Input(
                entry.value if entry else "",
                placeholder=heading,
                max_length=OTHERS_LENGTH,
                id=f"others-{key}",
                classes="others-view",
            )
            box.border_title = heading
            self.attribute(box, entry)
            yield box

    # -- knowledge checks -----------------------------------------------------------------

    def _compose_checks(self) -> ComposeResult:
        if not self.aid.checks:
            return
        yield Static(Content(_("Check your understanding")), classes="heading")
        for index, check in enumerate(self.aid.checks):
            widget_id = f"check-{index}"
            self._check_index_by_widget[widget_id] = index
            answer = self.consultation.check_answers.get(index)
            chosen = answer.value if answer else None
            with Vertical(classes="check"):
                yield Static(
                    template(
                        "[b]$number.[/b] $question",
                        number=str(index + 1),
                        question=number_markers(self.aid, check.question),
                    ),
                    classes="check-question",
                )
                choices = RadioSet(
                    *(
                        WrappingRadioButton(
                            plain(number_markers(self.aid, choice)), value=number == chosen
                        )
                        for number, choice in enumerate(check.choices)
                    ),
                    id=widget_id,
                    classes="check-choices",
                )
                self.attribute(choices, answer)
                yield choices
                feedback = Static(id=f"{widget_id}-feedback", classes="check-feedback")
                self._show_feedback(feedback, index, chosen)
                yield feedback

    def _show_feedback(self, feedback: Static, index: int, chosen: int | None) -> None:
        check = self.aid.checks[index]
        feedback.display = chosen is not None
        if chosen is None:
            return
        right = chosen == check.answer
        feedback.set_class(right, "-right")
        feedback.set_class(not right, "-wrong")
        if right:
            feedback.update(
                template(
                    _("✓ Right. $explanation"),
                    explanation=number_markers(self.aid, check.explanation),
                )
            )
        else:
            feedback.update(
                template(
                    _("✗ Not quite. The answer is: $answer. $explanation"),
                    answer=number_markers(self.aid, check.choices[check.answer]),
                    explanation=number_markers(self.aid, check.explanation),
                )
            )

    # -- the SURE test --------------------------------------------------------------------

    def _compose_sure(self) -> ComposeResult:
        yield Static(Content(_("The SURE test: how sure do you feel?")), classes="heading")
        yield Static(Content(_(SURE_EXPLAINED)), classes="muted")
        for key, question in SURE_ITEMS:
            widget_id = f"sure-{key}"
            self._sure_key_by_widget[widget_id] = key
            answer = self.consultation.sure.get(key)
            with Vertical(classes="sure-item"):
                yield Static(plain(_(question)), classes="sure-question")
                yield YesNo(answer.value if answer else None, id=widget_id)
        result = Static(id="sure-result")
        self._show_sure_result(result)
        yield result

    def _show_sure_result(self, result: Static) -> None:
        c = self.consultation
        score = rules.sure_score(c)
        flagged = rules.sure_flag(c)
        result.set_class(flagged, "-flag")
        total = len(SURE_ITEMS)
        if score is None:
            text = _(
                "SURE score: shown when all {total} questions are answered "
                "({answered} of {total} so far)."
            ).format(total=total, answered=len(c.sure))
        elif flagged:
            text = _(
                "⚠ SURE score {score} of {total}: the patient may not feel ready to decide "
                "(decisional conflict). Consider more information, time or support."
            ).format(score=score, total=total)
        else:
            text = _("SURE score {score} of {total}: no sign of decisional conflict.").format(
                score=score, total=total
            )
        result.update(Content(text))

    # -- changes --------------------------------------------------------------------------

    @on(Button.Pressed, "#go-values")
    def _go_to_values(self) -> None:
        self.sdm_app.go_to_stage("values")

    @on(RadioSet.Changed, "#leaning")
    def _leaning_changed(self, event: RadioSet.Changed) -> None:
        who = self.contributor_for("leaning")
        rules.set_leaning(self.consultation, self._leaning_choices[event.index], who)
        self.attribute(event.radio_set, self.consultation.leaning)

    @on(TextArea.Changed, "#clinician-view")
    def _clinician_view_changed(self, event: TextArea.Changed) -> None:
        rules.set_clinician_view(self.consultation, event.text_area.text)
        self.attribute(event.text_area, self.consultation.clinician_view)

    @on(Input.Changed, ".others-view")
    def _others_view_changed(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("others-")
        who = self.contributor_for(f"others_views.{key}")  # each person's view: per box
        rules.set_others_view(self.consultation, key, event.value, who)
        self.attribute(event.input, self.consultation.others_views.get(key))

    @on(RadioSet.Changed, ".check-choices")
    def _check_answered(self, event: RadioSet.Changed) -> None:
        widget_id = event.radio_set.id or ""
        index = self._check_index_by_widget[widget_id]
        rules.answer_check(
            self.consultation, index, event.index, self.contributor_for("check_answers")
        )
        self.attribute(event.radio_set, self.consultation.check_answers.get(index))
        feedback = self.query_one(f"#{widget_id}-feedback", Static)
        self._show_feedback(feedback, index, event.index)
        feedback.scroll_visible(animate=False)

    @on(YesNo.Changed)
    def _sure_answered(self, event: YesNo.Changed) -> None:
        key = self._sure_key_by_widget[event.yes_no.id or ""]
        rules.set_sure(self.consultation, key, event.answer, self.contributor_for("sure"))
        result = self.query_one("#sure-result", Static)
        self._show_sure_result(result)
        result.scroll_visible(animate=False)
