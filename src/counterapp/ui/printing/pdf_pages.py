"""PDF pages painted onto a QPrinter, each on paper of its own size.

QtPdf (pdfium) renders a page to an image; the image is painted over the whole page of a
QPrinter whose page layout was set to the PDF page's size first, so an 80 mm roll receipt
goes out as an 80 mm page and an A4 form as A4, never one scaled onto the other. Print
preview and real printing share this code; it runs on any thread (QtPdf serialises its
pdfium calls, and QPainter on a QPrinter is allowed off the GUI thread).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from counterapp.ui.printing.errors import PrintFailed, UnreadablePdf

MIN_PRINT_DPI = 300
MAX_PRINT_DPI = 600
PREVIEW_DPI = 150
_POINTS_PER_INCH = 72.0
_SIZE_TOLERANCE_PT = 1.0


def open_pdf(pdf: Path | bytes) -> QPdfDocument:
    """The PDF, loaded and ready to render.

    Raises:
        UnreadablePdf: the file is missing, damaged, encrypted or has no pages.
    """
    document = QPdfDocument()
    if isinstance(pdf, bytes | bytearray):
        buffer = QBuffer(document)  # owned by the document: lives exactly as long
        buffer.setData(QByteArray(bytes(pdf)))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
        error = document.error()
    else:
        error = document.load(str(Path(pdf)))
    if error != QPdfDocument.Error.None_ or document.status() != QPdfDocument.Status.Ready:
        raise UnreadablePdf(f"{error.name.rstrip('_')} ({document.status().name})")
    if document.pageCount() < 1:
        raise UnreadablePdf("the document has no pages")
    return document


def page_layout(document: QPdfDocument, page: int) -> QPageLayout:
    """A margin-less layout of the PDF page's size, named (A4) when it is a standard one."""
    size = document.pagePointSize(page)
    landscape = size.width() > size.height()
    portrait_size = size.transposed() if landscape else size
    page_size = QPageSize(
        portrait_size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
    )
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    layout = QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0))
    layout.setMode(QPageLayout.Mode.FullPageMode)
    return layout


def paint_document(printer: QPrinter, document: QPdfDocument, *, label: str) -> int:
    """Paint every page of ``document`` on ``printer``; return the number of pages.

    Raises:
        PrintFailed: ``QPainter.begin`` failed (e.g. an unwritable output file).
    """
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(document, 0))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(label, "the printer could not be opened (QPainter.begin failed)")
    try:
        dpi = _render_dpi(printer, painter)
        for page in range(document.pageCount()):
            if page:
                printer.setPageLayout(page_layout(document, page))
                if not printer.newPage():
                    raise PrintFailed(label, f"could not start page {page + 1}")
            _paint_page(printer, painter, document, page, dpi, label)
    except BaseException:
        printer.abort()  # no half a document on paper
        painter.end()
        raise
    if not painter.end():
        raise PrintFailed(label, "the print job could not be finished (QPainter.end failed)")
    return document.pageCount()


def _render_dpi(printer: QPrinter, painter: QPainter) -> int:
    engine = painter.paintEngine()
    if engine is not None and engine.type() == QPaintEngine.Type.Picture:
        return PREVIEW_DPI  # the print preview records pictures; screen detail is enough
    return max(MIN_PRINT_DPI, min(printer.resolution(), MAX_PRINT_DPI))


def _paint_page(
    printer: QPrinter, painter: QPainter, document: QPdfDocument, page: int, dpi: int, label: str
) -> None:
    size_pt = document.pagePointSize(page)
    image = _render(document, page, size_pt, dpi)
    if image.isNull():
        raise PrintFailed(label, f"page {page + 1} could not be rendered")
    paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
    painter.drawImage(_target(paper, size_pt, printer.resolution()), image)


def _render(document: QPdfDocument, page: int, size_pt: QSizeF, dpi: int) -> QImage:
    scale = dpi / _POINTS_PER_INCH
    pixels = QSize(round(size_pt.width() * scale), round(size_pt.height() * scale))
    rendered = document.render(page, pixels)
    if rendered.isNull():
        return rendered
    # pdfium leaves the background transparent; paper is white, and an opaque image keeps
    # the spooled job small (no alpha mask).
    flat = QImage(rendered.size(), QImage.Format.Format_RGB32)
    flat.fill(Qt.GlobalColor.white)
    composer = QPainter(flat)
    composer.drawImage(0, 0, rendered)
    composer.end()
    return flat


def _target(paper: QRectF, size_pt: QSizeF, resolution: int) -> QRectF:
    """Where the page goes: the whole paper when the printer took the PDF's page size.

    A printer that accepts neither the size nor custom sizes keeps its own paper; the page
    is then placed top-left at its true size, shrunk only if it does not fit, never
    stretched.
    """
    scale = resolution / _POINTS_PER_INCH
    true_w, true_h = size_pt.width() * scale, size_pt.height() * scale
    tolerance = _SIZE_TOLERANCE_PT * scale
    if abs(paper.width() - true_w) <= tolerance and abs(paper.height() - true_h) <= tolerance:
        return paper
    shrink = min(1.0, paper.width() / true_w, paper.height() / true_h)
    return QRectF(paper.left(), paper.top(), true_w * shrink, true_h * shrink)
