"""Print preview of a PDF: the same pages, the same page sizes, as print_pdf puts on paper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QPaintEngine
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QWidget

from counterapp.ui.printing import cups_state
from counterapp.ui.printing.errors import PrintError, PrintFailed
from counterapp.ui.printing.pdf_pages import open_pdf, paint_document
from counterapp.ui.printing.printers import check_ready, resolve_printer


class PdfPrintPreviewDialog(QPrintPreviewDialog):
    """Qt's preview dialog over a PDF; its Print button prints with print_pdf's checks.

    A print started from the dialog that cannot be made (queue stopped, CUPS refused the
    job) is reported through ``print_failed`` with the typed error, for the GUI to show.
    """

    print_failed = Signal(object)

    def __init__(self, printer: QPrinter, document: QPdfDocument, parent: QWidget | None) -> None:
        super().__init__(printer, parent)
        self._printer = printer  # the dialog does not own its printer: keep it alive
        self._document = document
        self.setWindowTitle("打印预览")
        self.paintRequested.connect(self._paint)

    def page_count(self) -> int:
        """How many pages the preview shows."""
        preview = self.findChild(QPrintPreviewWidget)
        assert preview is not None, "QPrintPreviewDialog builds its preview widget"
        return preview.pageCount()

    def _paint(self, printer: QPrinter) -> None:
        printing = printer.paintEngine().type() != QPaintEngine.Type.Picture
        native = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
        label = printer.printerName() or "preview"
        try:
            if printing and native:
                check_ready(resolve_printer(printer.printerName()))
            paint_document(printer, self._document, label=label)
            if printing and native:
                refusal = cups_state.last_job_error()
                if refusal is not None:
                    raise PrintFailed(label, f"the print system refused the job: {refusal}")
        except PrintError as error:
            self.print_failed.emit(error)


def show_print_preview(
    parent: QWidget | None, pdf: Path | bytes, printer_name: str | None = None
) -> PdfPrintPreviewDialog:
    """Open a non-modal print preview of ``pdf`` and return it (already shown).

    With no ``printer_name`` the default printer is used, or, on a machine without any,
    Qt's PDF writer (the preview needs only a page to draw on; printing from it then asks
    for a file name, which the clerk chooses deliberately).

    Raises:
        PrinterNotFound: ``printer_name`` names no printer of this machine.
        UnreadablePdf: ``pdf`` cannot be rendered.
    """
    document = open_pdf(pdf)
    # QPrinter() is the default printer, or Qt's PDF writer when the machine has none.
    printer = QPrinter(resolve_printer(printer_name)) if printer_name is not None else QPrinter()
    dialog = PdfPrintPreviewDialog(printer, document, parent)
    document.setParent(dialog)
    dialog.show()
    return dialog
