"""Sex codes of GB/T 2261.1-2003 (个人基本信息分类与代码 第1部分：人的性别代码)."""

from __future__ import annotations

from counterapp.standards.code_table import CodeTableEntry


class Gender(CodeTableEntry):
    """A GB/T 2261.1-2003 sex code; the value is the one-digit code itself.

    ``zh`` is the standard's Chinese name (e.g. "男性"); ``en`` an English label.
    """

    UNKNOWN = "0", "未知的性别", "unknown"
    MALE = "1", "男性", "male"
    FEMALE = "2", "女性", "female"
    UNSPECIFIED = "9", "未说明的性别", "not stated"


def lookup(code: str) -> Gender | None:
    """Return the sex for a GB/T 2261.1 code, or None when the code is not in the table.

    Args:
        code: the one-digit code, e.g. "1".

    Returns:
        The matching Gender, or None.
    """
    try:
        return Gender(code)  # type: ignore[call-arg]  # a lookup by value, not __new__
    except ValueError:
        return None
