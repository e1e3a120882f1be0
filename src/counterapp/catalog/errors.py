"""Problems found in a catalog file, reported all at once so it can be fixed in one go."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CatalogProblem:
    """One thing wrong in a catalog file.

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


class CatalogError(Exception):
    """The catalog file cannot be used; carries every problem found, one per line."""

    def __init__(self, problems: Sequence[CatalogProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
