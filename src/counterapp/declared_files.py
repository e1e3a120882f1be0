"""Declared files (the catalog, service forms): their problems and a checking reader.

Each reader method of :class:`TableChecker` returns the value when it is usable and None
when it is not, having recorded why, so a caller can check a whole file and report
everything in one go as a :class:`FileProblemsError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

_E = TypeVar("_E", bound=StrEnum)
_P = TypeVar("_P")
Table = Mapping[str, object]


def describe(value: object) -> str:
    """Say what a value is, for a message: ``'abc'``, ``7``, ``a table``."""
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return repr(value)


def choices(enum: type[StrEnum]) -> str:
    """List the allowed values of an enum, for a message."""
    return ", ".join(member.value for member in enum)


@dataclass(frozen=True)
class FileProblem:
    """One thing wrong in a declared file.

    Attributes:
        path: The file.
        key: Where in the file, e.g. ``items[12].level`` (0-based indexes), or
            ``line 3, column 5`` for a TOML syntax error; empty for the whole file.
        reason: What is wrong, e.g. ``must be an integer 1-4, got 7``.
    """

    path: Path
    key: str
    reason: str

    def __str__(self) -> str:
        if self.key:
            return f"{self.path}: {self.key}: {self.reason}"
        return f"{self.path}: {self.reason}"


class FileProblemsError(Exception):
    """A declared file cannot be used; carries every problem found, one per line."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class TableChecker(Generic[_P]):
    """Collects problems for one file while reading its tables."""

    @overload
    def __init__(self: TableChecker[FileProblem], path: Path) -> None: ...

    @overload
    def __init__(self, path: Path, make_problem: Callable[[Path, str, str], _P]) -> None: ...

    def __init__(
        self, path: Path, make_problem: Callable[[Path, str, str], Any] = FileProblem
    ) -> None:
        self.path = path
        self.problems: list[_P] = []
        self._make_problem = make_problem

    def problem(self, key: str, reason: str) -> None:
        """Record a problem at ``key`` (a dotted path such as ``items[3].mask``)."""
        self.problems.append(self._make_problem(self.path, key, reason))

    def tables(self, data: Table, key: str, header: str) -> list[Table]:
        """Read a required, non-empty array of tables written as ``[[header]]``."""
        value = data.get(key)
        if value is None:
            self.problem(key, f"missing (write at least one [[{header}]] table)")
            return []
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.problem(key, f"must be an array of tables ([[{header}]]), got {describe(value)}")
            return []
        if not value:
            self.problem(key, f"must not be empty (write at least one [[{header}]] table)")
        return value

    def unknown_keys(self, table: Table, allowed: frozenset[str], where: str) -> None:
        """Record every key of ``table`` that is not in ``allowed`` (typos, stale keys)."""
        for key in table:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.problem(self._join(where, key), f"unknown key (known keys: {known})")

    def text(self, table: Table, key: str, where: str, *, required: bool = True) -> str | None:
        """Read a non-empty string, stripped of surrounding white space."""
        value = table.get(key)
        if value is None:
            if required:
                self.problem(self._join(where, key), "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(
                self._join(where, key), f"must be a non-empty string, got {describe(value)}"
            )
            return None
        return value.strip()

    def choice(
        self, table: Table, key: str, where: str, enum: type[_E], *, required: bool = True
    ) -> _E | None:
        """Read a string that must be one of the values of ``enum``."""
        value = self.text(table, key, where, required=required)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            self.problem(self._join(where, key), f"unknown {key} {value!r} ({choices(enum)})")
            return None

    def integer(self, table: Table, key: str, where: str, low: int, high: int) -> int | None:
        """Read a required integer between ``low`` and ``high`` inclusive (not a boolean)."""
        value = table.get(key)
        if value is None:
            self.problem(self._join(where, key), "missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            reason = f"must be an integer {low}-{high}, got {describe(value)}"
            self.problem(self._join(where, key), reason)
            return None
        return value

    def pattern(self, value: str | None, regex: re.Pattern[str], key: str, what: str) -> None:
        """Record a problem when ``value`` (if any) does not match ``regex``."""
        if value is not None and not regex.fullmatch(value):
            self.problem(key, f"{value!r} is not a valid {what} (must match {regex.pattern})")

    @staticmethod
    def _join(where: str, key: str) -> str:
        return f"{where}.{key}" if where else key
