"""Validation of what the clerk typed: required fields named, values parsed per type."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from counterapp.forms import FieldFormat, FieldType, FormField, ServiceForm
from counterapp.forms.prefill import prefill, type_value
from counterapp.forms.validation import ProblemKind, parse_value, validate


def typed(kind: FieldType, **extra: object) -> FormField:
    return FormField("x", "某值", "Some value", None, kind, **extra)  # type: ignore[arg-type]


def test_a_missing_typed_field_is_named(forms: dict[str, ServiceForm]) -> None:
    form = forms["housing-fund-withdrawal"]
    filled = prefill(form, {})
    problems = {p.field_id: p for p in validate(form, filled)}
    reason = problems["withdrawal_reason"]
    assert reason.kind is ProblemKind.MISSING
    assert reason.message_zh == "提取原因：必填，尚未填写"
    assert str(reason) == "Reason for withdrawal (withdrawal_reason): required, not filled in"
    assert "properties" not in problems  # not required
    assert "name" in problems  # bound, and no department answered

    filled = type_value(filled, "withdrawal_reason", 1, "租赁自住住房")
    assert "withdrawal_reason" not in {p.field_id for p in validate(form, filled)}


def test_problems_of_a_second_applicant_say_whose(forms: dict[str, ServiceForm]) -> None:
    form = forms["marriage-registration"]
    problems = {p.field_id: p for p in validate(form, prefill(form, {}))}
    second = problems["marital_status@2"]
    assert second.applicant == 2
    assert second.message_zh == "申请人2 婚姻状况：必填，尚未填写"
    assert (
        second.message_en
        == "Applicant 2: Marital status (marital_status@2): required, not filled in"
    )
    assert "occupation@2" not in problems


def test_a_typed_value_that_does_not_parse_is_named(forms: dict[str, ServiceForm]) -> None:
    form = forms["housing-fund-withdrawal"]
    filled = prefill(form, {})
    filled = type_value(filled, "amount", 1, "一万元")
    filled = type_value(filled, "withdrawal_reason", 1, "买车")
    filled = type_value(filled, "mobile", 1, "1380013800")
    filled = type_value(filled, "id_number", 1, "110105194912310020")
    problems = {p.field_id: p for p in validate(form, filled)}
    assert problems["amount"].kind is ProblemKind.INVALID
    assert problems["amount"].message_zh == "提取金额（元）：“一万元”不是数字"
    assert problems["withdrawal_reason"].message_zh.startswith(
        "提取原因：应为以下之一：购买自住住房"
    )
    assert problems["mobile"].message_zh == "手机号码：手机号码应为 11 位数字，实际 10 位"
    assert problems["id_number"].message_en == (
        "Resident identity number (id_number): resident ID check character should be X, not 0"
    )


PARSED = [
    (typed(FieldType.DATE), "2026-03-01", date(2026, 3, 1), "2026-03-01"),
    (typed(FieldType.DATE), "2026/3/1", date(2026, 3, 1), "2026-03-01"),
    (typed(FieldType.DATE), "2026年3月1日", date(2026, 3, 1), "2026-03-01"),
    (typed(FieldType.DATE), "20260301", date(2026, 3, 1), "2026-03-01"),
    (typed(FieldType.INTEGER), " ３２ ", 32, "32"),
    (typed(FieldType.DECIMAL), "12.5", Decimal("12.5"), "12.5"),
    (typed(FieldType.AMOUNT), "1,234.5元", Decimal("1234.50"), "1234.50"),
    (typed(FieldType.BOOLEAN), "是", True, "true"),
    (typed(FieldType.BOOLEAN), "No", False, "false"),
    (typed(FieldType.CODE, code_table="GB/T 2261.1"), "女", "2", "2"),
    (typed(FieldType.CODE, code_table="GB/T 2261.1"), "1", "1", "1"),
    (typed(FieldType.CODE, code_table="GB/T 3304"), "汉族", "01", "01"),
    (typed(FieldType.CODE, code_table="GB/T 2260"), "330106", "330106", "330106"),
    (typed(FieldType.STRING, format=FieldFormat.RESIDENT_ID), "11010519491231002x",
     "11010519491231002X", "11010519491231002X"),
    (typed(FieldType.STRING, format=FieldFormat.MOBILE), "+86 138-0013-8000",
     "13800138000", "13800138000"),
    (typed(FieldType.STRING, format=FieldFormat.CREDIT_CODE), "91350100M000100Y43",
     "91350100M000100Y43", "91350100M000100Y43"),
    (typed(FieldType.STRING, choices=("甲", "乙")), "乙", "乙", "乙"),
]  # fmt: skip


@pytest.mark.parametrize(("field", "text", "value", "canonical"), PARSED)
def test_typed_values_parse_to_their_type(
    field: FormField, text: str, value: object, canonical: str
) -> None:
    parsed = parse_value(field, text)
    assert parsed.ok, parsed.reason_en
    assert (parsed.value, parsed.text) == (value, canonical)


REJECTED = [
    (typed(FieldType.DATE), "2026-02-30", "'2026-02-30' is not a date (e.g. 2026-03-01)"),
    (typed(FieldType.DATE), "下周一", "'下周一' is not a date (e.g. 2026-03-01)"),
    (typed(FieldType.INTEGER), "3.5", "'3.5' is not a whole number"),
    (typed(FieldType.DECIMAL), "abc", "'abc' is not a number"),
    (typed(FieldType.AMOUNT), "-3", "an amount must be zero or more, with at most two decimals"),
    (typed(FieldType.AMOUNT), "1.005", "an amount must be zero or more, with at most two decimals"),
    (typed(FieldType.BOOLEAN), "maybe", "must be yes or no"),
    (typed(FieldType.CODE, code_table="GB/T 2261.1"), "5", "'5' is not a GB/T 2261.1 code"),
    (typed(FieldType.CODE, code_table="GB/T 2260"), "999999", "'999999' is not a GB/T 2260 code"),
    (typed(FieldType.STRING, format=FieldFormat.RESIDENT_ID), "123",
     "resident ID must be 18 characters (15 for the old format), got 3"),
    (typed(FieldType.STRING, format=FieldFormat.MOBILE), "12800138000",
     "mobile number must start with 13 to 19, not 12"),
    (typed(FieldType.STRING, format=FieldFormat.CREDIT_CODE), "91350100M000100Y44",
     "credit code"),
    (typed(FieldType.STRING, choices=("甲", "乙")), "丙", "must be one of: 甲, 乙"),
    (typed(FieldType.LIST), "[]", "cannot be typed by hand"),
    (typed(FieldType.STRING), "   ", "is empty"),
]  # fmt: skip


@pytest.mark.parametrize(("field", "text", "reason"), REJECTED)
def test_bad_values_say_why(field: FormField, text: str, reason: str) -> None:
    parsed = parse_value(field, text)
    assert not parsed.ok and parsed.value is None
    assert parsed.reason_en.startswith(reason)
    assert parsed.reason_zh
