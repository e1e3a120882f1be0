"""Typed results of reading a department's answer: catalog values with their provenance.

A department's answer becomes a :class:`ParsedAnswer`: a status, one
:class:`~counterapp.catalog.values.CatalogValue` per catalog item it gave, and the
per-field problems found on the way (a value that did not convert is reported, the other
values still count).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from counterapp.catalog.values import CatalogValue
from counterapp.exchange.status import DepartmentStatus


@dataclass(frozen=True)
class ParsedAnswer:
    """What one department's answer (one request, all its pages) said.

    Attributes:
        status: ``OK``, ``NOT_FOUND`` or ``BAD_RESPONSE``.
        values: catalog item code -> value; empty unless ``status`` is ``OK``.
        problems: per-field problems, e.g. ``person.birth_date: '19491331' does not match
            date:%Y%m%d``; the values that did convert are still in ``values``.
        message: why the answer is not ``OK`` (empty when it is).
    """

    status: DepartmentStatus
    values: Mapping[str, CatalogValue] = field(default_factory=lambda: MappingProxyType({}))
    problems: tuple[str, ...] = ()
    message: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.values, MappingProxyType):
            object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    @property
    def ok(self) -> bool:
        """True when the department answered with a record."""
        return self.status is DepartmentStatus.OK

    @classmethod
    def bad_response(cls, message: str) -> ParsedAnswer:
        """An answer that could not be read at all."""
        return cls(DepartmentStatus.BAD_RESPONSE, message=message)

    @classmethod
    def not_found(cls, message: str) -> ParsedAnswer:
        """An answer saying the department holds no record for the person."""
        return cls(DepartmentStatus.NOT_FOUND, message=message)
