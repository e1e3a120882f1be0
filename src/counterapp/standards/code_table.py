"""The shape shared by the national code tables: a code with its Chinese and English names."""

from __future__ import annotations

from enum import StrEnum


class CodeTableEntry(StrEnum):
    """A code-table member whose value is the code; declared as ``NAME = code, zh, en``."""

    zh: str
    en: str

    def __new__(cls, code: str, zh: str, en: str) -> CodeTableEntry:
        member = str.__new__(cls, code)
        member._value_ = code
        member.zh = zh
        member.en = en
        return member
