"""The typed inputs refuse what a receipt must never print or cannot make sense of."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal

import pytest

from counterapp.receipts import ApplicantLine, ConsentNote, DataUseNotice, MissingMaterial
from counterapp.receipts.model import ExemptMaterial
from counterapp.receipts.samples import sample_notification, sample_receipt


@pytest.mark.parametrize(
    "unmasked", ["11010519491231002X", "11010519491231002x", "370802940221002"]
)
def test_a_complete_id_number_is_refused(unmasked: str) -> None:
    with pytest.raises(ValueError, match="complete ID number"):
        ApplicantLine("申请人", "张**", unmasked)


def test_a_masked_id_number_is_accepted() -> None:
    assert ApplicantLine("申请人", "张**", "110105********002X").masked_id_number.endswith("002X")


def test_qr_payload_is_the_verification_url_or_the_case_number() -> None:
    data = sample_receipt(verify_url_template="https://zwfw.example.gov.cn/case/{number}?src=qr")
    assert data.qr_payload == f"https://zwfw.example.gov.cn/case/{data.case_number}?src=qr"
    assert sample_receipt(verify_url_template="").qr_payload == data.case_number


@pytest.mark.parametrize("template", ["https://x.example/case", "https://x/{number}/{number}"])
def test_a_template_needs_the_number_placeholder_once(template: str) -> None:
    with pytest.raises(ValueError, match=r"\{number\}"):
        sample_receipt(verify_url_template=template)


def test_times_must_be_timezone_aware() -> None:
    naive = datetime(2026, 11, 27, 10, 42)
    with pytest.raises(ValueError, match="accepted_at"):
        dataclasses.replace(sample_receipt(), accepted_at=naive)
    with pytest.raises(ValueError, match="issued_at"):
        dataclasses.replace(sample_notification(), issued_at=naive)
    with pytest.raises(ValueError, match="given_at"):
        ConsentNote("张**", "纸质签字", naive)


def test_impossible_values_are_refused() -> None:
    receipt = sample_receipt()
    with pytest.raises(ValueError, match="working days"):
        dataclasses.replace(receipt, working_days=-1)
    with pytest.raises(ValueError, match="fee"):
        dataclasses.replace(receipt, fee_yuan=Decimal("-1"))
    with pytest.raises(ValueError, match="applicant"):
        dataclasses.replace(receipt, applicants=())
    with pytest.raises(ValueError, match="department"):
        ExemptMaterial("居民户口簿", "")
    with pytest.raises(ValueError, match="consent"):
        DataUseNotice("办理", ("杭州市公安局",), ("身份信息",), ())


def test_a_notification_lists_at_least_one_missing_material_with_its_reason() -> None:
    with pytest.raises(ValueError, match="at least one missing"):
        dataclasses.replace(sample_notification(), missing=())
    with pytest.raises(ValueError, match="why"):
        MissingMaterial("户口迁移证明", "")
