"""Read the ``[[fields]]`` tables of a form file, and the small readers all sections share.

Each reader records every problem on the :class:`TableChecker` (file, key, reason) and
returns None for a table it cannot use, so one pass reports everything wrong in a file.
"""

from __future__ import annotations

import re

from counterapp.catalog import Catalog, CatalogItem, MaskRule
from counterapp.declared_files import FileProblem, Table, TableChecker, describe
from counterapp.forms.model import FieldFormat, FieldType, FormField
from counterapp.forms.values import CODE_TABLES

Checker = TableChecker[FileProblem]
ID = re.compile(r"[a-z][a-z0-9_]*")
FIELD_KEYS = frozenset(
    {"id", "item", "label_zh", "label_en", "type", "required", "applicant"}
    | {"format", "code_table", "choices"}
)

_CATALOG_SETS = ("type", "code_table", "choices")


def read_field(
    check: Checker, table: Table, where: str, catalog: Catalog, applicants: int
) -> FormField | None:
    """One ``[[fields]]`` table, bound to a catalog item or typed by the clerk."""
    check.unknown_keys(table, FIELD_KEYS, where)
    field_id = check.text(table, "id", where)
    check.pattern(field_id, ID, f"{where}.id", "field id")
    item_code = check.text(table, "item", where, required=False)
    required = boolean(check, table, "required", where, default=True)
    applicant = (
        check.integer(table, "applicant", where, 1, applicants) if "applicant" in table else 1
    )
    fmt = check.choice(table, "format", where, FieldFormat, required=False)
    label_zh: str | None
    label_en: str | None
    if item_code is not None:
        item = catalog.item(item_code) if item_code in catalog else None
        if item is None:
            check.problem(f"{where}.item", f"{item_code!r} is not a catalog item")
            return None
        for key in _CATALOG_SETS:
            if key in table:
                check.problem(
                    f"{where}.{key}", f"comes from the catalog item {item_code}; remove it"
                )
        label_zh = check.text(table, "label_zh", where, required=False) or item.label_zh
        label_en = check.text(table, "label_en", where, required=False) or item.label_en
        kind: FieldType | None = FieldType(item.type.value)
        code_table = item.code_table.value if item.code_table else None
        choices: tuple[str, ...] = ()
        fmt = fmt or item_format(item)
    else:
        label_zh = check.text(table, "label_zh", where)
        label_en = check.text(table, "label_en", where)
        kind = check.choice(table, "type", where, FieldType)
        code_table = check.text(table, "code_table", where, required=False)
        choices = strings(check, table, "choices", where)
        _check_typed(check, where, kind, fmt, code_table, choices)
    if (
        field_id is None
        or label_zh is None
        or label_en is None
        or kind is None
        or applicant is None
        or required is None
    ):
        return None
    return FormField(
        id=field_id,
        label_zh=label_zh,
        label_en=label_en,
        item=item_code,
        type=kind,
        required=bool(required),
        applicant=applicant,
        format=fmt,
        code_table=code_table,
        choices=choices,
        department=catalog.item(item_code).department if item_code else None,
    )


def item_format(item: CatalogItem) -> FieldFormat | None:
    """The national format a catalog item's values have, if any."""
    if item.mask is MaskRule.ID_NUMBER:
        return FieldFormat.RESIDENT_ID
    if item.mask is MaskRule.PHONE:
        return FieldFormat.MOBILE
    if item.code.endswith("credit_code"):
        return FieldFormat.CREDIT_CODE
    return None


def _check_typed(
    check: Checker,
    where: str,
    kind: FieldType | None,
    fmt: FieldFormat | None,
    code_table: str | None,
    choices: tuple[str, ...],
) -> None:
    if kind is FieldType.LIST:
        check.problem(f"{where}.type", "a typed field cannot be a list (bind a catalog item)")
    if fmt is not None and kind not in (FieldType.STRING, None):
        check.problem(f"{where}.format", f"applies to string fields, not {kind}")
    if code_table is not None and code_table not in CODE_TABLES:
        known = ", ".join(sorted(CODE_TABLES))
        check.problem(f"{where}.code_table", f"unknown code table {code_table!r} ({known})")
    if code_table is not None and kind is not FieldType.CODE:
        check.problem(f"{where}.code_table", "applies to code fields only")
    if kind is FieldType.CODE and code_table is None and not choices:
        check.problem(where, "a typed code field needs a code_table or choices")
    if choices and kind not in (FieldType.STRING, FieldType.CODE):
        check.problem(f"{where}.choices", "applies to string and code fields only")


def applicant_scope(
    check: Checker, table: Table, where: str, applicants: int
) -> tuple[int, ...] | None:
    """``applicant = 1|2|...|"each"`` (default ``"each"``) as the applicants it covers."""
    raw = table.get("applicant", "each")
    if raw == "each":
        return tuple(range(1, applicants + 1))
    if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= applicants:
        return (raw,)
    check.problem(f"{where}.applicant", f'must be 1-{applicants} or "each", got {describe(raw)}')
    return None


def boolean(check: Checker, table: Table, key: str, where: str, *, default: bool) -> bool | None:
    """An optional true/false value."""
    value = table.get(key, default)
    if not isinstance(value, bool):
        check.problem(
            f"{where}.{key}" if where else key, f"must be true or false, got {describe(value)}"
        )
        return None
    return value


def strings(
    check: Checker, table: Table, key: str, where: str, *, allow_empty: bool = False
) -> tuple[str, ...]:
    """An optional array of non-empty strings (empty tuple when absent or wrong)."""
    if key not in table:
        return ()
    value = table[key]
    full = f"{where}.{key}" if where else key
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        check.problem(full, f"must be an array of non-empty strings, got {describe(value)}")
        return ()
    if not value and not allow_empty:
        check.problem(full, "must not be empty")
    return tuple(v.strip() for v in value)
