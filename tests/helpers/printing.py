"""Real printing in tests: the CUPS queue ``PDF`` (cups-pdf), its output files, test PDFs.

cups-pdf writes each job as a PDF into its output directory (``Out`` in
/etc/cups/cups-pdf.conf, ``${HOME}/PDF`` by default, i.e. /root/PDF for root) about a second
after the job was sent, re-written by Ghostscript (page sizes rounded to whole points, text
not reliably extractable). Jobs are found by a unique token at the start of the job name,
so tests running in parallel (``make test`` uses ``-n auto``) never take each other's files.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

QUEUE = "PDF"
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
MM = 72 / 25.4
A4_PT = (210 * MM, 297 * MM)
ROLL_PT = (80 * MM, 160 * MM)
SPOOL_TIMEOUT_S = 20.0


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)


def cups_with_pdf_queue() -> bool:
    """True when cupsd runs, the cups-pdf queue ``PDF`` exists and pdfinfo is installed."""
    if not (shutil.which("lpstat") and shutil.which("pdfinfo")):
        return False
    return run("lpstat", "-r").returncode == 0 and run("lpstat", "-p", QUEUE).returncode == 0


def job_token() -> str:
    """A short unique prefix for a job name (cups-pdf truncates and escapes file names)."""
    return "ct" + uuid.uuid4().hex[:10]


def cups_pdf_output_dirs() -> tuple[Path, ...]:
    """Where cups-pdf may write this user's jobs: the configured ``Out``, then defaults."""
    user = pwd.getpwuid(os.getuid())
    out, anonymous = "${HOME}/PDF", "/var/spool/cups-pdf/ANONYMOUS"
    if CUPS_PDF_CONF.exists():
        for line in CUPS_PDF_CONF.read_text(errors="replace").splitlines():
            key, _, value = line.strip().partition(" ")
            if key == "Out" and value.strip():
                out = value.strip()
            elif key == "AnonDirName" and value.strip():
                anonymous = value.strip()
    out = out.replace("${HOME}", user.pw_dir).replace("${USER}", user.pw_name)
    candidates = (Path(out), Path(user.pw_dir) / "PDF", Path(anonymous))
    return tuple(dict.fromkeys(candidates))


def pdf_pages(path: Path) -> tuple[int, tuple[tuple[float, float], ...]] | None:
    """(page count, each page's size in points) from pdfinfo, or None while unreadable."""
    result = run("pdfinfo", "-f", "1", "-l", "9999", str(path))
    if result.returncode != 0:
        return None
    count = re.search(r"^Pages:\s+(\d+)", result.stdout, re.MULTILINE)
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", result.stdout, re.MULTILINE)
    if count is None:
        return None
    return int(count.group(1)), tuple((float(w), float(h)) for w, h in sizes)


@dataclass(frozen=True)
class SpooledJob:
    path: Path
    pages: int
    page_sizes_pt: tuple[tuple[float, float], ...]


def wait_for_spooled_job(token: str, timeout_s: float = SPOOL_TIMEOUT_S) -> SpooledJob | None:
    """The cups-pdf file of the job whose name starts with ``token``, once pdfinfo reads it.

    cups-pdf creates the file empty and fills it; a file pdfinfo cannot read yet is waited on.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for directory in cups_pdf_output_dirs():
            for path in sorted(directory.glob(f"{token}*.pdf")):
                info = pdf_pages(path)
                if info is not None:
                    return SpooledJob(path, *info)
        time.sleep(0.2)
    return None


def stop_queue(name: str) -> None:
    result = run("cupsdisable", "-r", "counter test: paused", name)
    assert result.returncode == 0, result.stderr


def reject_jobs(name: str) -> None:
    result = run("cupsreject", "-r", "counter test: rejecting", name)
    assert result.returncode == 0, result.stderr


def queued_jobs(name: str) -> str:
    return run("lpstat", "-o", name).stdout


def write_receipt_pdf(path: Path, pages: list[tuple[float, float]], lines: list[str]) -> Path:
    """A reportlab PDF with one page per size and the lines in embedded WenQuanYi."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(CJK_FONT), subfontIndex=0))
    pdf = canvas.Canvas(str(path), pagesize=pages[0])
    for number, size in enumerate(pages, start=1):
        pdf.setPageSize(size)
        pdf.setFont("WQY", 11)
        y = size[1] - 12 * MM
        for line in lines:
            pdf.drawString(5 * MM, y, f"{line}（第{number}页）")
            y -= 6 * MM
        pdf.rect(3 * MM, 3 * MM, size[0] - 6 * MM, size[1] - 6 * MM)
        pdf.showPage()
    pdf.save()
    return path
