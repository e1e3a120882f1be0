"""Record the applicant's consent (知情同意) before any department is asked.

The statement is what the applicant reads or hears, so it is always in Chinese whatever
the clerk's UI language: the purpose (the service title), every department that will be
asked and every category of data, that the data serve only this purpose, and that the
applicant may refuse and bring the papers instead (PIPL art. 14, 17, 29). The clerk's
controls around it — the consent method, the witness, the confirm button — are translated
as usual. Verbal consent needs a second witness besides the clerk, as
:class:`~counterapp.consent.ConsentRecord` requires.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counterapp.consent import ConsentMethod
from counterapp.errors import Language

NamedIds = Sequence[tuple[str, str]]
"""(id, Chinese name) pairs, e.g. ("civil_affairs", "民政局")."""


def consent_statement_zh(purpose_zh: str, departments: NamedIds, categories: NamedIds) -> str:
    """The consent statement as rich text, in Chinese, naming purpose and full scope.

    Args:
        purpose_zh: the service title, e.g. "结婚登记".
        departments: the departments to be asked.
        categories: the catalog categories of data to be asked for.

    Returns:
        HTML for a QLabel; every data value escaped.
    """

    intro, closing = consent_sentences_zh(purpose_zh)
    return (
        f"<p>{intro}</p>"
        f"<p><b>查询部门：</b></p>{consent_bullets(departments)}"
        f"<p><b>信息类别：</b></p>{consent_bullets(categories)}"
        f"<p>{closing}</p>"
    )


def consent_sentences_zh(purpose_zh: str) -> tuple[str, str]:
    """The statement's opening and closing sentences (rich text, the purpose escaped), for
    a screen that lays the lists out its own way (the applicant's screen)."""
    purpose = html.escape(purpose_zh)
    return (
        f"本人同意窗口工作人员为办理<b>【{purpose}】</b>，向以下部门查询本人的以下信息：",
        f"上述信息仅用于办理【{purpose}】，不作他用，并依法予以保护。"
        "本人有权拒绝；拒绝后，可以自行提交相应证明材料继续办理。",
    )


def consent_bullets(pairs: NamedIds) -> str:
    """The names of ``pairs`` as a bulleted list (rich text, escaped); "（无）" when none."""
    items = "".join(f"<li>{html.escape(name)}</li>" for _, name in pairs)
    return f"<ul>{items}</ul>" if items else "<p>（无）</p>"


class ConsentPanel(QWidget):
    """Show the consent statement, take the method (and witness) and confirm it.

    Args:
        purpose_zh: the service title the data are for.
        departments: (id, name_zh) of every department the lookup will ask.
        categories: (id, name_zh) of every data category it will ask for.
        clerk_username: the recording clerk, who cannot also be the witness.
        language: the clerk's UI language, of the consent methods' labels.
        parent: the parent widget.
    """

    consent_given = Signal(object, str)
    """(:class:`ConsentMethod`, witness username — "" unless verbal)."""

    def __init__(
        self,
        purpose_zh: str = "",
        departments: NamedIds = (),
        categories: NamedIds = (),
        clerk_username: str = "",
        language: Language = Language.ZH_CN,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clerk = clerk_username
        self._purpose_zh = ""
        self._departments: tuple[tuple[str, str], ...] = ()
        self._categories: tuple[tuple[str, str], ...] = ()

        self.statement = QLabel(self)
        self.statement.setObjectName("consentStatement")
        self.statement.setWordWrap(True)
        self.statement.setTextFormat(Qt.TextFormat.RichText)
        font = self.statement.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)  # read across the counter
        self.statement.setFont(font)
        read_out = QLabel(self.tr("Show or read this to the applicant:"), self)

        self.methods = QButtonGroup(self)
        method_box = QGroupBox(self.tr("How did the applicant consent?"), self)
        method_layout = QVBoxLayout(method_box)
        chinese = language.chinese
        clerk_methods = (m for m in ConsentMethod if m.clerk_may_choose)
        for number, method in enumerate(clerk_methods, start=1):
            label = method.label_zh if chinese else method.label_en
            button = QRadioButton(f"&{number}  {label}", method_box)
            button.setProperty("consentMethod", method.value)
            button.setToolTip(self.tr("Shortcut: Alt+{number}").format(number=number))
            self.methods.addButton(button, number)
            method_layout.addWidget(button)

        self.witness_label = QLabel(self.tr("&Witness (a second staff member's username):"), self)
        self.witness = QLineEdit(self)
        self.witness.setObjectName("consentWitness")
        self.witness.setToolTip(self.tr("Required for verbal consent: the second witness"))
        self.witness_label.setBuddy(self.witness)
        witness_row = QHBoxLayout()
        witness_row.addWidget(self.witness_label)
        witness_row.addWidget(self.witness, 1)

        self.problem = QLabel(self)
        self.problem.setObjectName("consentProblem")
        self.problem.setStyleSheet("color: #b3261e;")
        self.confirm_button = QPushButton(self.tr("Confirm consent (Ctrl+Enter)"), self)
        self.confirm_button.setToolTip(self.tr("Record the consent: Ctrl+Enter"))

        layout = QVBoxLayout(self)
        layout.addWidget(read_out)
        layout.addWidget(self.statement)
        layout.addWidget(method_box)
        layout.addLayout(witness_row)
        layout.addWidget(self.problem)
        layout.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.confirm)
        self.confirm_button.clicked.connect(self.confirm)
        self.methods.idToggled.connect(self._on_method_toggled)
        self.witness.textChanged.connect(lambda _text: self.problem.clear())
        self.set_scope(purpose_zh, departments, categories)

    # -- public -------------------------------------------------------------------------

    def set_scope(self, purpose_zh: str, departments: NamedIds, categories: NamedIds) -> None:
        """Show the statement for a new purpose and scope, and forget any earlier answer."""
        self._purpose_zh = purpose_zh
        self._departments = tuple(departments)
        self._categories = tuple(categories)
        self.statement.setText(consent_statement_zh(purpose_zh, departments, categories))
        self.reset()

    def reset(self) -> None:
        """Clear the method, the witness and any message (next applicant)."""
        self.methods.setExclusive(False)
        for button in self.methods.buttons():
            button.setChecked(False)
        self.methods.setExclusive(True)
        self.witness.clear()
        self.problem.clear()
        self._show_witness(False)

    @property
    def purpose_zh(self) -> str:
        """The purpose the statement names (the service title, with the party)."""
        return self._purpose_zh

    @property
    def departments(self) -> tuple[tuple[str, str], ...]:
        """(id, Chinese name) of the departments the statement names, in its order."""
        return self._departments

    @property
    def categories(self) -> tuple[tuple[str, str], ...]:
        """(id, Chinese name) of the data categories the statement names, in its order."""
        return self._categories

    @property
    def department_ids(self) -> frozenset[str]:
        """The departments the statement names (the consent's scope)."""
        return frozenset(dept_id for dept_id, _ in self._departments)

    @property
    def category_ids(self) -> frozenset[str]:
        """The data categories the statement names (the consent's scope)."""
        return frozenset(category for category, _ in self._categories)

    def selected_method(self) -> ConsentMethod | None:
        """The method chosen, or None."""
        button = self.methods.checkedButton()
        return ConsentMethod(button.property("consentMethod")) if button else None

    def confirm(self) -> bool:
        """Emit :attr:`consent_given` when the answer is complete; else say what is missing.

        Returns:
            True when consent was given.
        """
        method = self.selected_method()
        if method is None:
            self.problem.setText(self.tr("Choose how the applicant consented"))
            self.methods.buttons()[0].setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        witness = ""
        if method is ConsentMethod.VERBAL_WITNESSED:
            witness = self.witness.text().strip()
            if not witness:
                self.problem.setText(self.tr("Verbal consent needs a witness"))
                self.witness.setFocus(Qt.FocusReason.OtherFocusReason)
                return False
            if self._clerk and witness == self._clerk:
                self.problem.setText(
                    self.tr("The witness must be someone other than the clerk recording it")
                )
                self.witness.setFocus(Qt.FocusReason.OtherFocusReason)
                self.witness.selectAll()
                return False
        self.problem.clear()
        self.consent_given.emit(method, witness)
        return True

    # -- behaviour ----------------------------------------------------------------------

    def _on_method_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self.problem.clear()
            self._show_witness(self.selected_method() is ConsentMethod.VERBAL_WITNESSED)

    def _show_witness(self, visible: bool) -> None:
        self.witness_label.setVisible(visible)
        self.witness.setVisible(visible)
        if visible:
            self.witness.setFocus(Qt.FocusReason.OtherFocusReason)
