"""Check what the clerk typed: required fields present, values readable as their type.

Values a department gave are not re-checked; values typed or corrected at the counter are
parsed per the field's type (date, integer, decimal, amount, boolean, code) and format
(resident ID, mobile, credit code, via :mod:`counterapp.standards`). A problem names the
field by its label, so the clerk (or ``counterapp cases new``) can say what is missing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from counterapp.forms.model import FieldFormat, FieldType, FormField, ServiceForm
from counterapp.forms.prefill import FieldState, PrefilledForm
from counterapp.forms.values import code_from_text, value_text
from counterapp.standards import credit_code, mobile, resident_id


class ProblemKind(StrEnum):
    MISSING = "missing"  # a required field has no value
    INVALID = "invalid"  # a typed value cannot be read as the field's type or format


@dataclass(frozen=True)
class FieldProblem:
    """One field that stops the case from being submitted.

    Attributes:
        field_id: the field's id on the case (``name``, or ``name@2`` for applicant 2).
        applicant: whose field it is.
        label_zh: the field's label.
        label_en: its English label.
        kind: missing or invalid.
        message_zh: e.g. ``申请人2 提取原因：必填，尚未填写``.
        message_en: e.g. ``Reason for withdrawal (withdrawal_reason): required, not filled in``.
    """

    field_id: str
    applicant: int
    label_zh: str
    label_en: str
    kind: ProblemKind
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return self.message_en


@dataclass(frozen=True)
class ParsedValue:
    """A typed value read as its field's type: the value and its text as a case keeps it."""

    value: object = None
    text: str = ""
    reason_zh: str = ""
    reason_en: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason_en


def validate(form: ServiceForm, prefilled: PrefilledForm) -> tuple[FieldProblem, ...]:
    """Every required field without a value and every typed value that does not parse."""
    problems: list[FieldProblem] = []
    for entry in prefilled.fields:
        field = entry.field
        if entry.state is FieldState.MISSING:
            if field.required:
                problems.append(
                    _problem(
                        form,
                        field,
                        ProblemKind.MISSING,
                        "必填，尚未填写",
                        "required, not filled in",
                    )
                )
            continue
        if entry.state in (FieldState.TYPED, FieldState.CORRECTED):
            parsed = parse_value(field, value_text(entry.value))
            if not parsed.ok:
                problems.append(
                    _problem(form, field, ProblemKind.INVALID, parsed.reason_zh, parsed.reason_en)
                )
    return tuple(problems)


def parse_value(field: FormField, text: str) -> ParsedValue:
    """Read a typed text as the field's type and format.

    Returns:
        The value and its canonical text (ISO date, 11-digit mobile ...), or the reason it
        cannot be read.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return ParsedValue(reason_zh="为空", reason_en="is empty")
    parser = _PARSERS.get(field.type)
    if parser is None:
        return ParsedValue(reason_zh="此类数据不能手工录入", reason_en="cannot be typed by hand")
    return parser(field, text)


_FORMAT_CHECKS: dict[FieldFormat | None, tuple[Callable[[str], Any], str, str]] = {
    FieldFormat.RESIDENT_ID: (resident_id.validate, "公民身份号码", "resident ID"),
    FieldFormat.MOBILE: (mobile.validate, "手机号码", "mobile number"),
    FieldFormat.CREDIT_CODE: (credit_code.validate, "统一社会信用代码", "credit code"),
}
"""Text formats checked by a national standard: the check, and the value's name."""


def _string(field: FormField, text: str) -> ParsedValue:
    if field.choices and text not in field.choices:
        return ParsedValue(
            reason_zh=f"应为以下之一：{'、'.join(field.choices)}",
            reason_en=f"must be one of: {', '.join(field.choices)}",
        )
    checker = _FORMAT_CHECKS.get(field.format)
    if checker is not None:
        validate_text, name_zh, name_en = checker
        checked = validate_text(text)
        if not checked.ok:
            return ParsedValue(
                reason_zh=f"{name_zh}{checked.reason_zh}", reason_en=f"{name_en} {checked.reason}"
            )
        return ParsedValue(checked.normalized, checked.normalized or "")
    return ParsedValue(text, text)


def _code(field: FormField, text: str) -> ParsedValue:
    if field.choices:
        return _string(field, text)
    code = code_from_text(field.code_table, text)
    if code is None:
        return ParsedValue(
            reason_zh=f"“{text}”不是 {field.code_table} 中的代码",
            reason_en=f"{text!r} is not a {field.code_table} code",
        )
    return ParsedValue(code, code)


_DATE = re.compile(r"(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))")


def _date(field: FormField, text: str) -> ParsedValue:
    match = _DATE.fullmatch(text)
    if match is not None:
        year, month, day = match.group(1), match.group(2) or match.group(4), match.group(3)
        try:
            parsed = date(int(year), int(month), int(day or match.group(5)))
        except ValueError:
            pass
        else:
            return ParsedValue(parsed, parsed.isoformat())
    return ParsedValue(
        reason_zh=f"“{text}”不是有效日期（如 2026-03-01）",
        reason_en=f"{text!r} is not a date (e.g. 2026-03-01)",
    )


def _integer(field: FormField, text: str) -> ParsedValue:
    if re.fullmatch(r"[+-]?\d+", text):
        return ParsedValue(int(text), str(int(text)))
    return ParsedValue(reason_zh=f"“{text}”不是整数", reason_en=f"{text!r} is not a whole number")


def _decimal(field: FormField, text: str) -> ParsedValue:
    amount = field.type is FieldType.AMOUNT
    cleaned = text.removesuffix("元").replace(",", "").strip() if amount else text
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        return ParsedValue(reason_zh=f"“{text}”不是数字", reason_en=f"{text!r} is not a number")
    if amount and (number < 0 or number.as_tuple().exponent < -2):  # type: ignore[operator]
        return ParsedValue(
            reason_zh="金额应为非负数，最多两位小数",
            reason_en="an amount must be zero or more, with at most two decimals",
        )
    if amount:
        number = number.quantize(Decimal("0.01"))
    return ParsedValue(number, str(number))


_TRUE = frozenset({"是", "true", "yes", "y", "1", "有"})
_FALSE = frozenset({"否", "false", "no", "n", "0", "无"})


def _boolean(field: FormField, text: str) -> ParsedValue:
    lowered = text.lower()
    if lowered in _TRUE:
        return ParsedValue(True, "true")
    if lowered in _FALSE:
        return ParsedValue(False, "false")
    return ParsedValue(reason_zh="应为“是”或“否”", reason_en="must be yes or no")


_PARSERS: dict[FieldType, Callable[[FormField, str], ParsedValue]] = {
    FieldType.STRING: _string,
    FieldType.CODE: _code,
    FieldType.DATE: _date,
    FieldType.INTEGER: _integer,
    FieldType.DECIMAL: _decimal,
    FieldType.AMOUNT: _decimal,
    FieldType.BOOLEAN: _boolean,
}


def _problem(
    form: ServiceForm, field: FormField, kind: ProblemKind, reason_zh: str, reason_en: str
) -> FieldProblem:
    who_zh = f"{form.party_zh(field.applicant)} " if form.applicants > 1 else ""
    who_en = f"{form.party_en(field.applicant)}: " if form.applicants > 1 else ""
    return FieldProblem(
        field.case_id,
        field.applicant,
        field.label_zh,
        field.label_en,
        kind,
        f"{who_zh}{field.label_zh}：{reason_zh}",
        f"{who_en}{field.label_en} ({field.case_id}): {reason_en}",
    )
