"""The acceptance receipt (受理回执): A4 or 80 mm roll.

Top to bottom: the hall, the title, the case number with its QR code; the service, the
applicants (masked), acceptance time, promised working days and due date, fee; materials
received; materials exempt, each with the department that verified it; the data-use
notice (purpose, departments asked, data categories, each applicant's consent); clerk,
window and hall contact; notes. A4 pages carry "第 n 页 / 共 m 页"; the roll is one page as
long as its content.
"""

from __future__ import annotations

from counterapp.receipts.fonts import CjkFont
from counterapp.receipts.model import Layout, ReceiptData, RenderResult
from counterapp.receipts.pages import A4_PAGE, ROLL_80_PAGE, DocumentInfo, write_pdf
from counterapp.receipts.sheet import A4_STYLE, ROLL_STYLE, ListItem, Sheet
from counterapp.receipts.wording import date_zh, fee_zh, moment_zh

PROVISIONAL_NOTE = (
    "* 预计日期：次年法定节假日安排尚未公布，暂按周一至周五计算工作日；"
    "安排公布后以实际工作日为准，办理进度可扫码或致电查询。"
)
KEEP_NOTE = "请妥善保管本回执，凭回执查询办理进度、领取办理结果。"


def render_acceptance(data: ReceiptData, font: CjkFont, layout: Layout = Layout.A4) -> RenderResult:
    """Render an acceptance receipt.

    Args:
        data: what to print (already masked).
        font: from :func:`counterapp.receipts.fonts.load_cjk_font`.
        layout: A4 or the 80 mm roll.

    Returns:
        The PDF, its page count and any characters the font could not print.
    """
    roll = layout is Layout.ROLL_80
    geometry = ROLL_80_PAGE if roll else A4_PAGE
    style = ROLL_STYLE if roll else A4_STYLE
    sheet = Sheet(font, style, geometry.content_width)

    sheet.header(
        [
            (data.hall.name, style.body, False),
            ("受理回执", style.title, True),
            ("Acceptance Receipt", style.small, False),
            (f"办件编号  {data.case_number}", style.number, True),
        ],
        qr_payload=data.qr_payload,
        qr_caption="扫码查询办理进度",
        centered=roll,
    )
    sheet.heading("办件信息", "Case")
    sheet.field("事项名称", "Service", f"{data.service_title_zh}\n{data.service_title_en}")
    for person in data.applicants:
        sheet.field(
            person.role_label,
            "Applicant",
            f"{person.masked_name}\n证件号码 {person.masked_id_number}",
        )
    sheet.field("受理时间", "Accepted at", moment_zh(data.accepted_at))
    sheet.field("承诺时限", "Time limit", f"{data.working_days} 个工作日")
    due = date_zh(data.due_date) + ("（预计）*" if data.due_provisional else "")
    sheet.field("承诺办结日期", "Due by", due, bold=True)
    sheet.field("收费", "Fee", fee_zh(data.fee_yuan))

    sheet.heading(f"已收取材料（{len(data.materials_received)} 件）", "Materials received")
    sheet.numbered([ListItem(name) for name in data.materials_received])

    sheet.heading(
        f"免提交材料（{len(data.materials_exempt)} 件）", "Not needed: verified by data sharing"
    )
    sheet.numbered(
        [ListItem(m.name, (f"已由{m.verified_by}共享核验",)) for m in data.materials_exempt]
    )

    notice = data.data_use
    sheet.heading("数据使用告知", "How your data was used")
    if notice.departments:
        sheet.field("用途", "Purpose", notice.purpose)
        sheet.field("查询部门", "Departments", notice.departments)
        sheet.field("数据类别", "Data used", notice.categories)
        consents = "\n".join(
            f"{c.masked_name}：{c.method_label}，{moment_zh(c.given_at)}" for c in notice.consents
        )
        sheet.field("授权同意", "Consent", consents)
        for mark in data.signatures:
            when = f"{mark.masked_name}，{mark.method_label}，{moment_zh(mark.signed_at)}"
            if mark.strokes:
                sheet.signature("申请人签名", "Signature", mark.strokes, when)
            else:
                sheet.field("申请人签名", "Signature", f"{when}（纸质签字材料另行存档）")
        sheet.text(
            "以上信息经您授权、仅为本次办理通过政务数据共享查询，遵循最小必要原则"
            "（《个人信息保护法》第十七条、第三十五条）。",
            style.small,
            grey=True,
        )
    else:
        sheet.text("本次办理未向其他部门查询您的信息。", style.body)

    sheet.heading("受理与咨询", "Clerk and contact")
    sheet.field("受理人", "Clerk", data.clerk_name)
    sheet.field("受理窗口", "Window", data.window)
    sheet.field("咨询电话", "Phone", data.hall.phone)
    sheet.field("大厅地址", "Address", data.hall.address)
    if data.verify_url_template:
        sheet.field("查询网址", "Check online", data.qr_payload)

    sheet.rule(dashed=True)
    if data.due_provisional:
        sheet.text(PROVISIONAL_NOTE, style.small)
    sheet.text(KEEP_NOTE, style.small)

    footer = None
    if not roll:
        number = data.case_number

        def footer(page: int, total: int) -> str:
            return f"办件编号 {number}    第 {page} 页 / 共 {total} 页"

    return write_pdf(
        sheet,
        geometry,
        DocumentInfo(
            title=f"受理回执 {data.case_number}",
            subject=data.service_title_zh,
            author=data.hall.name,
        ),
        footer,
    )
