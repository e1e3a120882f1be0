"""Field values as text: stored on a case, and shown in an explanation.

A case keeps every value as text (:func:`value_text`: ISO dates, plain decimals, JSON for
lists of records). Explanations name a value's meaning, never its raw code
(:func:`meaning`: ``已婚`` for GB/T 2261.2 code 20), and never print an identity number: the
loader refuses rules on items that would need one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from counterapp.standards import divisions, ethnicity, gender, marital_status

GENDER = "GB/T 2261.1"
MARITAL_STATUS = "GB/T 2261.2"
ETHNICITY = "GB/T 3304"
DIVISION = "GB/T 2260"
CODE_TABLES = frozenset({GENDER, MARITAL_STATUS, ETHNICITY, DIVISION})


def code_label(table: str | None, code: str) -> tuple[str, str] | None:
    """The Chinese and English names of a code, or None when the table does not have it.

    Args:
        table: a national code table, e.g. ``GB/T 2261.2``.
        code: the code, e.g. ``"20"``.
    """
    if table == GENDER and (sex := gender.lookup(code)) is not None:
        return sex.zh, sex.en
    if table == MARITAL_STATUS and (status := marital_status.lookup(code)) is not None:
        return status.zh, status.en
    if table == ETHNICITY and (group := ethnicity.lookup(code)) is not None:
        return group.zh, group.en
    if table == DIVISION and divisions.is_known(code):
        name = divisions.full_name(code)
        return name, f"{name} ({code})"
    return None


def code_from_text(table: str | None, text: str) -> str | None:
    """Read what a clerk typed for a code field: the code itself or its Chinese name.

    ``男`` and ``男性`` give ``1``; ``汉`` and ``汉族`` give ``01``; a division needs its code.

    Returns:
        The code, or None when the text names nothing in the table.
    """
    text = text.strip()
    if code_label(table, text) is not None:
        return text
    if table == GENDER:
        found = next((g for g in gender.Gender if text in (g.zh, g.zh.removesuffix("性"))), None)
        return found.value if found else None
    if table == MARITAL_STATUS:
        status = next((s for s in marital_status.MaritalStatus if s.zh == text), None)
        return status.value if status else None
    if table == ETHNICITY:
        group = ethnicity.by_name(text)
        return group.code if group else None
    return None


def value_text(value: object) -> str:
    """A value as a case stores it: ISO dates, decimals as written, JSON for records.

    Args:
        value: a str, int, Decimal, date, bool or tuple of records; None gives ``""``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Sequence) and not isinstance(value, str):
        return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)
    return str(value)


def meaning(value: object, code_table: str | None, *, amount: bool = False) -> tuple[str, str]:
    """What a value means, in Chinese and English, for an explanation.

    Codes give their names, booleans 是/否, amounts yuan, lists a record count.

    Args:
        value: the value.
        code_table: the national code table of a code value.
        amount: the value is money (yuan).
    """
    if value is None:
        return "（无）", "(none)"
    if isinstance(value, bool):
        return ("是", "yes") if value else ("否", "no")
    if code_table == MARITAL_STATUS and isinstance(value, str) and marital_status.is_married(value):
        return "已婚", "married"  # 21-23 refine 20; eligibility cares that the person is married
    if isinstance(value, str) and (label := code_label(code_table, value)) is not None:
        return label
    if amount and isinstance(value, Decimal | int):
        return f"{value} 元", f"CNY {value}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return f"{len(value)} 条记录", f"{len(value)} record(s)"
    text = value_text(value)
    return text, text


def _plain(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_plain(v) for v in value]
    return value
