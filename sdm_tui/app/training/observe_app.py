"""`sdm-tui observe`: the observer's own view of a rehearsal, in a second terminal.

The learner goes on in the first terminal; here the observer (or the actor) sees the whole
persona card, hidden parts included, marks concerns drawn out, and scores Observer OPTION-5
with notes, while the learner's stage and its clock show at the top. The two terminals meet
through two private files (`sdm_tui.rehearsal.link`); this app looks at the rehearsal's
file every POLL_SECONDS through its delays (a test drives them by hand) and writes its own
at each change. When the rehearsal ends, it says so and keeps what is on screen.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from sdm_tui.app.delays import Delays, Stoppable, TextualDelays
from sdm_tui.app.plain import plain
from sdm_tui.app.textual_compat import CrashReportingApp, stop_after_crash
from sdm_tui.app.training.observer_panel import Option5Form
from sdm_tui.app.training.timer import clock_text
from sdm_tui.i18n import N_, _
from sdm_tui.rehearsal.link import POLL_SECONDS, LinkError, ObserverLink, RehearsalState

DRAWN_OUT = N_("✓ drawn out")
MARK = N_("Mark drawn out")
BANNER = N_("⚠ TRAINING · the observer's view: hidden from the learner")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _labelled(label: str, text: object) -> Content:
    return Content.assemble(Content(label).stylize("bold"), plain(str(text)))


def _heading(text: str) -> Static:
    return Static(Content(text), classes="card-heading")


def _card_widgets(card: dict[str, Any], revealed: list[str]) -> ComposeResult:
    """The whole persona card from the rehearsal's file; every text shown as typed."""
    who = _("{name}, {age} (fictional)").format(name=card.get("name", ""), age=card.get("age", ""))
    yield Static(plain(who), id="who")
    yield Static(plain(str(card.get("situation", ""))))
    yield Static(_labelled(_("Opening line: "), card.get("opening_line", "")))
    if card.get("manner"):
        yield Static(_labelled(_("How to play: "), card["manner"]))
    yield _heading(_("Hidden: say only when asked"))
    if card.get("role_if_asked"):
        yield Static(_labelled(_("If asked how to decide: "), card["role_if_asked"]))
    yield Static(_labelled(_("Leaning: "), card.get("leaning", "")), id="leaning")
    if card.get("leaning_reason"):
        yield Static(_labelled(_("Why: "), card["leaning_reason"]))
    ratings = [r for r in card.get("ratings", []) if isinstance(r, dict)]
    if ratings:
        yield Static(Content(_("What matters (0-4), if asked:")).stylize("bold"))
        yield Static(
            Content("\n").join(
                plain(f"{r.get('rating', '')} {r.get('label', ''):<12} {r.get('statement', '')}")
                for r in ratings
            ),
            id="hidden-ratings",
        )
    concerns = [c for c in card.get("concerns", []) if isinstance(c, dict)]
    if concerns:
        yield _heading(_("Concerns: reveal only when"))
        for index, concern in enumerate(concerns):
            done = concern.get("id") in revealed
            with Horizontal(classes="concern"):
                yield Static(
                    Content.assemble(
                        plain(str(concern.get("text", ""))),
                        "\n",
                        plain(
                            _("Reveal when: {when}").format(when=concern.get("reveal_when", ""))
                        ).stylize("dim"),
                    ),
                    classes="concern-text",
                )
                yield Button(
                    Content(_(DRAWN_OUT) if done else _(MARK)),
                    id=f"reveal-{index}",
                    disabled=done,
                    compact=True,
                )
    cues = [c for c in card.get("cues", []) if isinstance(c, dict)]
    if cues:
        yield _heading(_("Cues"))
        for cue in cues:
            when = f" ({cue['when']})" if cue.get("when") else ""
            yield Static(plain(f"• {cue.get('text', '')}{when}"))


class ObserverApp(CrashReportingApp):
    """The observer's terminal, attached to one running rehearsal."""

    CSS_PATH = "observe_app.tcss"
    TITLE = "sdm-tui observe"
    BINDINGS = [
        Binding("ctrl+q", "quit", _("Quit"), id="quit", tooltip=_("Close the observer's view"))
    ]

    def __init__(
        self,
        link: ObserverLink,
        state: RehearsalState,
        *,
        delays: Delays | None = None,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        super().__init__()
        self.link = link
        self.state = state
        self.delays: Delays = delays or TextualDelays(self)
        self.clock = clock
        self.scores = state.scores
        self.revealed = list(state.revealed)
        self.revision = state.observer_revision
        """This side's changes; the rehearsal takes a revision newer than it has."""
        self.learner_revision = state.scores_revision
        self.ended = ""
        """Why the link stopped ("" while the rehearsal runs)."""
        self._timer: Stoppable | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(_(BANNER)), id="banner")
        yield Static(id="observe-status")
        with Horizontal(id="observe-body"):
            with VerticalScroll(id="card-pane"):
                yield Static(plain(self.state.title), id="scenario-title")
                yield from _card_widgets(self.state.card, self.revealed)
            with Vertical(id="score-pane"):
                yield Static(Content(_("Observer OPTION-5")), id="observer-title")
                yield Static(Content(self.scores.running_text()), id="option5-total")
                yield Option5Form(lambda: self.scores, self._scores_changed, id="observer-items")
        yield Footer()

    def on_mount(self) -> None:
        if not gc.isenabled():  # the command line turns it off until the first screen
            gc.enable()
        self.show_status()
        if self.is_headless:
            from textual.widgets import Input

            for box in self.screen.query(Input):
                box.cursor_blink = False
        else:
            self.set_interval(1, self.show_status)
        self._schedule()
        self.query_one("#score-1").focus()

    def _schedule(self) -> None:
        self._timer = self.delays.later(POLL_SECONDS, self.poll, name="observe")

    def report_crash(self, error: Exception) -> None:
        # As the main app: no traceback with local variables (the card's text) on screen.
        from rich.text import Text

        from sdm_tui.store.crash import describe_crash

        stop_after_crash(self, error, Text(describe_crash(error)))

    # -- what the rehearsal says ----------------------------------------------------------

    def status_text(self) -> Content:
        if self.ended:
            return plain(
                _(
                    "✗ Not connected: {why}. What was sent before then reached the "
                    "rehearsal; Ctrl+Q closes this view."
                ).format(why=self.ended)
            )
        clock = self.state.clock
        time = clock_text(clock.seconds_at(self.clock()))
        if clock.running:
            text = _("✓ Connected · the learner is on {stage} ⏱ {time}")
        else:
            text = _("✓ Connected · the learner is on {stage} ⏱ {time} (clock stopped)")
        return plain(text.format(stage=clock.label, time=time))

    def show_status(self) -> None:
        status = self.query_one("#observe-status", Static)
        status.update(self.status_text())
        status.set_class(bool(self.ended), "-ended")

    def poll(self) -> None:
        self._timer = None
        if self.ended:
            return
        try:
            state = self.link.read_state()
        except LinkError as error:
            self.stop(str(error))
            return
        if state is not None:
            self.take(state)
        self.show_status()
        self._schedule()

    def take(self, state: RehearsalState) -> None:
        """A new state from the rehearsal: its clock, and scores or marks changed there."""
        self.state = state
        if state.scores_revision > self.learner_revision:
            self.learner_revision = state.scores_revision
            self.scores = state.scores
            self.query_one(Option5Form).show(self.scores)
            self._show_total()
        for concern_id in state.revealed:
            if concern_id not in self.revealed:
                self.revealed.append(concern_id)
                self._show_revealed(concern_id)

    def stop(self, why: str) -> None:
        self.ended = why
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.show_status()

    # -- what the observer does -----------------------------------------------------------

    def _show_total(self) -> None:
        self.query_one("#option5-total", Static).update(Content(self.scores.running_text()))

    def _send(self) -> None:
        if self.ended:
            return
        self.revision += 1
        try:
            self.link.write(self.revision, self.scores, self.revealed)
        except LinkError as error:
            self.stop(str(error))

    def _scores_changed(self) -> None:
        self._show_total()
        self._send()

    def _concern_ids(self) -> list[str]:
        return [str(c.get("id", "")) for c in self.state.card.get("concerns", [])]

    def _show_revealed(self, concern_id: str) -> None:
        ids = self._concern_ids()
        if concern_id in ids:
            button = self.query_one(f"#reveal-{ids.index(concern_id)}", Button)
            button.label = Content(_(DRAWN_OUT))
            button.disabled = True

    @on(Button.Pressed, ".concern Button")  # i18n: not shown
    def _reveal(self, event: Button.Pressed) -> None:
        index = int((event.button.id or "reveal-0").removeprefix("reveal-"))
        ids = self._concern_ids()
        if 0 <= index < len(ids) and ids[index] not in self.revealed:
            self.revealed.append(ids[index])
            self._show_revealed(ids[index])
            self._send()
