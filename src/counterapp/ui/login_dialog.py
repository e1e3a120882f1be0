"""The sign-in dialog: username and password, checked off the GUI thread.

The password check (scrypt, about 0.1 s, plus a database transaction) runs through the
task runner passed in, so the window never freezes; the result or the refusal comes back
on the GUI thread. Shown with ``show()`` (tests) or ``open()``; it emits
:attr:`LoginDialog.signed_in` and accepts itself on success.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterapp.ui.i18n import account_reason
from counterapp.ui.workers import TaskRunner
from counterapp.users.accounts import AccountError
from counterapp.users.roles import Actor

if TYPE_CHECKING:  # the desk comes with the opened workstation, after the window painted
    from counterapp.app.users import SignInDesk


def refusal_text(error: BaseException) -> str:
    """What to tell the person at the keyboard about a failed check.

    Account errors carry their own reason in both languages; anything else (the database
    went away) is named without internals.
    """
    if isinstance(error, AccountError):
        return account_reason(error)
    return QCoreApplication.translate(
        "LoginDialog", "The sign-in could not be checked ({error}). Try again or call IT."
    ).format(error=type(error).__name__)


class LoginDialog(QDialog):
    """Username, password, the window number; signs in at the workstation's desk.

    Args:
        desk: the workstation's sign-in desk (its database, its name for the audit
            events, the hall's lock-out policy): ``SignInDesk.of(settings, ...)``; None
            while the workstation is still opening (:meth:`set_desk` brings it, and a
            sign-in asked for meanwhile is checked then).
        runner: runs the check off the GUI thread.
        window: this workstation's service window (shown, not edited).
        parent: the parent widget.
    """

    signed_in = Signal(object)
    """Emitted with the :class:`~counterapp.users.roles.Actor` who signed in."""

    def __init__(
        self,
        desk: SignInDesk | None,
        runner: TaskRunner,
        *,
        window: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self._tasks = runner.scope(self)
        self.checking = False
        self._waiting: tuple[str, str] | None = None  # asked for before the desk came
        self.setWindowTitle(self.tr("Sign in"))
        self.setModal(True)

        self.username_edit = QLineEdit(self)
        self.username_edit.setPlaceholderText(self.tr("Username"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Password"))
        self.window_label = QLabel(window or "—", self)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("loginMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b00020;")
        self.message_label.hide()
        self.sign_in_button = QPushButton(self.tr("Sign in"), self)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setAutoDefault(True)
        self.sign_in_button.setToolTip(self.tr("Sign in (Enter)"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setAutoDefault(False)

        form = QFormLayout()
        form.addRow(self.tr("Username:"), self.username_edit)
        form.addRow(self.tr("Password:"), self.password_edit)
        form.addRow(self.tr("Window:"), self.window_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self.setMinimumWidth(360)

        self.sign_in_button.clicked.connect(self.submit)
        self.username_edit.returnPressed.connect(self._next_field)
        self.password_edit.returnPressed.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.username_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _next_field(self) -> None:
        if self.password_edit.text():
            self.submit()
        else:
            self.password_edit.setFocus(Qt.FocusReason.TabFocusReason)

    def submit(self) -> None:
        """Check the entered name and password in the background (ignored while checking)."""
        if self.checking:
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self._show_message(self.tr("Enter your username and password."))
            return
        self._set_checking(True)
        if self.desk is None:  # the workstation is still opening: set_desk checks it
            self._waiting = (username, password)
            return
        self._check(self.desk, username, password)

    def set_desk(self, desk: SignInDesk) -> None:
        """Sign in at ``desk`` from now on (the workstation has opened); a sign-in asked
        for while it was opening is checked now."""
        self.desk = desk
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._check(desk, *waiting)

    def _check(self, desk: SignInDesk, username: str, password: str) -> None:
        """Check the name and password at ``desk`` off the GUI thread."""
        self._tasks.submit(
            lambda: desk.sign_in(username, password),
            on_result=self._succeeded,
            on_error=self._failed,
        )

    def _set_checking(self, checking: bool) -> None:
        self.checking = checking
        self.sign_in_button.setEnabled(not checking)
        self.username_edit.setReadOnly(checking)
        self.password_edit.setReadOnly(checking)
        self.sign_in_button.setText(self.tr("Checking…") if checking else self.tr("Sign in"))

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()

    def _succeeded(self, actor: Actor) -> None:
        self.password_edit.clear()
        self.message_label.hide()
        # Close from the event loop, not from inside the task's delivery: hiding a modal
        # dialog there while the spent task is deleted later crashed Qt (see the report).
        QTimer.singleShot(0, self, lambda: self._finish_sign_in(actor))

    def _finish_sign_in(self, actor: Actor) -> None:
        self._set_checking(False)
        self.signed_in.emit(actor)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_checking(False)
        self.password_edit.clear()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_message(refusal_text(error))
