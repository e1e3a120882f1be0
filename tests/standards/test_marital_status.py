"""Tests for counterapp.standards.marital_status (GB/T 2261.2-2003)."""

import pytest

from counterapp.standards import marital_status
from counterapp.standards.marital_status import MaritalStatus

TABLE = {
    "10": "未婚",
    "20": "已婚",
    "21": "初婚",
    "22": "再婚",
    "23": "复婚",
    "30": "丧偶",
    "40": "离婚",
    "90": "未说明的婚姻状况",
}


def test_table_matches_standard() -> None:
    assert {m.value: m.zh for m in MaritalStatus} == TABLE
    assert all(m.en for m in MaritalStatus)


@pytest.mark.parametrize("code", sorted(TABLE))
def test_lookup(code: str) -> None:
    assert marital_status.lookup(code).value == code


@pytest.mark.parametrize(
    ("code", "married", "may_marry"),
    [
        ("10", False, True),
        ("20", True, False),
        ("21", True, False),
        ("22", True, False),
        ("23", True, False),
        ("30", False, True),
        ("40", False, True),
        ("90", False, False),
        ("99", False, False),
        ("", False, False),
    ],
)
def test_helpers(code: str, married: bool, may_marry: bool) -> None:
    assert marital_status.is_married(code) is married
    assert marital_status.may_marry(code) is may_marry
