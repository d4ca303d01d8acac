"""Show text that an author or a patient wrote exactly as written.

Textual parses markup in plain strings: `[b]` vanishes, `[/red]` crashes, and
`[@click=app.quit]` becomes a working link. `Content(...)` is never parsed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content

from sdm_tui.store.text import neutralise

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel


def plain(text: str) -> Content:
    """Content that shows `text` literally, with control characters made harmless."""
    return Content(neutralise(text))


def template(markup: str, **values: str) -> Content:
    """Our own markup with `$name` slots filled by literal text."""
    return Content.from_markup(markup, **{k: neutralise(v) for k, v in values.items()})


def notify_plain(
    app: App[Any],
    text: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """A notification that shows `text` literally (Textual's `notify` takes a markup str)."""
    app.notify(neutralise(text), title=title, severity=severity, timeout=timeout, markup=False)
