"""JSON answers: JMESPath paths, decimals not floats, and hostile bodies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from counterapp.exchange.formats import FormatError, PathError, json_format


def test_numbers_with_fractions_are_decimals() -> None:
    document = json_format.parse('{"area": 89.10, "n": 3, "big": 1e400}')
    assert document.value("area") == Decimal("89.10")
    assert str(document.value("area")) == "89.10"
    assert document.value("n") == 3
    assert document.value("big") == Decimal("1e400")


def test_nan_and_infinity_become_non_finite_decimals() -> None:
    document = json_format.parse('{"a": NaN, "b": -Infinity}')
    assert document.value("a").is_nan()
    assert document.value("b") == Decimal("-Infinity")


def test_integers_too_long_for_int_stay_decimal() -> None:
    digits = "9" * 5000
    document = json_format.parse(f'{{"n": {digits}}}')
    assert document.value("n") == Decimal(digits)


def test_deep_nesting_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="nested too deeply"):
        json_format.parse("[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize("text", ["", "{", "{'a': 1}", '{"a": 1} x', "\ufeff{}"])
def test_invalid_json_is_a_format_error(text: str) -> None:
    with pytest.raises(FormatError, match="not valid JSON"):
        json_format.parse(text)


def test_elements_of_a_list() -> None:
    document = json_format.parse('{"rows": [{"a": 1}, {"a": 2}], "none": null, "obj": {}}')
    assert [e.value("a") for e in document.elements("rows")] == [1, 2]
    assert document.elements("none") == ()
    assert document.elements("missing") == ()
    with pytest.raises(PathError, match="expected a list"):
        document.elements("obj")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("code != `0`", False),
        ("code == `0`", True),
        ("code", True),  # 0 is true in JMESPath
        ("msg", False),  # ""
        ("list", False),  # []
        ("missing", False),
        ("flag", False),
    ],
)
def test_jmespath_truthiness(expression: str, expected: bool) -> None:
    document = json_format.parse('{"code": 0, "msg": "", "list": [], "flag": false}')
    assert document.test(expression) is expected


def test_narrow_into_the_payload() -> None:
    document = json_format.parse('{"result": {"a": 1}, "empty": null}')
    assert document.narrow("result").value("a") == 1
    assert document.narrow("empty") is None


def test_invalid_path_is_a_path_error() -> None:
    document = json_format.parse("{}")
    with pytest.raises(PathError, match="JMESPath"):
        document.value("a[")
    with pytest.raises(PathError, match="JMESPath"):
        json_format.parse('{"a": 5}').value("length(a)")
