"""Fixtures for printing tests: the real cups-pdf queue, temporary queues, receipt PDFs.

Tests that need a stopped or refusing queue get a temporary queue of their own instead of
stopping ``PDF``, which tests in other xdist workers may be printing to at that moment.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers.environment import need
from helpers.printing import (
    A4_PT,
    CJK_FONT,
    CUPS_PDF_PPD,
    QUEUE,
    ROLL_PT,
    SPOOL_TIMEOUT_S,
    SpooledJob,
    cups_pdf_output_dirs,
    cups_with_pdf_queue,
    run,
    wait_for_spooled_job,
    write_receipt_pdf,
)

RECEIPT_LINES = ["受理回执", "受理编号：ZW20260001", "申请人：张三", "承诺办结：5个工作日"]


@pytest.fixture
def pdf_queue(qapp) -> str:
    """The name of the real cups-pdf queue; skips here / fails under CI=true without it."""
    need(cups_with_pdf_queue(), f"CUPS with the cups-pdf queue {QUEUE!r} and pdfinfo")
    return QUEUE


@pytest.fixture
def spooled() -> Iterator[Callable[[str], SpooledJob]]:
    """Wait for the cups-pdf file of a job (by its token); the file is removed afterwards."""
    found: list[Path] = []

    def wait(token: str) -> SpooledJob:
        job = wait_for_spooled_job(token)
        if job is None:
            pytest.fail(
                f"no cups-pdf output for job {token!r} within {SPOOL_TIMEOUT_S:.0f} s in "
                f"{[str(d) for d in cups_pdf_output_dirs()]}; lpstat -W all -o:\n"
                + run("lpstat", "-W", "all", "-o").stdout
            )
        found.append(job.path)
        return job

    yield wait
    for path in found:
        path.unlink(missing_ok=True)


@pytest.fixture
def temporary_queue(pdf_queue: str) -> Iterator[str]:
    """A cups-pdf queue of its own for this test, deleted afterwards."""
    need(CUPS_PDF_PPD.exists(), f"the cups-pdf PPD {CUPS_PDF_PPD}")
    name = f"counterapp-test-{uuid.uuid4().hex[:8]}"
    made = run("lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-P", str(CUPS_PDF_PPD))
    need(made.returncode == 0, f"lpadmin to add a test queue ({made.stderr.strip()})")
    try:
        yield name
    finally:
        run("lpadmin", "-x", name)


def _receipt(path: Path, pages: list[tuple[float, float]]) -> Path:
    need(CJK_FONT.exists(), f"the CJK font {CJK_FONT} (fonts-wqy-microhei)")
    return write_receipt_pdf(path, pages, RECEIPT_LINES)


@pytest.fixture
def a4_pdf(tmp_path: Path) -> Path:
    """A two-page A4 PDF with Chinese text (embedded WenQuanYi)."""
    return _receipt(tmp_path / "a4.pdf", [A4_PT, A4_PT])


@pytest.fixture
def roll_pdf(tmp_path: Path) -> Path:
    """A one-page 80 mm roll receipt (80 × 160 mm) with Chinese text."""
    return _receipt(tmp_path / "roll.pdf", [ROLL_PT])


@pytest.fixture
def mixed_pdf(tmp_path: Path) -> Path:
    """An A4 page followed by an 80 mm roll page: each must keep its own size."""
    return _receipt(tmp_path / "mixed.pdf", [A4_PT, ROLL_PT])
