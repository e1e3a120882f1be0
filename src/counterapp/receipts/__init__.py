"""Receipts (受理回执) and one-time notifications (一次性告知书) as PDFs, with reportlab.

No Qt and no I/O beyond reading a font file: the app layer builds the typed inputs from a
saved case (already masked), loads the font once with :func:`load_cjk_font` and gets PDF
bytes back; printing is the UI's business. See docs/receipts.md.
"""

from counterapp.receipts.acceptance import render_acceptance
from counterapp.receipts.fonts import (
    CjkFont,
    FontSource,
    NoCjkFont,
    RejectedFont,
    find_cjk_font,
    load_cjk_font,
)
from counterapp.receipts.model import (
    DEFAULT_PROMISE,
    ApplicantLine,
    ConsentNote,
    DataUseNotice,
    ExemptMaterial,
    HallInfo,
    Layout,
    MissingMaterial,
    NotificationData,
    ReceiptData,
    RenderResult,
)
from counterapp.receipts.notification import render_notification

__all__ = [
    "DEFAULT_PROMISE",
    "ApplicantLine",
    "CjkFont",
    "ConsentNote",
    "DataUseNotice",
    "ExemptMaterial",
    "FontSource",
    "HallInfo",
    "Layout",
    "MissingMaterial",
    "NoCjkFont",
    "NotificationData",
    "ReceiptData",
    "RejectedFont",
    "RenderResult",
    "find_cjk_font",
    "load_cjk_font",
    "render_acceptance",
    "render_notification",
]
