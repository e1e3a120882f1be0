"""Tests for counterapp.catalog.loader (and the rules in counterapp.catalog.schema)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from counterapp.catalog import (
    CatalogError,
    Classification,
    CodeTable,
    ItemType,
    MaskRule,
    default_catalog_path,
    load_catalog,
)
from counterapp.catalog.model import Catalog
from counterapp.resources import resource_path

CATEGORIES = {
    "person",
    "household",
    "marriage",
    "social",
    "tax",
    "housing_fund",
    "realestate",
    "business",
}
DEPARTMENTS = {"hukou", "civil", "hrss", "tax", "fund", "realestate", "market"}

VALID = """\
format_version = 1

[[departments]]
id = "hukou"
name_zh = "公安机关（户籍）"
name_en = "Public Security"

[[items]]
code = "person.name"
label_zh = "姓名"
label_en = "Name"
type = "string"
level = 3
mask = "name"
department = "hukou"

[[items]]
code = "household.members"
label_zh = "户内成员"
label_en = "Household members"
type = "list"
level = 3
mask = "full"
department = "hukou"

[[items.columns]]
name = "name"
label_zh = "姓名"
label_en = "Name"
type = "string"
mask = "name"
"""


def _load(tmp_path: Path, text: str) -> Catalog:
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path)


def _problems(tmp_path: Path, text: str) -> str:
    with pytest.raises(CatalogError) as info:
        _load(tmp_path, text)
    message = str(info.value)
    assert all(line.startswith(str(tmp_path / "catalog.toml")) for line in message.splitlines())
    return message


# ------------------------------------------------------------------------ shipped catalog


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog()


def test_default_path_is_the_resources_file() -> None:
    assert default_catalog_path() == resource_path("catalog.toml")
    assert default_catalog_path().is_file()


def test_shipped_catalog_covers_every_category(shipped: Catalog) -> None:
    assert len(shipped) >= 35
    assert set(shipped.categories()) == CATEGORIES
    assert {d.id for d in shipped.departments} == DEPARTMENTS


def test_every_shipped_item_is_complete(shipped: Catalog) -> None:
    department_ids = {d.id for d in shipped.departments}
    for item in shipped:
        assert item.label_zh and item.label_en, item.code
        assert item.level in Classification, item.code
        assert isinstance(item.mask, MaskRule), item.code
        assert item.department in department_ids, item.code
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", item.code)
        if item.type is ItemType.LIST:
            assert item.columns, item.code
            assert all(c.label_zh and c.label_en for c in item.columns), item.code


def test_sensitive_shipped_items_are_masked(shipped: Catalog) -> None:
    for item in shipped:
        if item.level >= Classification.SENSITIVE:
            assert item.mask is not MaskRule.NONE, item.code


@pytest.mark.parametrize(
    ("code", "department", "level", "mask"),
    [
        ("person.id_number", "hukou", 3, MaskRule.ID_NUMBER),
        ("person.mobile", "hrss", 3, MaskRule.PHONE),
        ("marriage.status", "civil", 3, MaskRule.FULL),
        ("tax.annual_income", "tax", 4, MaskRule.AMOUNT),
        ("housing_fund.balance", "fund", 4, MaskRule.AMOUNT),
        ("realestate.properties", "realestate", 3, MaskRule.FULL),
        ("business.credit_code", "market", 1, MaskRule.NONE),
    ],
)
def test_shipped_item_details(
    shipped: Catalog, code: str, department: str, level: int, mask: MaskRule
) -> None:
    item = shipped.item(code)
    assert (item.department, int(item.level), item.mask) == (department, level, mask)


def test_shipped_list_columns(shipped: Catalog) -> None:
    members = shipped.item("household.members")
    names = ["id_number", "name", "relation", "gender", "birth_date"]
    assert [c.name for c in members.columns] == names
    assert members.column("gender").code_table is CodeTable.GENDER
    area = shipped.item("realestate.properties").column("area_m2")
    assert area.type is ItemType.DECIMAL


def test_valid_minimal_file_loads(tmp_path: Path) -> None:
    catalog = _load(tmp_path, VALID)
    assert [i.code for i in catalog] == ["person.name", "household.members"]


# ---------------------------------------------------------------------------- broken files


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path / "nope.toml")
    assert str(info.value).startswith(f"{tmp_path / 'nope.toml'}: cannot read")


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    text = VALID.replace('level = 3\nmask = "name"', 'level = \nmask = "name"')
    message = _problems(tmp_path, text)
    assert message.endswith("catalog.toml: line 13, column 9: invalid TOML: Invalid value")


def test_toml_error_at_end_of_document(tmp_path: Path) -> None:
    message = _problems(tmp_path, VALID + 'description = "unterminated')
    assert message.endswith("catalog.toml: end of document: invalid TOML: Unterminated string")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_bytes(VALID.encode("gbk"))
    with pytest.raises(CatalogError, match=r"catalog\.toml: line 5: not UTF-8"):
        load_catalog(path)


@pytest.mark.parametrize(
    ("old", "new", "key", "reason"),
    [
        (
            'level = 3\nmask = "name"',
            'level = 7\nmask = "name"',
            "items[0].level",
            "must be an integer 1-4, got 7",
        ),
        (
            'level = 3\nmask = "name"',
            'level = "3"\nmask = "name"',
            "items[0].level",
            "must be an integer 1-4, got '3'",
        ),
        (
            'label_en = "Name"\ntype',
            'label_en = "Name"\ncolour = "red"\ntype',
            "items[0].colour",
            "unknown key",
        ),
        (
            'label_zh = "姓名"\nlabel_en = "Name"\ntype = "string"\nlevel',
            'label_zh = "姓名"\ntype = "string"\nlevel',
            "items[0].label_en",
            "missing",
        ),
        (
            'code = "household.members"',
            'code = "person.name"',
            "items[1].code",
            "duplicate code 'person.name' (first at items[0])",
        ),
        ('code = "person.name"', 'code = "Person.Name"', "items[0].code", "not a valid item code"),
        ('code = "person.name"', 'code = "name"', "items[0].code", "not a valid item code"),
        (
            'mask = "name"\ndepartment',
            'mask = "name"\ndepartment = "police"\n#',
            "items[0].department",
            "unknown department 'police' (hukou)",
        ),
        (
            'mask = "name"\ndepartment',
            'mask = "blur"\ndepartment',
            "items[0].mask",
            "unknown mask 'blur'",
        ),
        ('type = "list"', 'type = "array"', "items[1].type", "unknown type 'array'"),
        (
            'mask = "name"\ndepartment',
            'mask = "name"\ncode_table = "GB 9999"\ndepartment',
            "items[0].code_table",
            "unknown code_table 'GB 9999'",
        ),
        (
            'type = "string"\nlevel = 3\nmask = "name"',
            'type = "string"\nlevel = 3\nmask = "none"',
            "items[0].mask",
            "level 3 (sensitive personal) needs a mask rule other than none",
        ),
        (
            'type = "string"\nlevel = 3\nmask = "name"',
            'type = "string"\nlevel = 3\nmask = "date"',
            "items[0].mask",
            "mask 'date' does not fit type 'string'",
        ),
        (
            'type = "string"\nlevel = 3\nmask = "name"',
            'type = "code"\nlevel = 3\nmask = "full"',
            "items[0].code_table",
            "type 'code' needs a code_table",
        ),
        ("format_version = 1", "format_version = 2", "format_version", "got 2"),
        ("format_version = 1", "", "format_version", "missing"),
        (
            'name = "name"\nlabel_zh',
            'name = "Name!"\nlabel_zh',
            "items[1].columns[0].name",
            "not a valid column name",
        ),
        (
            'type = "string"\nmask = "name"',
            'type = "string"\nmask = "name"\nunit = "m"',
            "items[1].columns[0].unit",
            "unknown key",
        ),
    ],
)
def test_broken_file_names_file_key_and_reason(
    tmp_path: Path, old: str, new: str, key: str, reason: str
) -> None:
    text = VALID.replace(old, new, 1)
    assert text != VALID
    message = _problems(tmp_path, text)
    assert f"catalog.toml: {key}: " in message
    assert reason in message


def test_list_without_columns(tmp_path: Path) -> None:
    text = VALID[: VALID.index("[[items.columns]]")]
    message = _problems(tmp_path, text)
    assert "catalog.toml: items[1].columns: missing: a list item needs [[items.columns]]" in message


def test_columns_on_a_non_list_item(tmp_path: Path) -> None:
    text = VALID.replace(
        'department = "hukou"\n\n[[items]]', 'department = "hukou"\ncolumns = []\n\n[[items]]'
    )
    assert "items[0].columns: only items of type 'list' have columns" in _problems(tmp_path, text)


def test_department_table_problems(tmp_path: Path) -> None:
    dup = '[[departments]]\nid = "hukou"\nname_zh = "又一个"\nname_en = "Again"\n\n[[items]]'
    text = VALID.replace("[[items]]", dup, 1).replace('name_en = "Public Security"', "")
    message = _problems(tmp_path, text)
    assert "catalog.toml: departments[0].name_en: missing" in message
    assert "catalog.toml: departments[1].id: duplicate department id 'hukou'" in message
    assert "unknown department" not in message  # a broken table still declares its id


def test_no_items_at_all(tmp_path: Path) -> None:
    text = VALID[: VALID.index("[[items]]")]
    assert "catalog.toml: items: missing" in _problems(tmp_path, text)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        VALID.replace("level = 3", "level = 0", 1)
        .replace('department = "hukou"', 'department = "nowhere"', 1)
        .replace('code = "household.members"', 'code = "person.name"')
    )
    with pytest.raises(CatalogError) as info:
        _load(tmp_path, text)
    keys = [p.key for p in info.value.problems]
    assert keys == ["items[0].level", "items[0].department", "items[1].code"]
    assert len(str(info.value).splitlines()) == 3
    assert all(p.path == tmp_path / "catalog.toml" for p in info.value.problems)


def test_categories_have_names_and_an_undeclared_one_is_reported(tmp_path: Path) -> None:
    catalog = load_catalog()
    assert catalog.category_label_zh("marriage") == "婚姻登记信息"
    assert catalog.category_label_en("housing_fund") == "housing provident fund"
    text = default_catalog_path().read_text(encoding="utf-8")
    broken = tmp_path / "catalog.toml"
    broken.write_text(text.replace('id = "housing_fund"\nname_zh', 'id = "fund"\nname_zh'), "utf-8")
    with pytest.raises(CatalogError, match=r"no \[\[categories\]\] entry for 'housing_fund'"):
        load_catalog(broken)
