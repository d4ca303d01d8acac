"""The panels of `sdm-tui preview`: a status line, the errors of a broken save, the lint.

Every text here quotes the author's file (keys, values, whole lines), so it is built as
Content and never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from sdm_tui.app.plain import plain
from sdm_tui.i18n import _, ngettext

if TYPE_CHECKING:
    from sdm_tui.aid.problems import Problem
    from sdm_tui.app.preview import PreviewSession


def describe_problem(problem: Problem) -> Content:
    """One finding, compiler style: `file:line:col: severity[code]: path: message`, the line
    with a caret under the column, then the fix."""
    place = problem.file.name
    if problem.line is not None:
        place += f":{problem.line}"
        if problem.column is not None:
            place += f":{problem.column}"
    headline = f"{place}: {problem.headline()}"  # i18n: not shown (as `check`: English)
    if not problem.is_error and problem.name:
        headline += f" [{problem.name}]"
    lines: list[str] = []
    if problem.source_line and problem.line:
        gutter = f"{problem.line:>5} | "
        lines.append(gutter + problem.source_line)
        if problem.column:
            lines.append(" " * (len(gutter) - 2) + "| " + " " * (problem.column - 1) + "^")
    if problem.fix:
        lines.append(f"      = fix: {problem.fix}")  # i18n: not shown (as `check`: English)
    return Content.assemble(plain(headline).stylize("bold"), *("\n" + line for line in lines))


def describe_problems(problems: Sequence[Problem]) -> Content:
    return Content("\n\n").join(describe_problem(problem) for problem in problems)


class PreviewPanel(Widget):
    """A part of the preview that redraws itself from the session after each save."""

    def on_mount(self) -> None:
        from sdm_tui.app.preview import preview_session

        session = preview_session(self.app)
        if session is not None:
            self.show(session)

    def show(self, session: PreviewSession) -> None:
        raise NotImplementedError


class PreviewStatus(PreviewPanel, Static):
    """`✓ Reloaded 10:42:07 · 0 errors · 3 warnings`: what the last save did."""

    DEFAULT_CSS = """
    PreviewStatus {
        height: 1; width: 1fr; padding: 0 1;
        background: $boost; color: $text;
    }
    PreviewStatus.-broken { background: $error 30%; text-style: bold; }
    """

    def show(self, session: PreviewSession) -> None:
        self.update(session.status_text())
        self.set_class(bool(session.errors), "-broken")


class ProblemList(PreviewPanel, VerticalScroll, can_focus=True):
    """A list of findings that scrolls (wheel, or Tab to it and Up/Down/PgUp/PgDn) when
    longer than its share of the screen: the last errors and their fixes stay reachable."""

    DEFAULT_CSS = """
    ProblemList {
        height: auto; width: 1fr; padding: 0 1;
        overflow-y: auto; scrollbar-size-vertical: 1;
        border-top: solid $primary; background: $surface;
    }
    ProblemList:focus { background-tint: $foreground 5%; }
    ProblemList > .panel-title { text-style: bold; }
    ProblemList > .panel-text { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="panel-title")
        yield Static(classes="panel-text")

    def fill(self, title: Content, text: Content) -> None:
        self.query_one(".panel-title", Static).update(title)
        self.query_one(".panel-text", Static).update(text)


class ProblemsPanel(ProblemList):
    """The errors of the last save; shown only while the file does not load."""

    DEFAULT_CSS = """
    ProblemsPanel { max-height: 45%; border-top: thick $error; }
    """

    def show(self, session: PreviewSession) -> None:
        self.display = bool(session.errors)
        count = len(session.errors)
        if session.good is not None:
            title = ngettext(
                "✗ {count} error in the last save: the screen still shows the last good version",
                "✗ {count} errors in the last save: the screen still shows the last good version",
                count,
            )
        else:
            title = ngettext(
                "✗ {count} error in the last save: there is no good version to show yet",
                "✗ {count} errors in the last save: there is no good version to show yet",
                count,
            )
        title = title.format(count=count)
        self.fill(Content(title), describe_problems(session.errors))


class LintPanel(ProblemList):
    """The lint warnings of the version shown; F6 shows or hides it."""

    DEFAULT_CSS = """
    LintPanel { max-height: 35%; border-top: solid $warning; }
    """

    def show(self, session: PreviewSession) -> None:
        self.display = session.lint_visible
        if session.good is None:
            title = _("Lint (F6 hides)")
            text = Content(_("No lint yet: no version of the file loads."))
        else:
            count = len(session.warnings)
            title = ngettext(
                "⚠ Lint: {count} warning (F6 hides)", "⚠ Lint: {count} warnings (F6 hides)", count
            ).format(count=count)
            text = describe_problems(session.warnings) if count else Content(_("No warnings."))
        self.fill(Content(title), text)
