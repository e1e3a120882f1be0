"""Putting composed rows on paper: A4 pages with page numbers, or one 80 mm roll page.

The PDF is written with ``invariant=1`` (no creation date or random id), so the same data
gives the same bytes: handy for tests and for comparing a reprint with the original.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counterapp.receipts.model import RenderResult
from counterapp.receipts.sheet import Row, Sheet

RENDER_LOCK = threading.Lock()
"""reportlab keeps per-document subset state on the shared font object: one render at a time."""


@dataclass(frozen=True)
class PageGeometry:
    """A paper size and its margins (points); ``height`` None grows with the content."""

    width: float
    height: float | None
    left: float
    right: float
    top: float
    bottom: float

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right


A4_PAGE = PageGeometry(A4[0], A4[1], left=18 * mm, right=18 * mm, top=16 * mm, bottom=20 * mm)
ROLL_80_PAGE = PageGeometry(80 * mm, None, left=4 * mm, right=4 * mm, top=5 * mm, bottom=10 * mm)

FooterText = Callable[[int, int], str]
"""The footer of page ``n`` of ``total``."""


def paginate(rows: list[Row], usable: float) -> list[list[Row]]:
    """Rows split into pages of at most ``usable`` height; a row marked keep_with_next
    moves to the next page together with the row after it."""
    pages: list[list[Row]] = [[]]
    used = 0.0
    for i, row in enumerate(rows):
        need = row.height
        j = i
        while rows[j].keep_with_next and j + 1 < len(rows):
            j += 1
            need += rows[j].height
        chain_moves = used + need > usable and need <= usable
        if pages[-1] and (chain_moves or used + row.height > usable):
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += row.height
    return pages


@dataclass(frozen=True)
class DocumentInfo:
    """PDF metadata."""

    title: str
    subject: str
    author: str


def write_pdf(
    sheet: Sheet,
    geometry: PageGeometry,
    info: DocumentInfo,
    footer: FooterText | None = None,
) -> RenderResult:
    """Draw a composed sheet onto pages and return the PDF."""
    rows = sheet.rows
    if geometry.height is None:
        height = geometry.top + sum(r.height for r in rows) + geometry.bottom
        pages = [rows]
    else:
        height = geometry.height
        pages = paginate(rows, height - geometry.top - geometry.bottom)
    buffer = io.BytesIO()
    with RENDER_LOCK:
        canvas = Canvas(
            buffer,
            pagesize=(geometry.width, height),
            invariant=1,
            pageCompression=1,
            # no unused Helvetica in the resources; types-reportlab types this as a float
            initialFontName=sheet.setter.font.name,  # type: ignore[arg-type]
        )
        canvas.setTitle(info.title)
        canvas.setSubject(info.subject)
        canvas.setAuthor(info.author)
        canvas.setCreator("Counter (counterapp)")
        for number, page in enumerate(pages, 1):
            top = height - geometry.top
            for row in page:
                row.draw(canvas, geometry.left, top)
                top -= row.height
            if footer is not None:
                text = footer(number, len(pages))
                size = sheet.style.small
                canvas.setFillGray(0.35)
                width = sheet.setter.width(text, size)
                sheet.setter.draw(
                    canvas, (geometry.width - width) / 2, geometry.bottom / 2, text, size
                )
                canvas.setFillGray(0)
            canvas.showPage()
        canvas.save()
    return RenderResult(
        pdf=buffer.getvalue(), pages=len(pages), missing_glyphs=tuple(sheet.setter.missing)
    )
