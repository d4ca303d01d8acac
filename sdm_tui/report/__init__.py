"""`sdm-tui report`: what exported consultation records add up to. No UI here.

reader.py finds and checks the records (with the record model, sdm_tui/export/record_model.py),
figures.py counts them, render.py lays them out for the terminal (as plain data, drawn with
Rich by `sdm_tui/cli/report_terminal.py`) and writes Markdown and CSV. duckdb_query.sql
gives the same figures in DuckDB, for sites with more records than a workstation should
read (docs/reporting.md).
"""

from sdm_tui.report.figures import FigureRow, Report, build_report, figure_rows
from sdm_tui.report.reader import Problem, ReadResult, RecordFacts, read_records
from sdm_tui.report.render import render_csv, render_markdown, terminal_blocks

__all__ = [
    "FigureRow",
    "Problem",
    "ReadResult",
    "RecordFacts",
    "Report",
    "build_report",
    "figure_rows",
    "read_records",
    "render_csv",
    "render_markdown",
    "terminal_blocks",
]
