"""The pages of the applicant's screen: what the person across the counter reads.

Every page is in Chinese whatever the clerk's UI language (the applicant reads Chinese, as
the consent statement says), in big type on a calm, high-contrast background. The pages
only show what they are given; :class:`~counterapp.ui.applicant_screen.ApplicantScreen`
decides which one is up. After the lookup the applicant sees *which* data each department
supplied — category and item names — and never a value: no name, ID number, address or
phone appears on this screen, masked or not.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterapp.catalog import Catalog
from counterapp.consent.signature import InvalidSignature, Signature
from counterapp.exchange.lookup import LookupResult
from counterapp.forms.materials import MaterialDecision, MaterialHandover
from counterapp.ui.consent_panel import NamedIds, consent_bullets, consent_sentences_zh
from counterapp.ui.signature_pad import SignaturePad

INK = "#14213d"
"""The text colour: near-black blue, high contrast on the page colour."""
PAGE = "#f7f9fc"
ACCENT = "#0b4f9c"
AGREE = "#17753a"
MUTED = "#4a5568"

SCREEN_STYLE = f"""
#applicantScreen {{ background-color: {PAGE}; }}
#applicantScreen QLabel {{ color: {INK}; font-size: 26px; }}
#applicantHeader {{ background-color: {ACCENT}; }}
#applicantHeader QLabel {{ color: white; font-size: 28px; font-weight: bold; }}
#applicantScreen QLabel#applicantFooter {{ color: {MUTED}; font-size: 20px; }}
#applicantScreen QLabel[role="title"] {{ font-size: 44px; font-weight: bold; }}
#applicantScreen QLabel[role="huge"] {{ font-size: 120px; font-weight: bold; color: {ACCENT}; }}
#applicantScreen QLabel[role="lead"] {{ font-size: 34px; }}
#applicantScreen QLabel[role="heading"] {{ font-size: 28px; font-weight: bold; }}
#applicantScreen QLabel[role="note"] {{ font-size: 22px; color: {MUTED}; }}
#applicantScreen QLabel#resultTitle {{ font-size: 36px; }}
#applicantScreen QLabel[role="box"] {{ font-size: 24px;
    background-color: white; border: 2px solid #d0d7e2; border-radius: 12px; padding: 18px;
}}
QPushButton {{
    font-size: 34px; font-weight: bold; min-height: 92px; border-radius: 14px;
    padding: 8px 28px; color: {INK}; background-color: white; border: 3px solid #8a94a6;
}}
QPushButton:disabled {{ color: #8a94a6; border-color: #c8ced8; }}
QPushButton#agreeButton {{ background-color: {AGREE}; color: white; border-color: {AGREE}; }}
QPushButton#agreeButton:disabled {{ background-color: #9cc5a8; border-color: #9cc5a8; }}
QLineEdit {{
    font-size: 26px; min-height: 56px; padding: 4px 12px; color: {INK};
    background-color: white; border: 2px solid #8a94a6; border-radius: 10px;
}}
"""
"""The screen's style sheet (sizes in pixels, for a 1280×800 or larger customer monitor)."""


def page_label(text: str, role: str = "", parent: QWidget | None = None) -> QLabel:
    """A centred, wrapping label in one of the style sheet's roles (title, lead, note …)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if role:
        label.setProperty("role", role)
    return label


class MessagePage(QWidget):
    """A title and a line or two under it: welcome, serving, paused."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.title = page_label("", "title", self)
        self.lead = page_label("", "lead", self)
        self.note = page_label("", "note", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 40, 64, 40)
        layout.setSpacing(28)
        layout.addStretch(2)
        for label in (self.title, self.lead, self.note):
            layout.addWidget(label)
        layout.addStretch(3)

    def show_text(self, title: str, lead: str = "", note: str = "") -> None:
        self.title.setText(title)
        self.lead.setText(lead)
        self.note.setText(note)
        self.lead.setVisible(bool(lead))
        self.note.setVisible(bool(note))


class TicketPage(QWidget):
    """请 A001 号到 7 号窗口."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketPage")
        self.please = page_label("请", "title", self)
        self.number = page_label("", "huge", self)
        self.number.setObjectName("ticketNumber")
        self.where = page_label("", "title", self)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for label in (self.please, self.number, self.where):
            layout.addWidget(label)
        layout.addStretch(3)

    def show_ticket(self, number: str, window: str) -> None:
        self.number.setText(f"{number} 号")
        self.where.setText(f"到 {window} 号窗口办理")


class ConsentPage(QWidget):
    """The consent statement with two big buttons: 同意 and 不同意.

    Signals:
        agreed(): the applicant pressed 同意.
        declined(): the applicant pressed 不同意.
    """

    agreed = Signal()
    declined = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentPage")
        self.title = page_label("查询授权确认", "title", self)
        self.statement = QLabel(self)
        self.statement.setObjectName("applicantConsentStatement")
        self.statement.setTextFormat(Qt.TextFormat.RichText)
        self.statement.setWordWrap(True)
        self.statement.setProperty("role", "box")
        self.statement.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored
        )  # buttons always show
        self.statement.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.answer = page_label("", "lead", self)
        self.answer.setObjectName("consentAnswer")
        # the applicant's signature for the consent and the application (pen, finger or
        # mouse); optional: without one the consent is recorded as confirmed on screen
        self.pad = SignaturePad(self)
        self.pad.set_placeholder("如需签名，请在此框内书写，再点击“同意”")
        self.pad.setFixedSize(480, 160)  # the pad's shape (PAD_ASPECT): printed as drawn
        self.clear_pad_button = QPushButton("重写", self)
        self.clear_pad_button.setObjectName("clearSignatureButton")
        self.clear_pad_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_pad_button.clicked.connect(self.pad.clear)
        signing = QVBoxLayout()
        signing.setSpacing(6)
        signing.addWidget(self.pad)
        signing.addWidget(self.clear_pad_button, 0, Qt.AlignmentFlag.AlignRight)
        self.agree_button = QPushButton("同意", self)
        self.agree_button.setObjectName("agreeButton")
        self.decline_button = QPushButton("不同意", self)
        self.decline_button.setObjectName("declineButton")
        for button in (self.agree_button, self.decline_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the clerk's keys stay theirs
            button.setMinimumWidth(300)
            button.setMinimumHeight(84)
        buttons = QVBoxLayout()
        buttons.setSpacing(16)
        buttons.addWidget(self.agree_button)
        buttons.addWidget(self.decline_button)
        bottom = QHBoxLayout()  # sign on the left, answer on the right: the statement stays whole
        bottom.setSpacing(32)
        bottom.addStretch(1)
        bottom.addLayout(signing)
        bottom.addLayout(buttons)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 20, 64, 24)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addWidget(self.statement, 1)
        layout.addWidget(self.answer)
        layout.addLayout(bottom)
        self.agree_button.clicked.connect(self._agree)
        self.decline_button.clicked.connect(self._decline)
        self.show_scope("", (), ())

    def show_scope(self, purpose_zh: str, departments: NamedIds, categories: NamedIds) -> None:
        """The statement for this purpose and scope, with both buttons ready."""
        self.statement.setText(applicant_statement_zh(purpose_zh, departments, categories))
        self.pad.clear()
        self.answer.clear()
        self.answer.hide()
        self._buttons(True)

    def retry(self) -> None:
        """Recording the consent failed (nothing was recorded): both buttons back."""
        self._buttons(True)
        self._say("授权未能记录，请再点击一次，或告知工作人员。")

    @property
    def answering(self) -> bool:
        """True while both buttons may be pressed."""
        return self.agree_button.isVisible() and self.agree_button.isEnabled()

    def signature(self) -> Signature | None:
        """What the applicant drew on the pad, or None when they did not sign there."""
        if self.pad.is_empty:
            return None
        return self.pad.signature()

    def _agree(self) -> None:
        if not self.agree_button.isEnabled():
            return
        if not self.pad.is_empty:
            try:
                self.pad.signature()
            except InvalidSignature:
                self._say("签名过小或不完整，请点击“重写”后重新签名。")
                return
        self._buttons(False)
        self._say("正在记录您的授权，请稍候……")
        self.agreed.emit()

    def _decline(self) -> None:
        if not self.decline_button.isEnabled():
            return
        self._buttons(False, visible=False)
        self._say(
            "您选择了不同意，本次不会向上述部门查询您的信息。请向工作人员了解需自行提交的证明材料。"
        )
        self.declined.emit()

    def _buttons(self, enabled: bool, *, visible: bool = True) -> None:
        self.pad.setEnabled(enabled)
        self.clear_pad_button.setEnabled(enabled)
        for button in (self.agree_button, self.decline_button):
            button.setEnabled(enabled)
            button.setVisible(visible)

    def _say(self, text: str) -> None:
        self.answer.setText(text)
        self.answer.show()


def applicant_statement_zh(purpose_zh: str, departments: NamedIds, categories: NamedIds) -> str:
    """The consent statement in the words of the clerk's panel, with the departments and
    the categories side by side so that it fits a screen above the two buttons."""
    intro, closing = consent_sentences_zh(purpose_zh)
    return (
        f"<p>{intro}</p>"
        '<table width="100%" cellspacing="0" cellpadding="0" style="margin-top: 10px"><tr>'
        f'<td width="50%" valign="top"><p><b>查询部门：</b></p>{consent_bullets(departments)}</td>'
        f'<td width="50%" valign="top"><p><b>信息类别：</b></p>{consent_bullets(categories)}</td>'
        "</tr></table>"
        f"<p>{closing}</p>"
    )


class LookupPage(MessagePage):
    """正在查询: the departments being asked, nothing else."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("lookupPage", parent)
        self.show_departments(())

    def show_departments(self, names: Sequence[str]) -> None:
        self.show_text(
            "正在按您的授权查询，请稍候",
            "查询部门：" + "、".join(names) if names else "",
            "查询结果仅用于本次办理，不作他用。",
        )


@dataclass(frozen=True)
class RetrievedCategory:
    """One category of data a department supplied: its name and its items' names."""

    name_zh: str
    items_zh: tuple[str, ...]


@dataclass(frozen=True)
class RetrievedFromDepartment:
    """What one department supplied for the case, by category (names, never values)."""

    department_zh: str
    categories: tuple[RetrievedCategory, ...]


def retrieved_by_department(
    catalog: Catalog,
    lookups: Iterable[LookupResult],
    department_name: Callable[[str], str],
) -> tuple[RetrievedFromDepartment, ...]:
    """The categories and items each department supplied, in catalog order.

    Only the names of catalog items that came back with a value are taken; the values
    themselves are never read.

    Args:
        lookups: every applicant's lookup of the case.
        department_name: a department's Chinese name by id.
    """
    supplied: dict[str, set[str]] = {}
    for result in lookups:
        for code, value in result.values.values.items():
            supplied.setdefault(value.provenance.department, set()).add(code)
    order = {d.id: n for n, d in enumerate(catalog.departments)}
    position = {item.code: n for n, item in enumerate(catalog.items)}
    summary = []
    for dept in sorted(supplied, key=lambda d: (order.get(d, len(order)), d)):
        by_category: dict[str, list[str]] = {}
        for code in sorted(supplied[dept], key=lambda c: (position.get(c, len(position)), c)):
            if code not in catalog:
                continue
            item = catalog.item(code)
            labels = by_category.setdefault(item.category, [])
            if item.label_zh not in labels:
                labels.append(item.label_zh)
        categories = tuple(
            RetrievedCategory(catalog.category_label_zh(category), tuple(labels))
            for category, labels in by_category.items()
        )
        summary.append(RetrievedFromDepartment(department_name(dept), categories))
    return tuple(summary)


class ResultPage(QWidget):
    """After the lookup: what each department supplied, and the papers not needed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultPage")
        self.title = page_label("已通过政务数据共享为您查询", "title", self)
        self.title.setObjectName("resultTitle")
        self.retrieved_heading = page_label(
            "各部门提供的信息（只列名称，不显示内容）", "heading", self
        )
        self.retrieved = QLabel(self)
        self.retrieved.setObjectName("retrievedCategories")
        self.exempt_heading = page_label("以下材料您无需再提交", "heading", self)
        self.exempt = QLabel(self)
        self.exempt.setObjectName("exemptMaterials")
        self.to_bring = QLabel(self)
        self.to_bring.setObjectName("materialsToBring")
        for heading in (self.retrieved_heading, self.exempt_heading):
            heading.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for box in (self.retrieved, self.exempt, self.to_bring):
            box.setTextFormat(Qt.TextFormat.RichText)
            box.setWordWrap(True)
            box.setProperty("role", "box")
            box.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for box in (self.retrieved, self.exempt):
            # the page keeps the window's size: the boxes take the height that is left
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        left = QVBoxLayout()
        left.addWidget(self.retrieved_heading)
        left.addWidget(self.retrieved, 1)
        right = QVBoxLayout()
        right.addWidget(self.exempt_heading)
        right.addWidget(self.exempt, 1)
        right.addWidget(self.to_bring)
        columns = QHBoxLayout()
        columns.setSpacing(32)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(56, 20, 56, 16)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addLayout(columns, 1)

    def show_result(
        self,
        retrieved: Sequence[RetrievedFromDepartment],
        decisions: Sequence[MaterialDecision],
        department_name: Callable[[str], str],
    ) -> None:
        """Show the departments' categories and the papers exempt, received or to bring."""
        rows = []
        for dept in retrieved:
            lines = "".join(
                f"<li>{html.escape(c.name_zh)}：{html.escape('、'.join(c.items_zh))}</li>"
                for c in dept.categories
            )
            rows.append(f"<p><b>{html.escape(dept.department_zh)}</b></p><ul>{lines}</ul>")
        self.retrieved.setText("".join(rows) or "<p>本次未从其他部门获取信息。</p>")
        exempt = [d for d in decisions if d.status is MaterialHandover.EXEMPT]
        self.exempt.setText(_exempt_list(exempt, department_name))
        self.exempt_heading.setText(f"以下材料您无需再提交（{len(exempt)} 件）")
        to_collect = [d.name_zh for d in decisions if d.status is MaterialHandover.TO_COLLECT]
        items = "".join(f"<li>{html.escape(name)}</li>" for name in to_collect)
        self.to_bring.setText(f"<p><b>仍需您提交：</b></p><ul>{items}</ul>" if items else "")
        self.to_bring.setVisible(bool(to_collect))


def _exempt_list(exempt: Sequence[MaterialDecision], department_name: Callable[[str], str]) -> str:
    if not exempt:
        return "<p>本事项所需材料暂无可免提交的。</p>"
    items = []
    for decision in exempt:
        by = "、".join(department_name(d) for d in decision.verified_by)
        source = (
            f'<br><span style="color:{MUTED}">已由{html.escape(by)}共享核验</span>' if by else ""
        )
        items.append(f"<li>{html.escape(decision.name_zh)}{source}</li>")
    return f"<ul>{''.join(items)}</ul>"


def department_namer(names: Mapping[str, str], catalog: Catalog) -> Callable[[str], str]:
    """A department's Chinese name: its connector's, else the catalog's, else its id."""

    def name(department: str) -> str:
        if department in names:
            return names[department]
        known = {d.id: d.name_zh for d in catalog.departments}
        return known.get(department, department)

    return name
