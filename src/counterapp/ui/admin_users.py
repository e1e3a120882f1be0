"""Users and roles: the accounts of the hall, and the admin's actions on them.

Everything goes through ``app.user_admin`` — the permission (MANAGE_USERS) is checked and
every change audited there, whatever this window shows — and runs through the task runner:
a new password is hashed with scrypt, which must not freeze the window. A refusal (a
clerk opening the window, disabling one's own account, a weak password) is shown in the
window, in the interface language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterapp.app.user_admin import (
    UserSummary,
    add_user,
    disable_user,
    enable_user,
    list_users,
    reset_password,
    unlock_user,
)
from counterapp.cases.deadlines import HALL_TIMEZONE
from counterapp.errors import Language, error_text
from counterapp.ui.i18n import role_label
from counterapp.ui.rows_model import RowsTableModel
from counterapp.ui.workers import TaskRunner, TaskScope
from counterapp.users.passwords import WeakPassword
from counterapp.users.roles import Actor, Role

_Index = QModelIndex | QPersistentModelIndex

ADD_SHORTCUT = QKeySequence("Ctrl+N")
RESET_SHORTCUT = QKeySequence("Ctrl+Shift+P")
UNLOCK_SHORTCUT = QKeySequence("Ctrl+U")
TOGGLE_SHORTCUT = QKeySequence("Ctrl+D")
REFRESH_SHORTCUT = QKeySequence("F5")

_ERROR_STYLE = "color: #b3261e;"
_DONE_STYLE = "color: #1b7a2f;"


def _hall_minute(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(HALL_TIMEZONE).strftime("%Y-%m-%d %H:%M")


def is_locked(user: UserSummary, now: datetime | None = None) -> bool:
    """Whether the account is locked out right now."""
    moment = now or datetime.now(UTC)
    return user.locked_until is not None and user.locked_until > moment


class UsersTableModel(RowsTableModel[UserSummary]):
    """One row per account: username, name, role, window, disabled, locked until, last sign-in.

    ``UsernameRole`` gives a row's username.
    """

    UsernameRole = Qt.ItemDataRole.UserRole + 1
    COLUMNS = 7
    USERNAME, NAME, ROLE, WINDOW, DISABLED, LOCKED, LAST_SIGN_IN = range(COLUMNS)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("Username"),
            self.tr("Name"),
            self.tr("Role"),
            self.tr("Window"),
            self.tr("Disabled"),
            self.tr("Locked until"),
            self.tr("Last sign-in"),
        )

    def cell(self, user: UserSummary, column: int, role: int) -> object:
        if role == self.UsernameRole:
            return user.username
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(user, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if user.disabled:
                return QColor("#6b6b6b")
            if column == self.LOCKED and is_locked(user):
                return QColor("#b3261e")
        return None

    def _display(self, user: UserSummary, column: int) -> str:
        if column == self.USERNAME:
            return user.username
        if column == self.NAME:
            return user.display_name
        if column == self.ROLE:
            return role_label(user.role)
        if column == self.WINDOW:
            return user.window
        if column == self.DISABLED:
            return self.tr("Disabled") if user.disabled else ""
        if column == self.LOCKED:
            return _hall_minute(user.locked_until) if is_locked(user) else ""
        return _hall_minute(user.last_login_at) or self.tr("never")

    @property
    def users(self) -> Sequence[UserSummary]:
        return tuple(self._rows)

    def set_users(self, users: Sequence[UserSummary]) -> None:
        self.beginResetModel()
        self._rows = list(users)
        self.endResetModel()

    def row_of(self, username: str) -> int | None:
        return next((r for r, u in enumerate(self._rows) if u.username == username), None)


class _PasswordDialog(QDialog):
    """A dialog that submits through the runner and shows refusals inline.

    Subclasses build their fields and give :meth:`_work`; a :class:`WeakPassword` is shown
    under the password field, any other refusal under the form.
    """

    done_with = Signal(object)
    """Emitted with what the action returned, after the dialog accepted."""

    def __init__(self, runner: TaskRunner, language: Language, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._language = language
        self._tasks: TaskScope = runner.scope(self)
        self.setModal(True)
        self.working = False
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = self._error_label("passwordError")
        self.form_error = self._error_label("formError")
        self.ok_button = QPushButton(self)
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(
            QCoreApplication.translate("PasswordDialog", "Cancel"), self
        )
        self.cancel_button.setAutoDefault(False)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.password_edit.textEdited.connect(lambda _text: self.password_error.hide())
        self.confirm_edit.textEdited.connect(lambda _text: self.password_error.hide())

    def _error_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(_ERROR_STYLE)
        label.hide()
        return label

    def _finish_layout(self, form: QFormLayout) -> None:
        form.addRow(QCoreApplication.translate("PasswordDialog", "&Password:"), self.password_edit)
        form.addRow(
            QCoreApplication.translate("PasswordDialog", "&Repeat password:"), self.confirm_edit
        )
        form.addRow("", self.password_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.form_error)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)

    def _work(self) -> Callable[[], Any] | None:
        raise NotImplementedError

    def submit(self) -> None:
        """Check the fields here, then run the action in the background."""
        if self.working:
            return
        self.form_error.hide()
        self.password_error.hide()
        if self.password_edit.text() != self.confirm_edit.text():
            self._show(
                self.password_error,
                QCoreApplication.translate("PasswordDialog", "The two passwords differ."),
            )
            self.confirm_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        work = self._work()
        if work is None:
            return
        self._set_working(True)
        self._tasks.submit(work, on_result=self._succeeded, on_error=self._failed)

    def _set_working(self, working: bool) -> None:
        self.working = working
        self.ok_button.setEnabled(not working)

    def _show(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()

    def _succeeded(self, result: object) -> None:
        self.password_edit.clear()
        self.confirm_edit.clear()
        # Close from the event loop, not from inside the task's delivery (see LoginDialog).
        QTimer.singleShot(0, self, lambda: self._finish(result))

    def _finish(self, result: object) -> None:
        self._set_working(False)
        self.accept()
        self.done_with.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._set_working(False)
        text = error_text(error, self._language)
        if isinstance(error, WeakPassword):
            self._show(self.password_error, text)
            self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.password_edit.selectAll()
        else:
            self._show(self.form_error, text)


class AddUserDialog(_PasswordDialog):
    """Username, display name, role, window and the initial password of a new account."""

    def __init__(
        self,
        engine: Engine,
        actor: Actor,
        runner: TaskRunner,
        *,
        language: Language,
        workstation: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, language, parent)
        self._engine, self._actor, self._workstation = engine, actor, workstation
        self.setWindowTitle(self.tr("Add user"))
        self.username_edit = QLineEdit(self)
        self.username_edit.setPlaceholderText(self.tr("letters first, e.g. liming"))
        self.name_edit = QLineEdit(self)
        self.role_combo = QComboBox(self)
        for role in Role:
            self.role_combo.addItem(role_label(role), role.value)
        self.window_edit = QLineEdit(self)
        self.window_edit.setPlaceholderText(self.tr("e.g. 07"))
        self.ok_button.setText(self.tr("&Add"))
        form = QFormLayout()
        form.addRow(self.tr("&Username:"), self.username_edit)
        form.addRow(self.tr("Display &name:"), self.name_edit)
        form.addRow(self.tr("R&ole:"), self.role_combo)
        form.addRow(self.tr("&Window:"), self.window_edit)
        self._finish_layout(form)
        self.username_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _work(self) -> Callable[[], UserSummary] | None:
        username = self.username_edit.text().strip()
        if not username:
            self._show(self.form_error, self.tr("Enter a username."))
            self.username_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        engine, actor, workstation = self._engine, self._actor, self._workstation
        role = Role(self.role_combo.currentData())
        name, window = self.name_edit.text(), self.window_edit.text()
        password = self.password_edit.text()
        return lambda: add_user(
            engine, actor, username, role, name, password, window, workstation=workstation
        )


class ResetPasswordDialog(_PasswordDialog):
    """A temporary password for one account, set by the admin (also lifts a lock-out)."""

    def __init__(
        self,
        engine: Engine,
        actor: Actor,
        runner: TaskRunner,
        username: str,
        *,
        language: Language,
        workstation: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, language, parent)
        self._engine, self._actor, self._workstation = engine, actor, workstation
        self.username = username
        self.setWindowTitle(self.tr("Reset password"))
        self.ok_button.setText(self.tr("&Reset"))
        intro = QLabel(
            self.tr(
                "Set a temporary password for {user}. Tell it to them in person; "
                "they should change it after signing in."
            ).format(user=username),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(intro)
        self._finish_layout(form)
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _work(self) -> Callable[[], str]:
        engine, actor, workstation = self._engine, self._actor, self._workstation
        username, password = self.username, self.password_edit.text()

        def work() -> str:
            reset_password(engine, actor, username, password, workstation=workstation)
            return username

        return work


class UsersAdminView(QWidget):
    """The accounts, and add / disable / enable / reset password / unlock.

    Signals:
        loaded(): the list was (re)read, or refused.
        changed(str): an action on this username succeeded (the list is then re-read).

    Args:
        engine: the hall's database.
        actor: the signed-in admin (the app layer refuses anyone else).
        runner: runs every read and change off the GUI thread.
        language: the language of refusals.
        workstation: this workstation's name, for the audit records.
        parent: the Qt parent.
    """

    loaded = Signal()
    changed = Signal(str)

    def __init__(
        self,
        engine: Engine,
        actor: Actor,
        runner: TaskRunner,
        *,
        language: Language,
        workstation: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._actor = actor
        self._runner = runner
        self._language = language
        self._workstation = workstation
        self._tasks = runner.scope(self)
        self._refused = False
        self._select_after: str | None = None
        self.dialog: QDialog | None = None
        self.setWindowTitle(self.tr("Users and roles"))
        self._build()
        self.refresh()

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self._model = UsersTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self._model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.add_action = self._action(self.tr("&Add user…"), ADD_SHORTCUT, self.add_user)
        self.toggle_action = self._action(
            self.tr("&Disable"), TOGGLE_SHORTCUT, self.toggle_disabled
        )
        self.reset_action = self._action(
            self.tr("&Reset password…"), RESET_SHORTCUT, self.reset_password
        )
        self.unlock_action = self._action(self.tr("&Unlock"), UNLOCK_SHORTCUT, self.unlock)
        self.refresh_action = self._action(self.tr("Refresh"), REFRESH_SHORTCUT, self.refresh)
        self.add_button = self._button(self.add_action)
        self.toggle_button = self._button(self.toggle_action)
        self.reset_button = self._button(self.reset_action)
        self.unlock_button = self._button(self.unlock_action)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("usersMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.toggle_button, self.reset_button, self.unlock_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(self._refresh_actions)
        self._model.modelReset.connect(self._refresh_actions)
        self._refresh_actions()

    def _action(self, text: str, shortcut: QKeySequence, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text(), self)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{action.text().replace('&', '')} ({shortcut})")
        button.clicked.connect(action.trigger)

        def follow() -> None:
            button.setEnabled(action.isEnabled())
            button.setText(action.text())

        action.changed.connect(follow)
        follow()
        return button

    # -- public --------------------------------------------------------------------------

    @property
    def model(self) -> UsersTableModel:
        return self._model

    @property
    def message(self) -> str:
        """The last result or refusal shown ("" when none)."""
        return self.message_label.text() if not self.message_label.isHidden() else ""

    @property
    def busy(self) -> bool:
        return self._tasks.running

    def selected_user(self) -> UserSummary | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self._model.users[index.row()]

    def select(self, username: str) -> None:
        """Make ``username`` the current row."""
        row = self._model.row_of(username)
        if row is not None:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self._model.index(row, 0))

    def refresh(self) -> None:
        """Read the accounts again (in the background)."""
        engine, actor = self._engine, self._actor
        self._tasks.submit(
            lambda: list_users(engine, actor), on_result=self._on_users, on_error=self._on_refused
        )

    def add_user(self) -> None:
        """Open the add-user dialog."""
        if self._refused:
            return
        dialog = AddUserDialog(
            self._engine,
            self._actor,
            self._runner,
            language=self._language,
            workstation=self._workstation,
            parent=self,
        )
        dialog.done_with.connect(
            lambda user: self._changed(
                user.username, self.tr("User {user} added.").format(user=user.username)
            )
        )
        self._open(dialog)

    def reset_password(self) -> None:
        """Open the reset-password dialog for the selected account."""
        user = self.selected_user()
        if user is None:
            return
        dialog = ResetPasswordDialog(
            self._engine,
            self._actor,
            self._runner,
            user.username,
            language=self._language,
            workstation=self._workstation,
            parent=self,
        )
        dialog.done_with.connect(
            lambda name: self._changed(
                name, self.tr("The password of {user} was reset.").format(user=name)
            )
        )
        self._open(dialog)

    def toggle_disabled(self) -> None:
        """Disable the selected account, or enable it when it is disabled."""
        user = self.selected_user()
        if user is None:
            return
        engine, actor, workstation, name = (
            self._engine,
            self._actor,
            self._workstation,
            user.username,
        )
        if user.disabled:
            done = self.tr("User {user} enabled.").format(user=name)
            self._run(lambda: enable_user(engine, actor, name, workstation=workstation), name, done)
        else:
            done = self.tr("User {user} disabled.").format(user=name)
            self._run(
                lambda: disable_user(engine, actor, name, workstation=workstation), name, done
            )

    def unlock(self) -> None:
        """Lift the selected account's lock-out."""
        user = self.selected_user()
        if user is None:
            return
        engine, actor, workstation, name = (
            self._engine,
            self._actor,
            self._workstation,
            user.username,
        )
        done = self.tr("User {user} unlocked.").format(user=name)
        self._run(lambda: unlock_user(engine, actor, name, workstation=workstation), name, done)

    # -- background work -----------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog

        def closed(_code: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()

    def _run(self, work: Callable[[], object], username: str, done: str) -> None:
        self._set_enabled(False)
        self._tasks.submit(
            work,
            on_result=lambda _result: self._changed(username, done),
            on_error=self._on_failed,
        )

    def _changed(self, username: str, text: str) -> None:
        self._show_message(text, error=False)
        self._select_after = username
        self.changed.emit(username)
        self.refresh()

    def _on_users(self, users: list[UserSummary]) -> None:
        self._refused = False
        current = self.selected_user()
        keep = self._select_after or (current.username if current else None)
        self._select_after = None
        self._model.set_users(users)
        if keep is not None:
            self.select(keep)
        elif users:
            self.select(users[0].username)
        self.loaded.emit()

    def _on_refused(self, error: BaseException) -> None:
        self._refused = True
        self._model.set_users([])
        self._show_message(error_text(error, self._language), error=True)
        self.loaded.emit()

    def _on_failed(self, error: BaseException) -> None:
        self._refresh_actions()
        self._show_message(error_text(error, self._language), error=True)

    # -- presentation --------------------------------------------------------------------

    def _show_message(self, text: str, *, error: bool) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(_ERROR_STYLE if error else _DONE_STYLE)
        self.message_label.show()

    def _set_enabled(self, enabled: bool) -> None:
        for action in (self.toggle_action, self.reset_action, self.unlock_action):
            action.setEnabled(enabled)

    def _refresh_actions(self, *_: object) -> None:
        user = self.selected_user()
        self.add_action.setEnabled(not self._refused)
        self.toggle_action.setEnabled(user is not None and user.username != self._actor.username)
        self.toggle_action.setText(
            self.tr("&Enable") if user is not None and user.disabled else self.tr("&Disable")
        )
        self.reset_action.setEnabled(user is not None and user.username != self._actor.username)
        self.unlock_action.setEnabled(
            user is not None and (is_locked(user) or user.failed_count > 0)
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window drops whatever is still to come."""
        self._tasks.cancel()
        super().closeEvent(event)
