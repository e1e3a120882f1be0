"""available_printers / default_printer against the real CUPS queues of this machine."""

from __future__ import annotations

import pytest

from counterapp.ui.printing import PrinterState, available_printers, default_printer
from counterapp.ui.printing.printers import ROLL_WIDTH_MM
from helpers.printing import reject_jobs, stop_queue


def _named(name: str):
    return next(p for p in available_printers() if p.name == name)


def test_the_pdf_queue_is_listed_idle_with_a4_and_roll_sizes(pdf_queue: str) -> None:
    printer = _named(pdf_queue)

    # another test may be printing to the shared queue at this moment (pytest -n)
    assert printer.state in {PrinterState.IDLE, PrinterState.ACTIVE}
    assert printer.ready
    a4 = next(p for p in printer.paper_sizes if p.key == "A4")
    assert (a4.width_mm, a4.height_mm) == (210.0, 297.0)
    # cups-pdf's PPD has no named 80 mm size but accepts custom sizes: rolls print at size.
    assert printer.roll_80mm_size is None
    assert printer.supports_custom_sizes
    assert printer.supports_roll_80mm


def test_the_default_printer_is_the_one_flagged_default(pdf_queue: str) -> None:
    default = default_printer()
    flagged = [p.name for p in available_printers() if p.is_default]

    assert flagged == ([default.name] if default else [])


def test_a_stopped_queue_is_reported_stopped_with_the_cups_reason(temporary_queue: str) -> None:
    assert _named(temporary_queue).state is PrinterState.IDLE
    stop_queue(temporary_queue)

    printer = _named(temporary_queue)

    assert printer.state is PrinterState.STOPPED
    assert "paused" in printer.state_reason
    assert not printer.ready


def test_a_queue_refusing_jobs_is_reported_stopped(temporary_queue: str) -> None:
    reject_jobs(temporary_queue)

    printer = _named(temporary_queue)

    assert printer.state is PrinterState.STOPPED
    assert "not accepting jobs" in printer.state_reason


@pytest.mark.parametrize(("width", "is_roll"), [(80.0, True), (79.5, True), (58.0, False)])
def test_roll_paper_is_recognised_by_its_width(width: float, is_roll: bool) -> None:
    from counterapp.ui.printing import PaperSize

    assert PaperSize("X", "X", width, 297.0).is_roll_80mm is is_roll
    assert ROLL_WIDTH_MM == 80.0
