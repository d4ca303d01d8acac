"""Stage 1: choose the decision aid (search, status badges, review warnings, load problems)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from sdm_tui.aid.citations import number_markers
from sdm_tui.app.plain import plain
from sdm_tui.app.stages import STAGES
from sdm_tui.app.widgets.banner import Banner
from sdm_tui.app.widgets.footer import Footer
from sdm_tui.app.widgets.stage_bar import StageBar
from sdm_tui.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from sdm_tui.aid.library import LoadFailure
    from sdm_tui.aid.model import DecisionAid
    from sdm_tui.app.app import SdmApp

LOADING_DELAY = 0.4
"""Seconds after the first refresh before a large library's other files are checked: the
first screen is complete by then (its footer is drawn 40-150 ms after the rest) and the
start is over (`SdmApp.start_up_done`), so the checking never delays either."""
UPDATE_SECONDS = 0.15
"""While a large library is still being checked, how often the list takes in the new aids."""

STATUS_BADGES = {
    "example": N_("EXAMPLE (not clinically reviewed)"),
    "draft": N_("DRAFT"),
    "reviewed": N_("reviewed"),
    "retired": N_("RETIRED"),
}


def status_badge(status: str) -> str:
    """The status as the list shows it (an unknown one as the aid has it)."""
    badge = STATUS_BADGES.get(status)
    return status if badge is None else _(badge)


def aid_prompt(
    aid: DecisionAid,
    today: dt.date,
    highlighted: bool = False,
    languages: Sequence[str] = (),
    chosen: str = "",
) -> Content:
    """Two lines for the list: the title, then question, languages, status and review state.

    The highlighted aid is marked ▶ as well as by colour. `languages` are the aid's (the
    original's first, as "en · es"); `chosen`, if not the original's, is the one it starts
    in, shown with the title and question in that language.
    """
    spoken = " · ".join(languages) if languages else aid.language
    if chosen and languages and chosen != languages[0]:
        spoken += " " + _("(starts in {language})").format(language=chosen)
    facts = [spoken, status_badge(aid.status)]
    if aid.is_overdue(today):
        facts.append(_("⚠ REVIEW OVERDUE"))
    title = Content.assemble("▶ " if highlighted else "  ", plain(aid.title))
    detail = plain(f"  {number_markers(aid, aid.question)}\n  " + " · ".join(facts))
    return Content.assemble(title.stylize("bold"), "\n", detail.stylize("dim"))


def aid_details(aid: DecisionAid, today: dt.date) -> Content:
    lines = [
        aid.title,
        "",
        number_markers(aid, aid.question),
        "",
        number_markers(aid, aid.summary),
        "",
        _("For: {audience}").format(audience=number_markers(aid, aid.audience)),
        "",
        _("Status: {status} · version {version} · language {language}").format(
            status=status_badge(aid.status), version=aid.version, language=aid.language
        ),
        _("Evidence last reviewed: {day}").format(day=aid.last_reviewed.isoformat()),
    ]
    if aid.review_by:
        day = aid.review_by.isoformat()
        if aid.is_overdue(today):
            lines.append(_("Review by: {day}  ⚠ OVERDUE for review").format(day=day))
        else:
            lines.append(_("Review by: {day}").format(day=day))
    lines.append(_("Authors: {names}").format(names="; ".join(a.name for a in aid.authors)))
    if aid.funding:
        lines.append(_("Funding: {funding}").format(funding=aid.funding))
    return plain("\n".join(lines))


def failure_text(failure: LoadFailure) -> Content:
    count = len(failure.problems)
    lines = [
        ngettext(
            "✗ {file}: could not be loaded ({count} problem)",
            "✗ {file}: could not be loaded ({count} problems)",
            count,
        ).format(file=failure.path.name, count=count)
    ]
    for problem in failure.problems[:5]:
        where = f"{problem.path}: " if problem.path else ""
        lines.append("".join(("  ", problem.location(), ": ", where, problem.message)))
        if problem.fix:
            lines.append(_("    fix: {fix}").format(fix=problem.fix))
    if count > 5:
        lines.append(
            _("  … and {count} more: run `sdm-tui check {path}`").format(
                count=count - 5, path=failure.path
            )
        )
    return plain("\n".join(lines))


class LibraryScreen(Screen):
    CSS_PATH = "library.tcss"
    stage_key = "library"
    _listed = 0
    """How many of the library's aids the list has considered (shown, or filtered out)."""
    _failures_shown = 0
    _details_of: DecisionAid | bool | None = False
    """The aid whose details are shown (None: "no aid matches"; False: nothing yet)."""
    _language_changes = 0
    """The library's `language_changes` when the entries were drawn: redrawn when it moves
    (a translation checked after its original was listed)."""
    _chosen: dict[str, str]
    """Aid id -> the language chosen with F7 for its consultation (default: the original's)."""
    BINDINGS = [
        Binding(
            "ctrl+n", "resume", _("Resume"), id="resume", tooltip=_("Back to the consultation")
        ),
        Binding("slash", "focus_search", _("Search"), id="search", show=False),
        Binding(
            "f9",
            "app.settings",
            _("Settings"),
            id="settings",
            tooltip=_("Theme, folders, idle time"),
        ),
        Binding(
            "f7",
            "language",
            _("Language"),
            id="aid-language",
            tooltip=_("Start the highlighted aid in another of its languages"),
        ),
        Binding(
            "f6",
            "review_earlier",
            _("Review earlier"),
            id="review-earlier",
            tooltip=_("Review an earlier decision: pick a record from the export folder"),
        ),
    ]

    @property
    def sdm_app(self) -> SdmApp:
        return cast("SdmApp", self.app)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":  # offered only when there is a consultation to go back to
            return self.sdm_app.consultation is not None
        if action == "language":  # offered only for an aid in more than one language
            aid_id = self._highlighted_id()
            return aid_id is not None and len(self.sdm_app.library.languages(aid_id)) > 1
        return True

    def __init__(self) -> None:
        super().__init__()
        self._chosen = {}

    def compose(self) -> ComposeResult:
        lines = self.sdm_app.mode.banner(None)
        if lines:
            yield Banner(lines)
        yield StageBar(STAGES[0])
        yield Static(Content(_("Choose a decision aid")), id="stage-title")
        yield Static(id="in-progress")
        yield Input(placeholder=_("Type to filter by title, question or tag"), id="search")
        with Horizontal(id="library-body"):
            with Vertical(id="list-column"):
                yield OptionList(id="aids")
                yield Static(id="count", classes="muted")
            yield VerticalScroll(Static(id="details"), id="details-pane")
        failures = self.sdm_app.library.failures
        self._failures_shown = len(failures)
        if failures:
            with VerticalScroll(id="failures"):
                for failure in failures:
                    yield Static(failure_text(failure), classes="failure")
        yield Footer()

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#search", Input).focus()
        self.sdm_app.steady_cursor(self)
        if self.sdm_app.library.pending:  # a large library: check the rest once this shows
            self.call_after_refresh(self._schedule_loading)

    def _schedule_loading(self) -> None:
        self.sdm_app.delays.later(LOADING_DELAY, self._start_loading, name="load-aids")

    def _start_loading(self) -> None:
        self.run_worker(self._load_pending(), name="load-aids", exclusive=True)

    async def _load_pending(self) -> None:
        """Check the remaining aid files one at a time, letting keys and redraws through
        between two files; the list takes in the new aids a few times a second."""
        library = self.sdm_app.library
        clock = self.sdm_app.delays.monotonic
        shown = clock()
        while library.pending:
            library.load_pending(1)
            await asyncio.sleep(0)
            if clock() - shown >= UPDATE_SECONDS:
                self._take_new_aids()
                shown = clock()
        self._take_new_aids()

    def on_screen_resume(self) -> None:
        if self.app.screen is not self:
            return  # a stage was opened before this event came (a resumed consultation)
        self.sdm_app.current_stage = STAGES[0]
        consultation = self.sdm_app.consultation
        banner = self.query_one("#in-progress", Static)
        if consultation is None:
            banner.update("")
            banner.display = False
            search = self.query_one("#search", Input)
            if search.value:  # the last search can hint at the last patient's condition
                search.value = ""
            search.focus()
        else:
            banner.update(
                plain(
                    _("Consultation in progress: {title} · Ctrl+N to resume").format(
                        title=consultation.aid.title
                    )
                )
            )
            banner.display = True

    def _fill(self, query: str) -> None:
        today = dt.date.today()
        library = self.sdm_app.library
        aids = library.search(query, include_retired=self.sdm_app.include_retired)
        self._listed = len(library.aids)
        self._language_changes = library.language_changes
        option_list = self.query_one("#aids", OptionList)
        option_list.clear_options()
        option_list.add_options(Option(self._prompt(aid, today), id=aid.id) for aid in aids)
        self._show_count(len(aids))
        if aids:
            option_list.highlighted = 0
        self._show_details(self._in_chosen(aids[0]) if aids else None)

    def _prompt(self, aid: DecisionAid, today: dt.date, highlighted: bool = False) -> Content:
        """An aid's entry, in the language chosen for it, listing its languages."""
        languages = self.sdm_app.library.languages_of(aid)
        return aid_prompt(
            self._in_chosen(aid), today, highlighted, languages, self._chosen.get(aid.id, "")
        )

    def _in_chosen(self, aid: DecisionAid) -> DecisionAid:
        """The aid in the language chosen for it with F7 (loads nothing: the choice was
        made among its loaded languages)."""
        chosen = self._chosen.get(aid.id)
        if not chosen:
            return aid
        return self.sdm_app.library.translations.get(aid.id, {}).get(chosen, aid)

    def _highlighted_id(self) -> str | None:
        found = self.query("#aids")  # none yet while the screen is composed
        option_list = found.first(OptionList) if found else None
        if option_list is None or option_list.highlighted is None:
            return None
        return option_list.get_option_at_index(option_list.highlighted).id

    def _show_count(self, shown: int) -> None:
        library = self.sdm_app.library
        total = len(library.offered(self.sdm_app.include_retired))
        failed = len(library.failures)
        count = _("{shown} of {total} aids").format(shown=shown, total=total)
        if failed:
            count += _(" · {count} could not be loaded (listed below)").format(count=failed)
        if library.pending:
            count += _(" · checking {count} more…").format(count=len(library.pending))
        self.query_one("#count", Static).update(Content(count))

    def _take_new_aids(self) -> None:
        """List the aids checked since the list was filled (those the search matches), at
        its end, where they belong (files load in name order); the highlight stays put."""
        library = self.sdm_app.library
        query = self.query_one("#search", Input).value
        include_retired = self.sdm_app.include_retired
        new = [
            aid
            for aid in library.aids[self._listed :]
            if (include_retired or not aid.is_retired) and library.finds(aid, query)
        ]
        self._listed = len(library.aids)
        option_list = self.query_one("#aids", OptionList)
        today = dt.date.today()
        self._redraw_languages(option_list, today)
        option_list.add_options(Option(self._prompt(aid, today), id=aid.id) for aid in new)
        if new and option_list.highlighted is None:
            option_list.highlighted = 0
            self._show_details(self._in_chosen(new[0]))
        failures = library.failures[self._failures_shown :]
        if failures:
            self._failures_shown = len(library.failures)
            shown = [Static(failure_text(f), classes="failure") for f in failures]
            panels = self.query("#failures")
            if panels:
                panels.first(VerticalScroll).mount_all(shown)
            else:
                self.mount(VerticalScroll(*shown, id="failures"), before=self.query_one(Footer))
        self._show_count(option_list.option_count)

    def _redraw_languages(self, option_list: OptionList, today: dt.date) -> None:
        """Entries whose aid gained a language since they were drawn (a translation loaded
        after its original) show it now."""
        library = self.sdm_app.library
        if library.language_changes == self._language_changes:
            return
        self._language_changes = library.language_changes
        listed = {aid.id: aid for aid in library.aids}
        for index in range(option_list.option_count):
            aid = listed.get(option_list.get_option_at_index(index).id or "")
            if aid is not None:
                marked = index == option_list.highlighted
                option_list.replace_option_prompt_at_index(
                    index, self._prompt(aid, today, highlighted=marked)
                )
        self.refresh_bindings()

    def _show_details(self, aid: DecisionAid | None) -> None:
        if aid is self._details_of:  # e.g. the highlight event after `_fill` showed it
            return
        self._details_of = aid
        details = self.query_one("#details", Static)
        if aid is None:
            details.update(Content(_("No aid matches.")))
        else:
            details.update(aid_details(aid, dt.date.today()))

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#search")
    def _open_first(self) -> None:
        option_list = self.query_one("#aids", OptionList)
        if option_list.highlighted is not None:
            self._open(option_list.get_option_at_index(option_list.highlighted).id)

    def on_key(self, event: events.Key) -> None:
        """Down from the filter moves to the list *and* one aid down: Enter in the filter
        already opens the highlighted aid, so Down+Enter opens the next one, as typed."""
        if event.key == "down" and self.focused is self.query_one("#search"):
            option_list = self.query_one("#aids", OptionList)
            option_list.focus()
            option_list.action_cursor_down()
            event.stop()
        elif (
            event.key == "up"
            and self.focused is self.query_one("#aids")
            and self.query_one("#aids", OptionList).highlighted in (None, 0)
        ):
            self.query_one("#search", Input).focus()
            event.stop()

    @on(OptionList.OptionHighlighted, "#aids")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        aid = self.sdm_app.library.get(event.option.id or "")
        self._show_details(aid if aid is None else self._in_chosen(aid))
        self.refresh_bindings()
        option_list = event.option_list
        today = dt.date.today()
        for index in range(option_list.option_count):
            option = option_list.get_option_at_index(index)
            marked = index == event.option_index
            if marked or str(option.prompt).startswith("▶"):
                shown = self.sdm_app.library.get(option.id or "")
                if shown is not None:
                    option_list.replace_option_prompt_at_index(
                        index, self._prompt(shown, today, highlighted=marked)
                    )

    @on(OptionList.OptionSelected, "#aids")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def _open(self, aid_id: str | None) -> None:
        """Start the aid, in the language chosen for it (F7), else its original's."""
        aid = self.sdm_app.library.pick(aid_id or "", self._chosen.get(aid_id or ""))
        if aid is None:
            return
        current = self.sdm_app.consultation
        if current is None:
            self.sdm_app.start_consultation(aid)
        elif current.aid.id == aid.id and current.aid.language == aid.language:
            self.action_resume()
        else:
            from sdm_tui.app.screens.confirm import ConfirmScreen

            def replace(confirmed: bool | None) -> None:
                if confirmed:
                    self.sdm_app.start_consultation(aid)

            self.app.push_screen(
                ConfirmScreen(
                    _("Start a new consultation?"),
                    _(
                        "A consultation is in progress with another aid. Starting a new one "
                        "clears everything entered in it."
                    ),
                    confirm_label=_("Clear and start"),
                ),
                replace,
            )

    @on(StageBar.Selected)
    def _stage_selected(self, event: StageBar.Selected) -> None:
        self.sdm_app.go_to_stage(event.stage.key)

    def action_resume(self) -> None:
        if self.sdm_app.consultation is not None:
            self.sdm_app.go_to_stage(self.sdm_app.resume_stage)

    def action_review_earlier(self) -> None:
        """Pick a record file from the export folder and open its follow-up."""
        from sdm_tui.app.screens.record_picker import RecordPickerScreen

        def chosen(picked: tuple[object, str] | None) -> None:
            if picked is None:
                return
            record, name = picked
            if self.sdm_app.consultation is None:
                self.sdm_app.start_follow_up(record, name)  # type: ignore[arg-type]
                return
            from sdm_tui.app.screens.confirm import ConfirmScreen

            def replace(confirmed: bool | None) -> None:
                if confirmed:
                    self.sdm_app.start_follow_up(record, name)  # type: ignore[arg-type]

            self.app.push_screen(
                ConfirmScreen(
                    _("Start a follow-up?"),
                    _(
                        "A consultation is in progress. Starting a follow-up clears everything "
                        "entered in it."
                    ),
                    confirm_label=_("Clear and start"),
                ),
                replace,
            )

        self.app.push_screen(RecordPickerScreen(self.sdm_app.export_folder), chosen)

    def action_language(self) -> None:
        """F7: the highlighted aid starts in its next language (round to the original)."""
        aid_id = self._highlighted_id()
        if aid_id is None:
            return
        library = self.sdm_app.library
        languages = list(library.variants(aid_id))
        if len(languages) < 2:
            return
        current = self._chosen.get(aid_id, languages[0])
        following = languages[(languages.index(current) + 1) % len(languages)]
        if following == languages[0]:
            self._chosen.pop(aid_id, None)
        else:
            self._chosen[aid_id] = following
        option_list = self.query_one("#aids", OptionList)
        aid = library.get(aid_id)
        if aid is not None and option_list.highlighted is not None:
            option_list.replace_option_prompt_at_index(
                option_list.highlighted, self._prompt(aid, dt.date.today(), highlighted=True)
            )
            self._show_details(self._in_chosen(aid))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()
