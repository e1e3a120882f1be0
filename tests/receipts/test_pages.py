"""Pagination: rows fill pages in order; a heading never ends a page without what follows."""

from __future__ import annotations

from counterapp.receipts.pages import paginate
from counterapp.receipts.sheet import Row


def _row(height: float, *, keep: bool = False) -> Row:
    return Row(height, lambda canvas, x, top: None, keep_with_next=keep)  # a distinct row


def test_rows_fill_pages_in_order() -> None:
    rows = [_row(30) for _ in range(10)]
    pages = paginate(rows, 100)
    assert [len(p) for p in pages] == [3, 3, 3, 1]
    assert [r for p in pages for r in p] == rows


def test_a_heading_moves_to_the_next_page_with_the_row_after_it() -> None:
    body = [_row(30), _row(30)]
    heading = _row(20, keep=True)
    after = _row(30)
    pages = paginate([*body, heading, after], 100)
    assert pages == [body, [heading, after]]


def test_a_chain_taller_than_a_page_does_not_loop_or_leave_an_empty_page() -> None:
    rows = [_row(40, keep=True) for _ in range(5)] + [_row(40)]
    pages = paginate(rows, 100)
    assert all(pages)
    assert [r for p in pages for r in p] == rows
    assert all(sum(r.height for r in p) <= 100 for p in pages)


def test_a_row_taller_than_a_page_gets_a_page_of_its_own() -> None:
    rows = [_row(30), _row(150), _row(30)]
    assert paginate(rows, 100) == [[rows[0]], [rows[1]], [rows[2]]]
