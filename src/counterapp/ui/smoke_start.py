"""`counterapp --exit-after-sign-in`: start as a clerk would, leave once sign-in is painted.

A check that an installation starts (the CI test of the bundle, an IT deployment script):
the real start-up (settings, database opened and migrated, keyring, translations, Qt
platform and plugins) up to the painted sign-in window, then exit code 0. Without a
display it draws offscreen instead of refusing, as nobody needs to see the window. Nobody
answers a message box either: its text goes to stderr and it is closed, so a workstation
that cannot open ends with its error's exit code instead of waiting for a click.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from counterapp.ui.app import FirstPaint, SignIn
from counterapp.ui.display import has_display

HEADLESS_PLATFORM = "offscreen"


def use_offscreen_without_display() -> None:
    """Draw offscreen when no display is named (before the QApplication exists)."""
    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = HEADLESS_PLATFORM


class _MessageBoxAnswerer(QObject):
    """Prints every message box that is shown to stderr and closes it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox):
            print(f"{watched.windowTitle()}: {watched.text()}", file=sys.stderr, flush=True)
            QTimer.singleShot(0, watched.reject)
        return False


def answer_message_boxes(app: QCoreApplication) -> None:
    """From now on, close each message box ``app`` shows, its text printed to stderr."""
    app.installEventFilter(_MessageBoxAnswerer(app))


PAINTED_LINE = "sign-in window painted; the workstation is opening"
"""Printed as soon as the window is painted, before the workstation has opened
(benchmarks/gui_startup.py times a bundle's start by it)."""


def say_painted() -> None:
    """Say on stdout that the sign-in window has been painted (the workstation opens next)."""
    print(PAINTED_LINE, flush=True)


def leave_once_painted(signin: SignIn) -> None:
    """Quit ``signin``'s event loop (exit code 0) once its window has been painted,
    saying so on stdout (with the window's title: the translation was found)."""

    def leave() -> None:
        print(
            f"sign-in window shown ({signin.login.windowTitle()}, "
            f"Qt platform {signin.app.platformName()}); exiting as --exit-after-sign-in asks",
            flush=True,
        )
        signin.app.quit()

    painted = FirstPaint(leave, parent=signin.login)
    signin.login.installEventFilter(painted)
