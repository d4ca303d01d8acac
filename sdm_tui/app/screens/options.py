"""Placeholder for the options stage (being written)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from sdm_tui.app.screens.base import StageScreen


class OptionsScreen(StageScreen):
    stage_key = "options"

    def compose_body(self) -> ComposeResult:
        yield Static("(stage being written)")
