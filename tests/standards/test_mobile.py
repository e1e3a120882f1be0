"""Tests for counterapp.standards.mobile."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterapp.standards import mobile
from counterapp.standards.mobile import MobileProblem


@pytest.mark.parametrize(
    "text",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "+8613800138000",
        "0086-138-0013-8000",
        " 13800138000 ",
        "１３８００１３８０００",
    ],
)
def test_accepted_forms_normalise_to_11_digits(text: str) -> None:
    result = mobile.validate(text)
    assert result.ok
    assert result.normalized == "13800138000"


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_all_prefixes_13_to_19(prefix: str) -> None:
    assert mobile.validate(prefix + "912345678").ok


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", MobileProblem.EMPTY),
        ("12800138000", MobileProblem.BAD_PREFIX),
        ("23800138000", MobileProblem.BAD_PREFIX),
        ("1380013800", MobileProblem.BAD_LENGTH),
        ("138001380001", MobileProblem.BAD_LENGTH),
        ("8613800138000", MobileProblem.BAD_LENGTH),
        ("138.0013.8000", MobileProblem.BAD_CHARACTER),
        ("(010) 12345678", MobileProblem.BAD_CHARACTER),
    ],
)
def test_rejected(text: str, problem: MobileProblem) -> None:
    result = mobile.validate(text)
    assert result.problem is problem
    assert not result.ok and result.normalized is None
    assert result.reason and result.reason_zh


def test_bad_character_reason_and_position() -> None:
    result = mobile.validate("138a0013800")
    assert result.reason == "character 'a' at position 4 is not a digit"
    assert result.position == 3


def test_bad_prefix_reason() -> None:
    assert mobile.validate("12800138000").reason == "must start with 13 to 19, not 12"


def test_format_344() -> None:
    assert mobile.format_344("+86 13800138000") == "138 0013 8000"
    with pytest.raises(ValueError, match="11 digits"):
        mobile.format_344("1380013800")


@given(st.text(max_size=1000))
def test_random_text_never_raises(text: str) -> None:
    result = mobile.validate(text)
    assert result.ok == (result.problem is None)


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_generated_numbers_pass(number: str) -> None:
    assert mobile.validate(number).normalized == number
    assert mobile.format_344(number).replace(" ", "") == number
