"""What a preview keeps across a reload: the author's place and the entries made.

Each save that loads shows the new version on a fresh stage screen. So that the author is
not thrown back to the first tab, the top of the page and an empty consultation at every
save, the place (tabs, switched pages, scroll offsets, focus) is taken from the old screen
and given to the new one, and the entries (ratings, notes, choice ...) are carried over to
the new version where they still fit it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, TabbedContent, Tabs

from sdm_tui.aid.model import DecisionAid
from sdm_tui.consultation.record import Consultation


@dataclass
class Place:
    """Where the author was on a stage screen."""

    stage: str
    tabs: dict[str, str] = field(default_factory=dict)
    """TabbedContent or Tabs id -> the active pane's or tab's id."""
    switched: dict[str, str] = field(default_factory=dict)
    """ContentSwitcher id -> the child shown."""
    scrolls: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Scrolling widget id -> its offset (x, y), for those scrolled at all."""
    focused: str | None = None


def take_place(screen: Screen[object], stage: str) -> Place:
    place = Place(stage)
    for tabs in screen.query(TabbedContent):
        if tabs.id and tabs.active:
            place.tabs[tabs.id] = tabs.active
    for strip in screen.query(Tabs):  # a TabbedContent's own tabs have no id
        if strip.id and strip.active:
            place.tabs[strip.id] = strip.active
    for switcher in screen.query(ContentSwitcher):
        if switcher.id and switcher.current and not isinstance(switcher.parent, TabbedContent):
            place.switched[switcher.id] = switcher.current
    for widget in screen.query(Widget):
        if widget.id and (widget.scroll_x or widget.scroll_y):
            place.scrolls[widget.id] = (widget.scroll_x, widget.scroll_y)
    focused = screen.focused
    place.focused = focused.id if focused is not None and focused.id else None
    return place


def _by_id(screen: Screen[object], widget_id: str) -> Widget | None:
    try:
        return screen.query_one(f"#{widget_id}")
    except (NoMatches, ValueError):  # ValueError: an id that is not a selector
        return None


def restore_tabs(screen: Screen[object], place: Place) -> None:
    """First step: the tabs and pages (their content mounts on the next refresh)."""
    for tabs_id, active in place.tabs.items():
        tabs = _by_id(screen, tabs_id)
        if isinstance(tabs, (TabbedContent, Tabs)):  # Tabs: its screen shows the view
            with contextlib.suppress(ValueError, NoMatches):
                tabs.active = active
    for switcher_id, current in place.switched.items():
        switcher = _by_id(screen, switcher_id)
        if isinstance(switcher, ContentSwitcher):
            show = getattr(screen, "show_page", None)  # the options stage marks its tab too
            index = current.removeprefix("option-")
            if callable(show) and switcher_id == "option-pages" and index.isdigit():
                show(int(index))
            elif _by_id(screen, current) is not None:
                switcher.current = current


def restore_scrolls(screen: Screen[object], place: Place) -> bool:
    """Second step, once the content is laid out: focus and scroll offsets. False while
    some widget cannot scroll that far yet (its content not laid out): call again later."""
    if place.focused is not None:
        focused = _by_id(screen, place.focused)
        if focused is not None and focused.focusable and screen.focused is not focused:
            focused.focus(scroll_visible=False)
    done = True
    for widget_id, (x, y) in place.scrolls.items():
        widget = _by_id(screen, widget_id)
        if widget is None:
            continue
        widget.scroll_to(x, y, animate=False, immediate=True)
        if widget.max_scroll_y < y or widget.max_scroll_x < x:
            done = False
    return done


def carry_entries(
    old: Consultation | None, aid: DecisionAid, fresh: Callable[[], Consultation]
) -> Consultation:
    """A consultation on the new version `aid` with the old one's entries: all of them when
    they fit it, else those that still do (ratings of values it still has, who is present)."""
    new = fresh()
    if old is None or old.aid.id != aid.id:
        return new
    from sdm_tui.export.record_json import to_record
    from sdm_tui.export.record_model import record_to_data
    from sdm_tui.export.record_read import RecordError, from_record

    data = record_to_data(to_record(old))
    aid_data = data.get("aid") if isinstance(data, dict) else None
    if isinstance(aid_data, dict):
        aid_data["sha256"] = aid.sha256  # the same aid, saved again: that is the point
    clock: Callable[[], datetime] = old.clock
    try:
        return from_record(data, aid, clock)
    except (RecordError, ValueError):
        values = {value.id for value in aid.values}
        new.ratings = {key: entry for key, entry in old.ratings.items() if key in values}
        new.participants = list(old.participants)
        return new
