"""Marital status codes of GB/T 2261.2-2003 (人的婚姻状况代码).

The table is hierarchical: 20 已婚 is the general "married" code and 21–23 refine it.
"""

from __future__ import annotations

from enum import StrEnum


class MaritalStatus(StrEnum):
    """A GB/T 2261.2-2003 marital status; the value is the two-digit code itself."""

    UNMARRIED = "10"
    MARRIED = "20"
    FIRST_MARRIAGE = "21"
    REMARRIED = "22"
    REUNITED = "23"
    WIDOWED = "30"
    DIVORCED = "40"
    UNSPECIFIED = "90"

    @property
    def zh(self) -> str:
        """The standard's Chinese name, e.g. "未婚"."""
        return _ZH[self]

    @property
    def en(self) -> str:
        """An English label for bilingual screens and logs."""
        return _EN[self]


_ZH = {
    MaritalStatus.UNMARRIED: "未婚",
    MaritalStatus.MARRIED: "已婚",
    MaritalStatus.FIRST_MARRIAGE: "初婚",
    MaritalStatus.REMARRIED: "再婚",
    MaritalStatus.REUNITED: "复婚",
    MaritalStatus.WIDOWED: "丧偶",
    MaritalStatus.DIVORCED: "离婚",
    MaritalStatus.UNSPECIFIED: "未说明的婚姻状况",
}
_EN = {
    MaritalStatus.UNMARRIED: "unmarried",
    MaritalStatus.MARRIED: "married",
    MaritalStatus.FIRST_MARRIAGE: "first marriage",
    MaritalStatus.REMARRIED: "remarried",
    MaritalStatus.REUNITED: "remarried to former spouse",
    MaritalStatus.WIDOWED: "widowed",
    MaritalStatus.DIVORCED: "divorced",
    MaritalStatus.UNSPECIFIED: "not stated",
}

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
        return MaritalStatus(code)
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
