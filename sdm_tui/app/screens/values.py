"""Stage 4, what matters to you: rate each value statement 0-4, and say more in your own words."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static, TextArea

from sdm_tui.aid.citations import number_markers
from sdm_tui.app.plain import plain
from sdm_tui.app.screens.base import StageScreen
from sdm_tui.app.widgets.kept_lines import KeptStatic
from sdm_tui.app.widgets.rating import ChoiceRow, Rating
from sdm_tui.consultation import rules
from sdm_tui.consultation.record import OWN_WORDS
from sdm_tui.i18n import N_, _

INTRO = N_(
    "How much does each of these matter to you? Rate from 0 (not at all) to 4 (very much): "
    "number keys 0-4, ←/→, or click. Delete clears a rating. Tab moves to the next one."
)


class ValuesScreen(StageScreen):
    """Each value statement with a rating, then the patient's own words."""

    stage_key = "values"
    CSS_PATH = "values.tcss"
    ENTRY_PARTS = {
        "rating-": "ratings",
        **{f"words-{key}": f"own_words.{key}" for key in OWN_WORDS},
    }
    DEFAULT_PART = "ratings"

    def __init__(self) -> None:
        super().__init__()
        self._value_id_by_widget: dict[str, str] = {}
        self._own_words_key_by_widget: dict[str, str] = {}

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="values-scroll", can_focus=False):
            yield Static(Content(_(INTRO)), id="values-intro", classes="muted")
            yield KeptStatic(self._rated_count(), id="rated-count")
            if not self.aid.values:
                yield Static(
                    Content(_("This aid has no statements to rate. Use your own words below.")),
                    classes="muted",
                )
            for index, value in enumerate(self.aid.values):
                widget_id = f"rating-{index}"
                self._value_id_by_widget[widget_id] = value.id
                entry = self.consultation.ratings.get(value.id)
                with Vertical(classes="value"):
                    yield Static(
                        plain(number_markers(self.aid, value.statement)), classes="statement"
                    )
                    if value.detail:
                        yield Static(
                            plain(number_markers(self.aid, value.detail)), classes="detail"
                        )
                    yield Rating(
                        entry.value if entry else None,
                        id=widget_id,
                        on_change=self._rating_changed,
                    )
            yield Static(Content(_("In your own words")), classes="heading")
            for key, heading in OWN_WORDS.items():
                widget_id = f"words-{key}"
                self._own_words_key_by_widget[widget_id] = key
                entry = self.consultation.own_words.get(key)
                yield Static(plain(_(heading)), classes="words-heading")
                words = TextArea(
                    entry.value if entry else "",
                    id=widget_id,
                    classes="own-words",
                    soft_wrap=True,
                    tab_behavior="focus",
                )
                self.attribute(words, entry)
                yield words

    def _rated_count(self) -> Content:
        total = len(self.aid.values)
        rated = sum(1 for value in self.aid.values if value.id in self.consultation.ratings)
        return Content(_("Rated so far: {rated} of {total}").format(rated=rated, total=total))

    def _rating_changed(self, rating: ChoiceRow) -> None:
        # Called by the rating itself, not through its message, so that the count below
        # changes in the same frame as the rating.
        value_id = self._value_id_by_widget[rating.id or ""]
        rules.set_rating(self.consultation, value_id, rating.value, self.contributor_for("ratings"))
        # One line, as wide as the screen: its size never changes, so no layout.
        self.query_one("#rated-count", KeptStatic).update(self._rated_count(), layout=False)

    @on(TextArea.Changed, ".own-words")
    def _own_words_changed(self, event: TextArea.Changed) -> None:
        key = self._own_words_key_by_widget[event.text_area.id or ""]
        who = self.contributor_for(f"own_words.{key}")
        rules.set_own_words(self.consultation, key, event.text_area.text, who)
        self.attribute(event.text_area, self.consultation.own_words.get(key))
