"""The workspace frame: title, menus with shortcuts, status bar, and the page area.

The frame knows nothing of cases: the counter flow puts its widgets in with
:meth:`MainWindow.set_page` and listens to the action signals. Closing the window emits
:attr:`MainWindow.shutdown` first, so collaborators (the task runner, the idle lock, the
context) stop before the window goes.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from counterapp.ui.i18n import role_label
from counterapp.users.roles import Actor

MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")


def with_shortcut(text: str, action: QAction) -> str:
    """``text`` without its mnemonic, then the action's shortcut in brackets (a tooltip)."""
    text = MNEMONIC.sub("", text).strip()
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({keys})" if keys else text


class MainWindow(QMainWindow):
    """The clerk's window.

    Args:
        actor: who is signed in.
        hall_name: the hall's name (``hall.name``), shown in the title.
        window: the service window's number (``hall.window``).
        parent: the parent widget (normally none).

    Attributes:
        body: the central widget; the idle lock covers it with its overlay.
        pages: the stacked page area inside :attr:`body`.
    """

    next_requested = Signal()
    """The clerk asked for the next applicant (Ctrl+N)."""
    lock_requested = Signal()
    """The clerk locked the screen (Ctrl+L)."""
    shutdown = Signal()
    """The window is closing: collaborators stop their work now."""

    def __init__(
        self,
        actor: Actor,
        *,
        hall_name: str,
        window: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self._closed = False
        self.setWindowTitle(self.tr("{hall} — Counter").format(hall=hall_name))
        self.resize(1100, 720)

        self.body = QWidget(self)
        self.body.setObjectName("workspaceBody")
        self.pages = QStackedWidget(self.body)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.setCentralWidget(self.body)
        self.placeholder = QLabel(self.tr("Ready for the next applicant."), self.pages)
        self.placeholder.setObjectName("placeholderPage")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.placeholder)

        self.next_action = self._action(self.tr("&Next applicant"), "Ctrl+N")
        self.next_action.setStatusTip(self.tr("Clear the screen for the next applicant"))
        self.lock_action = self._action(self.tr("&Lock screen"), "Ctrl+L")
        self.lock_action.setStatusTip(self.tr("Cover the screen until your password is entered"))
        self.applicant_screen_action = self._action(self.tr("&Applicant screen"), "Ctrl+Shift+A")
        self.applicant_screen_action.setCheckable(True)
        self.applicant_screen_action.setStatusTip(
            self.tr("Show or hide the applicant's screen (for the customer monitor)")
        )
        self.applicant_screen_action.setVisible(False)  # until a workspace gives it a screen
        self.quit_action = self._action(self.tr("&Quit"), "Ctrl+Q")
        self.quit_action.setStatusTip(self.tr("Sign out and close Counter"))
        self.next_action.triggered.connect(self.next_requested)
        self.lock_action.triggered.connect(self.lock_requested)
        self.quit_action.triggered.connect(self.close)

        menu = self.menuBar().addMenu(self.tr("&Counter"))
        menu.setToolTipsVisible(True)
        menu.addAction(self.next_action)
        menu.addAction(self.applicant_screen_action)
        menu.addSeparator()
        menu.addAction(self.lock_action)
        menu.addAction(self.quit_action)
        self.counter_menu = menu

        self.user_label = QLabel(
            self.tr("Signed in: {name} ({username})").format(
                name=actor.display_name or actor.username, username=actor.username
            )
        )
        self.role_label = QLabel(self.tr("Role: {role}").format(role=role_label(actor.role)))
        self.window_label = QLabel(self.tr("Window {window}").format(window=window or "—"))
        for label in (self.user_label, self.role_label, self.window_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)

    def _action(self, text: str, keys: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setToolTip(with_shortcut(text, action))
        self.addAction(action)  # the shortcut works while the menu is closed
        return action

    def set_page(self, widget: QWidget) -> None:
        """Show ``widget`` in the page area (added on first use, kept afterwards)."""
        if self.pages.indexOf(widget) < 0:
            self.pages.addWidget(widget)
        self.pages.setCurrentWidget(widget)

    def current_page(self) -> QWidget | None:
        """The page shown now (None before the first :meth:`set_page`)."""
        return self.pages.currentWidget()

    def set_locked(self, locked: bool) -> None:
        """Disable the workspace's actions while the screen is locked (quit stays)."""
        self.next_action.setEnabled(not locked)
        self.lock_action.setEnabled(not locked)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask collaborators to stop (once), then close."""
        if not self._closed:
            self._closed = True
            self.shutdown.emit()
        event.accept()
