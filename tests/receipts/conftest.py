"""Fixtures for receipt tests: the CJK font, and reading PDFs back with poppler and zbar.

Without a CJK font or the poppler/zbar tools a test skips here and fails under CI=true
(``.ci/run`` installs fonts-wqy-microhei, poppler-utils and zbar-tools).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from counterapp.receipts import CjkFont, NoCjkFont, load_cjk_font
from helpers.environment import need

Tool = Callable[..., str]


@pytest.fixture(scope="session")
def font() -> CjkFont:
    """The process's CJK font (found and registered once)."""
    try:
        return load_cjk_font()
    except NoCjkFont as exc:
        need(False, f"a CJK TrueType font reportlab can embed (fonts-wqy-microhei): {exc}")
        raise  # unreachable: need() skips or fails


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    need(path is not None, f"{name} ({package})")
    assert path is not None
    return path


@pytest.fixture
def pdftotext(tmp_path: Path) -> Callable[[bytes], str]:
    """The text poppler extracts from a PDF (reading order, not -layout)."""
    exe = _tool("pdftotext", "poppler-utils")

    def read(pdf: bytes, *, page: int | None = None) -> str:
        source = tmp_path / "read.pdf"
        source.write_bytes(pdf)
        pages = ["-f", str(page), "-l", str(page)] if page else []
        done = subprocess.run(
            [exe, "-enc", "UTF-8", *pages, str(source), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        )
        return done.stdout.decode("utf-8")

    return read


@pytest.fixture
def pdffonts(tmp_path: Path) -> Callable[[bytes], list[dict[str, str]]]:
    """The fonts of a PDF as pdffonts lists them: name, type, emb, sub, uni."""
    exe = _tool("pdffonts", "poppler-utils")

    def fonts(pdf: bytes) -> list[dict[str, str]]:
        source = tmp_path / "fonts.pdf"
        source.write_bytes(pdf)
        out = subprocess.run(
            [exe, str(source)], capture_output=True, text=True, check=True, timeout=60
        ).stdout
        rows = []
        for line in out.splitlines()[2:]:
            # name, type (may contain spaces), encoding, emb, sub, uni, object, id
            match = re.match(
                r"(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line
            )
            assert match, line
            name, kind, _, emb, sub, uni = match.groups()
            rows.append({"name": name, "type": kind, "emb": emb, "sub": sub, "uni": uni})
        return rows

    return fonts


@pytest.fixture
def decode_qr(tmp_path: Path) -> Callable[[bytes], list[str]]:
    """The QR codes zbarimg finds on the first page rendered at 150 dpi."""
    ppm = _tool("pdftoppm", "poppler-utils")
    zbar = _tool("zbarimg", "zbar-tools")

    def decode(pdf: bytes) -> list[str]:
        source = tmp_path / "qr.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                ppm,
                "-png",
                "-r",
                "150",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(tmp_path / "qr"),
            ],
            check=True,
            timeout=60,
        )
        done = subprocess.run(
            [zbar, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(tmp_path / "qr.png")],
            capture_output=True,
            text=True,
            timeout=60,
        )
        return [line for line in done.stdout.splitlines() if line]

    return decode
