"""The demo's scripted walkthrough runs the real widgets from login to receipt offscreen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from counterapp.config import load_settings
from counterapp.ui.demo_walkthrough import run_walkthrough

EXPECTED = (
    "01-login.png",
    "02-service.png",
    "03-id.png",
    "04-consent.png",
    "05-lookup.png",
    "06-form.png",
    "07-submitted.png",
    "08-preview.png",
    "09-draft-offered.png",
    "10-draft-restored.png",
    "11-couple-form.png",
    "12-locked.png",
    "13-supervisor-queue.png",
    "14-supervisor-case.png",
    "15-supervisor-dashboard.png",
    "16-supervisor-audit.png",
    "17-applicant-paused.png",
    "18-applicant-welcome.png",
    "19-applicant-ticket.png",
    "20-applicant-id.png",
    "21-applicant-consent.png",
    "22-applicant-lookup.png",
    "23-applicant-result.png",
    "24-applicant-done.png",
    "25-applicant-rated.png",
)


def test_the_walkthrough_writes_a_screenshot_per_step_and_the_receipt(
    qapp: QApplication, tmp_path: Path
) -> None:
    before = set(qapp.findChildren(QTranslator))
    lines: list[str] = []
    paths = run_walkthrough(load_settings(), tmp_path, people=500, say=lines.append)

    assert [p.name for p in paths] == [*EXPECTED, "receipt.pdf"]
    for name in EXPECTED:
        png = tmp_path / name
        assert png.read_bytes().startswith(b"\x89PNG")
        assert png.stat().st_size > 2_000, name
    assert (tmp_path / "receipt.pdf").read_bytes().startswith(b"%PDF")
    assert any("clerk / demo-clerk-1" in line for line in lines)  # the demo users, printed
    assert QApplication.instance() is qapp  # reused, not replaced
    assert set(qapp.findChildren(QTranslator)) == before  # its language given back
