"""Placeholder for the decide stage (being written)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from sdm_tui.app.screens.base import StageScreen


class DecideScreen(StageScreen):
    stage_key = "decide"

    def compose_body(self) -> ComposeResult:
        yield Static("(stage being written)")
