"""Merging departments' answers: authoritative wins, conflicts kept, equal forms agree."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from counterapp.catalog import Catalog, load_catalog
from counterapp.catalog.values import CatalogValue, Provenance, Record
from counterapp.exchange.normalize import merge, same_value
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.values import ParsedAnswer

AT = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def answer(department: str, **values: object) -> ParsedAnswer:
    provenance = Provenance(department, AT)
    given = {
        item.replace("__", "."): CatalogValue(item.replace("__", "."), value, provenance)
        for item, value in values.items()
    }
    return ParsedAnswer(DepartmentStatus.OK, given)


def test_authoritative_department_wins_and_the_conflict_is_kept(catalog: Catalog) -> None:
    answers = {
        "fund": answer("fund", person__mobile="13800000001"),
        "hukou": answer("hukou", person__mobile="13800000001", person__name="张三"),
        "hrss": answer("hrss", person__mobile="13900000002"),
    }
    merged = merge(answers, catalog)
    assert merged.values["person.mobile"].value == "13900000002"
    assert merged.values["person.mobile"].provenance.department == "hrss"
    (conflict,) = merged.conflicts
    assert conflict.item == "person.mobile"
    assert conflict.chosen.provenance.department == "hrss"
    assert [o.provenance.department for o in conflict.others] == ["hukou", "fund"]
    assert conflict.reason == "hrss is authoritative for person.mobile"
    assert merged.conflict("person.name") is None


def test_without_the_authority_the_first_department_in_catalog_order_wins(
    catalog: Catalog,
) -> None:
    answers = {
        "fund": answer("fund", person__mobile="13800000001"),
        "hukou": answer("hukou", person__mobile="13700000003"),
        "hrss": ParsedAnswer.bad_response("broken"),
    }
    merged = merge(answers, catalog)
    assert merged.values["person.mobile"].provenance.department == "hukou"
    (conflict,) = merged.conflicts
    assert "hrss (authoritative) gave no value; took hukou" in conflict.reason
    reversed_order = merge(dict(reversed(answers.items())), catalog)
    assert reversed_order == merged


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("浙江省杭州市 西湖区", " 浙江省杭州市  西湖区 "),
        ("ＡＢ１２３", "AB123"),
        (Decimal("89.5"), Decimal("89.50")),
        (date(2019, 5, 20), date(2019, 5, 20)),
        ((Record({"a": " x ", "n": Decimal("1.0")}),), ({"a": "x", "n": Decimal("1")},)),
    ],
)
def test_equal_forms_are_not_conflicts(left: object, right: object, catalog: Catalog) -> None:
    assert same_value(left, right)
    answers = {
        "hukou": answer("hukou", person__residence_address=left),
        "fund": answer("fund", person__residence_address=right),
    }
    merged = merge(answers, catalog)
    assert merged.conflicts == ()
    assert merged.values["person.residence_address"].value == left


def test_different_values_differ() -> None:
    assert not same_value("张三", "张四")
    assert not same_value(date(2019, 5, 20), date(2019, 5, 21))
    assert not same_value(({"a": 1},), ({"a": 1}, {"a": 2}))


def test_list_values_stay_tuples(catalog: Catalog) -> None:
    members = (Record({"name": "王𠮷"}), Record({"name": "李娜"}))
    merged = merge({"hukou": answer("hukou", household__members=members)}, catalog)
    assert merged.values["household.members"].value == members


def test_missing_lists_items_asked_for_that_nobody_gave(catalog: Catalog) -> None:
    answers = {
        "hukou": answer("hukou", person__name="张三", person__gender="1"),
        "civil": ParsedAnswer.not_found("查无此人"),
    }
    merged = merge(answers, catalog, asked={"person.name", "marriage.status"})
    assert set(merged.values) == {"person.name"}
    assert merged.missing == frozenset({"marriage.status"})
    assert merge(answers, catalog).missing == frozenset()


def test_items_unknown_to_the_catalog_still_merge(catalog: Catalog) -> None:
    answers = {"x": answer("x", extra__item="1"), "y": answer("y", extra__item="2")}
    merged = merge(answers, catalog)
    assert merged.values["extra.item"].provenance.department == "x"
    assert merged.conflicts[0].others[0].value == "2"
