"""The accepted case's number and its receipt: preview (Alt+V) and print (Ctrl+P).

Printing renders the receipt again for the printer's paper (A4 or the 80 mm roll), is
audited as printed there, and runs on the :class:`TaskRunner`: the print system may take
a second or two to accept the job.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from counterapp.app.context import CounterContext
from counterapp.cases import Case
from counterapp.ui.printing.preview import show_print_preview
from counterapp.ui.printing.receipt_printing import print_case_receipt
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor


class ReceiptActions(QWidget):
    """The case number and the receipt's buttons; empty and disabled until a case is saved.

    Signals:
        printing(): a print job is being made.
        printed(PrintResult): the print system took the receipt.
        failed(object): it could not be printed (the error; a ``PrintError`` is a
            ``CounterError`` and says why in both languages).
    """

    printing = Signal()
    printed = Signal(object)
    failed = Signal(object)

    def __init__(
        self, ctx: CounterContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self._case: Case | None = None
        self._pdf: bytes | None = None
        self._tasks = runner.scope(self)  # a print of an earlier case reports nothing
        self.case_label = QLabel(self)
        self.case_label.setObjectName("caseNumber")
        self.preview_button = QPushButton(self.tr("Pre&view receipt"), self)
        self.preview_button.setToolTip(self.tr("Show the receipt before printing it"))
        self.print_button = QPushButton(self.tr("&Print receipt (Ctrl+P)"), self)
        self.print_button.setToolTip(self.tr("Print the receipt on the window's printer: Ctrl+P"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.case_label, 1)
        layout.addWidget(self.preview_button)
        layout.addWidget(self.print_button)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(lambda: self.print_receipt())
        self.clear()

    def show_receipt(self, case: Case, pdf: bytes) -> None:
        """The case was saved and its receipt rendered: offer preview and print."""
        self._case, self._pdf = case, pdf
        self.preview_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def show_number(self, case: Case) -> None:
        self.case_label.setText(self.tr("Case number: {number}").format(number=case.number))

    def clear(self) -> None:
        """Next applicant: no case, no receipt."""
        self._tasks.cancel()
        self._case = self._pdf = None
        self.case_label.clear()
        self.preview_button.setEnabled(False)
        self.print_button.setEnabled(False)

    def preview(self) -> None:
        """Open the print preview of the receipt rendered at submission."""
        if self._pdf is not None:
            show_print_preview(self, self._pdf)

    def print_receipt(self, printer_name: str | None = None, job_name: str | None = None) -> None:
        """Print the receipt (``printing.printer`` or the default printer), in the background.

        Args:
            printer_name: a queue instead of the configured one.
            job_name: the job's title in the queue (``受理回执 <case number>`` by default).
        """
        case = self._case
        if case is None or self._pdf is None or not self.print_button.isEnabled():
            return
        self.print_button.setEnabled(False)
        self.printing.emit()

        def done(result: object) -> None:
            self.print_button.setEnabled(True)
            self.printed.emit(result)

        def failed(error: BaseException) -> None:
            self.print_button.setEnabled(True)
            self.failed.emit(error)

        self._tasks.submit(
            print_case_receipt,
            self._ctx,
            self._actor,
            case.number,
            printer_name=printer_name or None,
            job_name=job_name,
            on_result=done,
            on_error=failed,
        )
