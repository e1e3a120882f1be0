"""Check a department's value against its catalog item: type, code table, national format.

A connector turns a department's answer into catalog values, but nothing in the connector
file guarantees that what comes out is what the catalog says: a ``value_map`` may yield
``M`` for a sex code, a date may be left as the text ``1990/1/5``. :func:`check_value` says
whether one value fits its item, and why not; :func:`screen_value` does the same for a list
item's records cell by cell, keeping the good cells. Pure: no I/O.

What each item type must hold:

- ``string``: a ``str``; an item masked as an identity number is a resident ID number
  (GB 11643, MOD 11-2 check, 18 characters, upper-case X), one masked as a phone number a
  mainland mobile number, one whose code ends in ``credit_code`` a unified social credit
  code (GB 32100, mod 31 check): the same rules as the forms' field formats.
- ``code``: a ``str`` in the item's code table (GB/T 2261.1, GB/T 2261.2, GB/T 3304,
  GB/T 2260).
- ``date``: a date (not a text, not a date and time).
- ``integer``: an ``int`` (not a yes/no).
- ``decimal``: a finite ``Decimal`` or an ``int``.
- ``amount``: yuan, zero or more, at most two decimal places (``Decimal`` or ``int``).
- ``boolean``: ``True`` or ``False``.
- ``list``: a sequence of records; each declared column is checked as its type says, an
  empty (None) cell is allowed (a conversion problem was already reported for it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from counterapp.catalog.model import CatalogItem, CodeTable, Column, ItemType, MaskRule
from counterapp.catalog.values import Record
from counterapp.standards import (
    credit_code,
    divisions,
    ethnicity,
    gender,
    marital_status,
    mobile,
    resident_id,
)

_SHOWN_CHARS = 60


@dataclass(frozen=True)
class ValueProblem:
    """Why one value does not fit its catalog item.

    Attributes:
        raw: the value as text, as the department gave it (cut to a readable length); the
            reasons never repeat it, so a screen can mask it by the item's rule.
        reason: in English, e.g. ``not a date (a text)``.
        reason_zh: in Chinese, e.g. ``不是日期（是文本）``.
        column: for a list item, the cell, e.g. ``[2].gender``; "" for the item itself.
        mask: the masking rule of the item or column, for showing ``raw``.
    """

    raw: str
    reason: str
    reason_zh: str
    column: str = ""
    mask: MaskRule = MaskRule.NONE


def check_value(item: CatalogItem, value: object) -> ValueProblem | None:
    """The first reason ``value`` does not fit ``item``, or None when it fits.

    Args:
        item: the catalog item.
        value: a department's value for it (None, "no value", always fits).
    """
    _, problems = screen_value(item, value)
    return problems[0] if problems else None


def screen_value(item: CatalogItem, value: object) -> tuple[object, tuple[ValueProblem, ...]]:
    """The part of ``value`` that fits ``item``, and every problem with the rest.

    A single value that does not fit gives None. A list keeps its records; a cell that
    does not fit its column is emptied (None) and reported with its place.

    Returns:
        ``(kept, problems)``; ``kept is value`` when there is no problem.
    """
    if value is None:
        return None, ()
    if item.type is not ItemType.LIST:
        problem = _check(item.type, item.code_table, _text_format(item.code, item.mask), value)
        if problem is None:
            return value, ()
        return None, (_problem(value, *problem, mask=item.mask),)
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        why = ("not a list of records", "不是记录列表")
        return None, (_problem(value, *why, mask=item.mask),)
    problems: list[ValueProblem] = []
    records: list[Record] = []
    for index, record in enumerate(value, start=1):
        if not isinstance(record, Mapping):
            why = ("not a record", "不是记录")
            problems.append(_problem(record, *why, column=f"[{index}]", mask=item.mask))
            continue
        kept, cell_problems = _screen_record(item.columns, index, record)
        records.append(kept)
        problems.extend(cell_problems)
    if not problems:
        return value, ()
    return tuple(records), tuple(problems)


def _screen_record(
    columns: Sequence[Column], index: int, record: Mapping[str, object]
) -> tuple[Record, list[ValueProblem]]:
    cells = dict(record)
    problems: list[ValueProblem] = []
    for column in columns:
        cell = cells.get(column.name)
        if cell is None:
            continue
        fmt = _text_format(column.name, column.mask)
        problem = _check(column.type, column.code_table, fmt, cell)
        if problem is not None:
            cells[column.name] = None
            where = f"[{index}].{column.name}"
            problems.append(_problem(cell, *problem, column=where, mask=column.mask))
    return (record if not problems and isinstance(record, Record) else Record(cells)), problems


# -- the checks ------------------------------------------------------------------------------

_Reason = tuple[str, str]


def _check(
    kind: ItemType,
    table: CodeTable | None,
    text_format: Callable[[str], _Reason | None] | None,
    value: object,
) -> _Reason | None:
    if kind is ItemType.STRING:
        if not isinstance(value, str):
            return _not("a text", "文本", value)
        return text_format(value) if text_format is not None else None
    if kind is ItemType.CODE:
        if not isinstance(value, str):
            return _not("a code", "代码", value)
        return _code(table, value)
    if kind is ItemType.DATE:
        if isinstance(value, datetime) or not isinstance(value, date):
            return _not("a date", "日期", value)
        return None
    if kind is ItemType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            return _not("a whole number", "整数", value)
        return None
    if kind is ItemType.DECIMAL:
        if not _is_number(value):
            return _not("a number", "数字", value)
        return None
    if kind is ItemType.AMOUNT:
        return _amount(value)
    if kind is ItemType.BOOLEAN:
        if not isinstance(value, bool):
            return _not("yes or no", "是/否", value)
        return None
    return ("a list value in a single column", "单列中出现列表")


def _not(what: str, what_zh: str, value: object) -> _Reason:
    kind, kind_zh = _kind(value)
    return (f"not {what} ({kind})", f"不是{what_zh}（是{kind_zh}）")


def _kind(value: object) -> tuple[str, str]:
    if isinstance(value, bool):
        return "a yes/no", "是/否"
    if isinstance(value, str):
        return "a text", "文本"
    if isinstance(value, datetime):
        return "a date and time", "日期时间"
    if isinstance(value, date):
        return "a date", "日期"
    if isinstance(value, int | Decimal):
        return "a number", "数字"
    if isinstance(value, Mapping):
        return "a record", "记录"
    if isinstance(value, Sequence):
        return "a list", "列表"
    return type(value).__name__, type(value).__name__


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite())


def _amount(value: object) -> _Reason | None:
    if not _is_number(value):
        return _not("an amount", "金额", value)
    number = Decimal(value)  # type: ignore[arg-type]
    if number < 0:
        return ("a negative amount", "金额为负数")
    if number.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        return ("an amount with more than two decimal places", "金额超过两位小数")
    return None


_CODE_TABLES: Mapping[CodeTable, Callable[[str], bool]] = {
    CodeTable.GENDER: lambda code: gender.lookup(code) is not None,
    CodeTable.MARITAL_STATUS: lambda code: marital_status.lookup(code) is not None,
    CodeTable.ETHNICITY: lambda code: ethnicity.lookup(code) is not None,
    CodeTable.DIVISION: divisions.is_known,
}


def _code(table: CodeTable | None, code: str) -> _Reason | None:
    known = _CODE_TABLES.get(table) if table is not None else None
    if known is None or known(code):
        return None
    return (f"not a code of {table.value}", f"不是 {table.value} 中的代码")  # type: ignore[union-attr]


def _resident_id(text: str) -> _Reason | None:
    checked = resident_id.validate(text)
    if not checked.ok:
        return (f"resident ID number {checked.reason}", f"公民身份号码{checked.reason_zh}")
    if checked.normalized != text:
        return (
            "resident ID number not in its standard form (18 characters, upper-case X)",
            "公民身份号码不是标准形式（18 位，X 大写）",
        )
    return None


def _mobile(text: str) -> _Reason | None:
    checked = mobile.validate(text)
    return (
        None if checked.ok else (f"mobile number {checked.reason}", f"手机号码{checked.reason_zh}")
    )


def _credit_code(text: str) -> _Reason | None:
    checked = credit_code.validate(text)
    if checked.ok:
        return None
    return (f"credit code {checked.reason}", f"统一社会信用代码{checked.reason_zh}")


def _text_format(name: str, mask: MaskRule) -> Callable[[str], _Reason | None] | None:
    """The national format of a text item or column, as the forms' field formats read it."""
    if mask is MaskRule.ID_NUMBER:
        return _resident_id
    if mask is MaskRule.PHONE:
        return _mobile
    if name.endswith("credit_code"):
        return _credit_code
    return None


def _problem(
    value: object, reason: str, reason_zh: str, *, column: str = "", mask: MaskRule
) -> ValueProblem:
    return ValueProblem(_raw_text(value), reason, reason_zh, column, mask)


def _raw_text(value: object) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, date | datetime):
        text = value.isoformat()
    else:
        text = str(value)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"
