"""Tests for counterapp.standards.resident_id (GB 11643-1999)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterapp.standards import divisions, resident_id
from counterapp.standards.gender import Gender
from counterapp.standards.resident_id import IdProblem

TODAY = date(2025, 6, 1)
ID_CHARS = "0123456789X"


@st.composite
def valid_ids(draw: st.DrawFn) -> tuple[str, date, int]:
    county = draw(st.sampled_from([d.code for d in divisions.counties(current_only=False)]))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.integers(min_value=0, max_value=999))
    body = f"{county}{born:%Y%m%d}{sequence:03d}"
    return body + resident_id.check_character(body), born, sequence


def test_standard_example_female_beijing_chaoyang() -> None:
    result = resident_id.validate("11010519491231002X")
    assert result.ok
    assert result.normalized == "11010519491231002X"
    assert result.birth_date == date(1949, 12, 31)
    assert result.gender is Gender.FEMALE
    assert result.division_code == "110105"
    assert result.problem is None and result.reason == "" and result.reason_zh == ""


def test_standard_example_with_1990_division_and_1880_birth() -> None:
    # 440524 潮阳县 is only in historical editions; the number stays valid.
    result = resident_id.validate("440524188001010014")
    assert result.ok
    assert result.birth_date == date(1880, 1, 1)
    assert result.gender is Gender.MALE
    assert not divisions.lookup("440524").current


def test_340524_example_has_right_check_but_unknown_division() -> None:
    # STANDARDS.md lists this as valid, but 340524 is in no GB/T 2260 edition (1980 on):
    # 马鞍山市 had 340521-340523 only. The check character itself is right.
    assert resident_id.check_character("34052419800101001") == "X"
    result = resident_id.validate("34052419800101001X")
    assert not result.ok
    assert result.problem is IdProblem.UNKNOWN_DIVISION


def test_lowercase_x_accepted_and_stored_uppercase() -> None:
    result = resident_id.validate("11010519491231002x")
    assert result.ok
    assert result.normalized == "11010519491231002X"


def test_surrounding_whitespace_and_full_width_digits_accepted() -> None:
    assert resident_id.validate("  11010519491231002X\n").ok
    assert resident_id.validate("１１０１０５１９４９１２３１００２Ｘ").normalized == (
        "11010519491231002X"
    )


def test_wrong_check_character() -> None:
    result = resident_id.validate("110105194912310023")
    assert result.problem is IdProblem.BAD_CHECK
    assert result.reason == "check character should be X, not 3"
    assert result.reason_zh == "校验码应为 X，而不是 3"
    assert result.position == 17


@pytest.mark.parametrize(
    ("body", "reason", "reason_zh", "position"),
    [
        ("11010519491331002", "19491331 is not a date", "19491331 不是有效日期", 10),
        ("11010520000230002", "20000230 is not a date", "20000230 不是有效日期", 12),
        ("11010519490001002", "19490001 is not a date", "19490001 不是有效日期", 10),
        ("11010500001231002", "00001231 is not a date", "00001231 不是有效日期", 6),
    ],
)
def test_impossible_date_with_correct_check(
    body: str, reason: str, reason_zh: str, position: int
) -> None:
    result = resident_id.validate(body + resident_id.check_character(body))
    assert result.problem is IdProblem.BAD_DATE
    assert (result.reason, result.reason_zh, result.position) == (reason, reason_zh, position)


def test_leap_day_is_a_date() -> None:
    body = "11010520000229002"
    assert resident_id.validate(body + resident_id.check_character(body)).ok


def test_future_birth_date_rejected() -> None:
    body = "11010520250602002"
    result = resident_id.validate(body + resident_id.check_character(body), today=TODAY)
    assert result.problem is IdProblem.FUTURE_DATE
    assert "future" in result.reason


def test_birth_before_floor_rejected() -> None:
    body = "11010517991231002"
    result = resident_id.validate(body + resident_id.check_character(body))
    assert result.problem is IdProblem.BAD_DATE
    assert result.reason == "birth date 17991231 is before 1800"


def test_unknown_division_with_correct_check() -> None:
    body = "99010519491231002"
    result = resident_id.validate(body + resident_id.check_character(body))
    assert result.problem is IdProblem.UNKNOWN_DIVISION
    assert result.reason == "division code 990105 is not in GB/T 2260"
    assert result.reason_zh == "地址码 990105 不在 GB/T 2260 中"


@pytest.mark.parametrize(
    ("text", "problem", "reason"),
    [
        ("", IdProblem.EMPTY, "is empty"),
        ("   ", IdProblem.EMPTY, "is empty"),
        ("1101051949123100", IdProblem.BAD_LENGTH, None),
        (
            "11010519491231002",
            IdProblem.BAD_LENGTH,
            "must be 18 characters (15 for the old format), got 17",
        ),
        ("1101051949X231002X", IdProblem.BAD_CHARACTER, None),
        ("11010519491231002Y", IdProblem.BAD_CHARACTER, None),
        ("11010519491231-02X", IdProblem.BAD_CHARACTER, None),
    ],
)
def test_malformed_input(text: str, problem: IdProblem, reason: str | None) -> None:
    result = resident_id.validate(text)
    assert not result.ok
    assert result.problem is problem
    assert result.normalized is None
    if reason is not None:
        assert result.reason == reason


def test_bad_character_names_position() -> None:
    result = resident_id.validate("1101051949X231002X")
    assert result.position == 10
    assert result.reason == "character 'X' at position 11 must be a digit"


def test_old_15_digit_number_converted() -> None:
    assert resident_id.convert_15_to_18("370802940221002") == "370802199402210029"
    result = resident_id.validate("370802940221002")
    assert result.ok and result.from_old_format
    assert result.normalized == "370802199402210029"
    assert result.birth_date == date(1994, 2, 21)
    assert result.gender is Gender.FEMALE


def test_old_15_digit_number_with_bad_date() -> None:
    result = resident_id.validate("370802941321002")
    assert result.problem is IdProblem.BAD_DATE
    assert result.reason == "19941321 is not a date"
    assert result.position == 8  # the month in the 15-digit input
    with pytest.raises(ValueError, match="19941321 is not a date"):
        resident_id.convert_15_to_18("370802941321002")


def test_convert_rejects_18_characters() -> None:
    with pytest.raises(ValueError, match="15 digits"):
        resident_id.convert_15_to_18("11010519491231002X")


@pytest.mark.parametrize("bad", ["", "1" * 16, "1" * 17 + "X", "１" * 17])
def test_check_character_needs_17_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        resident_id.check_character(bad)


@given(valid_ids())
def test_generated_valid_ids_pass(case: tuple[str, date, int]) -> None:
    number, born, sequence = case
    result = resident_id.validate(number, today=TODAY)
    assert result.ok, result.reason
    assert result.normalized == number
    assert result.birth_date == born
    assert result.gender is (Gender.MALE if sequence % 2 else Gender.FEMALE)


# What a single substitution at each position may be reported as: the division and date
# checks can catch it before the check character does, but it never passes.
_EXPECTED_BY_POSITION = {
    **{i: {IdProblem.UNKNOWN_DIVISION, IdProblem.BAD_CHECK} for i in range(6)},
    **{i: {IdProblem.BAD_DATE, IdProblem.FUTURE_DATE, IdProblem.BAD_CHECK} for i in range(6, 14)},
    **{i: {IdProblem.BAD_CHECK} for i in range(14, 18)},
}


@given(valid_ids(), st.integers(min_value=0, max_value=17), st.sampled_from(ID_CHARS))
def test_every_single_substitution_is_rejected(
    case: tuple[str, date, int], position: int, replacement: str
) -> None:
    number = case[0]
    if number[position] == replacement:
        return
    changed = number[:position] + replacement + number[position + 1 :]
    result = resident_id.validate(changed, today=TODAY)
    assert not result.ok
    expected = _EXPECTED_BY_POSITION[position] | {IdProblem.BAD_CHARACTER}
    assert result.problem in expected
    if result.problem is IdProblem.BAD_CHARACTER:
        assert result.position == position
    assert result.reason and result.reason_zh


def test_single_substitutions_exhaustively_on_standard_example() -> None:
    number = "11010519491231002X"
    for position in range(18):
        for replacement in ID_CHARS:
            if replacement != number[position]:
                changed = number[:position] + replacement + number[position + 1 :]
                assert not resident_id.validate(changed).ok, changed


def test_weights_make_single_substitutions_detectable() -> None:
    # Every weight is non-zero mod the prime 11, so any digit change alters S mod 11.
    assert all(w % 11 for w in resident_id._WEIGHTS)


@given(st.text(max_size=1000))
def test_random_text_never_raises(text: str) -> None:
    result = resident_id.validate(text)
    assert result.ok == (result.problem is None)


@given(st.text(alphabet="0123456789Xx \t", max_size=20))
def test_id_like_text_never_raises(text: str) -> None:
    result = resident_id.validate(text)
    assert result.ok == (result.normalized is not None)
