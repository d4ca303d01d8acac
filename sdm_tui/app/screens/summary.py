"""Placeholder for the summary stage (being written)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from sdm_tui.app.screens.base import StageScreen


class SummaryScreen(StageScreen):
    stage_key = "summary"

    def compose_body(self) -> ComposeResult:
        yield Static("(stage being written)")
