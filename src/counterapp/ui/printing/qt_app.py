"""A Qt application for printing from the command line, where no GUI has made one."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from counterapp.ui.display import has_display

_app: QGuiApplication | None = None


def ensure_qt_app() -> QGuiApplication:
    """The running QGuiApplication (or QApplication), created if there is none.

    On Linux without a display (a server, an SSH session, CI) Qt would abort looking for
    X11; the offscreen platform is chosen then, which is all printing needs.

    Raises:
        RuntimeError: a plain QCoreApplication already runs; Qt printing needs a GUI one.
    """
    global _app
    existing = QCoreApplication.instance()
    if existing is not None:
        if not isinstance(existing, QGuiApplication):
            raise RuntimeError("a QCoreApplication is running; printing needs a QGuiApplication")
        return existing
    if not has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A QApplication (not just a QGuiApplication), so the same process can later show
    # widgets — the print preview, or the workspace — on this one application object.
    _app = QApplication([sys.argv[0] if sys.argv and sys.argv[0] else "counterapp"])
    return _app


def require_gui_app() -> None:
    """Raise RuntimeError unless a QGuiApplication runs (QPrinter needs one)."""
    if not isinstance(QCoreApplication.instance(), QGuiApplication):
        raise RuntimeError("no QGuiApplication: call ensure_qt_app() before printing")
