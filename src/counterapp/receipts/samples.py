"""Synthetic sample documents: a made-up hall and made-up, masked people.

Used for printer test pages, the benchmark, the tests and the rendered pages in
docs/receipts/. Regenerate those with::

    .venv/bin/python -m counterapp.receipts.samples docs/receipts
"""

from __future__ import annotations

import dataclasses
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from counterapp.cases.deadlines import HALL_TIMEZONE
from counterapp.receipts.acceptance import render_acceptance
from counterapp.receipts.fonts import load_cjk_font
from counterapp.receipts.model import (
    ApplicantLine,
    ConsentNote,
    DataUseNotice,
    ExemptMaterial,
    HallInfo,
    Layout,
    MissingMaterial,
    NotificationData,
    ReceiptData,
)
from counterapp.receipts.notification import render_notification

SAMPLE_HALL = HallInfo(
    name="杭州市西湖区政务服务中心（示例）",
    code="330106001",
    phone="0571-8000 0000（示例）",
    address="杭州市西湖区示例路 100 号 政务服务中心一楼综合受理区",
)
SAMPLE_VERIFY_URL = "https://zwfw.example.gov.cn/case/{number}"
RARE_NAME_CHAR = "\U0002c317"  # 𬌗, CJK Extension E: outside the BMP


def sample_receipt(
    *, provisional: bool = False, verify_url_template: str = SAMPLE_VERIFY_URL
) -> ReceiptData:
    """A housing fund withdrawal for a house purchase, applicant and spouse."""
    accepted = datetime(2026, 11, 27, 10, 42, tzinfo=HALL_TIMEZONE)
    due = date(2026, 12, 2)
    if provisional:
        accepted = datetime(2026, 12, 29, 15, 6, tzinfo=HALL_TIMEZONE)
        due = date(2027, 1, 1)
    return ReceiptData(
        hall=SAMPLE_HALL,
        case_number=f"330106001-{accepted:%Y%m%d}-00042",
        service_title_zh="住房公积金提取（购买自住住房）",
        service_title_en="Housing provident fund withdrawal (home purchase)",
        applicants=(
            ApplicantLine("申请人", "张**", "330106********0318"),
            ApplicantLine("共同申请人", "欧阳**", "330102********2624"),
        ),
        accepted_at=accepted,
        due_date=due,
        due_provisional=provisional,
        working_days=3,
        materials_received=(
            "住房公积金提取申请表（申请人签字）",
            "商品房买卖合同及首付款发票（原件核对，留存复印件）",
            "申请人本人银行借记卡（复印件）",
        ),
        materials_exempt=(
            ExemptMaterial("居民身份证复印件", "杭州市公安局"),
            ExemptMaterial("结婚证复印件", "杭州市民政局"),
            ExemptMaterial("不动产权证书或备案证明", "杭州市规划和自然资源局"),
        ),
        data_use=DataUseNotice(
            purpose="办理住房公积金提取（购买自住住房）",
            departments=(
                "杭州市公安局",
                "杭州市民政局",
                "杭州市规划和自然资源局",
                "杭州住房公积金管理中心",
            ),
            categories=("身份信息", "婚姻状况", "不动产登记信息", "公积金缴存信息"),
            consents=(
                ConsentNote("张**", "刷证确认", accepted.replace(minute=31)),
                ConsentNote("欧阳**", "屏幕签名", accepted.replace(minute=33)),
            ),
        ),
        clerk_name="王晓燕",
        window="7号窗口",
        fee_yuan=Decimal(0),
        verify_url_template=verify_url_template,
    )


def sample_notification() -> NotificationData:
    """A household registration transfer with three documents still to bring."""
    return NotificationData(
        hall=SAMPLE_HALL,
        service_title_zh="户口迁移（投靠落户）",
        service_title_en="Household registration transfer",
        applicants=(ApplicantLine("申请人", "陈**", "510107********4521"),),
        issued_at=datetime(2026, 11, 27, 14, 18, tzinfo=HALL_TIMEZONE),
        reference="草稿 D-20261127-0193",
        missing=(
            MissingMaterial(
                "合法稳定住所证明（迁入地房屋产权证明）",
                "未能通过部门共享核验：不动产登记的门牌号与申报地址不一致",
                "可到不动产登记中心窗口或自助机打印不动产权属证明",
            ),
            MissingMaterial(
                "户主同意落户的书面意见",
                "须迁入地户主本人签字的声明，无法共享",
                "在本窗口领取空白表格，由户主签字",
            ),
            MissingMaterial(
                "《户口迁移申请表》",
                "须申请人本人签字的声明，无法共享",
                "本窗口领取，或在“浙里办”下载打印后签字",
            ),
        ),
        bring_to="本中心一楼综合受理区任一窗口（工作日 9:00–17:00，周六上午 9:00–12:00）",
        clerk_name="李建国",
        window="3号窗口",
        materials_received=("近期免冠彩色照片（1 张）",),
        materials_exempt=(
            ExemptMaterial("居民身份证", "杭州市公安局"),
            ExemptMaterial("居民户口簿", "杭州市公安局"),
            ExemptMaterial("结婚证", "杭州市民政局"),
        ),
    )


def write_samples(directory: Path) -> list[Path]:
    """Write the sample PDFs into ``directory``; return their paths."""
    font = load_cjk_font()
    directory.mkdir(parents=True, exist_ok=True)
    documents = {
        "acceptance-a4.pdf": render_acceptance(sample_receipt(), font, Layout.A4),
        "acceptance-roll.pdf": render_acceptance(
            sample_receipt(provisional=True), font, Layout.ROLL_80
        ),
        "notification-a4.pdf": render_notification(sample_notification(), font),
        # a clerk's name with 𬌗 (U+2C317), which WenQuanYi Micro Hei does not have
        "missing-glyph-roll.pdf": render_acceptance(
            dataclasses.replace(sample_receipt(), clerk_name=f"王{RARE_NAME_CHAR}"),
            font,
            Layout.ROLL_80,
        ),
    }
    written = []
    for name, result in documents.items():
        path = directory / name
        path.write_bytes(result.pdf)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(written_path)
