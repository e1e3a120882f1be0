"""The data-use record (数据使用记录), A4: which department supplied which item of a case,
when, and under which consent — the applicant's right to know how their data was used
(PIPL art. 17, 35 and 44).

The hall prints it on request, from the case reference in the receipt's QR code. Values
are never printed: only what was used (the catalog item's name), who supplied it and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counterapp.receipts.fonts import CjkFont
from counterapp.receipts.model import ApplicantLine, HallInfo, RenderResult
from counterapp.receipts.pages import A4_PAGE, DocumentInfo, write_pdf
from counterapp.receipts.sheet import A4_STYLE, ListItem, Sheet
from counterapp.receipts.wording import moment_zh

__all__ = ["DataUseConsentLine", "DataUseData", "DataUseLine", "render_data_use"]


@dataclass(frozen=True)
class DataUseLine:
    """One item a department supplied for the case.

    Attributes:
        item_label: the catalog item's name, e.g. "婚姻状况" (never its value).
        department: the supplying department's name.
        retrieved_at: when it answered (aware).
        verified: the department vouched for it (so a paper was spared).
        corrected: the clerk replaced the department's value with the applicant's.
    """

    item_label: str
    department: str
    retrieved_at: datetime | None
    verified: bool
    corrected: bool = False


@dataclass(frozen=True)
class DataUseConsentLine:
    """A consent the lookups ran under."""

    masked_name: str
    method_label: str
    recorded_at: datetime
    recorded_by: str
    departments: tuple[str, ...]
    categories: tuple[str, ...]


@dataclass(frozen=True)
class DataUseData:
    """Everything the data-use record prints (already masked)."""

    hall: HallInfo
    case_number: str
    service_title_zh: str
    service_title_en: str
    applicants: tuple[ApplicantLine, ...]
    accepted_at: datetime
    lines: tuple[DataUseLine, ...]
    consents: tuple[DataUseConsentLine, ...]
    typed_fields: int
    issued_at: datetime
    issued_by: str


def render_data_use(data: DataUseData, font: CjkFont) -> RenderResult:
    """Render the data-use record of a case on A4."""
    style = A4_STYLE
    sheet = Sheet(font, style, A4_PAGE.content_width)
    sheet.header(
        [
            (data.hall.name, style.body, False),
            ("个人信息使用记录", style.title, True),
            ("Record of how your personal data was used", style.small, False),
            (f"办件编号  {data.case_number}", style.number, True),
        ]
    )
    sheet.heading("办件信息", "Case")
    sheet.field("事项名称", "Service", f"{data.service_title_zh}\n{data.service_title_en}")
    for person in data.applicants:
        sheet.field(
            person.role_label,
            "Applicant",
            f"{person.masked_name}\n证件号码 {person.masked_id_number}",
        )
    sheet.field("受理时间", "Accepted", moment_zh(data.accepted_at))

    sheet.heading(f"经您同意查询的部门数据（{len(data.lines)} 项）", "Data supplied by departments")
    if data.lines:
        sheet.numbered(
            [
                ListItem(
                    f"{line.item_label}　——　{line.department}",
                    (
                        "提供时间："
                        + (moment_zh(line.retrieved_at) if line.retrieved_at else "未记录"),
                        ("部门核验，免予提交相应纸质材料" if line.verified else "仅供参考，未核验")
                        + ("；已按申请人所述更正" if line.corrected else ""),
                    ),
                )
                for line in data.lines
            ],
            quiet_notes=False,
        )
    else:
        sheet.text("本办件未使用任何部门共享数据。")
    if data.typed_fields:
        sheet.text(f"另有 {data.typed_fields} 项由窗口根据您提供的材料录入。", style.small)

    sheet.heading("您的授权", "Your consent")
    if data.consents:
        sheet.numbered(
            [
                ListItem(
                    f"{c.masked_name}　{c.method_label}　{moment_zh(c.recorded_at)}",
                    (
                        f"可查询部门：{'、'.join(c.departments) or '无'}",
                        f"可查询信息类别：{'、'.join(c.categories) or '无'}",
                        f"记录人：{c.recorded_by}",
                    ),
                )
                for c in data.consents
            ],
            quiet_notes=False,
        )
    else:
        sheet.text("本办件未记录查询授权（未使用部门数据）。")

    sheet.space(style.section_gap)
    sheet.text(
        "以上数据仅用于办理本事项。如对数据使用有疑问，或发现数据有误，"
        f"请联系本中心：{data.hall.phone}（{data.hall.address}）。",
        style.small,
    )
    sheet.field("打印时间", "Printed", moment_zh(data.issued_at))
    sheet.field("打印人", "Printed by", data.issued_by)

    def footer(page: int, total: int) -> str:
        return f"办件编号 {data.case_number}    第 {page} 页 / 共 {total} 页"

    return write_pdf(
        sheet,
        A4_PAGE,
        DocumentInfo(
            title=f"个人信息使用记录 {data.case_number}",
            subject=data.service_title_zh,
            author=data.hall.name,
        ),
        footer,
    )
