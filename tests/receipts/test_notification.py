"""The one-time notification read back from the PDF: every missing item with its reason."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from counterapp.receipts import CjkFont, MissingMaterial, NotificationData, render_notification
from counterapp.receipts.samples import sample_notification
from counterapp.receipts.wording import moment_zh

Read = Callable[..., str]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_values(data: NotificationData) -> list[str]:
    values = [
        data.hall.name,
        data.hall.phone,
        data.hall.address,
        data.service_title_zh,
        data.service_title_en,
        moment_zh(data.issued_at),
        data.reference,
        data.bring_to,
        data.clerk_name,
        data.window,
        data.promise,
        *data.materials_received,
    ]
    for person in data.applicants:
        values += [person.role_label, person.masked_name, person.masked_id_number]
    for item in data.missing:
        values += [item.name, item.reason, item.how_to_obtain]
    for material in data.materials_exempt:
        values += [material.name, material.verified_by]
    return values


def test_every_field_reads_back(font: CjkFont, pdftotext: Read) -> None:
    data = sample_notification()
    result = render_notification(data, font)
    assert result.pages == 1
    text = squash(pdftotext(result.pdf))
    assert [v for v in expected_values(data) if squash(v) not in text] == []
    assert "一次性告知书" in text
    assert f"需补齐的材料（{len(data.missing)}项）" in text
    assert "一次性告知，补齐材料后即可办理" in text


def test_each_reason_stays_with_its_material(font: CjkFont, pdftotext: Read) -> None:
    data = sample_notification()
    text = squash(pdftotext(render_notification(data, font).pdf))
    for n, item in enumerate(data.missing, 1):
        entry = f"{n}.{item.name}原因：{item.reason}获取方式：{item.how_to_obtain}"
        assert squash(entry) in text


def test_the_contact_defaults_to_the_hall_phone_and_can_be_given(
    font: CjkFont, pdftotext: Read
) -> None:
    data = sample_notification()
    assert squash(data.hall.phone) in squash(pdftotext(render_notification(data, font).pdf))
    direct = dataclasses.replace(data, contact="0571-8000 0007（户籍窗口）")
    assert "0571-80000007（户籍窗口）" in squash(pdftotext(render_notification(direct, font).pdf))


def test_a_long_notification_runs_on_with_page_numbers(font: CjkFont, pdftotext: Read) -> None:
    data = sample_notification()
    missing = tuple(
        MissingMaterial(
            f"证明材料{i:02d}", f"须本人签字的声明{i:02d}，无法共享", f"本窗口领取{i:02d}"
        )
        for i in range(1, 31)
    )
    result = render_notification(dataclasses.replace(data, missing=missing), font)
    assert result.pages >= 2
    pages = [squash(pdftotext(result.pdf, page=p)) for p in range(1, result.pages + 1)]
    for number, page in enumerate(pages, 1):
        assert f"第{number}页/共{result.pages}页" in page
        assert squash(data.reference) in page
    text = "".join(pages)
    assert all(squash(f"{m.name}原因：{m.reason}") in text for m in missing)
    assert "一次性告知，补齐材料后即可办理" in text
