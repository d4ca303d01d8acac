"""Help for the current stage, with prompts for the clinician."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from sdm_tui.app.help_text import KEYS, STAGE_HELP
from sdm_tui.app.stages import Stage
from sdm_tui.i18n import _


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 95%; height: auto; max-height: 90%;
        padding: 1 2; border: thick $primary; background: $surface;
    }
    HelpScreen .title { text-style: bold; }
    HelpScreen .prompt { padding-left: 2; color: $text-accent; }
    HelpScreen .keys { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [Binding("escape,f1,q", "close", _("Close"))]

    def __init__(self, stage: Stage) -> None:
        super().__init__()
        self.stage = stage

    def compose(self) -> ComposeResult:
        text, prompts = STAGE_HELP[self.stage.key]
        with VerticalScroll():
            yield Static(
                Content(_("Help: {stage}").format(stage=_(self.stage.title))), classes="title"
            )
            yield Static(Content(_(text)))
            if prompts:
                yield Static(Content(_("Prompts you might use:")), classes="title")
                for prompt in prompts:
                    yield Static(Content(_(prompt)), classes="prompt")
            yield Static(Content(_(KEYS)), classes="keys")
            yield Static(Content(_("Press Escape to close.")), classes="keys")

    def action_close(self) -> None:
        self.dismiss(None)
