"""Tests for counterapp.standards.credit_code (GB 32100-2015)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterapp.standards import credit_code, divisions
from counterapp.standards.credit_code import CHARSET, CreditCodeProblem

EXAMPLE = "91350100M000100Y43"


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    authority = draw(st.sampled_from(sorted(credit_code.AUTHORITIES)))
    category = draw(st.sampled_from(sorted(credit_code.AUTHORITIES[authority][1])))
    division = draw(
        st.sampled_from(
            [credit_code.NATIONAL_DIVISION]
            + [d.code for d in divisions.counties(current_only=False)]
        )
    )
    org = draw(st.text(alphabet=CHARSET, min_size=9, max_size=9))
    body = authority + category + division + org
    return body + credit_code.check_character(body)


def test_standard_worked_example_is_valid_and_decoded() -> None:
    result = credit_code.validate(EXAMPLE)
    assert result.ok
    assert result.normalized == EXAMPLE
    assert result.authority == "工商/市场监管"
    assert result.category == "企业"
    assert result.division_code == "350100"
    assert result.organization_code == "M000100Y4"


def test_standard_counter_example_reports_the_right_check_character() -> None:
    result = credit_code.validate("91350100M000100Y4Z")
    assert result.problem is CreditCodeProblem.BAD_CHECK
    assert result.reason == "check character should be 3, not Z"
    assert result.reason_zh == "校验码应为 3，而不是 Z"
    assert result.position == 17


def test_lowercase_and_whitespace_accepted() -> None:
    assert credit_code.validate(" 91350100m000100y43 ").normalized == EXAMPLE


def test_excluded_letter_reported_with_position() -> None:
    result = credit_code.validate("91350100I000100Y43")
    assert result.problem is CreditCodeProblem.BAD_CHARACTER
    assert result.reason == (
        "character 'I' at position 9 is not allowed (GB 32100 excludes I, O, S, V, Z)"
    )
    assert result.position == 8


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", CreditCodeProblem.EMPTY),
        ("91350100M000100Y4", CreditCodeProblem.BAD_LENGTH),
        ("91350100M000100Y433", CreditCodeProblem.BAD_LENGTH),
        ("B1350100M000100Y43", CreditCodeProblem.UNKNOWN_AUTHORITY),
        ("94350100M000100Y43", CreditCodeProblem.UNKNOWN_CATEGORY),
        ("91990100M000100Y43", CreditCodeProblem.UNKNOWN_DIVISION),
    ],
)
def test_structural_problems(text: str, problem: CreditCodeProblem) -> None:
    result = credit_code.validate(text)
    assert result.problem is problem
    assert not result.ok and result.reason and result.reason_zh


def test_pilot_code_failing_check_is_rejected() -> None:
    # Decision (docs/standards.md): codes that fail the check are rejected, pilot or not.
    body = EXAMPLE[:17]
    wrong = next(c for c in CHARSET if c != credit_code.check_character(body))
    assert credit_code.validate(body + wrong).problem is CreditCodeProblem.BAD_CHECK


def test_national_division_accepted() -> None:
    body = "11100000000013127"
    assert credit_code.validate(body + credit_code.check_character(body)).ok


def test_check_value_31_becomes_0() -> None:
    # Find a body whose sum is a multiple of 31: its check character must be "0".
    for org in CHARSET:
        body = "91350100M000100" + org + "0"
        total = sum(CHARSET.index(c) * w for c, w in zip(body, credit_code._WEIGHTS, strict=True))
        if total % 31 == 0:
            assert credit_code.check_character(body) == "0"
            assert credit_code.validate(body + "0").ok
            return
    pytest.fail("no body with sum divisible by 31 in the sample")


@pytest.mark.parametrize("bad", ["", "9135010", "91350100M000100YI", "91350100m000100y4"])
def test_check_character_rejects_bad_body(bad: str) -> None:
    with pytest.raises(ValueError):
        credit_code.check_character(bad)


@given(valid_codes())
def test_generated_valid_codes_pass(code: str) -> None:
    result = credit_code.validate(code)
    assert result.ok, result.reason


def test_weights_make_single_substitutions_detectable() -> None:
    # 31 is prime and every weight is non-zero mod 31, so changing one character by any
    # non-zero amount in 1..30 changes the sum mod 31: single substitutions never pass.
    assert all(w % 31 for w in credit_code._WEIGHTS)


def test_single_substitutions_exhaustively_on_worked_example() -> None:
    for position in range(18):
        for replacement in CHARSET:
            if replacement != EXAMPLE[position]:
                changed = EXAMPLE[:position] + replacement + EXAMPLE[position + 1 :]
                assert not credit_code.validate(changed).ok, changed


@given(valid_codes(), st.integers(min_value=0, max_value=17), st.sampled_from(CHARSET))
def test_every_single_substitution_is_rejected(code: str, position: int, replacement: str) -> None:
    if code[position] == replacement:
        return
    changed = code[:position] + replacement + code[position + 1 :]
    result = credit_code.validate(changed)
    assert not result.ok
    allowed = {
        0: {CreditCodeProblem.UNKNOWN_AUTHORITY, CreditCodeProblem.UNKNOWN_CATEGORY},
        1: {CreditCodeProblem.UNKNOWN_CATEGORY},
    }.get(position, set())
    if 2 <= position <= 7:
        allowed = {CreditCodeProblem.UNKNOWN_DIVISION}
    assert result.problem in allowed | {CreditCodeProblem.BAD_CHECK}


@given(st.text(max_size=1000))
def test_random_text_never_raises(text: str) -> None:
    result = credit_code.validate(text)
    assert result.ok == (result.problem is None)
