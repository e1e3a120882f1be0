"""Case numbers: <hall code>-<YYYYMMDD>-<5-digit sequence>, parsed and validated."""

from __future__ import annotations

from datetime import date

import pytest

from counterapp.cases import CaseNumber, InvalidCaseNumber, format_case_number, parse_case_number


def test_format_and_parse_round_trip() -> None:
    text = format_case_number("330106001", date(2026, 11, 28), 42)
    assert text == "330106001-20261128-00042"
    assert parse_case_number(f"  {text}\n") == CaseNumber("330106001", date(2026, 11, 28), 42)


@pytest.mark.parametrize(
    "text",
    [
        "330106001-20261128-0042",  # four digits
        "330106001-2026112-00042",  # short date
        "330106001_20261128_00042",
        "-20261128-00042",
        "西湖-20261128-00042",
        "330106001-20260230-00042",  # 30 February
        "330106001-20261128-00000",  # sequence starts at 1
    ],
)
def test_malformed_numbers_are_refused(text: str) -> None:
    with pytest.raises(InvalidCaseNumber) as caught:
        parse_case_number(text)
    assert caught.value.reason_zh


def test_a_full_day_is_a_clear_error() -> None:
    with pytest.raises(InvalidCaseNumber, match="has used every number for 2026-11-28"):
        CaseNumber("330106001", date(2026, 11, 28), 100_000)
