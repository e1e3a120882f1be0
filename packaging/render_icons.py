"""Render the application icon's PNG and ICO files from resources/icons/counterapp.svg.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

Run after changing the SVG; the rendered files are committed beside it (the bundle, the
.deb and the Windows installer take them from there, so building needs no renderer).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SVG = ICONS / "counterapp.svg"
PNG_SIZE = 256
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn on a transparent ``size`` x ``size`` image, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    png = render_png(renderer, PNG_SIZE)
    (ICONS / "counterapp.png").write_bytes(png)
    Image.open(io.BytesIO(png)).save(ICONS / "counterapp.ico", sizes=ICO_SIZES)
    print(f"wrote {ICONS / 'counterapp.png'} and {ICONS / 'counterapp.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
