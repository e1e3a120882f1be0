"""Report writers: typed tables as an Excel workbook, the hall dashboard as an A4 PDF.

Pure writers, like :mod:`counterapp.receipts`: no database and no file of their own. The
app layer (:mod:`counterapp.app.reports`) reads the figures, builds the typed tables in the
user's language and writes the bytes atomically. See docs/reports.md.
"""

from counterapp.reports.dashboard_pdf import BarChart, DashboardDocument, render_dashboard
from counterapp.reports.tables import Cell, Column, Kind, Sheet, Table, format_cell
from counterapp.reports.xlsx import write_workbook

__all__ = [
    "BarChart",
    "Cell",
    "Column",
    "DashboardDocument",
    "Kind",
    "Sheet",
    "Table",
    "format_cell",
    "render_dashboard",
    "write_workbook",
]
