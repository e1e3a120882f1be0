"""The one-time notification (一次性告知书), A4.

It lists **every** document still missing, each with why it could not be spared (not
verified through sharing, or a statement that must be signed in person) and how to get it,
so the applicant needs at most one more visit; then what is already on file (need not be
brought again), where to bring the rest, the clerk, window and contact, the legal promise,
and a line for the applicant to sign that the notice was received.
"""

from __future__ import annotations

from counterapp.receipts.fonts import CjkFont
from counterapp.receipts.model import NotificationData, RenderResult
from counterapp.receipts.pages import A4_PAGE, DocumentInfo, write_pdf
from counterapp.receipts.sheet import A4_STYLE, ListItem, Sheet
from counterapp.receipts.wording import moment_zh


def render_notification(data: NotificationData, font: CjkFont) -> RenderResult:
    """Render a one-time notification on A4.

    Args:
        data: what to print (already masked).
        font: from :func:`counterapp.receipts.fonts.load_cjk_font`.
    """
    style = A4_STYLE
    sheet = Sheet(font, style, A4_PAGE.content_width)
    sheet.header(
        [
            (data.hall.name, style.body, False),
            ("一次性告知书", style.title, True),
            ("One-time notification of the materials still needed", style.small, False),
            (f"编号  {data.reference}", style.number, True),
        ]
    )
    sheet.heading("申请信息", "Application")
    sheet.field("事项名称", "Service", f"{data.service_title_zh}\n{data.service_title_en}")
    for person in data.applicants:
        sheet.field(
            person.role_label,
            "Applicant",
            f"{person.masked_name}\n证件号码 {person.masked_id_number}",
        )
    sheet.field("告知时间", "Issued at", moment_zh(data.issued_at))

    names = "、".join(p.masked_name for p in data.applicants)
    sheet.space(style.section_gap)
    sheet.text(
        f"{names}：您申请办理的“{data.service_title_zh}”事项，经审查尚缺以下材料。"
        f"现将需要补齐的全部材料一次性告知如下（共 {len(data.missing)} 项）："
    )
    sheet.heading(f"需补齐的材料（{len(data.missing)} 项）", "Still needed")
    sheet.numbered(
        [
            ListItem(
                m.name,
                (f"原因：{m.reason}",)
                + ((f"获取方式：{m.how_to_obtain}",) if m.how_to_obtain else ()),
            )
            for m in data.missing
        ],
        quiet_notes=False,
    )
    if data.materials_received or data.materials_exempt:
        sheet.heading("已有材料（无需再次提交）", "Already on file")
        sheet.numbered(
            [ListItem(name, ("已收取",)) for name in data.materials_received]
            + [
                ListItem(m.name, (f"已由{m.verified_by}共享核验，免提交",))
                for m in data.materials_exempt
            ]
        )
    sheet.heading("补齐后请到", "Where to bring them")
    sheet.text(data.bring_to)

    sheet.heading("经办与咨询", "Clerk and contact")
    sheet.field("经办人", "Clerk", data.clerk_name)
    sheet.field("窗口", "Window", data.window)
    sheet.field("咨询电话", "Contact", data.contact or data.hall.phone)
    sheet.field("大厅地址", "Address", data.hall.address)

    sheet.space(style.section_gap)
    sheet.text(data.promise, style.heading, bold=True, align="center")
    sheet.space(style.section_gap * 2)
    sheet.text("申请人签收：____________________    日期：______年____月____日")

    def footer(page: int, total: int) -> str:
        return f"编号 {data.reference}    第 {page} 页 / 共 {total} 页"

    return write_pdf(
        sheet,
        A4_PAGE,
        DocumentInfo(
            title=f"一次性告知书 {data.reference}",
            subject=data.service_title_zh,
            author=data.hall.name,
        ),
        footer,
    )
