"""The print preview dialog, opened offscreen without blocking."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrintPreviewWidget

from counterapp.ui.printing import PrinterNotFound, PrinterStopped
from counterapp.ui.printing.preview import PdfPrintPreviewDialog, show_print_preview
from helpers.printing import job_token, stop_queue


def test_the_preview_shows_every_page_and_closes(qtbot, a4_pdf) -> None:
    dialog = show_print_preview(None, a4_pdf)
    qtbot.addWidget(dialog)

    assert isinstance(dialog, PdfPrintPreviewDialog)
    assert dialog.isVisible()
    assert dialog.page_count() == 2

    dialog.close()
    assert not dialog.isVisible()


def test_a_roll_receipt_previews_at_its_own_size(qtbot, roll_pdf, pdf_queue) -> None:
    dialog = show_print_preview(None, roll_pdf.read_bytes(), printer_name=pdf_queue)
    qtbot.addWidget(dialog)

    assert dialog.page_count() == 1
    size = dialog.printer().pageLayout().fullRect().size()  # points
    assert round(size.width()) == 227
    dialog.close()


def test_previewing_for_a_missing_printer_says_so(qtbot, roll_pdf, pdf_queue) -> None:
    with pytest.raises(PrinterNotFound):
        show_print_preview(None, roll_pdf, printer_name="no-such-printer")


def test_printing_from_the_preview_reaches_the_queue(qtbot, roll_pdf, pdf_queue, spooled) -> None:
    dialog = show_print_preview(None, roll_pdf, printer_name=pdf_queue)
    qtbot.addWidget(dialog)
    token = job_token()
    dialog.printer().setDocName(token)
    failures = []
    dialog.print_failed.connect(failures.append)

    dialog.findChild(QPrintPreviewWidget).print()  # what the dialog's Print button does

    assert failures == []
    assert spooled(token).pages == 1
    dialog.close()


def test_printing_from_the_preview_to_a_stopped_queue_is_reported(
    qtbot, roll_pdf, temporary_queue
) -> None:
    dialog = show_print_preview(None, roll_pdf, printer_name=temporary_queue)
    qtbot.addWidget(dialog)
    stop_queue(temporary_queue)

    with qtbot.waitSignal(dialog.print_failed, timeout=5000) as failed:
        dialog.findChild(QPrintPreviewWidget).print()

    assert isinstance(failed.args[0], PrinterStopped)
    assert failed.args[0].name == temporary_queue
    dialog.close()
