"""Citizen identity numbers of GB 11643-1999 (公民身份号码), and the old 15-digit form.

An 18-character number is a GB/T 2260 division code, the birth date YYYYMMDD, a
three-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check
character. :func:`validate` never raises: it returns a :class:`ResidentIdResult` whose
reason a clerk can read out in English or Chinese.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import Enum

from counterapp.standards import divisions
from counterapp.standards.gender import Gender

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_DIGITS = frozenset("0123456789")

# The earliest birth date accepted. GB 11643-1999's own example 440524188001010014 was
# born in 1880, so the floor cannot be 1900; nobody alive holds an earlier number.
EARLIEST_BIRTH_DATE = date(1800, 1, 1)


class IdProblem(Enum):
    """Why a resident identity number was rejected, in the order they are checked."""

    EMPTY = "empty"
    BAD_LENGTH = "bad_length"
    BAD_CHARACTER = "bad_character"
    BAD_DATE = "bad_date"
    FUTURE_DATE = "future_date"
    UNKNOWN_DIVISION = "unknown_division"
    BAD_CHECK = "bad_check"


@dataclass(frozen=True)
class ResidentIdResult:
    """The outcome of checking one identity number.

    Attributes:
        ok: True when the number is valid.
        normalized: the 18-character number with an uppercase X (a 15-digit input
            converted), when ok.
        problem: why it was rejected, None when ok.
        reason: the rejection in English for logs and bilingual screens; "" when ok.
        reason_zh: the same in Chinese; "" when ok.
        position: 0-based index in the input (after trimming outer whitespace) of the
            offending character, where one can be named.
        birth_date: when ok.
        gender: MALE or FEMALE from the sequence's parity, when ok.
        division_code: the six-digit address code, when ok.
        from_old_format: the input was a 15-digit number and normalized is its conversion.
    """

    ok: bool
    normalized: str | None = None
    problem: IdProblem | None = None
    reason: str = ""
    reason_zh: str = ""
    position: int | None = None
    birth_date: date | None = None
    gender: Gender | None = None
    division_code: str | None = None
    from_old_format: bool = False


def check_character(body17: str) -> str:
    """Compute the MOD 11-2 check character for the first 17 digits.

    Args:
        body17: exactly 17 ASCII digits.

    Returns:
        One of "0"–"9" or "X".

    Raises:
        ValueError: body17 is not 17 ASCII digits.
    """
    if len(body17) != 17 or not set(body17) <= _DIGITS:
        raise ValueError(f"need 17 digits, got {body17!r}")
    total = sum(int(c) * w for c, w in zip(body17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def convert_15_to_18(text: str) -> str:
    """Convert an old 15-digit number (GB 11643-1989) to the 18-character form.

    Inserts "19" before the two-digit year and appends the check character.

    Args:
        text: a valid 15-digit number (validated, outer whitespace allowed).

    Returns:
        The 18-character number, e.g. "370802199402210029" for "370802940221002".

    Raises:
        ValueError: text is not a valid 15-digit number; the message is the reason.
    """
    cleaned = _clean(text)
    if len(cleaned) != 15:
        raise ValueError(f"must be 15 digits for the old format, got {len(cleaned)}")
    result = validate(cleaned)
    if not result.ok or result.normalized is None:
        raise ValueError(result.reason)
    return result.normalized


def validate(text: str, *, today: date | None = None) -> ResidentIdResult:
    """Check an identity number and decode it.

    Accepts 18 characters (a lowercase x is fine) or the old 15 digits, with outer
    whitespace; full-width digits are read as ASCII.

    Args:
        text: what the clerk typed or the reader returned.
        today: the date that counts as today for the future-birth check (for tests).

    Returns:
        A result that is ok with the decoded fields, or names the first problem found.
    """
    cleaned = _clean(text)
    if not cleaned:
        return _fail(IdProblem.EMPTY, "is empty", "号码为空")
    if len(cleaned) not in (15, 18):
        return _fail(
            IdProblem.BAD_LENGTH,
            f"must be 18 characters (15 for the old format), got {len(cleaned)}",
            f"应为 18 位（旧号码 15 位），实际 {len(cleaned)} 位",
        )
    old_format = len(cleaned) == 15
    for i, char in enumerate(cleaned):
        if char in _DIGITS or (char == "X" and i == 17):
            continue
        allowed, allowed_zh = ("a digit or X", "数字或 X") if i == 17 else ("a digit", "数字")
        return _fail(
            IdProblem.BAD_CHARACTER,
            f"character {char!r} at position {i + 1} must be {allowed}",
            f"第 {i + 1} 位“{char}”应为{allowed_zh}",
            i,
        )
    body = cleaned[:6] + "19" + cleaned[6:] if old_format else cleaned[:17]
    shift = -2 if old_format else 0  # maps positions in body to positions in the input
    problem = _check_date(body[6:14], today or date.today(), shift)
    if problem is not None:
        return problem
    code = body[:6]
    if not divisions.is_known(code):
        return _fail(
            IdProblem.UNKNOWN_DIVISION,
            f"division code {code} is not in GB/T 2260",
            f"地址码 {code} 不在 GB/T 2260 中",
            0,
        )
    expected = check_character(body)
    if not old_format and cleaned[17] != expected:
        return _fail(
            IdProblem.BAD_CHECK,
            f"check character should be {expected}, not {cleaned[17]}",
            f"校验码应为 {expected}，而不是 {cleaned[17]}",
            17,
        )
    return ResidentIdResult(
        ok=True,
        normalized=body + expected,
        birth_date=date(int(body[6:10]), int(body[10:12]), int(body[12:14])),
        gender=Gender.MALE if int(body[16]) % 2 else Gender.FEMALE,
        division_code=code,
        from_old_format=old_format,
    )


def _clean(text: str) -> str:
    # NFKC folds full-width digits typed in a Chinese input method into ASCII.
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if len(cleaned) == 18 and cleaned[17] == "x":
        cleaned = cleaned[:17] + "X"
    return cleaned


def _check_date(yyyymmdd: str, today: date, shift: int) -> ResidentIdResult | None:
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:])
    if year == 0:  # datetime has no year 0
        bad_at = 6
    elif not 1 <= month <= 12:
        bad_at = 10
    else:
        try:
            born = date(year, month, day)
        except ValueError:
            bad_at = 12
        else:
            if born > today:
                return _fail(
                    IdProblem.FUTURE_DATE,
                    f"birth date {yyyymmdd} is in the future",
                    f"出生日期 {yyyymmdd} 晚于今天",
                    6,
                )
            if born < EARLIEST_BIRTH_DATE:
                return _fail(
                    IdProblem.BAD_DATE,
                    f"birth date {yyyymmdd} is before {EARLIEST_BIRTH_DATE.year}",
                    f"出生日期 {yyyymmdd} 早于 {EARLIEST_BIRTH_DATE.year} 年",
                    6,
                )
            return None
    return _fail(
        IdProblem.BAD_DATE,
        f"{yyyymmdd} is not a date",
        f"{yyyymmdd} 不是有效日期",
        bad_at + shift,
    )


def _fail(
    problem: IdProblem, reason: str, reason_zh: str, position: int | None = None
) -> ResidentIdResult:
    return ResidentIdResult(
        ok=False, problem=problem, reason=reason, reason_zh=reason_zh, position=position
    )
