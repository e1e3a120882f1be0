"""What the machine must provide for the later layers; CI=true turns a skip into a failure.

These check that .ci/run really provisions PostgreSQL, a CJK font reportlab can embed, a
CUPS PDF printer and a Secret Service keyring, so a missing package is caught here, by
name, rather than as a mysterious failure in a store or receipt test.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import sqlalchemy

from helpers.environment import in_ci, need


def test_need_fails_under_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert in_ci()
    with pytest.raises(pytest.fail.Exception, match="CI=true and a unicorn"):
        need(False, "a unicorn")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        need(False, "a unicorn")
    need(True, "anything")  # available: nothing happens


def test_postgresql_server_answers() -> None:
    url = os.environ.get("COUNTER_TEST_DATABASE_URL", "")
    need(bool(url), "PostgreSQL (COUNTER_TEST_DATABASE_URL, set by .ci/run)")
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            version = connection.execute(sqlalchemy.text("SHOW server_version")).scalar_one()
    finally:
        engine.dispose()
    assert int(str(version).split(".")[0]) >= 13


def _fc_list(*args: str) -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    run = subprocess.run(["fc-list", *args], capture_output=True, text=True, timeout=30)
    return [line for line in run.stdout.splitlines() if line.strip()]


def test_a_cjk_font_reportlab_can_embed_is_installed() -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    files = sorted({line.split(":")[0] for line in _fc_list(":lang=zh", "file")})
    embeddable = []
    for path in files:
        try:
            TTFont("probe", path, subfontIndex=0)
        except Exception:  # PostScript-outline CJK fonts (Noto CJK) cannot be embedded
            continue
        embeddable.append(path)
    need(bool(embeddable), "a TrueType CJK font (fonts-wqy-microhei)")


def test_a_cups_pdf_printer_is_ready() -> None:
    if shutil.which("lpstat") is None:
        need(False, "CUPS (lpstat)")
    run = subprocess.run(["lpstat", "-p"], capture_output=True, text=True, timeout=30)
    need("PDF" in run.stdout and run.returncode == 0, "the CUPS PDF printer queue 'PDF'")
