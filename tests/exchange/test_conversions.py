"""The declared value conversions: trim, value_map, date, fen_to_yuan, decimal, int, bool."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from counterapp.exchange.conversions import ConversionError, check_conversion, convert_value


@pytest.mark.parametrize(
    ("raw", "convert", "expected"),
    [
        ("19491001", "date:%Y%m%d", date(1949, 10, 1)),
        ("2019年05月20日", "date:%Y年%m月%d日", date(2019, 5, 20)),
        (" 2024-02-29 ", "date:%Y-%m-%d", date(2024, 2, 29)),
        ("2019/08/01", "date:%Y/%m/%d", date(2019, 8, 1)),
        (20190520, "date:%Y%m%d", date(2019, 5, 20)),
        (12345678, "fen_to_yuan", Decimal("123456.78")),
        ("100", "fen_to_yuan", Decimal("1.00")),
        (-5, "fen_to_yuan", Decimal("-0.05")),
        ("8000.00", "decimal", Decimal("8000.00")),
        ("1,234.50", "decimal", Decimal("1234.50")),
        (Decimal("89.5"), "decimal", Decimal("89.5")),
        (58, "decimal", Decimal(58)),
        ("58", "int", 58),
        (Decimal("58.0"), "int", 58),
        (" 7 ", "int", 7),
        (True, "bool", True),
        ("是", "bool", True),
        ("否", "bool", False),
        ("Y", "bool", True),
        ("n", "bool", False),
        ("TRUE", "bool", True),
        ("0", "bool", False),
        (1, "bool", True),
        ("  王𠮷  ", "trim", "王𠮷"),
        (42, "trim", "42"),
        ("  spaced  ", "", "spaced"),
        (42, "", 42),
        (False, "", False),
    ],
)
def test_conversions(raw: object, convert: str, expected: object) -> None:
    result = convert_value(raw, convert=convert)
    assert result == expected
    assert type(result) is type(expected)


def test_fen_to_yuan_has_two_places() -> None:
    assert str(convert_value(192000, convert="fen_to_yuan")) == "1920.00"


@pytest.mark.parametrize(
    ("raw", "convert", "message"),
    [
        ("19491331", "date:%Y%m%d", "'19491331' does not match date:%Y%m%d"),
        ("2019-05-20", "date:%Y年%m月%d日", "'2019-05-20' does not match date:%Y年%m月%d日"),
        ("12.5", "fen_to_yuan", "'12.5' is not a whole number of fen"),
        (True, "fen_to_yuan", "'true' is not a whole number of fen"),
        ("abc", "decimal", "'abc' is not a decimal number"),
        (Decimal("NaN"), "decimal", "'NaN' is not a finite number"),
        ("Infinity", "decimal", "'Infinity' is not a finite number"),
        ("1.5", "int", "'1.5' is not an integer"),
        ("1e40", "int", "'1e40' is not an integer"),
        (False, "int", "'false' is not an integer"),
        ("maybe", "bool", "'maybe' is not a yes/no value"),
        (2, "bool", "'2' is not a yes/no value"),
        ({"a": 1}, "", "expected a single value, got an object"),
        ([1, 2], "int", "expected a single value, got a list of 2"),
        (Decimal("Infinity"), "", "'Infinity' is not a finite number"),
    ],
)
def test_failures_say_what_and_why(raw: object, convert: str, message: str) -> None:
    with pytest.raises(ConversionError) as caught:
        convert_value(raw, convert=convert)
    assert str(caught.value) == message


def test_huge_fen_amount_is_a_problem_not_a_crash() -> None:
    with pytest.raises(ConversionError, match="not a whole number of fen"):
        convert_value("9" * 5000, convert="fen_to_yuan")


def test_long_values_are_cut_in_messages() -> None:
    with pytest.raises(ConversionError) as caught:
        convert_value("x" * 1000, convert="int")
    assert len(str(caught.value)) < 100


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_empty_means_no_value(raw: object) -> None:
    assert convert_value(raw, convert="date:%Y%m%d", value_map={"": "x"}) is None


def test_value_map_comes_after_trim_and_before_convert() -> None:
    value_map = {"已婚": "20", "未婚": "10"}
    assert convert_value(" 已婚 ", value_map=value_map) == "20"
    assert convert_value(" 是 ", convert="bool", value_map={"是": "1"}) is True


def test_value_map_looks_up_numbers_and_booleans_as_text() -> None:
    assert convert_value(1, value_map={"1": "1"}) == "1"
    assert convert_value(True, value_map={"true": "1"}) == "1"


def test_unmapped_value_is_a_problem() -> None:
    with pytest.raises(ConversionError, match="'X' is not in the value_map"):
        convert_value("X", value_map={"M": "1", "F": "2"})


def test_unknown_conversion_at_read_time_is_a_problem() -> None:
    with pytest.raises(ConversionError, match="unknown conversion 'yuan'"):
        convert_value("1", convert="yuan")


@pytest.mark.parametrize("convert", ["", "trim", "int", "bool", "decimal", "fen_to_yuan"])
def test_check_conversion_accepts_known(convert: str) -> None:
    check_conversion(convert)
    check_conversion("date:%Y%m%d")


@pytest.mark.parametrize("convert", ["dat:%Y", "date", "date:", "int:x", "float"])
def test_check_conversion_refuses_unknown(convert: str) -> None:
    with pytest.raises(ValueError, match=r"conversion|pattern"):
        check_conversion(convert)
