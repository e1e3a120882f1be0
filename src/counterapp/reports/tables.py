"""The typed tables every report writer takes: columns with a kind, rows of real values.

The app layer builds them (headers already in the user's language, values as numbers,
dates and texts, never preformatted strings); :mod:`counterapp.reports.xlsx` writes them as
cells of real types with number formats, :mod:`counterapp.reports.dashboard_pdf` prints them
with :func:`format_cell`. Pure: no I/O, no database.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

__all__ = ["Cell", "Column", "Kind", "Sheet", "Table", "display_width", "format_cell"]

Cell = str | int | float | date | datetime | None
"""One value: a text, a count, a number or rate, a day, a moment (naive, hall time), or
nothing (an empty cell; a rate of nothing)."""


class Kind(StrEnum):
    """What a column holds, hence its number format."""

    TEXT = "text"
    COUNT = "count"  # whole numbers: 0
    DECIMAL = "decimal"  # 0.0
    PERCENT = "percent"  # a rate 0..1 shown as 0.0%
    DATE = "date"  # yyyy-mm-dd
    DATETIME = "datetime"  # yyyy-mm-dd hh:mm
    MIXED = "mixed"  # each cell by its own type (a label/value column)


@dataclass(frozen=True)
class Column:
    """A column: its header (in the user's language) and what it holds."""

    title: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Table:
    """A header row and the rows under it; ``caption`` titles it in a PDF (not in a sheet).

    Every row has one cell per column.
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""

    def __post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"row {number} has {len(row)} cells for {len(self.columns)} columns"
                )


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its tables one under the other, a blank row between them.

    The first table's header row is the sheet's first row, frozen when scrolling.
    """

    name: str
    tables: tuple[Table, ...] = field(default_factory=tuple)


def format_cell(value: Cell, kind: Kind, *, empty: str = "—") -> str:
    """A value as text for print: a rate as ``75.0%``, a day ISO, a moment to the minute."""
    if value is None:
        return empty
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if kind is Kind.PERCENT:
            return f"{value * 100:.1f}%"
        if kind is Kind.COUNT and value.is_integer():
            return str(int(value))
        return f"{value:.1f}"
    return str(value)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width view: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
