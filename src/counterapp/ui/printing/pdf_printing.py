"""Print a PDF on a real printer through Qt, and say exactly what happened.

Qt's own failure modes are silent: a printer name it does not know, or no print system at
all, turns a QPrinter into a PDF writer; a CUPS queue that refuses the job still lets
``QPainter.end()`` return True. ``print_pdf`` checks each of these and raises a typed
:class:`~counterapp.ui.printing.errors.PrintError` instead. Writing to a PDF file happens
only when the caller asks for it with ``to_file=``.

Blocking (rendering and spooling take a second or two): the GUI calls it through the
background-work helper; the CLI calls it directly after :func:`ensure_qt_app`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from counterapp.ui.printing import cups_state
from counterapp.ui.printing.errors import PrintFailed
from counterapp.ui.printing.pdf_pages import open_pdf, paint_document
from counterapp.ui.printing.printers import check_ready, resolve_printer
from counterapp.ui.printing.qt_app import require_gui_app


@dataclass(frozen=True)
class PrintResult:
    """A job handed to the print system (or written to ``output_file`` when asked)."""

    printer: str
    pages: int
    job_name: str
    output_file: Path | None = None


def print_pdf(
    pdf: Path | bytes,
    *,
    printer_name: str | None = None,
    copies: int = 1,
    job_name: str,
    to_file: Path | None = None,
) -> PrintResult:
    """Print every page of ``pdf`` at its own page size.

    Args:
        pdf: the document, as a path or as the bytes of a PDF.
        printer_name: a queue name; None means the machine's default printer.
        copies: how many copies the print system makes (at least 1).
        job_name: the job's title in the print queue.
        to_file: write a PDF there through Qt instead of printing (machines without a
            print system); cannot be combined with ``printer_name``.

    Raises:
        PrinterNotFound / NoDefaultPrinter: the printer does not exist or none is set.
        PrinterStopped: the queue is paused, stopped, in error or not accepting jobs.
        PrintFailed: Qt could not open the printer or CUPS refused the job.
        UnreadablePdf: ``pdf`` is not a PDF QtPdf can render.
        RuntimeError: no QGuiApplication runs (see ``ensure_qt_app``).
    """
    require_gui_app()
    if copies < 1:
        raise ValueError(f"copies must be at least 1, not {copies}")
    if to_file is not None and printer_name is not None:
        raise ValueError("pass either printer_name or to_file, not both")
    document = open_pdf(pdf)
    try:
        if to_file is not None:
            printer, label = _file_printer(Path(to_file)), str(to_file)
        else:
            printer = _queue_printer(printer_name)
            label = printer.printerName()
        printer.setDocName(job_name)
        printer.setCopyCount(copies)
        pages = paint_document(printer, document, label=label)
        if to_file is None:
            refusal = cups_state.last_job_error()
            if refusal is not None:
                raise PrintFailed(label, f"the print system refused the job: {refusal}")
    finally:
        document.close()
    return PrintResult(label, pages, job_name, Path(to_file) if to_file is not None else None)


def _queue_printer(printer_name: str | None) -> QPrinter:
    info = resolve_printer(printer_name)
    check_ready(info)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    name = info.printerName()
    native = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    if not native or printer.printerName() != name:
        # Qt's silent fallback: the job would become a PDF file nobody asked for.
        raise PrintFailed(name, "Qt could not open the queue and fell back to PDF output")
    return printer


def _file_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer
