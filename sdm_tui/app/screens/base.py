"""What every consultation stage shares: banner, stage bar, keys, footer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from sdm_tui.app.plain import plain
from sdm_tui.app.stages import STAGE_BY_KEY
from sdm_tui.app.training.keys import TRAINING_BINDINGS, run_training_action
from sdm_tui.app.widgets.banner import Banner
from sdm_tui.app.widgets.footer import Footer
from sdm_tui.app.widgets.stage_bar import StageBar
from sdm_tui.consultation.contributors import attribution, contributor_name
from sdm_tui.i18n import _, pgettext

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sdm_tui.aid.model import DecisionAid
    from sdm_tui.app.app import SdmApp
    from sdm_tui.consultation.contributors import Person
    from sdm_tui.consultation.record import Consultation, Contributor, Entry, PlanStep


TITLE_NAME_LENGTH = 24
"""A companion's name in the title row is cut to this: the row must not wrap (a click
would land a line off)."""


def _entering_word(contributor: str) -> str:
    """The title row's short word for who is entering (a companion is named)."""
    words = {
        "patient": pgettext("entering as", "patient"),
        "clinician": pgettext("entering as", "clinician"),
        "both": pgettext("entering as", "both"),
    }
    return words.get(contributor, contributor)


def contributor_text(contributor: Contributor, people: Sequence[Person] = ()) -> Content:
    """The title row's "F2 entering as: clinician" (a companion by name, kept short)."""
    who: str = _entering_word(contributor)
    if contributor == "companion":
        who = contributor_name(contributor, people)
        if len(who) > TITLE_NAME_LENGTH:
            who = who[: TITLE_NAME_LENGTH - 1] + "…"
    return Content(_("F2 entering as: {who}").format(who=who))


def entering_title(contributor: Contributor, people: Sequence[Person] = ()) -> Content:
    """On the focused box's border: who what is typed there is recorded as."""
    return Content(
        _("typing as {who} · F2 changes").format(who=contributor_name(contributor, people))
    )


class StageScreen(Screen):
    """A stage of the consultation. Subclasses set `stage_key` and write `compose_body`."""

    stage_key = ""
    ENTRY_PARTS: ClassVar[dict[str, str]] = {}
    """Widget id (or id prefix ending in "-") -> the record part entered there
    (`contributors.NATURAL_OWNERS`): who is entering follows the focus."""
    DEFAULT_PART: ClassVar[str] = "ratings"
    """The part entered when the focus is on nothing of the above."""

    BINDINGS = [
        Binding("ctrl+n,alt+right", "step(1)", _("Next"), id="next", tooltip=_("Next stage")),
        Binding("ctrl+b,alt+left", "step(-1)", _("Back"), id="back", tooltip=_("Previous stage")),
        Binding(
            "f2",
            "cycle_contributor",
            _("Who"),
            id="contributor",
            tooltip=_("Who is entering here: patient, clinician, both or companion"),
        ),
        # In training the footer has three keys more; F2 is then left to the title row's
        # "F2 entering as: ..." (and F1 help), so that every key fits at 100 columns.
        Binding("f2", "cycle_contributor_quietly", _("Who"), show=False, id="contributor-quiet"),
        Binding("ctrl+l", "app.lock_screen", _("Hide"), show=False, id="hide-stage"),
        *[
            Binding(
                str(n),
                f"jump({n})",
                _("Stage {number}").format(number=n),
                show=False,
                id=f"stage-{n}",
            )
            for n in range(1, 8)
        ],
        *TRAINING_BINDINGS,
    ]

    @property
    def sdm_app(self) -> SdmApp:
        return cast("SdmApp", self.app)

    @property
    def consultation(self) -> Consultation:
        consultation = self.sdm_app.consultation
        assert consultation is not None, "stage screens exist only during a consultation"
        return consultation

    @property
    def aid(self) -> DecisionAid:
        return self.consultation.aid

    @property
    def contributor(self) -> Contributor:
        return self.sdm_app.contributor

    def contributor_for(self, part: str) -> Contributor:
        """Who what is entered in `part` is recorded as: its natural owner, unless F2 said
        otherwise."""
        return self.sdm_app.contributor_for(part)

    def part_of(self, widget: Widget | None) -> str | None:
        """The record part entered in `widget` (or a widget it sits in), or None."""
        node = widget
        while node is not None and node is not self:
            if node.id:
                if node.id in self.ENTRY_PARTS:
                    return self.ENTRY_PARTS[node.id]
                for key, part in self.ENTRY_PARTS.items():
                    if key.endswith("-") and node.id.startswith(key):
                        return part
            node = node.parent  # type: ignore[assignment]
        return None

    def attribute(self, widget: Widget, entry: Entry | PlanStep | None) -> None:
        """Show beside an entry who entered it ("— clinician"), on its border."""
        text = "" if entry is None else attribution(entry.contributor, self.participants)
        if str(widget.border_subtitle or "") != text:  # unchanged: no repaint per key
            widget.border_subtitle = Content(text)

    @property
    def participants(self) -> Sequence[Person]:
        return self.consultation.participants

    def __init__(self) -> None:
        super().__init__()
        self._titles: dict[Widget, Any] = {}
        """Border titles of focused boxes, while they show who is typing."""

    def compose(self) -> ComposeResult:
        mode = self.sdm_app.mode
        lines = mode.banner(self.aid)
        stage = STAGE_BY_KEY[self.stage_key]
        # One box for all that sits above the body: with every frame Textual draws each
        # child of the screen again, whatever changed (a grid's scroll drew the banner, the
        # stage bar and the title row), but the children of a box only where it changed.
        with Vertical(id="head"):
            if lines:
                yield Banner(lines)
            yield StageBar(stage)
            with Horizontal(id="title-row"):
                yield Static(plain(f"{_(stage.title)} · {self.aid.title}"), id="stage-title")
                yield from mode.compose_title_extras(stage)
                yield Static(
                    contributor_text(self.contributor, self.participants), id="contributor"
                )
        with Container(id="body"):
            yield from self.compose_body()
        yield from mode.compose_panels()
        # Every key a stage offers must show at 80 columns (100 in training, which adds
        # three, compact): Ctrl+L and Ctrl+P are left to F1 help, which lists every key.
        yield Footer(compact=mode.name == "training", show_command_palette=False)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "contributor", self._show_contributor, init=False)
        self.sdm_app.steady_cursor(self)
        self.sdm_app.drafts.restore(self.stage_key, self)  # typed, not added, before
        self.sdm_app.enter_part(self.part_of(self.focused) or self.DEFAULT_PART)

    def _show_contributor(self, contributor: Contributor) -> None:
        self.query_one("#contributor", Static).update(
            contributor_text(contributor, self.participants)
        )
        # Only the boxes that show the indicator now (focus events may still be on their
        # way: a box focused since is decorated, its own title kept, when its turn comes).
        for box in self._titles:
            box.border_title = entering_title(contributor, self.participants)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Who is entering follows the focus: the focused box's part's owner, shown on
        the box itself (and in the title row)."""
        widget = event.widget
        part = self.part_of(widget)
        self.sdm_app.enter_part(part or self.DEFAULT_PART)
        if part is not None and isinstance(widget, (Input, TextArea)):
            self._titles.setdefault(widget, widget.border_title)
            widget.border_title = entering_title(self.contributor, self.participants)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        widget = event.widget
        if widget in self._titles:
            widget.border_title = self._titles.pop(widget)

    @on(StageBar.Selected)
    def _stage_selected(self, event: StageBar.Selected) -> None:
        self.sdm_app.go_to_stage(event.stage.key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # E.g. the rehearsal keys exist only in training mode: hidden from the footer otherwise.
        training = self.sdm_app.mode.name == "training"
        if action == "cycle_contributor" and training:
            return False
        if action == "cycle_contributor_quietly" and not training:
            return False
        if action == "step" and parameters and not self.sdm_app.can_step(int(str(parameters[0]))):
            return False  # "Next" on the last stage: nowhere to go, and no room in the footer
        return self.sdm_app.mode.allows(action)

    def action_cycle_contributor(self) -> None:
        self.sdm_app.action_cycle_contributor()

    def action_cycle_contributor_quietly(self) -> None:
        self.sdm_app.action_cycle_contributor()

    def action_training(self, what: str) -> None:
        run_training_action(self.sdm_app, what)

    def action_step(self, delta: int) -> None:
        self.sdm_app.step(delta)

    def action_jump(self, number: int) -> None:
        from sdm_tui.app.stages import STAGES

        self.sdm_app.go_to_stage(STAGES[number - 1].key)
