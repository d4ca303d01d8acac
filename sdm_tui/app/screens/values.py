"""Placeholder for the values stage (being written)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from sdm_tui.app.screens.base import StageScreen


class ValuesScreen(StageScreen):
    stage_key = "values"

    def compose_body(self) -> ComposeResult:
        yield Static("(stage being written)")
