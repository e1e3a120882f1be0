"""Read the ``[[materials]]`` and ``[[eligibility]]`` tables of a form file.

A rule is data, never an expression: an item, an operator, a value checked against the
item's type (and code table), and optionally a ``when`` condition of the same shape.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from counterapp.catalog import Catalog, CatalogItem, ItemType, MaskRule
from counterapp.declared_files import Table, describe
from counterapp.forms.field_section import ID, Checker, applicant_scope, boolean, strings
from counterapp.forms.model import (
    AGE_OPS,
    LIST_OPS,
    ORDER_OPS,
    VALUELESS_OPS,
    Condition,
    EligibilityRule,
    MaterialSpec,
    OriginalOrCopy,
    RuleOp,
)
from counterapp.forms.values import code_label

MATERIAL_KEYS = frozenset(
    {"id", "name_zh", "name_en", "proves", "applicant", "original_or_copy", "required"}
)
RULE_KEYS = frozenset({"id", "item", "applicant", "op", "value", "message_zh", "message_en"}) | {
    "when"
}
CONDITION_KEYS = frozenset({"item", "op", "value"})
# An explanation prints the value tested: these items would put a person's identifiers or
# contact details on screen and paper, so no rule may test them.
_UNPRINTABLE = frozenset(
    {MaskRule.ID_NUMBER, MaskRule.NAME, MaskRule.PHONE, MaskRule.ACCOUNT, MaskRule.ADDRESS}
)


def read_material(
    check: Checker, table: Table, where: str, catalog: Catalog, applicants: int
) -> MaterialSpec | None:
    """One ``[[materials]]`` table."""
    check.unknown_keys(table, MATERIAL_KEYS, where)
    material_id = check.text(table, "id", where)
    check.pattern(material_id, ID, f"{where}.id", "material id")
    name_zh = check.text(table, "name_zh", where)
    name_en = check.text(table, "name_en", where)
    proves = strings(check, table, "proves", where, allow_empty=True)
    for n, code in enumerate(proves):
        if code not in catalog:
            check.problem(f"{where}.proves[{n}]", f"{code!r} is not a catalog item")
    whose = applicant_scope(check, table, where, applicants)
    handed = check.choice(table, "original_or_copy", where, OriginalOrCopy, required=False)
    required = boolean(check, table, "required", where, default=True)
    if "proves" not in table:
        check.problem(f"{where}.proves", "missing (write proves = [] when always collected)")
        return None
    if None in (material_id, name_zh, name_en, whose, required):
        return None
    return MaterialSpec(
        id=material_id,  # type: ignore[arg-type]
        name_zh=name_zh,  # type: ignore[arg-type]
        name_en=name_en,  # type: ignore[arg-type]
        proves=proves,
        applicants=whose,  # type: ignore[arg-type]
        original_or_copy=handed or OriginalOrCopy.ORIGINAL,
        required=bool(required),
    )


def read_rule(
    check: Checker, table: Table, where: str, catalog: Catalog, applicants: int
) -> EligibilityRule | None:
    """One ``[[eligibility]]`` table."""
    check.unknown_keys(table, RULE_KEYS, where)
    rule_id = check.text(table, "id", where)
    check.pattern(rule_id, ID, f"{where}.id", "rule id")
    test = read_condition(check, table, where, catalog)
    whose = applicant_scope(check, table, where, applicants)
    message_zh = check.text(table, "message_zh", where)
    message_en = check.text(table, "message_en", where)
    when = None
    if "when" in table:
        raw = table["when"]
        if not isinstance(raw, dict):
            check.problem(
                f"{where}.when", f"must be a table {{item, op, value}}, got {describe(raw)}"
            )
        else:
            check.unknown_keys(raw, CONDITION_KEYS, f"{where}.when")
            when = read_condition(check, raw, f"{where}.when", catalog)
            if when is None:
                return None
    if rule_id is None or test is None or whose is None or message_zh is None or message_en is None:
        return None
    return EligibilityRule(rule_id, test, whose, message_zh, message_en, when)


def read_condition(check: Checker, table: Table, where: str, catalog: Catalog) -> Condition | None:
    """``item``, ``op`` and ``value`` of a rule or its ``when``, checked against the item."""
    code = check.text(table, "item", where)
    op = check.choice(table, "op", where, RuleOp)
    if code is None or op is None:
        return None
    if code not in catalog:
        check.problem(f"{where}.item", f"{code!r} is not a catalog item")
        return None
    item = catalog.item(code)
    if item.mask in _UNPRINTABLE:
        check.problem(f"{where}.item", f"{code} cannot be tested: an explanation would print it")
        return None
    key = f"{where}.value"
    if op in VALUELESS_OPS:
        if "value" in table:
            check.problem(key, f"op {op.value!r} takes no value")
        return Condition(code, op)
    if "value" not in table:
        check.problem(key, f"missing (op {op.value!r} needs a value)")
        return None
    raw = table["value"]
    value: object
    if op in AGE_OPS:
        if item.type is not ItemType.DATE:
            check.problem(f"{where}.op", f"{op.value!r} needs a date item, {code} is {item.type}")
            return None
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 150:
            check.problem(key, f"must be an age in years 0-150, got {describe(raw)}")
            return None
        return Condition(code, op, raw)
    if item.type is ItemType.LIST:
        check.problem(f"{where}.op", f"a list item takes only present/absent, not {op.value!r}")
        return None
    if op in ORDER_OPS and item.type not in _ORDERED:
        check.problem(
            f"{where}.op", f"{op.value!r} needs a number or date item, {code} is {item.type}"
        )
        return None
    if op in LIST_OPS:
        if not isinstance(raw, list) or not raw:
            check.problem(key, f"op {op.value!r} needs a non-empty array, got {describe(raw)}")
            return None
        values = [_scalar(check, v, f"{key}[{n}]", item) for n, v in enumerate(raw)]
        if any(v is None for v in values):
            return None
        value = tuple(values)
    else:
        value = _scalar(check, raw, key, item)
        if value is None:
            return None
    return Condition(code, op, value)


_ORDERED = frozenset({ItemType.INTEGER, ItemType.DECIMAL, ItemType.AMOUNT, ItemType.DATE})


def _scalar(check: Checker, raw: object, key: str, item: CatalogItem) -> object | None:
    """A rule's value as the type the item's values have, or None (a problem recorded)."""
    kind = item.type
    if kind in (ItemType.STRING, ItemType.CODE) and isinstance(raw, str):
        table = item.code_table.value if item.code_table else None
        if table is not None and code_label(table, raw) is None:
            check.problem(key, f"{raw!r} is not a {table} code")
            return None
        return raw
    if kind is ItemType.INTEGER and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    numeric = isinstance(raw, int | float | str) and not isinstance(raw, bool)
    if kind in (ItemType.DECIMAL, ItemType.AMOUNT) and numeric:
        try:
            return Decimal(str(raw))
        except InvalidOperation:
            pass
    if kind is ItemType.BOOLEAN and isinstance(raw, bool):
        return raw
    if kind is ItemType.DATE and isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    check.problem(key, f"must be a {kind} value for {item.code}, got {describe(raw)}")
    return None
