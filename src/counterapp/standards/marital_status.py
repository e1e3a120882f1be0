"""Marital status codes of GB/T 2261.2-2003 (人的婚姻状况代码).

The table is hierarchical: 20 已婚 is the general "married" code and 21–23 refine it.
"""

from __future__ import annotations

from counterapp.standards.code_table import CodeTableEntry


class MaritalStatus(CodeTableEntry):
    """A GB/T 2261.2-2003 marital status; the value is the two-digit code itself.

    ``zh`` is the standard's Chinese name (e.g. "未婚"); ``en`` an English label.
    """

    UNMARRIED = "10", "未婚", "unmarried"
    MARRIED = "20", "已婚", "married"
    FIRST_MARRIAGE = "21", "初婚", "first marriage"
    REMARRIED = "22", "再婚", "remarried"
    REUNITED = "23", "复婚", "remarried to former spouse"
    WIDOWED = "30", "丧偶", "widowed"
    DIVORCED = "40", "离婚", "divorced"
    UNSPECIFIED = "90", "未说明的婚姻状况", "not stated"


_MARRIED = frozenset(
    {
        MaritalStatus.MARRIED,
        MaritalStatus.FIRST_MARRIAGE,
        MaritalStatus.REMARRIED,
        MaritalStatus.REUNITED,
    }
)
_FREE_TO_MARRY = frozenset({MaritalStatus.UNMARRIED, MaritalStatus.WIDOWED, MaritalStatus.DIVORCED})


def lookup(code: str) -> MaritalStatus | None:
    """Return the marital status for a GB/T 2261.2 code, or None when unknown.

    Args:
        code: the two-digit code, e.g. "21".

    Returns:
        The matching MaritalStatus, or None.
    """
    try:
        return MaritalStatus(code)  # type: ignore[call-arg]  # a lookup by value, not __new__
    except ValueError:
        return None


def is_married(code: str) -> bool:
    """Whether the code says the person is currently married (20, 21, 22 or 23).

    Args:
        code: a GB/T 2261.2 code; unknown codes are not married.
    """
    return lookup(code) in _MARRIED


def may_marry(code: str) -> bool:
    """Whether the status allows registering a marriage (10 未婚, 30 丧偶, 40 离婚).

    "90 未说明" is deliberately False: the counter must establish the status first.

    Args:
        code: a GB/T 2261.2 code; unknown codes may not marry.
    """
    return lookup(code) in _FREE_TO_MARRY
