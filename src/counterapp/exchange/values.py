"""Typed results of reading a department's answer: catalog values with their provenance.

A department's answer becomes a :class:`ParsedAnswer`: a status, one :class:`CatalogValue`
per catalog item it gave, and the per-field problems found on the way (a value that did not
convert is reported, the other values still count). List items hold a tuple of
:class:`Record` objects, read-only mappings from column name to value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from counterapp.exchange.status import DepartmentStatus


class Record(Mapping[str, object]):
    """One record of a list item (a household member, a property ...): column -> value.

    Read-only and hashable; equal to any mapping with the same keys and values, so tests
    and the merge step can compare it with a plain dict.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, object] | None = None, /) -> None:
        self._data: dict[str, object] = dict(data or {})

    def __getitem__(self, key: str) -> object:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, _hashable(v)) for k, v in self._data.items())))

    def __repr__(self) -> str:
        return f"Record({self._data!r})"


def _hashable(value: object) -> object:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


@dataclass(frozen=True)
class Provenance:
    """Where a value came from.

    Attributes:
        department: the department id that gave it (or the clerk's workstation for entries).
        retrieved_at: when it was received (timezone-aware).
        verified: True when a department gave it; False once typed or corrected by hand.
    """

    department: str
    retrieved_at: datetime
    verified: bool = True


@dataclass(frozen=True)
class CatalogValue:
    """One catalog item's value with its provenance.

    Attributes:
        item: the catalog item code, e.g. ``person.birth_date``.
        value: a str, int, Decimal, date or bool; a tuple of :class:`Record` for list items.
        provenance: who gave it and when.
    """

    item: str
    value: object
    provenance: Provenance


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
