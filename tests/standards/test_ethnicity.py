"""Tests for counterapp.standards.ethnicity (GB/T 3304-1991)."""

import pytest

from counterapp.standards import ethnicity


def test_exactly_56_groups_in_code_order() -> None:
    groups = ethnicity.all_groups()
    assert len(groups) == 56
    assert [g.code for g in groups] == [f"{i:02d}" for i in range(1, 57)]


def test_codes_names_and_letters_unique() -> None:
    groups = ethnicity.all_groups()
    for field in ("code", "zh", "letters", "romanized", "en"):
        values = [getattr(g, field) for g in groups]
        assert len(set(values)) == 56, field
    assert all(len(g.letters) == 2 and g.letters.isupper() for g in groups)
    assert all(g.zh.endswith("族") for g in groups)


@pytest.mark.parametrize(
    ("code", "zh", "letters"),
    [
        ("01", "汉族", "HA"),
        ("02", "蒙古族", "MG"),
        ("04", "藏族", "ZA"),
        ("05", "维吾尔族", "UG"),
        ("10", "朝鲜族", "CS"),
        ("25", "水族", "SU"),
        ("44", "俄罗斯族", "RS"),
        ("49", "京族", "GI"),
        ("54", "门巴族", "MB"),
        ("56", "基诺族", "JN"),
    ],
)
def test_spot_checks(code: str, zh: str, letters: str) -> None:
    group = ethnicity.lookup(code)
    assert (group.zh, group.letters) == (zh, letters)
    assert ethnicity.by_name(zh) is group
    assert ethnicity.by_letters(letters.lower()) is group


def test_by_name_without_suffix() -> None:
    assert ethnicity.by_name("土").code == "30"
    assert ethnicity.by_name("土家").code == "15"
    assert ethnicity.by_name(" 维吾尔 ").code == "05"


@pytest.mark.parametrize("bad", ["", "1", "00", "57", "汉"])
def test_unknown_code(bad: str) -> None:
    assert ethnicity.lookup(bad) is None


def test_unknown_name_and_letters() -> None:
    assert ethnicity.by_name("火星族") is None
    assert ethnicity.by_letters("ZZ") is None
