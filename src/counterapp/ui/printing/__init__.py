"""Printing PDFs through Qt: printers, print_pdf, print preview.

The receipts and notifications are PDFs made with reportlab; this package puts them on paper
(QtPrintSupport + QtPdf) and reports every way that can fail with a typed error.
See docs/printing.md.
"""

from counterapp.ui.printing.errors import (
    NoDefaultPrinter,
    PrinterNotFound,
    PrintError,
    PrinterStopped,
    PrintFailed,
    UnreadablePdf,
)
from counterapp.ui.printing.pdf_printing import PrintResult, print_pdf
from counterapp.ui.printing.printers import (
    PaperSize,
    PrinterInfo,
    PrinterState,
    available_printers,
    default_printer,
)
from counterapp.ui.printing.qt_app import ensure_qt_app

__all__ = [
    "NoDefaultPrinter",
    "PaperSize",
    "PrintError",
    "PrintFailed",
    "PrintResult",
    "PrinterInfo",
    "PrinterNotFound",
    "PrinterState",
    "PrinterStopped",
    "UnreadablePdf",
    "available_printers",
    "default_printer",
    "ensure_qt_app",
    "print_pdf",
]
