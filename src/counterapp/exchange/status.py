"""The outcome of asking one department, in words a clerk at the counter understands.

Shared by the transport (network trouble) and the answer parser (what the body said), so
that a department's answer is always one of these values, never a loose string.
"""

from __future__ import annotations

import enum


class DepartmentStatus(enum.Enum):
    """Why a department gave no usable data (or that it did: ``OK``).

    Each member carries a short Chinese and English label for the counter screen and logs.
    """

    OK = ("ok", "已返回", "answered")
    NOT_FOUND = ("not_found", "无此人记录", "no record for this person")
    TIMEOUT = ("timeout", "部门系统超时", "department timed out")
    AUTH_FAILED = ("auth_failed", "认证失败", "authentication failed")
    UNAVAILABLE = ("unavailable", "部门系统不可用", "department unavailable")
    BAD_RESPONSE = ("bad_response", "部门返回数据无法识别", "unreadable answer")

    def __init__(self, code: str, label_zh: str, label_en: str) -> None:
        self.code = code
        self.label_zh = label_zh
        self.label_en = label_en

    @property
    def label(self) -> str:
        """Both labels, Chinese first, for places that show one line to the clerk."""
        return f"{self.label_zh} / {self.label_en}"

    @classmethod
    def from_code(cls, code: str) -> DepartmentStatus:
        """The member whose stable ``code`` (stored in audit records) is ``code``.

        Raises:
            ValueError: no member has that code.
        """
        for member in cls:
            if member.code == code:
                return member
        raise ValueError(f"unknown department status {code!r}")
