"""The last page of the applicant's screen: the case number, the promised date, the rating.

The applicant presses one of the five levels of 政务服务"好差评" (an optional reason typed
first); it is recorded once, under the clerk's sign-in, by
:func:`counterapp.app.ratings.record_rating` on the :class:`TaskRunner` — the screen never
waits — and the buttons go for good: a case is rated once and the clerk's window has no
control that could change it (a second record is refused by the app layer anyway).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counterapp.app.context import CounterContext
from counterapp.app.ratings import AlreadyRated, record_rating
from counterapp.cases.rating import REASON_MAX, Rating, RatingLevel
from counterapp.receipts.acceptance import PROVISIONAL_NOTE
from counterapp.receipts.wording import date_zh
from counterapp.ui.applicant_pages import page_label
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor

LEVELS = tuple(sorted(RatingLevel, reverse=True))
"""The five levels as the buttons show them, 非常满意 first."""


class RatingPage(QWidget):
    """The case's number and promised date, and the five rating buttons.

    Args:
        ctx: the workstation's open resources (database, data key, workstation name).
        actor: the clerk signed in at the window (the rating is recorded under them).
        runner: the shared background runner.

    Signals:
        rated(Rating): the rating was recorded.
    """

    rated = Signal(object)

    def __init__(
        self,
        ctx: CounterContext,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ratingPage")
        self.ctx, self.actor = ctx, actor
        self._tasks = runner.scope(self)
        self._case_number = ""
        self._ticket: str | None = None

        self.title = page_label("您的申请已受理", "title", self)
        self.case_label = page_label("", "lead", self)
        self.case_label.setObjectName("applicantCaseNumber")
        self.due_label = page_label("", "lead", self)
        self.due_label.setObjectName("applicantDueDate")
        self.provisional = page_label("", "note", self)
        self.ask = page_label("请您对本次服务进行评价", "lead", self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("ratingReason")
        self.reason.setMaxLength(REASON_MAX)
        self.reason.setPlaceholderText("如有意见或建议，可先在此填写（选填），再点击评价")
        self.buttons: dict[RatingLevel, QPushButton] = {}
        row = QHBoxLayout()
        row.setSpacing(16)
        for level in LEVELS:
            button = QPushButton(level.label_zh, self)
            button.setObjectName(f"rate{int(level)}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the clerk's keys stay theirs
            button.setMinimumWidth(190)
            button.clicked.connect(lambda _checked=False, chosen=level: self.rate(chosen))
            self.buttons[level] = button
            row.addWidget(button)
        self.thanks = page_label("", "title", self)
        self.thanks.setObjectName("ratingThanks")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(56, 32, 56, 32)
        layout.setSpacing(18)
        layout.addWidget(self.title)
        layout.addWidget(self.case_label)
        layout.addWidget(self.due_label)
        layout.addWidget(self.provisional)
        layout.addStretch(1)
        layout.addWidget(self.ask)
        layout.addWidget(self.reason)
        layout.addLayout(row)
        layout.addWidget(self.thanks)
        layout.addStretch(1)
        self.clear()

    # -- public -------------------------------------------------------------------------

    @property
    def case_number(self) -> str:
        """The case on the page ("" when none)."""
        return self._case_number

    @property
    def can_rate(self) -> bool:
        """True while the rating buttons can be pressed."""
        return any(b.isVisibleTo(self) and b.isEnabled() for b in self.buttons.values())

    def show_case(
        self, case_number: str, due: date, provisional: bool, *, ticket: str | None = None
    ) -> None:
        """The accepted case, with the rating buttons ready."""
        self._tasks.cancel()
        self._case_number, self._ticket = case_number, ticket
        self.case_label.setText(f"办件编号：{case_number}")
        suffix = "（预计）*" if provisional else ""
        self.due_label.setText(f"承诺办结日期：{date_zh(due)}{suffix}")
        self.provisional.setText(PROVISIONAL_NOTE if provisional else "")
        self.provisional.setVisible(provisional)
        self.reason.clear()
        self._ready(True)
        self.thanks.hide()

    def clear(self) -> None:
        """Nothing of any case left (next applicant); no rating still on its way is shown."""
        self._tasks.cancel()
        self._case_number, self._ticket = "", None
        self.case_label.clear()
        self.due_label.clear()
        self.provisional.clear()
        self.provisional.hide()
        self.reason.clear()
        self._ready(False)
        self.thanks.clear()
        self.thanks.hide()

    def rate(self, level: RatingLevel) -> None:
        """The applicant pressed ``level``: record it off the GUI thread, once."""
        if not self._case_number or not self.can_rate:
            return
        for button in self.buttons.values():
            button.setEnabled(False)  # a second press cannot send a second rating
        self.reason.setReadOnly(True)
        ctx = self.ctx
        self._tasks.submit(
            record_rating,
            ctx.engine,
            ctx.cipher,
            self.actor,
            self._case_number,
            level,
            self.reason.text(),
            ticket_number=self._ticket,
            workstation=ctx.workstation,
            on_result=self._on_rated,
            on_error=self._on_failed,
        )

    # -- results ------------------------------------------------------------------------

    def _on_rated(self, rating: Rating) -> None:
        self._done("谢谢您的评价！")
        self.rated.emit(rating)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, AlreadyRated):
            self._done("本次办件已评价，谢谢！")
            return
        for button in self.buttons.values():
            button.setEnabled(True)  # nothing was recorded: the applicant may press again
        self.reason.setReadOnly(False)
        self.thanks.setText("评价暂未提交成功，请再点击一次，或告知工作人员。")
        self.thanks.show()

    def _done(self, text: str) -> None:
        self._ready(False)
        self.reason.clear()
        self.thanks.setText(text)
        self.thanks.show()

    def _ready(self, ready: bool) -> None:
        for widget in (self.ask, self.reason, *self.buttons.values()):
            widget.setVisible(ready)
        for button in self.buttons.values():
            button.setEnabled(ready)
        self.reason.setReadOnly(not ready)
