"""Catalog values with their provenance: what a lookup yields, in the domain's terms.

A department's answer (read by ``exchange``) becomes one :class:`CatalogValue` per catalog
item; merging several departments' answers gives :class:`LookupValues`, which the forms
pre-fill from. These types are pure data, so the domain (``forms``) uses them without
importing the outside world. List items hold a tuple of :class:`Record` objects, read-only
mappings from column name to value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from counterapp.catalog.masking import DEFAULT_MASK_POLICY, MaskPolicy, mask
from counterapp.catalog.model import MaskRule


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
class Conflict:
    """Departments that disagree about one item.

    Attributes:
        item: the catalog item code.
        chosen: the value used (the authoritative department's, when it gave one).
        others: the differing values of the other departments, in department order.
        reason: why ``chosen`` was chosen, for the clerk.
    """

    item: str
    chosen: CatalogValue
    others: tuple[CatalogValue, ...]
    reason: str = ""


@dataclass(frozen=True)
class RefusedValue:
    """A value a department gave that its catalog item refuses; it is not used.

    Attributes:
        item: the catalog item code, e.g. ``person.gender``.
        raw: the value as the department gave it, as text (e.g. ``M``, ``1990/1/5``).
        reason: why it was refused, in English; never repeats ``raw``.
        reason_zh: the same in Chinese.
        column: for a list item, the cell refused (e.g. ``[2].gender``); "" otherwise.
        mask: the item's (or column's) masking rule, for :meth:`shown`.
        label_zh: the item's (or column's) label, for the clerk ("" when unknown).
        label_en: its English label.
    """

    item: str
    raw: str
    reason: str
    reason_zh: str
    column: str = ""
    mask: MaskRule = MaskRule.NONE
    label_zh: str = ""
    label_en: str = ""

    @property
    def where(self) -> str:
        """The item, with the list cell when there is one: ``household.members[2].gender``."""
        return f"{self.item}{self.column}"

    def shown(self, policy: MaskPolicy = DEFAULT_MASK_POLICY) -> str:
        """``raw`` as a screen may show it: masked by its rule (unchanged for ``none``)."""
        return self.raw if self.mask is MaskRule.NONE else mask(self.raw, self.mask, policy)


@dataclass(frozen=True)
class LookupValues:
    """The merged result of one lookup.

    Attributes:
        values: catalog item code -> the value used.
        conflicts: the items departments disagree about, in catalog order.
        missing: items asked for that no department gave.
        answered: the departments that answered (with a record or "no such person").
        not_authoritative: items whose value came from another department because the
            authoritative one was asked and did not answer (it failed or timed out); the
            clerk may accept such a value or correct it.
    """

    values: Mapping[str, CatalogValue] = field(default_factory=lambda: MappingProxyType({}))
    conflicts: tuple[Conflict, ...] = ()
    missing: frozenset[str] = frozenset()
    answered: frozenset[str] = frozenset()
    not_authoritative: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not isinstance(self.values, MappingProxyType):
            object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def conflict(self, item: str) -> Conflict | None:
        """The conflict about ``item``, or None when the departments agree."""
        return next((c for c in self.conflicts if c.item == item), None)
