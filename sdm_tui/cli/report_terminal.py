"""`sdm-tui report` drawn in the terminal with Rich: the core's blocks as tables and bars.

Every text is a `rich.text.Text`, never parsed as markup: aid titles, option labels and file
names come from the records' folders and files.
"""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.console import Group as RenderGroup
from rich.table import Table
from rich.text import Text

from sdm_tui.report.figures import Report
from sdm_tui.report.render import BarChart, Block, FigureTable, Line, terminal_blocks

__all__ = ["render_terminal"]

LINE_STYLES = {"title": "bold", "group": "bold underline", "text": ""}


def _table(table: FigureTable) -> Table:
    drawn = Table(title=Text(table.title), title_justify="left", show_lines=False)
    for index, header in enumerate(table.headers):
        drawn.add_column(Text(header), justify="left" if index == 0 else "right")
    for row in table.rows:
        drawn.add_row(*(Text(cell) for cell in row))
    return drawn


def _chart(chart: BarChart) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(overflow="fold")
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column(no_wrap=True, justify="right")
    for each in chart.bars:
        grid.add_row(Text(f"  {each.label}"), Text(each.bar), Text(each.ratio))
    return RenderGroup(Text(chart.title, style="bold"), grid)


def _drawn(block: Block) -> RenderableType:
    if isinstance(block, Line):
        return Text(block.text, style=LINE_STYLES[block.kind])
    if isinstance(block, FigureTable):
        return _table(block)
    return _chart(block)


def render_terminal(report: Report, console: Console) -> None:
    """Print the report (see `sdm_tui.report.render.terminal_blocks`) on `console`."""
    for block in terminal_blocks(report):
        console.print(_drawn(block))
