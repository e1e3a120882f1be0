"""Sex codes of GB/T 2261.1-2003 (个人基本信息分类与代码 第1部分：人的性别代码)."""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    """A GB/T 2261.1-2003 sex code; the value is the one-digit code itself."""

    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    UNSPECIFIED = "9"

    @property
    def zh(self) -> str:
        """The standard's Chinese name, e.g. "男性"."""
        return _ZH[self]

    @property
    def en(self) -> str:
        """An English label for bilingual screens and logs."""
        return _EN[self]


_ZH = {
    Gender.UNKNOWN: "未知的性别",
    Gender.MALE: "男性",
    Gender.FEMALE: "女性",
    Gender.UNSPECIFIED: "未说明的性别",
}
_EN = {
    Gender.UNKNOWN: "unknown",
    Gender.MALE: "male",
    Gender.FEMALE: "female",
    Gender.UNSPECIFIED: "not stated",
}


def lookup(code: str) -> Gender | None:
    """Return the sex for a GB/T 2261.1 code, or None when the code is not in the table.

    Args:
        code: the one-digit code, e.g. "1".

    Returns:
        The matching Gender, or None.
    """
    try:
        return Gender(code)
    except ValueError:
        return None
