"""What a receipt or a one-time notification prints: typed, immutable, already masked.

The app layer builds these from a saved case (or a draft) and the hall's settings; the
renderers need nothing else. Personal data arrives **already masked** by the caller with
the catalog's masking rules (``counterapp.catalog.masking``): a receipt leaves the hall in
the applicant's pocket and may be lost, so it carries the masked name (张**) and the masked
ID number (110105********002X), never the full values. The model refuses an ID number that
still looks complete, so a caller that forgot to mask fails loudly instead of printing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

NUMBER_PLACEHOLDER = "{number}"
"""Where the case number goes in a verification URL template."""

DEFAULT_PROMISE = "一次性告知，补齐材料后即可办理"
"""The legal promise on a one-time notification (一次性告知制度)."""

_UNMASKED_ID = re.compile(r"\d{17}[\dXx]|\d{15}")


class Layout(StrEnum):
    """Paper for an acceptance receipt."""

    A4 = "a4"  # 210 × 297 mm, one or more pages
    ROLL_80 = "roll"  # 80 mm receipt roll, one page as long as the content


@dataclass(frozen=True)
class HallInfo:
    """The service hall that issues the document (from the deployment's settings).

    Attributes:
        name: e.g. "杭州市西湖区政务服务中心".
        code: the hall code that starts its case numbers, e.g. "330106001".
        phone: the public contact number.
        address: the hall's street address.
    """

    name: str
    code: str
    phone: str
    address: str


@dataclass(frozen=True)
class ApplicantLine:
    """One person on the document, as printed.

    Attributes:
        role_label: "申请人", "共同申请人", "代理人" ...
        masked_name: the name after the catalog's ``person.name`` rule, e.g. "张**".
        masked_id_number: the ID after the ``person.id_number`` rule,
            e.g. "110105********002X".
    """

    role_label: str
    masked_name: str
    masked_id_number: str

    def __post_init__(self) -> None:
        if not self.masked_name:
            raise ValueError("an applicant line needs the (masked) name")
        if _UNMASKED_ID.fullmatch(self.masked_id_number.strip()):
            raise ValueError(
                "masked_id_number looks like a complete ID number: mask it with the "
                "catalog's person.id_number rule before building a receipt"
            )


@dataclass(frozen=True)
class ExemptMaterial:
    """A document the applicant did not have to bring (免提交).

    Attributes:
        name: the document, e.g. "居民户口簿".
        verified_by: the department (Chinese name) whose shared data proved it.
    """

    name: str
    verified_by: str

    def __post_init__(self) -> None:
        if not self.verified_by:
            raise ValueError(f"exempt material {self.name!r} needs the department that verified it")


@dataclass(frozen=True)
class ConsentNote:
    """One applicant's recorded consent, as the data-use notice states it.

    Attributes:
        masked_name: whose consent (masked).
        method_label: how it was given, e.g. ``ConsentMethod.SIGNED_PAPER.label_zh``.
        given_at: when (timezone-aware).
    """

    masked_name: str
    method_label: str
    given_at: datetime

    def __post_init__(self) -> None:
        _require_aware(self.given_at, "given_at")


@dataclass(frozen=True)
class DataUseNotice:
    """What the receipt tells the applicant about the lookup (PIPL art. 17 and 35).

    Attributes:
        purpose: what the data was used for, e.g. "办理结婚登记".
        departments: the departments asked (Chinese names), empty when none was.
        categories: the categories of data used (Chinese labels), e.g. "身份信息".
        consents: every applicant's consent the lookup relied on.
    """

    purpose: str
    departments: tuple[str, ...]
    categories: tuple[str, ...]
    consents: tuple[ConsentNote, ...]

    def __post_init__(self) -> None:
        if self.departments and not self.consents:
            raise ValueError("departments were asked, so the notice names the consent")


@dataclass(frozen=True)
class SignatureMark:
    """An applicant's signature as the receipt prints it.

    Attributes:
        masked_name: who signed (masked).
        method_label: "屏幕手写签名" or "纸质签字".
        signed_at: when (aware).
        strokes: the drawn strokes in the pad's unit square; empty when signed on paper.
    """

    masked_name: str
    method_label: str
    signed_at: datetime
    strokes: tuple[tuple[tuple[float, float], ...], ...] = ()


@dataclass(frozen=True)
class ReceiptData:
    """Everything an acceptance receipt (受理回执) prints.

    Attributes:
        hall: the issuing hall.
        case_number: e.g. "330106001-20261128-00042".
        service_title_zh: e.g. "结婚登记".
        service_title_en: e.g. "Marriage registration".
        applicants: the people on the case, in order (main applicant first).
        accepted_at: when the case was accepted (timezone-aware; printed in hall time).
        due_date: the promised completion date.
        due_provisional: the due date was counted beyond the published holiday calendar;
            printed as "（预计）" with a footnote.
        working_days: the promised processing time in working days.
        materials_received: documents collected at the window.
        materials_exempt: documents not needed because a department verified the data.
        data_use: the data-use notice.
        clerk_name: the clerk who accepted the case.
        window: the window, e.g. "3号窗口".
        fee_yuan: the fee in yuan; 0 prints "不收费".
        verify_url_template: where the QR code points, with ``{number}`` for the case
            number (e.g. "https://zwfw.example.gov.cn/case/{number}"); empty: the QR
            holds the case number alone.
    """

    hall: HallInfo
    case_number: str
    service_title_zh: str
    service_title_en: str
    applicants: tuple[ApplicantLine, ...]
    accepted_at: datetime
    due_date: date
    due_provisional: bool
    working_days: int
    materials_received: tuple[str, ...]
    materials_exempt: tuple[ExemptMaterial, ...]
    data_use: DataUseNotice
    clerk_name: str
    window: str
    fee_yuan: Decimal = Decimal(0)
    verify_url_template: str = ""
    signatures: tuple[SignatureMark, ...] = ()

    def __post_init__(self) -> None:
        if not self.case_number.strip():
            raise ValueError("a receipt needs the case number")
        if not self.applicants:
            raise ValueError("a receipt names at least one applicant")
        _require_aware(self.accepted_at, "accepted_at")
        if self.working_days < 0:
            raise ValueError(f"working days must be 0 or more, not {self.working_days}")
        if self.fee_yuan < 0:
            raise ValueError(f"the fee cannot be negative ({self.fee_yuan})")
        template = self.verify_url_template
        if template and template.count(NUMBER_PLACEHOLDER) != 1:
            raise ValueError(
                f"verify_url_template {template!r} must contain {NUMBER_PLACEHOLDER} once"
            )

    @property
    def qr_payload(self) -> str:
        """What the QR code holds: the verification URL, or the case number alone."""
        if not self.verify_url_template:
            return self.case_number
        return self.verify_url_template.replace(NUMBER_PLACEHOLDER, self.case_number)


@dataclass(frozen=True)
class MissingMaterial:
    """One document still to bring, and why it could not be spared.

    Attributes:
        name: the document, e.g. "户口迁移证明".
        reason: why it is needed on paper, e.g. "未能通过部门共享核验：户籍地址"
            or "须本人签字的声明，无法共享".
        how_to_obtain: where or how to get it, if the hall can say (may be empty).
    """

    name: str
    reason: str
    how_to_obtain: str = ""

    def __post_init__(self) -> None:
        if not self.name or not self.reason:
            raise ValueError("a missing material names the document and why it is needed")


@dataclass(frozen=True)
class NotificationData:
    """Everything a one-time notification (一次性告知书) prints.

    Attributes:
        hall: the issuing hall.
        service_title_zh: the service applied for.
        service_title_en: its English title.
        applicants: the people concerned (masked).
        issued_at: when the notification was given (timezone-aware).
        reference: the case number, or the draft id when no case was created.
        missing: every document still needed, at once (at least one).
        bring_to: where to bring them, e.g. "本中心一楼综合受理区任一窗口（工作日 9:00–17:00）".
        clerk_name: the clerk who issued it.
        window: the window.
        contact: who to call with questions; empty: the hall's phone.
        materials_received: documents already collected (need not be brought again).
        materials_exempt: documents already verified through sharing.
        promise: the legal promise printed at the end.
    """

    hall: HallInfo
    service_title_zh: str
    service_title_en: str
    applicants: tuple[ApplicantLine, ...]
    issued_at: datetime
    reference: str
    missing: tuple[MissingMaterial, ...]
    bring_to: str
    clerk_name: str
    window: str
    contact: str = ""
    materials_received: tuple[str, ...] = ()
    materials_exempt: tuple[ExemptMaterial, ...] = ()
    promise: str = DEFAULT_PROMISE

    def __post_init__(self) -> None:
        if not self.missing:
            raise ValueError("a one-time notification lists at least one missing material")
        if not self.applicants:
            raise ValueError("a one-time notification names the applicant")
        if not self.reference.strip():
            raise ValueError("a one-time notification carries a case number or draft id")
        _require_aware(self.issued_at, "issued_at")


@dataclass(frozen=True)
class RenderResult:
    """A rendered document.

    Attributes:
        pdf: the PDF file's bytes.
        pages: how many pages it has.
        missing_glyphs: characters the font has no glyph for, in order of first use;
            each was printed as a boxed code point ("U+2C317") instead. Tell the clerk.
    """

    pdf: bytes
    pages: int
    missing_glyphs: tuple[str, ...] = ()


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
