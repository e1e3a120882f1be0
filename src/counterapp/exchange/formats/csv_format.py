"""CSV answers: a header row, then one row per record (docs/connectors.md "CSV rows").

A field's path is a column name. List items take every row as one record; single-valued
items read one row: the row with the greatest value in the request's ``latest_row_by``
column (the latest tax year), or the first row when the request names none. A row with
more or fewer cells than the header is an error, not a guess.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from counterapp.exchange.formats import FormatError, PathError


def parse(text: str, *, latest_by: str = "") -> CsvDocument:
    """Parse CSV text with a header row.

    Args:
        text: the decoded body.
        latest_by: the column whose greatest value picks the row single-valued fields
            read ("" for the first row).

    Returns:
        The document.

    Raises:
        FormatError: there is no header, a header repeats, a row is ragged, or the CSV
            itself is malformed.
    """
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]
    except csv.Error as error:
        raise FormatError(f"the body is not valid CSV: {error}") from None
    if not rows:
        raise FormatError("the CSV body is empty (no header row)")
    header = [cell.strip() for cell in rows[0]]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise FormatError(f"the CSV header repeats column(s) {', '.join(repeated)}")
    records: list[dict[str, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise FormatError(
                f"CSV row {number} has {len(row)} cells, the header has {len(header)}"
            )
        records.append(dict(zip(header, row, strict=True)))
    return CsvDocument(tuple(header), tuple(records), latest_by)


class CsvRow:
    """One CSV row; paths are column names."""

    __slots__ = ("cells",)

    def __init__(self, cells: Mapping[str, str] | None) -> None:
        self.cells = cells

    def value(self, path: str) -> object:
        """The cell in column ``path``; None when there is no row."""
        if self.cells is None:
            return None
        if path not in self.cells:
            raise PathError(f"the CSV has no column {path!r}")
        return self.cells[path]

    def elements(self, path: str) -> tuple[CsvRow, ...]:
        raise PathError("a CSV row holds no lists")

    def test(self, expression: str) -> bool:
        raise PathError("CSV answers have no envelope")

    def narrow(self, path: str) -> CsvRow | None:
        raise PathError("CSV answers have no envelope")


class CsvDocument(CsvRow):
    """A whole CSV answer: single values come from the chosen row, lists from every row."""

    __slots__ = ("header", "rows")

    def __init__(
        self, header: Sequence[str], rows: Sequence[Mapping[str, str]], latest_by: str = ""
    ) -> None:
        self.header = tuple(header)
        self.rows = tuple(rows)
        super().__init__(_chosen_row(self.header, self.rows, latest_by))

    def value(self, path: str) -> object:
        """The cell in column ``path`` of the chosen row; None when there are no rows."""
        if path not in self.header:
            raise PathError(f"the CSV has no column {path!r}")
        return super().value(path)

    def elements(self, path: str) -> tuple[CsvRow, ...]:
        """Every row, one record each (``path`` is not used: the rows are the list)."""
        return tuple(CsvRow(row) for row in self.rows)


def _chosen_row(
    header: Sequence[str], rows: Sequence[Mapping[str, str]], latest_by: str
) -> Mapping[str, str] | None:
    if not rows:
        return None
    if not latest_by:
        return rows[0]
    if latest_by not in header:
        raise FormatError(f"the CSV has no column {latest_by!r} (latest_row_by)")
    keys = [_sort_key(row[latest_by]) for row in rows]
    if all(isinstance(k, Decimal) for k in keys):
        best = max(range(len(rows)), key=lambda i: keys[i])
    else:
        best = max(range(len(rows)), key=lambda i: rows[i][latest_by].strip())
    return rows[best]


def _sort_key(cell: str) -> Decimal | str:
    try:
        number = Decimal(cell.strip())
    except (InvalidOperation, ValueError):
        return cell
    return number if number.is_finite() else cell
