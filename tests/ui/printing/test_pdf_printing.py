"""print_pdf through the real CUPS queue ``PDF`` (cups-pdf), and every way it must refuse.

cups-pdf re-writes the job through Ghostscript, so the spooled file is checked for what
survives that: the page count and the page sizes (pdfinfo), not the text.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from counterapp.ui.printing import (
    NoDefaultPrinter,
    PrinterNotFound,
    PrinterStopped,
    PrintFailed,
    PrintResult,
    UnreadablePdf,
    pdf_printing,
    print_pdf,
)
from helpers.printing import (
    A4_PT,
    MM,
    ROLL_PT,
    job_token,
    pdf_pages,
    queued_jobs,
    reject_jobs,
    stop_queue,
)

PT_TOLERANCE = 1.5  # cups-pdf (Ghostscript) rounds page sizes to whole points


def _close(size: tuple[float, float], expected: tuple[float, float]) -> bool:
    return all(abs(a - b) <= PT_TOLERANCE for a, b in zip(size, expected, strict=True))


def test_a_two_page_a4_document_arrives_as_two_a4_pages(pdf_queue, a4_pdf, spooled) -> None:
    token = job_token()

    result = print_pdf(a4_pdf, printer_name=pdf_queue, job_name=f"{token} 受理回执")

    assert result == PrintResult(pdf_queue, 2, f"{token} 受理回执")
    job = spooled(token)
    assert job.pages == 2
    assert all(_close(size, A4_PT) for size in job.page_sizes_pt), job.page_sizes_pt


def test_an_80mm_roll_receipt_arrives_80mm_wide_not_on_a4(pdf_queue, roll_pdf, spooled) -> None:
    token = job_token()

    result = print_pdf(roll_pdf, printer_name=pdf_queue, job_name=f"{token} 小票")

    assert result.pages == 1
    job = spooled(token)
    assert job.pages == 1
    ((width, height),) = job.page_sizes_pt
    assert abs(width - 80 * MM) <= PT_TOLERANCE, f"roll printed {width} pt wide"
    assert abs(height - ROLL_PT[1]) <= PT_TOLERANCE


def test_copies_are_made_by_the_print_system(pdf_queue, roll_pdf, spooled) -> None:
    token = job_token()

    result = print_pdf(roll_pdf, printer_name=pdf_queue, copies=2, job_name=token)

    assert result.pages == 1  # pages of the document; CUPS makes the copies
    assert spooled(token).pages == 2


def test_the_default_printer_is_used_when_none_is_named(pdf_queue, roll_pdf, spooled) -> None:
    from counterapp.ui.printing import default_printer

    default = default_printer()
    if default is None or default.name != pdf_queue:
        pytest.skip(f"the default printer is not {pdf_queue!r} here (.ci/run makes it so)")
    token = job_token()

    result = print_pdf(roll_pdf, job_name=token)

    assert result.printer == pdf_queue
    assert spooled(token).pages == 1


def test_printing_works_from_a_worker_thread_with_pdf_bytes(pdf_queue, a4_pdf, spooled) -> None:
    token = job_token()
    data = a4_pdf.read_bytes()

    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(print_pdf, data, printer_name=pdf_queue, job_name=token).result()

    assert result.pages == 2
    assert spooled(token).pages == 2


def test_a_printer_that_does_not_exist_is_named_in_the_error(pdf_queue, a4_pdf) -> None:
    with pytest.raises(PrinterNotFound) as raised:
        print_pdf(a4_pdf, printer_name="窗口3-热敏打印机", job_name="x")

    assert raised.value.name == "窗口3-热敏打印机"
    assert pdf_queue in raised.value.available
    assert "窗口3-热敏打印机" in str(raised.value)
    assert "窗口3-热敏打印机" in raised.value.reason_zh


def test_a_stopped_queue_is_refused_and_no_job_is_queued(temporary_queue, a4_pdf) -> None:
    stop_queue(temporary_queue)

    with pytest.raises(PrinterStopped) as raised:
        print_pdf(a4_pdf, printer_name=temporary_queue, job_name=job_token())

    assert raised.value.name == temporary_queue
    assert raised.value.state == "stopped"
    assert "paused" in raised.value.state_reason
    assert temporary_queue not in queued_jobs(temporary_queue)


def test_a_job_cups_refuses_after_the_check_is_reported_not_lost(
    temporary_queue, a4_pdf, monkeypatch
) -> None:
    # The queue starts refusing between the readiness check and the job (a race we cannot
    # time, so the check is skipped): QPainter.end() still returns True, CUPS says no.
    reject_jobs(temporary_queue)
    monkeypatch.setattr(pdf_printing, "check_ready", lambda info: None)

    with pytest.raises(PrintFailed) as raised:
        print_pdf(a4_pdf, printer_name=temporary_queue, job_name=job_token())

    assert "not accepting jobs" in raised.value.detail


def test_writing_a_pdf_file_happens_only_when_asked(qapp, mixed_pdf, tmp_path) -> None:
    target = tmp_path / "out.pdf"

    result = print_pdf(mixed_pdf, to_file=target, job_name="回执")

    assert result == PrintResult(str(target), 2, "回执", target)
    pages, sizes = pdf_pages(target) or (0, ())
    assert pages == 2
    assert _close(sizes[0], A4_PT), sizes
    assert _close(sizes[1], ROLL_PT), sizes


def test_the_written_pages_are_on_white_not_black(qapp, roll_pdf, tmp_path) -> None:
    from PySide6.QtGui import QColor
    from PySide6.QtPdf import QPdfDocument

    target = tmp_path / "out.pdf"
    print_pdf(roll_pdf, to_file=target, job_name="x")
    document = QPdfDocument()
    document.load(str(target))
    image = document.render(0, document.pagePointSize(0).toSize())

    corner = QColor(image.pixel(1, 1))
    assert (corner.red(), corner.green(), corner.blue()) == (255, 255, 255)
    document.close()


def test_an_unwritable_output_file_is_a_print_failure(qapp, roll_pdf, tmp_path) -> None:
    with pytest.raises(PrintFailed) as raised:
        print_pdf(roll_pdf, to_file=tmp_path / "missing" / "out.pdf", job_name="x")

    assert "QPainter.begin" in raised.value.detail


def test_a_damaged_pdf_is_refused(qapp) -> None:
    with pytest.raises(UnreadablePdf):
        print_pdf(b"%PDF-1.4 this is not a pdf", to_file=Path("unused.pdf"), job_name="x")


def test_a_missing_pdf_file_is_refused(qapp, tmp_path) -> None:
    with pytest.raises(UnreadablePdf) as raised:
        print_pdf(tmp_path / "nope.pdf", to_file=tmp_path / "out.pdf", job_name="x")

    assert "FileNotFound" in raised.value.detail


@pytest.mark.parametrize(
    "kwargs",
    [{"copies": 0, "to_file": Path("x.pdf")}, {"printer_name": "PDF", "to_file": Path("x.pdf")}],
)
def test_contradictory_arguments_are_refused(qapp, roll_pdf, kwargs) -> None:
    with pytest.raises(ValueError):
        print_pdf(roll_pdf, job_name="x", **kwargs)


NO_PRINT_SYSTEM = """
import sys
from pathlib import Path
from counterapp.ui.printing import *
from PySide6.QtGui import QGuiApplication
app = ensure_qt_app()
assert isinstance(app, QGuiApplication) and app.platformName() == "offscreen", app.platformName()
assert ensure_qt_app() is app
assert available_printers() == () and default_printer() is None
pdf = Path(sys.argv[1])
for kwargs, error in (({"printer_name": "PDF"}, PrinterNotFound), ({}, NoDefaultPrinter)):
    try:
        print_pdf(pdf, job_name="x", **kwargs)
    except error as e:
        print(type(e).__name__, e.available)
    else:
        raise SystemExit(f"{kwargs}: printed without a print system")
print(print_pdf(pdf, job_name="x", to_file=Path(sys.argv[2])).pages)
"""


def test_without_a_print_system_nothing_falls_back_to_a_pdf_file(
    roll_pdf, tmp_path, monkeypatch
) -> None:
    # A fresh process, as the CLI is: no display, no QT_QPA_PLATFORM, CUPS unreachable.
    import subprocess

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    out = tmp_path / "asked.pdf"

    done = subprocess.run(
        [sys.executable, "-c", NO_PRINT_SYSTEM, str(roll_pdf), str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["PrinterNotFound ()", "NoDefaultPrinter ()", "1"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == [
        "asked.pdf",
        "roll.pdf",
    ]
    assert NoDefaultPrinter.__name__ in done.stdout
