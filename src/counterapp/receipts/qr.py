"""The QR code on a receipt, drawn straight onto the canvas."""

from __future__ import annotations

import itertools

from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

QR_QUIET_MODULES = 4
"""The quiet zone around the code, in modules (the QR specification's minimum)."""


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """A QR code (error correction M) filling a square at (x, y), 4-module quiet zone.

    Drawn as one filled path straight from reportlab's encoder (``qrencoder``): the
    graphics widget would also pull an unused Helvetica into the PDF's fonts.
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    count = code.getModuleCount()
    module = size / (count + 2 * QR_QUIET_MODULES)
    path = canvas.beginPath()
    for r, modules in enumerate(code.modules):
        column = 0
        for dark, run in itertools.groupby(bool(m) for m in modules):
            length = len(list(run))
            if dark:
                left = x + (column + QR_QUIET_MODULES) * module
                bottom = y + size - (r + QR_QUIET_MODULES + 1) * module
                path.rect(left, bottom, length * module, module * 1.02)
            column += length
    canvas.drawPath(path, stroke=0, fill=1)
