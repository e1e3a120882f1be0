"""The acceptance receipt read back from the PDF: every field, the font, the QR code."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from counterapp.receipts import ApplicantLine, CjkFont, Layout, ReceiptData, render_acceptance
from counterapp.receipts.samples import sample_receipt, write_samples
from counterapp.receipts.wording import date_zh, fee_zh, moment_zh

Read = Callable[..., str]
LAYOUTS = [Layout.A4, Layout.ROLL_80]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_values(data: ReceiptData) -> list[str]:
    """Every value the receipt must carry, as printed."""
    notice = data.data_use
    values = [
        data.hall.name,
        data.hall.phone,
        data.hall.address,
        data.case_number,
        data.service_title_zh,
        data.service_title_en,
        moment_zh(data.accepted_at),
        f"{data.working_days} 个工作日",
        date_zh(data.due_date),
        fee_zh(data.fee_yuan),
        *data.materials_received,
        notice.purpose,
        data.clerk_name,
        data.window,
        data.qr_payload,
    ]
    for person in data.applicants:
        values += [person.role_label, person.masked_name, person.masked_id_number]
    for material in data.materials_exempt:
        values += [material.name, material.verified_by]
    values += list(notice.departments) + list(notice.categories)
    for consent in notice.consents:
        values += [consent.masked_name, consent.method_label, moment_zh(consent.given_at)]
    return values


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_field_reads_back_with_pdftotext(
    font: CjkFont, pdftotext: Read, layout: Layout
) -> None:
    data = sample_receipt()
    result = render_acceptance(data, font, layout)
    text = squash(pdftotext(result.pdf))
    missing = [v for v in expected_values(data) if squash(v) not in text]
    assert missing == []
    assert "受理回执" in text
    assert result.missing_glyphs == ()


def test_every_field_reads_back_with_pypdf(font: CjkFont) -> None:
    data = sample_receipt()
    reader = PdfReader(io.BytesIO(render_acceptance(data, font).pdf))
    text = squash("".join(page.extract_text() for page in reader.pages))
    assert [v for v in expected_values(data) if squash(v) not in text] == []
    assert reader.metadata is not None
    assert reader.metadata.title == f"受理回执 {data.case_number}"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_font_is_embedded_as_a_subset_and_nothing_else_is_used(
    font: CjkFont, pdffonts: Callable[[bytes], list[dict[str, str]]], layout: Layout
) -> None:
    rows = pdffonts(render_acceptance(sample_receipt(), font, layout).pdf)
    assert rows, "no fonts listed"
    for row in rows:
        assert (row["emb"], row["sub"], row["uni"]) == ("yes", "yes", "yes"), row
        assert re.fullmatch(r"[A-Z]{6}\+.+", row["name"]), row
        assert row["type"] == "TrueType"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_qr_code_decodes_to_the_verification_url(
    font: CjkFont, decode_qr: Callable[[bytes], list[str]], layout: Layout
) -> None:
    data = sample_receipt()
    assert decode_qr(render_acceptance(data, font, layout).pdf) == [
        f"https://zwfw.example.gov.cn/case/{data.case_number}"
    ]


def test_without_a_url_template_the_qr_code_holds_the_case_number(
    font: CjkFont, decode_qr: Callable[[bytes], list[str]], pdftotext: Read
) -> None:
    data = sample_receipt(verify_url_template="")
    result = render_acceptance(data, font)
    assert decode_qr(result.pdf) == [data.case_number]
    assert "查询网址" not in pdftotext(result.pdf)


def test_the_roll_is_80_mm_wide_one_page_and_grows_with_the_content(font: CjkFont) -> None:
    short = render_acceptance(sample_receipt(), font, Layout.ROLL_80)
    data = sample_receipt()
    longer = dataclasses.replace(
        data, materials_received=data.materials_received + tuple(f"补充材料{i}" for i in range(30))
    )
    long = render_acceptance(longer, font, Layout.ROLL_80)
    sizes = []
    for result in (short, long):
        assert result.pages == 1
        (page,) = PdfReader(io.BytesIO(result.pdf)).pages
        sizes.append((float(page.mediabox.width), float(page.mediabox.height)))
    assert sizes[0][0] == pytest.approx(80 * mm) == sizes[1][0]
    assert sizes[1][1] > sizes[0][1] + 30 * 4 * mm  # 30 more lines of at least 4 mm


def test_the_sample_a4_receipt_fits_one_page(font: CjkFont, pdftotext: Read) -> None:
    result = render_acceptance(sample_receipt(), font)
    assert result.pages == 1
    assert "第1页/共1页" in squash(pdftotext(result.pdf))


def test_a_long_a4_receipt_runs_on_with_page_numbers(font: CjkFont, pdftotext: Read) -> None:
    many = tuple(f"第{i:02d}号补充证明材料" for i in range(1, 41))
    data = dataclasses.replace(sample_receipt(), materials_received=many)
    result = render_acceptance(data, font)
    assert result.pages == 2
    first, second = (squash(pdftotext(result.pdf, page=n)) for n in (1, 2))
    assert "第1页/共2页" in first and "第2页/共2页" in second
    assert data.case_number in second  # a loose second page still says which case
    assert all(squash(v) in first + second for v in expected_values(data))


def test_a_provisional_due_date_is_marked_and_explained(font: CjkFont, pdftotext: Read) -> None:
    data = sample_receipt(provisional=True)
    for layout in LAYOUTS:
        text = squash(pdftotext(render_acceptance(data, font, layout).pdf))
        assert squash(date_zh(data.due_date)) + "（预计）*" in text
        assert "*预计日期：次年法定节假日安排尚未公布" in text
    final = squash(pdftotext(render_acceptance(sample_receipt(), font).pdf))
    assert "（预计）" not in final and "预计日期" not in final


def test_no_department_asked_says_so(font: CjkFont, pdftotext: Read) -> None:
    data = sample_receipt()
    quiet = dataclasses.replace(
        data, data_use=dataclasses.replace(data.data_use, departments=(), consents=())
    )
    text = squash(pdftotext(render_acceptance(quiet, font).pdf))
    assert "本次办理未向其他部门查询您的信息。" in text
    assert "杭州市规划和自然资源局" in text  # still named: it verified an exempt material


def test_a_fee_is_printed_in_yuan(font: CjkFont, pdftotext: Read) -> None:
    from decimal import Decimal

    data = dataclasses.replace(sample_receipt(), fee_yuan=Decimal("12.5"))
    assert "人民币12.50元" in squash(pdftotext(render_acceptance(data, font).pdf))


def _present_rare(font: CjkFont) -> str:
    """A character outside the BMP the font has; else a rare BMP one (see docs/receipts.md)."""
    outside = ("\U0002c317", "\U00020000", "\U0002a6a5", "\U00010400", "\U0001d30c")
    inside = ("\u4db5", "\u9fa5")
    return next(c for c in outside + inside if font.has_char(c))


def _absent_rare(font: CjkFont) -> str:
    return next(c for c in ("\U0002c317", "\U00020000", "\U00030000") if not font.has_char(c))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_name_with_a_character_outside_the_bmp_prints_when_the_font_has_it(
    font: CjkFont, pdftotext: Read, layout: Layout
) -> None:
    rare = _present_rare(font)
    assert ord(rare) > 0xFFFF, "the installed font has no character outside the BMP"
    data = sample_receipt()
    name = f"{rare}**"
    applicant = ApplicantLine("申请人", name, "330106********0318")
    data = dataclasses.replace(data, applicants=(applicant,), clerk_name=f"王{rare}燕")
    result = render_acceptance(data, font, layout)
    assert result.missing_glyphs == ()
    text = pdftotext(result.pdf)
    assert name in text  # the ToUnicode map carries the surrogate pair, not U+xxxx cut short
    assert f"王{rare}燕" in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_character_the_font_lacks_is_reported_and_printed_as_its_code_point(
    font: CjkFont, pdftotext: Read, layout: Layout
) -> None:
    rare = _absent_rare(font)
    data = sample_receipt()
    applicant = ApplicantLine("申请人", f"{rare}**", "330106********0318")
    result = render_acceptance(
        dataclasses.replace(data, applicants=(applicant,), clerk_name=f"王{rare}燕"), font, layout
    )
    assert result.missing_glyphs == (rare,)  # reported once, however often it occurs
    text = pdftotext(result.pdf)
    assert f"U+{ord(rare):04X}" in text
    assert squash(f"王U+{ord(rare):04X}燕") in squash(text)
    assert rare not in text


def test_the_same_data_gives_the_same_bytes_also_from_several_threads(font: CjkFont) -> None:
    data = sample_receipt()
    serial = render_acceptance(data, font).pdf
    assert render_acceptance(data, font).pdf == serial
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: render_acceptance(data, font).pdf, range(8)))
    assert all(pdf == serial for pdf in results)


def test_write_samples_writes_the_sample_documents(font: CjkFont, tmp_path) -> None:
    written = write_samples(tmp_path)
    assert [p.name for p in written] == [
        "acceptance-a4.pdf",
        "acceptance-roll.pdf",
        "notification-a4.pdf",
        "missing-glyph-roll.pdf",
    ]
    assert all(p.read_bytes().startswith(b"%PDF-") for p in written)
