"""Switch the shared QApplication's interface language for one test, then switch back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QLocale

from counterapp.ui.i18n import install_translators, remove_translators


@contextmanager
def interface_language(app: QCoreApplication, language: str) -> Iterator[None]:
    """Install ``language``'s translators into ``app`` for the ``with`` block."""
    locale = QLocale()
    translators = install_translators(app, language)
    try:
        yield
    finally:
        remove_translators(app, translators)
        QLocale.setDefault(locale)
