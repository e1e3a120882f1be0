"""Tests for counterapp.standards.gender (GB/T 2261.1-2003)."""

import pytest

from counterapp.standards import gender
from counterapp.standards.gender import Gender


@pytest.mark.parametrize(
    ("code", "member", "zh"),
    [
        ("0", Gender.UNKNOWN, "未知的性别"),
        ("1", Gender.MALE, "男性"),
        ("2", Gender.FEMALE, "女性"),
        ("9", Gender.UNSPECIFIED, "未说明的性别"),
    ],
)
def test_table(code: str, member: Gender, zh: str) -> None:
    assert gender.lookup(code) is member
    assert member == code
    assert member.zh == zh
    assert member.en


@pytest.mark.parametrize("bad", ["", "3", "男", "10"])
def test_unknown(bad: str) -> None:
    assert gender.lookup(bad) is None


def test_exactly_four_codes() -> None:
    assert [g.value for g in Gender] == ["0", "1", "2", "9"]
