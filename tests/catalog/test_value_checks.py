"""A department's value checked against its catalog item: type, code table, national format."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from counterapp.catalog import Catalog, load_catalog
from counterapp.catalog.model import MaskRule
from counterapp.catalog.value_checks import check_value, screen_value
from counterapp.catalog.values import Record, RefusedValue
from counterapp.standards.resident_id import check_character

BODY = "11010519491231002"
ID_NUMBER = BODY + check_character(BODY)
WRONG_CHECK = BODY + ("0" if check_character(BODY) != "0" else "1")
X_BODY = next(b for n in range(1000) if check_character(b := f"11010519491231{n:03d}") == "X")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("person.gender", "1"),
        ("person.gender", "9"),
        ("marriage.status", "21"),
        ("person.ethnicity", "01"),
        ("person.hukou_division", "110105"),
        ("person.birth_date", date(1990, 1, 5)),
        ("person.name", "张三"),
        ("person.id_number", ID_NUMBER),
        ("person.id_number", X_BODY + "X"),
        ("person.mobile", "13800138000"),
        ("business.credit_code", "91350100M000100Y43"),
        ("social.contribution_months", 120),
        ("housing_fund.balance", Decimal("12345.60")),
        ("housing_fund.balance", Decimal("0")),
        ("housing_fund.balance", 100),
        ("tax.arrears", False),
        ("person.gender", None),
    ],
)
def test_values_of_the_catalog_types_pass(catalog: Catalog, code: str, value: object) -> None:
    assert check_value(catalog.item(code), value) is None


@pytest.mark.parametrize(
    ("code", "value", "reason"),
    [
        ("person.gender", "M", "not a code of GB/T 2261.1"),
        ("marriage.status", "married", "not a code of GB/T 2261.2"),
        ("person.ethnicity", "1", "not a code of GB/T 3304"),
        ("person.hukou_division", "999999", "not a code of GB/T 2260"),
        ("person.birth_date", "1990/1/5", "not a date (a text)"),
        ("person.birth_date", datetime(1990, 1, 5, 8, 0), "not a date (a date and time)"),
        ("person.id_number", WRONG_CHECK, "check character"),
        ("person.id_number", X_BODY + "x", "standard form (18 characters, upper-case X)"),
        ("person.id_number", "123", "must be 18 characters"),
        ("person.mobile", "12345", "mobile number"),
        ("business.credit_code", "91350100M000100Y4X", "credit code"),
        ("social.contribution_months", "120", "not a whole number (a text)"),
        ("social.contribution_months", True, "not a whole number (a yes/no)"),
        ("housing_fund.balance", "12,345.60", "not an amount (a text)"),
        ("housing_fund.balance", Decimal("-1.00"), "negative"),
        ("housing_fund.balance", Decimal("1.234"), "two decimal places"),
        ("tax.arrears", "否", "not yes or no (a text)"),
        ("person.name", 42, "not a text (a number)"),
    ],
)
def test_values_that_do_not_fit_are_refused_with_a_reason(
    catalog: Catalog, code: str, value: object, reason: str
) -> None:
    problem = check_value(catalog.item(code), value)
    assert problem is not None
    assert reason in problem.reason
    assert problem.reason_zh
    assert problem.raw == (
        value.isoformat()
        if isinstance(value, datetime)
        else "true"
        if value is True
        else str(value)
    )
    assert problem.raw not in problem.reason  # kept apart, so a screen can mask it


def test_the_raw_value_is_kept_as_text_and_masked_by_the_item_rule(catalog: Catalog) -> None:
    problem = check_value(catalog.item("person.id_number"), WRONG_CHECK)
    assert problem is not None
    assert problem.raw == WRONG_CHECK
    assert problem.mask is MaskRule.ID_NUMBER
    refused = RefusedValue(
        "person.id_number", problem.raw, problem.reason, problem.reason_zh, mask=problem.mask
    )
    assert refused.shown() != WRONG_CHECK and "*" in refused.shown()
    gender = RefusedValue("person.gender", "M", "not a code", "不是代码")
    assert gender.shown() == "M"


def test_a_list_keeps_its_records_and_empties_the_cells_that_do_not_fit(
    catalog: Catalog,
) -> None:
    members = catalog.item("household.members")
    good = Record(
        {
            "id_number": ID_NUMBER,
            "name": "张三",
            "gender": "1",
            "birth_date": date(1949, 12, 31),
            "relation": "户主",
        }
    )
    bad = Record(
        {
            "id_number": ID_NUMBER,
            "name": "李四",
            "gender": "F",
            "birth_date": "1990/1/5",
            "relation": "妻",
        }
    )
    kept, problems = screen_value(members, (good, bad))
    assert [p.column for p in problems] == ["[2].gender", "[2].birth_date"]
    assert [p.raw for p in problems] == ["F", "1990/1/5"]
    assert isinstance(kept, tuple) and len(kept) == 2
    assert kept[0] == good
    assert kept[1] == {**bad, "gender": None, "birth_date": None}
    assert check_value(members, (good,)) is None
    assert screen_value(members, (good,)) == ((good,), ())


def test_a_list_item_that_is_not_a_list_is_refused(catalog: Catalog) -> None:
    problem = check_value(catalog.item("household.members"), "张三")
    assert problem is not None and problem.reason == "not a list of records"
