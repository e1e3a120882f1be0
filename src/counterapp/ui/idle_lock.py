"""The idle lock: cover the workspace after a quiet spell, unlock with the password.

An application-wide event filter restarts a timer on every key press, click, mouse move
or wheel turn. When it fires (or the clerk presses Ctrl+L), the page area is hidden and
an opaque overlay covers the whole central widget, so no applicant data stays on screen;
only the signed-in person's password (checked off the GUI thread) brings the page back
exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterapp.ui.login_dialog import refusal_text
from counterapp.ui.workers import TaskRunner

ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


def idle_timeout_ms(minutes: int) -> int:
    """The timer interval for ``ui.idle_lock_minutes``."""
    return minutes * 60_000


class LockOverlay(QWidget):
    """The opaque cover with the password field (a child of the covered widget's parent)."""

    unlock_submitted = Signal(str)

    def __init__(self, user_text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockOverlay { background-color: #1f2d3d; } QLabel { color: white; }")
        title = QLabel(self.tr("Screen locked"), self)
        font = QFont(title.font())
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        title.setFont(font)
        self.user_label = QLabel(
            self.tr("Locked for {user}. Enter your password to continue.").format(user=user_text),
            self,
        )
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Password"))
        self.password_edit.setMinimumWidth(240)
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.unlock_button.setToolTip(self.tr("Unlock (Enter)"))
        self.message_label = QLabel(self)
        self.message_label.setObjectName("lockMessage")
        self.message_label.setStyleSheet("color: #ffb4b4;")
        self.message_label.hide()

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.password_edit)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (title, self.user_label, self.message_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addLayout(row)
        layout.addStretch(2)

        self.unlock_button.clicked.connect(self._submit)
        self.password_edit.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        if self.password_edit.text():
            self.unlock_submitted.emit(self.password_edit.text())

    def set_checking(self, checking: bool) -> None:
        self.unlock_button.setEnabled(not checking)
        self.password_edit.setReadOnly(checking)

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))


class IdleLock(QObject):
    """Locks ``covered`` after ``timeout_ms`` without input; unlocks with the password.

    Args:
        covered: the widget with everything personal (the window's page area); hidden
            while locked.
        host: the widget the overlay covers completely (the window's central widget,
            an ancestor of ``covered``).
        check_password: called OFF the GUI thread with the typed password; returns on
            success, raises (e.g. ``SignInFailed``) on refusal. Normally
            ``lambda pw: desk.sign_in(actor.username, pw)`` (an ``app.users.SignInDesk``).
        runner: the background task runner.
        timeout_ms: the idle time before locking.
        user_text: who the lock belongs to, as shown on the overlay.
        parent: the owning QObject.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        covered: QWidget,
        host: QWidget,
        *,
        check_password: Callable[[str], Any],
        runner: TaskRunner,
        timeout_ms: int,
        user_text: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._covered = covered
        self._host = host
        self._check_password = check_password
        self._tasks = runner.scope(self)
        self._checking = False
        self._covered_was_visible = True
        self._focus_before: QWidget | None = None
        self.overlay = LockOverlay(user_text, host)
        self.overlay.hide()
        self.overlay.unlock_submitted.connect(self._check)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.lock)
        self._filtering = False

    @property
    def is_locked(self) -> bool:
        return self.overlay.isVisibleTo(self._host)

    @property
    def counting(self) -> bool:
        """Whether the idle timer runs (it stops while locked and after :meth:`stop`)."""
        return self._timer.isActive()

    def start(self) -> None:
        """Watch the whole application's input and start counting."""
        app = QCoreApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        if not self.is_locked:
            self._timer.start()

    def stop(self) -> None:
        """Stop watching (on shutdown); the lock state stays as it is."""
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
            self._filtering = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Restart the idle timer on input; keep the overlay the size of the host."""
        kind = event.type()
        if kind in ACTIVITY_EVENTS:
            if not self.is_locked:
                self._timer.start()
        elif kind == QEvent.Type.Resize and watched is self._host:
            self.overlay.setGeometry(self._host.rect())
        return False

    def lock(self) -> None:
        """Cover the workspace now (Ctrl+L, or the idle timer)."""
        if self.is_locked:
            return
        self._timer.stop()
        focus = QApplication.focusWidget() if QCoreApplication.instance() else None
        self._focus_before = (
            focus if focus is not None and self._covered.isAncestorOf(focus) else None
        )
        self._covered_was_visible = self._covered.isVisibleTo(self._host)
        self._covered.hide()
        self.overlay.show_message("")
        self.overlay.password_edit.clear()
        self.overlay.setGeometry(self._host.rect())
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.locked.emit()

    def _check(self, password: str) -> None:
        if self._checking or not self.is_locked:
            return
        self._checking = True
        self.overlay.set_checking(True)
        check = self._check_password
        self._tasks.submit(
            lambda: check(password), on_result=self._accepted, on_error=self._refused
        )

    def _accepted(self, _result: object) -> None:
        self._checking = False
        self.overlay.set_checking(False)
        self.overlay.password_edit.clear()
        self.overlay.hide()
        self._covered.setVisible(self._covered_was_visible)
        if self._focus_before is not None and shiboken6.isValid(self._focus_before):
            self._focus_before.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus_before = None
        self._timer.start()
        self.unlocked.emit()

    def _refused(self, error: BaseException) -> None:
        self._checking = False
        self.overlay.set_checking(False)
        self.overlay.password_edit.clear()
        self.overlay.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.overlay.show_message(refusal_text(error))
