"""The review pane: one case's fields (masked), materials, timeline and audit history, and
the supervisor's actions on it.

The case is read through :func:`counterapp.app.case_detail.case_detail` (audited) on the
runner; each action goes through :mod:`counterapp.app.review` with the version shown, so a
case someone else changed meanwhile is refused and the pane says who changed it and shows
the case as it is now. What the supervisor typed (a reason, the missing items) stays in
the pane's editors after a refusal, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counterapp.app.case_detail import CaseDetail, case_detail
from counterapp.app.context import CounterContext
from counterapp.app.receipts import correction_notice, data_use_record
from counterapp.app.review import (
    CaseChangedMeanwhile,
    ReviewInputError,
    approve,
    parse_missing,
    reassign,
    reject,
    return_for_correction,
    start_review,
)
from counterapp.audit.record import parse_timestamp
from counterapp.cases import HALL_TIMEZONE, Case, CaseState
from counterapp.catalog.masking import mask_item
from counterapp.errors import Language, error_text
from counterapp.receipts.model import RenderResult
from counterapp.ui.printing.errors import PrintError
from counterapp.ui.printing.preview import show_print_preview
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor, Permission, has_permission

__all__ = ["CaseDetailPane"]


class CaseDetailPane(QWidget):
    """One case in detail, with the review actions.

    Signals:
        changed(str): the supervisor changed this case (its number).
        notice_ready(bytes): the correction notice (一次性告知书) of a returned case was
            rendered and its print preview opened; right after a return, unasked.
        data_use_ready(bytes): the case's data-use record was rendered and previewed.
    """

    changed = Signal(str)
    notice_ready = Signal(object)  # the notice's PDF (a `bytes` signature crashed Qt)
    data_use_ready = Signal(object)  # the data-use record's PDF

    def __init__(
        self,
        ctx: CounterContext,
        actor: Actor,
        runner: TaskRunner,
        *,
        language: Language,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.language = ctx, actor, language
        self._scope = runner.scope(self)
        self._printing = runner.scope(self)  # a notice renders while the case reloads
        self.detail: CaseDetail | None = None

        self.title = QLabel(self.tr("Select a case in the queue"))
        self.title.setObjectName("caseTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSize(font.pointSize() + 2)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)

        self.tabs = QTabWidget()
        self.fields = QTextBrowser()
        self.materials = QTextBrowser()
        self.timeline = QTextBrowser()
        self.history = QTextBrowser()
        self.tabs.addTab(self.fields, self.tr("&Fields"))
        self.tabs.addTab(self.materials, self.tr("&Materials"))
        self.tabs.addTab(self.timeline, self.tr("&Timeline"))
        self.tabs.addTab(self.history, self.tr("A&udit"))

        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(
            self.tr("Rejection reason, or the missing items (one per line: document | why)")
        )
        self.reason.setMaximumHeight(80)
        self.reassign_to = QLineEdit()
        self.reassign_to.setPlaceholderText(self.tr("User name of the reviewer"))
        self.start_button = QPushButton(self.tr("&Start review"))
        self.approve_button = QPushButton(self.tr("A&pprove"))
        self.return_button = QPushButton(self.tr("&Return for correction"))
        self.reject_button = QPushButton(self.tr("Re&ject"))
        self.reassign_button = QPushButton(self.tr("Reass&ign"))
        self.notice_button = QPushButton(self.tr("Print correction &notice"))
        self.notice_button.setToolTip(
            self.tr("The one-time notification listing every item the applicant must bring")
        )
        self.notice_button.clicked.connect(self.print_notice)
        self.data_use_button = QPushButton(self.tr("&Data-use record"))
        self.data_use_button.setToolTip(
            self.tr("Which department supplied which item of this case, when, under which consent")
        )
        self.data_use_button.clicked.connect(self.print_data_use)
        self.start_button.clicked.connect(self.start_review)
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(self.return_for_correction)
        self.reject_button.clicked.connect(self.reject)
        self.reassign_button.clicked.connect(self.reassign)

        actions = QGroupBox(self.tr("Review"))
        form = QFormLayout(actions)
        form.addRow(self.tr("Reason / missing items:"), self.reason)
        buttons = QHBoxLayout()
        for button in (
            self.start_button,
            self.approve_button,
            self.return_button,
            self.reject_button,
            self.notice_button,
            self.data_use_button,
        ):
            buttons.addWidget(button)
        form.addRow(buttons)
        reassign_row = QHBoxLayout()
        reassign_row.addWidget(self.reassign_to, 1)
        reassign_row.addWidget(self.reassign_button)
        form.addRow(self.tr("Reassign to:"), reassign_row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(actions)
        layout.addWidget(self.message)
        self._enable()

    # -- showing -----------------------------------------------------------------------

    def show_case(self, number: str) -> None:
        """Read and show case ``number`` (off the GUI thread; audited)."""
        self._scope.cancel()
        if not self.message.property("keep"):
            self.message.setText(self.tr("Loading %1…").replace("%1", number))
        self._scope.submit(
            case_detail,
            self.ctx.engine,
            self.ctx.cipher,
            self.actor,
            number,
            workstation=self.ctx.workstation,
            on_result=self._shown,
            on_error=self._refused,
        )

    def clear(self) -> None:
        self._scope.cancel()
        self.detail = None
        self.title.setText(self.tr("Select a case in the queue"))
        for browser in (self.summary, self.fields, self.materials, self.timeline, self.history):
            browser.clear()
        self.message.clear()
        self._enable()

    def _shown(self, detail: CaseDetail) -> None:
        self.detail = detail
        case = detail.case
        chinese = self.language.chinese
        state = case.state.label_zh if chinese else case.state.label_en
        form = self.ctx.forms.get(case.service_id)
        service = (form.title_zh if chinese else form.title_en) if form else case.service_id
        self.title.setText(f"{case.number}  ·  {state}")
        due = case.due_date.isoformat() + (" *" if case.due_date_provisional else "")
        self.summary.setText(
            self.tr("%1 · accepted %2 by %3 at window %4 · due %5 · reviewer %6 · version %7")
            .replace("%1", service)
            .replace("%2", case.accepted_at.astimezone(HALL_TIMEZONE).strftime("%Y-%m-%d %H:%M"))
            .replace("%3", case.clerk)
            .replace("%4", case.window)
            .replace("%5", due)
            .replace("%6", case.assignee or "—")
            .replace("%7", str(case.version))
        )
        self.fields.setHtml(self._fields_html(case))
        self.materials.setHtml(self._materials_html(detail))
        self.timeline.setHtml(self._timeline_html(case))
        self.history.setHtml(self._history_html(detail))
        if not self.message.property("keep"):
            self.message.clear()
        self.message.setProperty("keep", False)
        self._enable()

    def _masked(self, item_code: str | None, value: str) -> str:
        if item_code is None:
            return value  # typed by the clerk, no catalog rule: shown as typed
        try:
            item = self.ctx.catalog.item(item_code)
        except KeyError:
            return "＊" * min(len(value), 6)
        return str(mask_item(item, value, self.ctx.mask_policy))

    def _label(self, service_id: str, field_id: str) -> str:
        form = self.ctx.forms.get(service_id)
        for field in form.fields if form else ():
            if field.id == field_id:
                return field.label_zh if self.language.chinese else field.label_en
        return field_id

    def _fields_html(self, case: Case) -> str:
        rows = []
        for person in case.applicants:
            rows.append(
                (
                    self.tr("Applicant"),
                    self._masked("person.name", person.name)
                    + "  "
                    + self._masked("person.id_number", person.id_number),
                    "",
                )
            )
        for value in case.fields:
            source = value.source
            origin = (
                self.tr("from %1").replace("%1", source.department or "")
                if source.department
                else self.tr("typed")
            )
            label = self._label(case.service_id, value.field_id)
            rows.append((label, self._masked(value.item, value.value), origin))
        return _table([self.tr("Field"), self.tr("Value (masked)"), self.tr("Source")], rows)

    def _materials_html(self, detail: CaseDetail) -> str:
        rows = [(m.name, m.status.value, m.exempted_by or "") for m in detail.case.materials]
        html = _table([self.tr("Material"), self.tr("Status"), self.tr("Exempted by")], rows)
        for request in detail.corrections:
            when = request.requested_at.astimezone(HALL_TIMEZONE).strftime("%Y-%m-%d %H:%M")
            html += f"<p><b>{escape(self.tr('Returned for correction'))}</b> {when} · "
            html += escape(request.requested_by) + "</p>"
            html += _table(
                [self.tr("Missing"), self.tr("Why")],
                [(item.name, item.reason, None) for item in request.items],
            )
        return html

    def _timeline_html(self, case: Case) -> str:
        chinese = self.language.chinese
        rows = []
        for entry in case.timeline:
            to = entry.to_state.label_zh if chinese else entry.to_state.label_en
            when = entry.at.astimezone(HALL_TIMEZONE).strftime("%Y-%m-%d %H:%M")
            rows.append((when, f"{to} · {entry.actor}", entry.reason))
        return _table([self.tr("When"), self.tr("Step"), self.tr("Reason")], rows)

    def _history_html(self, detail: CaseDetail) -> str:
        rows = []
        for record in detail.history:
            when = (
                parse_timestamp(record.occurred_at)
                .astimezone(HALL_TIMEZONE)
                .strftime("%Y-%m-%d %H:%M:%S")
            )
            outcome = "" if record.success else self.tr(" (refused)")
            rows.append(
                (f"#{record.seq} {when}", f"{record.kind}{outcome} · {record.actor}", record.detail)
            )
        return _table([self.tr("Record"), self.tr("Event"), self.tr("Detail")], rows)

    # -- acting ------------------------------------------------------------------------

    def _enable(self) -> None:
        case = self.detail.case if self.detail else None
        state = case.state if case else None

        def allowed(permission: Permission, *states: CaseState) -> bool:
            return state in states and has_permission(self.actor, permission)

        busy = (
            self._scope.running
            and self.detail is not None
            and bool(self.message.property("acting"))
        )
        self.start_button.setEnabled(
            not busy and allowed(Permission.REVIEW_CASE, CaseState.ACCEPTED)
        )
        self.approve_button.setEnabled(
            not busy and allowed(Permission.COMPLETE_CASE, CaseState.ACCEPTED, CaseState.IN_REVIEW)
        )
        self.return_button.setEnabled(
            not busy and allowed(Permission.RETURN_CASE, CaseState.ACCEPTED, CaseState.IN_REVIEW)
        )
        self.reject_button.setEnabled(
            not busy and allowed(Permission.REJECT_CASE, CaseState.ACCEPTED, CaseState.IN_REVIEW)
        )
        self.reassign_button.setEnabled(
            not busy
            and allowed(
                Permission.REVIEW_CASE, CaseState.ACCEPTED, CaseState.IN_REVIEW, CaseState.RETURNED
            )
        )
        may_print = (
            self.detail is not None
            and not self._printing.running
            and has_permission(self.actor, Permission.PRINT)
        )
        self.notice_button.setEnabled(may_print and bool(self.detail and self.detail.corrections))
        self.data_use_button.setEnabled(may_print)

    def _act(self, action: Callable[..., Case], **kwargs: Any) -> None:
        if self.detail is None:
            return
        case = self.detail.case
        self.message.setProperty("acting", True)
        self.message.setText(self.tr("Saving…"))
        self._enable()
        self._scope.submit(
            action,
            self.ctx.engine,
            self.ctx.cipher,
            self.actor,
            case.number,
            seen_version=case.version,
            workstation=self.ctx.workstation,
            on_result=partial(self._acted, case.number),
            on_error=self._refused,
            **kwargs,
        )

    def start_review(self) -> None:
        self._act(start_review)

    def approve(self) -> None:
        self._act(approve)

    def reject(self) -> None:
        self._act(reject, reason=self.reason.toPlainText().strip())

    def return_for_correction(self) -> None:
        try:
            missing = parse_missing(self.reason.toPlainText())
        except ReviewInputError as problem:
            self.message.setText(problem.text(self.language))
            return
        self._act(return_for_correction, missing=missing)

    def reassign(self) -> None:
        self._act(reassign, to=self.reassign_to.text())

    def print_notice(self) -> None:
        """Render the correction notice of the shown case and preview it for printing."""
        self._print(
            correction_notice,
            self.tr("Preparing the correction notice of %1…"),
            self.tr("Correction notice of %1 ready: print it from the preview"),
            self.notice_ready,
        )

    def print_data_use(self) -> None:
        """Render the shown case's data-use record (which department supplied which item,
        when, under which consent) and preview it for printing."""
        self._print(
            data_use_record,
            self.tr("Preparing the data-use record of %1…"),
            self.tr("Data-use record of %1 ready: print it from the preview"),
            self.data_use_ready,
        )

    def _print(
        self,
        render: Callable[..., tuple[Case, RenderResult]],
        preparing: str,
        ready: str,
        signal: SignalInstance,
    ) -> None:
        if self.detail is None or self._printing.running:
            return
        number = self.detail.case.number
        self.message.setText(preparing.replace("%1", number))

        def rendered(made: tuple[Case, RenderResult]) -> None:
            case, result = made
            self.message.setText(ready.replace("%1", case.number))
            self.message.setProperty("keep", True)
            self._enable()
            signal.emit(result.pdf)
            try:
                show_print_preview(self, result.pdf)
            except PrintError as problem:
                self.message.setText(error_text(problem, self.language))

        self._printing.submit(
            render,
            self.ctx,
            self.actor,
            number,
            destination="preview",
            on_result=rendered,
            on_error=self._refused,
        )
        self._enable()

    def _acted(self, number: str, case: Case) -> None:
        self.message.setProperty("acting", False)
        state = case.state.label_zh if self.language.chinese else case.state.label_en
        self.message.setText(
            self.tr("Saved: %1 is now %2.").replace("%1", number).replace("%2", state)
        )
        self.message.setProperty("keep", True)
        self.reason.clear()
        self.reassign_to.clear()
        self.changed.emit(number)
        self.show_case(number)
        if case.state is CaseState.RETURNED:
            self.print_notice()  # the applicant leaves with the list of what to bring

    def _refused(self, error: BaseException) -> None:
        self.message.setProperty("acting", False)
        self.message.setText(error_text(error, self.language))
        self._enable()
        if isinstance(error, CaseChangedMeanwhile):
            # show the case as it is now; the typed reason stays in its editor
            self.message.setProperty("keep", True)
            self.changed.emit(error.number)
            self.show_case(error.number)


def _table(headers: Sequence[str], rows: Sequence[tuple[str, str, str | None]]) -> str:
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row if c is not None) + "</tr>"
        for row in rows
    )
    return f"<table cellspacing='0' cellpadding='4' width='100%'><tr>{head}</tr>{body}</table>"
