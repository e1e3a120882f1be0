"""Check the parsed catalog file and build a :class:`Catalog`, collecting every problem.

The checks are the catalog's rules: codes are ``category.name``, each code appears once,
each item names an existing department, types/masks/code tables are known and fit
together, list items declare their columns, and sensitive items (level 3 and 4) are masked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from counterapp.catalog.errors import CatalogError
from counterapp.catalog.model import (
    Catalog,
    CatalogItem,
    Classification,
    CodeTable,
    Column,
    Department,
    ItemType,
    MaskRule,
)
from counterapp.declared_files import Table, TableChecker, choices, describe

FORMAT_VERSION = 1

CODE_PATTERN = re.compile(r"^[a-z_]+\.[a-z_]+$")
_COLUMN_PATTERN = re.compile(r"^[a-z_][a-z0-9_]*$")
_DEPARTMENT_PATTERN = re.compile(r"^[a-z_]+$")

_TOP_KEYS = frozenset({"format_version", "departments", "categories", "items"})
_CATEGORY_KEYS = frozenset({"id", "name_zh", "name_en"})
_DEPARTMENT_KEYS = frozenset({"id", "name_zh", "name_en"})
_ITEM_KEYS = frozenset(
    {"code", "label_zh", "label_en", "type", "level", "mask", "department"}
    | {"code_table", "description", "columns"}
)
_COLUMN_KEYS = frozenset(
    {"name", "label_zh", "label_en", "type", "mask", "code_table", "description"}
)

_M = MaskRule
#: Mask rules that make sense for each type; anything else is a slip in the file.
MASKS_FOR_TYPE: Mapping[ItemType, frozenset[MaskRule]] = {
    ItemType.STRING: frozenset(
        {_M.NONE, _M.NAME, _M.ID_NUMBER, _M.PHONE, _M.ADDRESS, _M.ACCOUNT, _M.FULL}
    ),
    ItemType.DATE: frozenset({_M.NONE, _M.DATE, _M.FULL}),
    ItemType.AMOUNT: frozenset({_M.NONE, _M.AMOUNT, _M.FULL}),
    ItemType.INTEGER: frozenset({_M.NONE, _M.FULL}),
    ItemType.DECIMAL: frozenset({_M.NONE, _M.FULL}),
    ItemType.BOOLEAN: frozenset({_M.NONE, _M.FULL}),
    ItemType.CODE: frozenset({_M.NONE, _M.FULL}),
    ItemType.LIST: frozenset({_M.NONE, _M.FULL}),
}


def build_catalog(data: Table, path: Path, *, base: Catalog | None = None) -> Catalog:
    """Check parsed catalog data and build the catalog.

    Args:
        data: The parsed TOML document.
        path: The file it came from, for the messages.
        base: For a site catalog file (docs/catalog.md): the shipped catalog it extends.
            Its departments and category names count as declared, so the site file's
            ``[[departments]]`` and ``[[categories]]`` are optional. The result holds the
            site file's own entries only; :func:`counterapp.catalog.site.merge_site_catalog`
            combines the two.

    Returns:
        The catalog.

    Raises:
        CatalogError: With every problem found.
    """
    check = TableChecker(path)
    check.unknown_keys(data, _TOP_KEYS, "")
    _check_format_version(check, data)
    # Items are checked against every id declared, even in a broken department table,
    # so one bad department does not also flag all of its items.
    departments: list[Department] = []
    known: set[str] = set()
    if base is None or "departments" in data:
        departments, known = _departments(check, check.tables(data, "departments", "departments"))
    if base is not None:
        known |= {department.id for department in base.departments}
    items: list[CatalogItem] = []
    first_seen: dict[str, int] = {}
    for index, table in enumerate(check.tables(data, "items", "items")):
        where = f"items[{index}]"
        item = _item(check, table, where, known)
        code = table.get("code")
        if isinstance(code, str) and code.strip():
            code = code.strip()
            if code in first_seen:
                first = f"items[{first_seen[code]}]"
                check.problem(f"{where}.code", f"duplicate code {code!r} (first at {first})")
            first_seen.setdefault(code, index)
        if item is not None:
            items.append(item)
    categories = _categories(check, data, items, base.category_names if base else {})
    if check.problems:
        raise CatalogError(check.problems)
    return Catalog(departments=tuple(departments), items=tuple(items), category_names=categories)


def _categories(
    check: TableChecker,
    data: Table,
    items: list[CatalogItem],
    named: Mapping[str, tuple[str, str]],
) -> dict[str, tuple[str, str]]:
    """The optional ``[[categories]]`` labels; when present, every item's category has one.

    ``named``: categories already named elsewhere (the shipped catalog, for a site file);
    an item of such a category needs no entry here, an item of a new one does.
    """
    if "categories" not in data:
        for item in items:
            if named and item.category not in named:
                check.problem("categories", f"no [[categories]] entry for {item.category!r}")
                named = {**named, item.category: (item.category, item.category)}
        return {}
    names: dict[str, tuple[str, str]] = {}
    for index, table in enumerate(check.tables(data, "categories", "categories")):
        where = f"categories[{index}]"
        check.unknown_keys(table, _CATEGORY_KEYS, where)
        category = check.text(table, "id", where)
        name_zh = check.text(table, "name_zh", where)
        name_en = check.text(table, "name_en", where)
        if category and name_zh and name_en:
            names[category] = (name_zh, name_en)
    for item in items:
        if item.category not in names and item.category not in named:
            check.problem("categories", f"no [[categories]] entry for {item.category!r}")
            names[item.category] = (item.category, item.category)  # report once
    return names


def _check_format_version(check: TableChecker, data: Table) -> None:
    version = data.get("format_version")
    if version is None:
        check.problem("format_version", f"missing (write format_version = {FORMAT_VERSION})")
    elif version != FORMAT_VERSION or isinstance(version, bool):
        check.problem(
            "format_version",
            f"this program reads version {FORMAT_VERSION}, got {describe(version)}",
        )


def _departments(check: TableChecker, tables: list[Table]) -> tuple[list[Department], set[str]]:
    departments: list[Department] = []
    seen: set[str] = set()
    for index, table in enumerate(tables):
        where = f"departments[{index}]"
        check.unknown_keys(table, _DEPARTMENT_KEYS, where)
        dept_id = check.text(table, "id", where)
        check.pattern(dept_id, _DEPARTMENT_PATTERN, f"{where}.id", "department id")
        name_zh = check.text(table, "name_zh", where)
        name_en = check.text(table, "name_en", where)
        if dept_id in seen:
            check.problem(f"{where}.id", f"duplicate department id {dept_id!r}")
        if dept_id and name_zh and name_en and dept_id not in seen:
            departments.append(Department(dept_id, name_zh, name_en))
        if dept_id:
            seen.add(dept_id)
    return departments, seen


def _item(check: TableChecker, table: Table, where: str, known: set[str]) -> CatalogItem | None:
    before = len(check.problems)
    check.unknown_keys(table, _ITEM_KEYS, where)
    code = check.text(table, "code", where)
    check.pattern(code, CODE_PATTERN, f"{where}.code", "item code")
    label_zh = check.text(table, "label_zh", where)
    label_en = check.text(table, "label_en", where)
    item_type = check.choice(table, "type", where, ItemType)
    number = check.integer(table, "level", where, 1, 4)
    level = None if number is None else Classification(number)
    mask = check.choice(table, "mask", where, MaskRule)
    department = check.text(table, "department", where)
    if department is not None and department not in known:
        declared = ", ".join(sorted(known)) or "none declared"
        check.problem(f"{where}.department", f"unknown department {department!r} ({declared})")
    code_table = check.choice(table, "code_table", where, CodeTable, required=False)
    description = check.text(table, "description", where, required=False) or ""
    _check_fit(check, where, item_type, mask, code_table, "code_table" in table)
    if level is not None and level >= Classification.SENSITIVE and mask is MaskRule.NONE:
        check.problem(
            f"{where}.mask",
            f"level {int(level)} ({level.label_en.lower()}) needs a mask rule other than none",
        )
    columns = _columns(check, table, where, item_type)
    if len(check.problems) > before:
        return None
    assert code and label_zh and label_en and item_type and level and mask and department
    return CatalogItem(
        code=code,
        label_zh=label_zh,
        label_en=label_en,
        type=item_type,
        level=level,
        mask=mask,
        department=department,
        code_table=code_table,
        description=description,
        columns=columns,
    )


def _check_fit(
    check: TableChecker,
    where: str,
    item_type: ItemType | None,
    mask: MaskRule | None,
    code_table: CodeTable | None,
    has_code_table: bool,
) -> None:
    """Check that the type, the mask rule and the code table belong together."""
    if item_type is None:
        return
    if mask is not None and mask not in MASKS_FOR_TYPE[item_type]:
        allowed = ", ".join(sorted(MASKS_FOR_TYPE[item_type]))
        check.problem(
            f"{where}.mask",
            f"mask {mask.value!r} does not fit type {item_type.value!r} (use one of: {allowed})",
        )
    if item_type is ItemType.CODE and not has_code_table:
        check.problem(
            f"{where}.code_table", f"type 'code' needs a code_table ({choices(CodeTable)})"
        )
    if item_type is not ItemType.CODE and code_table is not None:
        check.problem(f"{where}.code_table", "only items of type 'code' have a code_table")


def _columns(
    check: TableChecker, table: Table, where: str, item_type: ItemType | None
) -> tuple[Column, ...]:
    raw = table.get("columns")
    key = f"{where}.columns"
    if item_type is not ItemType.LIST:
        if raw is not None and item_type is not None:
            check.problem(key, "only items of type 'list' have columns")
        return ()
    if raw is None:
        check.problem(key, "missing: a list item needs [[items.columns]] tables")
        return ()
    if not isinstance(raw, list) or not raw or not all(isinstance(c, Mapping) for c in raw):
        check.problem(key, f"must be a non-empty array of tables ([[items.columns]]), got {raw!r}")
        return ()
    columns: list[Column] = []
    seen: set[str] = set()
    for index, column_table in enumerate(raw):
        column = _column(check, column_table, f"{key}[{index}]", seen)
        if column is not None:
            columns.append(column)
    return tuple(columns)


def _column(check: TableChecker, table: Table, where: str, seen: set[str]) -> Column | None:
    before = len(check.problems)
    check.unknown_keys(table, _COLUMN_KEYS, where)
    name = check.text(table, "name", where)
    check.pattern(name, _COLUMN_PATTERN, f"{where}.name", "column name")
    if name is not None and name in seen:
        check.problem(f"{where}.name", f"duplicate column {name!r}")
    if name is not None:
        seen.add(name)
    label_zh = check.text(table, "label_zh", where)
    label_en = check.text(table, "label_en", where)
    column_type = check.choice(table, "type", where, ItemType)
    mask = check.choice(table, "mask", where, MaskRule)
    code_table = check.choice(table, "code_table", where, CodeTable, required=False)
    description = check.text(table, "description", where, required=False) or ""
    if column_type is ItemType.LIST:
        check.problem(f"{where}.type", "a column cannot itself be a list")
    else:
        _check_fit(check, where, column_type, mask, code_table, "code_table" in table)
    if len(check.problems) > before:
        return None
    assert name and label_zh and label_en and column_type and mask
    return Column(name, label_zh, label_en, column_type, mask, code_table, description)
