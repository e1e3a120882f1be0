"""Opening the workstation for the workspace: off the GUI thread, saying what was done.

The workspace opens the database by the same path as every command
(``counterapp.app.storage``: an older database backed up and migrated, a newer one
refused, an older PostgreSQL one waiting for ``counterapp db upgrade --confirm-backup``),
but as a task on the :class:`~counterapp.ui.workers.TaskRunner`: a backup and migrations
can take a while, and the GUI thread never waits on the database. A progress window
appears when the opening takes longer than a moment; an upgrade is announced over the
sign-in window (which migrations ran, where the backup is); a refusal is shown in a
message box and then raised, so the command runner ends with its exit code (CONFIG).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from counterapp.app.context import CounterContext, open_counter
from counterapp.app.storage import prepare_database
from counterapp.config import Settings
from counterapp.errors import Language, error_text
from counterapp.store.upgrade import UpgradeReport
from counterapp.ui.workers import TaskRunner

PROGRESS_DELAY_MS = 400
"""How long an opening may take before the progress window appears."""

Opener = Callable[[Settings], CounterContext]


@dataclass(frozen=True)
class OpenedWorkstation:
    """The open workstation and what opening its database did."""

    ctx: CounterContext
    upgrade: UpgradeReport


def open_workstation(settings: Settings, opener: Opener = open_counter) -> OpenedWorkstation:
    """Bring the database to this build's schema, then open the workstation (blocking).

    Args:
        settings: the settings.
        opener: opens the workstation on the prepared database (:func:`open_counter`;
            the demo and tests pass theirs).

    Raises:
        DatabaseNotReady: the database is newer, or waits for a confirmed backup.
        Whatever ``opener`` raises (a broken declared file, a missing key).
    """
    report = prepare_database(settings)
    return OpenedWorkstation(ctx=opener(settings), upgrade=report)


class WorkstationOpening(QObject):
    """Runs :func:`open_workstation` on the runner; tells the outcome on the GUI thread.

    Args:
        settings: the settings.
        runner: the background task runner.
        opener: as :func:`open_workstation`.
        parent: the Qt parent.
    """

    opened = Signal(object)  # OpenedWorkstation
    failed = Signal(object)  # the exception

    def __init__(
        self,
        settings: Settings,
        runner: TaskRunner,
        *,
        opener: Opener = open_counter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._runner = runner
        self._opener = opener

    def start(self) -> None:
        self._runner.submit(
            open_workstation,
            self._settings,
            self._opener,
            on_result=self.opened.emit,
            on_error=self.failed.emit,
            owner=self,
        )


def opening_progress() -> QProgressDialog:
    """A progress window without a cancel button, shown only if the opening is slow."""
    progress = QProgressDialog(
        QCoreApplication.translate(
            "WorkstationOpening", "Opening the database (an upgrade may take a while)..."
        ),
        "",
        0,
        0,
    )
    progress.setWindowTitle(QCoreApplication.translate("WorkstationOpening", "Counter"))
    progress.setCancelButton(None)  # no cancelling a migration half-way
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(PROGRESS_DELAY_MS)
    return progress


def upgrade_notice(
    report: UpgradeReport, language: Language, parent: QWidget | None = None
) -> QMessageBox | None:
    """The upgrade's announcement (not modal, shown), or None when nothing was upgraded."""
    if not report.upgraded:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Information,
        QCoreApplication.translate("WorkstationOpening", "Database upgraded"),
        report.describe(language),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("upgradeNotice")
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box


def refusal_box(
    error: BaseException, language: Language, *, both_languages: bool = False
) -> QMessageBox:
    """The message box telling why the workstation cannot open (not yet shown).

    Args:
        both_languages: the reason in ``language`` and then in the other one (the
            configuration that chooses the language could not be read).
    """
    text = error_text(error, language)
    if both_languages:
        other = Language.EN if language.chinese else Language.ZH_CN
        if (second := error_text(error, other)) != text:
            text = f"{text}\n\n{second}"
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("WorkstationOpening", "Counter cannot start"),
        text,
        QMessageBox.StandardButton.Ok,
    )
    box.setObjectName("openingRefused")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def wait_for_workstation(
    settings: Settings, *, opener: Opener = open_counter, runner: TaskRunner | None = None
) -> OpenedWorkstation:
    """Open the workstation off the GUI thread and wait for it in a local event loop.

    The GUI thread keeps handling events (the progress window paints) while a worker
    backs up and migrates the database. Needs the application (``create_application``).

    Raises:
        The opening's error, after it was shown in :func:`refusal_box` and closed.
    """
    own_runner = runner is None
    runner = runner or TaskRunner()
    loop = QEventLoop()
    outcome: list[object] = []
    opening = WorkstationOpening(settings, runner, opener=opener)

    def settle(result: object) -> None:
        outcome.append(result)
        loop.quit()

    opening.opened.connect(settle)
    opening.failed.connect(settle)
    progress = opening_progress()
    try:
        opening.start()
        if not outcome:  # a synchronous runner may have finished already
            loop.exec()
    finally:
        progress.reset()
        progress.deleteLater()
        opening.deleteLater()
        if own_runner:
            runner.shutdown()
            runner.deleteLater()
    (result,) = outcome
    if isinstance(result, BaseException):
        box = refusal_box(result, Language.of(settings))
        box.finished.connect(loop.quit)
        box.open()
        loop.exec()
        box.deleteLater()
        raise result
    assert isinstance(result, OpenedWorkstation)
    return result


__all__ = [
    "OpenedWorkstation",
    "WorkstationOpening",
    "open_workstation",
    "opening_progress",
    "refusal_box",
    "upgrade_notice",
    "wait_for_workstation",
]
