"""The 'About this aid' view: authors and their conflicts of interest, funding, review dates
and the update policy, and the numbered list of sources that the aid's `[n]` references
point to; shown to the patient from the options stage (key `a`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from sdm_tui.aid.about import about_items
from sdm_tui.aid.citations import reference_lines
from sdm_tui.aid.model import DecisionAid
from sdm_tui.app.plain import plain
from sdm_tui.i18n import _


class AboutAidScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    AboutAidScreen { align: center middle; }
    AboutAidScreen > VerticalScroll {
        width: 76; max-width: 95%; height: auto; max-height: 90%; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    AboutAidScreen .about-title { text-style: bold; }
    AboutAidScreen .about-heading { text-style: bold; margin-top: 1; }
    AboutAidScreen .about-close { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [Binding("escape,a,q", "close", _("Close"))]

    def __init__(self, aid: DecisionAid) -> None:
        super().__init__()
        self.aid = aid

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="about"):
            yield Static(
                plain(_("About this aid: {title}").format(title=self.aid.title)),
                classes="about-title",
            )
            for item in about_items(self.aid):
                yield Static(Content(item.heading), classes="about-heading")
                yield Static(plain(item.text), classes="about-text")
            if self.aid.sources:
                yield Static(Content(_("Sources")), classes="about-heading", id="sources-heading")
                # Plain text: a URL is shown, never turned into a live link.
                yield Static(plain("\n\n".join(reference_lines(self.aid))), id="sources")
            yield Static(Content(_("Press Escape to close.")), classes="about-close")

    def action_close(self) -> None:
        self.dismiss(None)
