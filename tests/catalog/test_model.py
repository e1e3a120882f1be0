"""Tests for counterapp.catalog.model."""

from __future__ import annotations

import pytest

from counterapp.catalog.model import (
    Catalog,
    CatalogItem,
    Classification,
    Column,
    Department,
    ItemType,
    MaskRule,
)

HUKOU = Department("hukou", "公安机关（户籍）", "Public Security (household registration)")
TAX = Department("tax", "税务", "Taxation")
UNUSED = Department("market", "市场监督管理", "Market Regulation")


def _item(code: str, department: str = "hukou", **kwargs: object) -> CatalogItem:
    values: dict[str, object] = {
        "label_zh": "标签",
        "label_en": "Label",
        "type": ItemType.STRING,
        "level": Classification.SENSITIVE,
        "mask": MaskRule.FULL,
    }
    values.update(kwargs)
    return CatalogItem(code=code, department=department, **values)  # type: ignore[arg-type]


MEMBERS = _item(
    "household.members",
    type=ItemType.LIST,
    columns=(
        Column("name", "姓名", "Name", ItemType.STRING, MaskRule.NAME),
        Column("relation", "关系", "Relation", ItemType.STRING, MaskRule.NONE),
    ),
)


@pytest.fixture
def catalog() -> Catalog:
    return Catalog(
        departments=(HUKOU, TAX, UNUSED),
        items=(
            _item("person.name", mask=MaskRule.NAME),
            _item("tax.annual_income", "tax", type=ItemType.AMOUNT, mask=MaskRule.AMOUNT),
            _item("person.id_number", mask=MaskRule.ID_NUMBER),
            MEMBERS,
        ),
    )


def test_classification_levels_and_labels() -> None:
    assert [int(c) for c in Classification] == [1, 2, 3, 4]
    assert Classification(3).label_zh == "敏感个人信息"
    assert Classification.HIGHLY_SENSITIVE.label_en == "Highly sensitive"
    assert all(c.label_zh and c.label_en for c in Classification)
    assert Classification.SENSITIVE > Classification.INTERNAL


def test_enums_use_the_file_spelling() -> None:
    assert ItemType("amount") is ItemType.AMOUNT
    assert MaskRule("id_number") is MaskRule.ID_NUMBER
    assert MaskRule.NAME == "name"


def test_lookup_by_code(catalog: Catalog) -> None:
    assert catalog.item("person.name").mask is MaskRule.NAME
    assert "person.name" in catalog
    assert "person.nickname" not in catalog
    with pytest.raises(KeyError, match=r"person\.nickname"):
        catalog.item("person.nickname")


def test_len_and_iteration_keep_file_order(catalog: Catalog) -> None:
    assert len(catalog) == 4
    assert [i.code for i in catalog][:2] == ["person.name", "tax.annual_income"]


def test_categories_in_order_of_first_appearance(catalog: Catalog) -> None:
    assert catalog.categories() == ("person", "tax", "household")
    assert [i.code for i in catalog.items_in_category("person")] == [
        "person.name",
        "person.id_number",
    ]


def test_items_for_department_by_id_or_department(catalog: Catalog) -> None:
    assert [i.code for i in catalog.items_for_department("tax")] == ["tax.annual_income"]
    assert catalog.items_for_department(HUKOU) == catalog.items_for_department("hukou")
    assert catalog.items_for_department("market") == ()


def test_department_lookup(catalog: Catalog) -> None:
    assert catalog.department("tax").name_zh == "税务"
    with pytest.raises(KeyError, match="nowhere"):
        catalog.department("nowhere")


def test_departments_for_asks_each_department_once(catalog: Catalog) -> None:
    codes = ["person.name", "tax.annual_income", "person.id_number"]
    assert catalog.departments_for(codes) == (HUKOU, TAX)
    assert catalog.departments_for([]) == ()


def test_item_category_and_columns() -> None:
    assert MEMBERS.category == "household"
    assert MEMBERS.column("name").mask is MaskRule.NAME
    with pytest.raises(KeyError, match="age"):
        MEMBERS.column("age")
