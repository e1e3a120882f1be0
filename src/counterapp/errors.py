"""The one bilingual error base and the interface language, for every layer to import.

An error the clerk (or IT at the command line) should read carries its reason in both
languages: ``reason`` in English (also ``str()``: logs, tests) and ``reason_zh`` in
Chinese. ``text(language)`` picks the one to show; a missing Chinese text falls back to
the English one, so nothing is ever shown empty.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class _HasItems(Protocol):
    """Settings, or any mapping of setting keys (``counterapp.config.Settings``)."""

    def __getitem__(self, key: str, /) -> object: ...


class Language(StrEnum):
    """The interface language (setting ``ui.language``)."""

    ZH_CN = "zh_CN"
    EN = "en"

    @property
    def chinese(self) -> bool:
        return self is Language.ZH_CN

    @classmethod
    def parse(cls, value: object) -> Language:
        """``zh_CN``/``zh``/``zh-CN``... are Chinese, so is an empty setting (the default);
        anything else is English."""
        text = str(value or "").strip().replace("-", "_")
        return cls.ZH_CN if not text or text.startswith("zh") else cls.EN

    @classmethod
    def of(cls, settings: _HasItems) -> Language:
        """The language the settings choose (``ui.language``)."""
        return cls.parse(settings["ui.language"])


class CounterError(Exception):
    """An error with its reason in English and in Chinese.

    Args:
        reason: the reason in English; also ``str()`` of the error.
        reason_zh: the same in Chinese ("" when there is none: English is shown).
    """

    def __init__(self, reason: str, reason_zh: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.reason_zh = reason_zh

    def text(self, language: Language) -> str:
        """The reason in ``language`` (English when there is no Chinese text)."""
        return self.reason_zh if language is Language.ZH_CN and self.reason_zh else self.reason


def error_text(error: BaseException, language: Language) -> str:
    """What to show of any error: a :class:`CounterError`'s text, else ``str()`` or its type."""
    if isinstance(error, CounterError):
        return error.text(language)
    return str(error) or type(error).__name__


__all__ = ["CounterError", "Language", "error_text"]
