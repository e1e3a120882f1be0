"""Typed tables as an Excel workbook (.xlsx, openpyxl): real cell types, formats, widths.

Counts are numbers, rates numbers with a percent format, days and moments Excel dates, so
a supervisor can sort, sum and chart them; nothing is written as preformatted text. Every
sheet's header row is bold and frozen; a sheet of one table gets an auto-filter; column
widths follow the longest value (a Chinese character counts two). The workbook is written
in openpyxl's write-only mode, row by row, so a year of cases does not sit in memory as
cell objects. Pure: the caller gives the stream (and makes the write atomic).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from counterapp.reports.tables import Cell, Kind, Sheet, Table, display_width, format_cell

__all__ = ["NUMBER_FORMATS", "write_workbook"]

NUMBER_FORMATS: dict[Kind, str] = {
    Kind.COUNT: "0",
    Kind.DECIMAL: "0.0",
    Kind.PERCENT: "0.0%",
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
}
"""The Excel number format of each column kind (text and mixed columns: by the value)."""

MIN_WIDTH = 8
MAX_WIDTH = 60
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="FFE8EEF4", end_color="FFE8EEF4")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="FF7F8C99"))
_HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=False)


def write_workbook(sheets: Sequence[Sheet], stream: IO[bytes]) -> None:
    """Write ``sheets``, in order, as one workbook to ``stream`` (opened for binary write)."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    book = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(book.create_sheet(sheet.name), sheet)
    book.save(stream)  # a ZipFile target: a path or a stream


def _write_sheet(ws: Any, sheet: Sheet) -> None:
    # A write-only sheet takes its layout before the first row (typed Any: the stubs of
    # WriteOnlyWorksheet lack column_dimensions and auto_filter, which it has).
    for index, width in enumerate(_widths(sheet.tables), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    if len(sheet.tables) == 1 and sheet.tables[0].rows:
        table = sheet.tables[0]
        last = get_column_letter(len(table.columns))
        ws.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    for number, table in enumerate(sheet.tables):
        if number:
            ws.append([])
        ws.append([_header(ws, column.title) for column in table.columns])
        kinds = [column.kind for column in table.columns]
        for row in table.rows:
            ws.append([_cell(ws, value, kind) for value, kind in zip(row, kinds, strict=True)])


def _header(ws: Any, title: str) -> XlsxCell:
    cell = WriteOnlyCell(ws, value=title)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.border = _HEADER_BORDER
    cell.alignment = _HEADER_ALIGNMENT
    return cell


def _cell(ws: Any, value: Cell, kind: Kind) -> XlsxCell | None:
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]  # a date is a value too
    number_format = _number_format(value, kind)
    if number_format:
        cell.number_format = number_format
    return cell


def _number_format(value: Cell, kind: Kind) -> str:
    if isinstance(value, datetime):
        return NUMBER_FORMATS[Kind.DATETIME]
    if isinstance(value, date):
        return NUMBER_FORMATS[Kind.DATE]
    if isinstance(value, bool | str):
        return ""
    if kind in (Kind.COUNT, Kind.DECIMAL, Kind.PERCENT):
        return NUMBER_FORMATS[kind]
    if isinstance(value, float):
        return NUMBER_FORMATS[Kind.DECIMAL]
    return NUMBER_FORMATS[Kind.COUNT]


def _widths(tables: Sequence[Table]) -> list[float]:
    """Each column's width: its longest header or value as printed, within bounds."""
    widths: list[int] = []
    for table in tables:
        for index, column in enumerate(table.columns):
            longest = max(
                [display_width(column.title)]
                + [
                    display_width(format_cell(row[index], column.kind, empty=""))
                    for row in table.rows
                ]
            )
            if index < len(widths):
                widths[index] = max(widths[index], longest)
            else:
                widths.append(longest)
    return [float(min(max(w + 2, MIN_WIDTH), MAX_WIDTH)) for w in widths]
