"""Mainland China mobile numbers: 11 digits, "1", then 3–9, then 9 digits.

This is a numbering-plan convention, not a standard. Numbers are stored as 11 digits and
written 3-4-4 (138 0013 8000) on screens and paper.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum

_SEPARATORS = frozenset(" -\u2010\u2011\u2012\u2013\u2014\u2212")
_DIGITS = frozenset("0123456789")


class MobileProblem(Enum):
    """Why a mobile number was rejected, in the order they are checked."""

    EMPTY = "empty"
    BAD_CHARACTER = "bad_character"
    BAD_LENGTH = "bad_length"
    BAD_PREFIX = "bad_prefix"


@dataclass(frozen=True)
class MobileResult:
    """The outcome of checking one mobile number.

    Attributes:
        ok: True when the number is a mainland mobile number.
        normalized: the 11 digits without prefix or separators, when ok.
        problem: why it was rejected, None when ok.
        reason: the rejection in English; "" when ok.
        reason_zh: the same in Chinese; "" when ok.
        position: 0-based index in the input (after trimming outer whitespace) of the
            offending character, where one can be named.
    """

    ok: bool
    normalized: str | None = None
    problem: MobileProblem | None = None
    reason: str = ""
    reason_zh: str = ""
    position: int | None = None


def validate(text: str) -> MobileResult:
    """Check a mobile number, accepting spaces, dashes and a +86 or 0086 prefix.

    Args:
        text: what the applicant said or the clerk typed, e.g. "+86 138-0013-8000".

    Returns:
        A result that is ok with the 11-digit number, or names the problem.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return _fail(MobileProblem.EMPTY, "is empty", "号码为空")
    digits: list[str] = []
    start = 0
    for prefix in ("+86", "0086"):
        if cleaned.startswith(prefix):
            start = len(prefix)
            break
    for i in range(start, len(cleaned)):
        char = cleaned[i]
        if char in _DIGITS:
            digits.append(char)
        elif char not in _SEPARATORS:
            return _fail(
                MobileProblem.BAD_CHARACTER,
                f"character {char!r} at position {i + 1} is not a digit",
                f"第 {i + 1} 位“{char}”不是数字",
                i,
            )
    number = "".join(digits)
    if len(number) != 11:
        return _fail(
            MobileProblem.BAD_LENGTH,
            f"must be 11 digits, got {len(number)}",
            f"应为 11 位数字，实际 {len(number)} 位",
        )
    if number[0] != "1" or number[1] not in "3456789":
        return _fail(
            MobileProblem.BAD_PREFIX,
            f"must start with 13 to 19, not {number[:2]}",
            f"应以 13 至 19 开头，而不是 {number[:2]}",
        )
    return MobileResult(ok=True, normalized=number)


def format_344(text: str) -> str:
    """Write a mobile number as 3-4-4 groups separated by spaces, e.g. "138 0013 8000".

    Args:
        text: any form :func:`validate` accepts.

    Raises:
        ValueError: the number is not valid; the message is the reason.
    """
    result = validate(text)
    if result.normalized is None:
        raise ValueError(result.reason)
    n = result.normalized
    return f"{n[:3]} {n[3:7]} {n[7:]}"


def _fail(
    problem: MobileProblem, reason: str, reason_zh: str, position: int | None = None
) -> MobileResult:
    return MobileResult(
        ok=False, problem=problem, reason=reason, reason_zh=reason_zh, position=position
    )
