"""Merge the departments' answers into one value per catalog item (DESIGN.md "Lookup").

Several departments may give the same item (the household register and social security
both hold a phone number). The catalog names the authoritative department for each item:
its value wins when it gave one. When it did not, the first department that did, in the
catalog's department order, gives the value, and the conflict says so. Values that only
differ in form (white space, full-width characters, ``1.0`` and ``1.00``) are not
conflicts; values that differ in substance are kept as a :class:`Conflict` for the clerk.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping

from counterapp.catalog import Catalog
from counterapp.catalog.values import CatalogValue, Conflict, LookupValues
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.values import ParsedAnswer


def merge(
    answers: Mapping[str, ParsedAnswer],
    catalog: Catalog,
    *,
    asked: Collection[str] | None = None,
) -> LookupValues:
    """Merge the departments' answers, one value per catalog item.

    Args:
        answers: department id -> its answer; only ``OK`` answers give values.
        catalog: for each item's authoritative department and the department order.
        asked: the items the lookup needs; when given, only these are kept and those
            nobody gave are ``missing``. None keeps every value given.

    Returns:
        The values, the conflicts and the missing items.
    """
    order = _department_order(answers, catalog)
    offers: dict[str, list[CatalogValue]] = {}
    for department in order:
        answer = answers[department]
        if not answer.ok:
            continue
        for item, value in answer.values.items():
            if asked is None or item in asked:
                offers.setdefault(item, []).append(value)
    values: dict[str, CatalogValue] = {}
    conflicts: list[Conflict] = []
    for item in _item_order(offers, catalog):
        chosen, others, reason = _choose(item, offers[item], catalog)
        values[item] = chosen
        if others:
            conflicts.append(Conflict(item, chosen, others, reason))
    missing = frozenset(asked or ()) - values.keys()
    answered = frozenset(
        d
        for d, a in answers.items()
        if a.status in (DepartmentStatus.OK, DepartmentStatus.NOT_FOUND)
    )
    return LookupValues(values, tuple(conflicts), missing, answered)


def same_value(left: object, right: object) -> bool:
    """Whether two catalog values are equal once their form is normalized.

    Strings compare after NFKC normalization, trimming and collapsing inner white space;
    numbers compare by value; lists compare record by record, column by column.
    """
    return _normal(left) == _normal(right)


def _choose(
    item: str, offered: list[CatalogValue], catalog: Catalog
) -> tuple[CatalogValue, tuple[CatalogValue, ...], str]:
    authority = catalog.item(item).department if item in catalog else ""
    chosen = next((v for v in offered if v.provenance.department == authority), None)
    if chosen is not None:
        reason = f"{authority} is authoritative for {item}"
    else:
        chosen = offered[0]
        who = authority or "no department"
        reason = (
            f"{who} (authoritative) gave no value; "
            f"took {chosen.provenance.department}, first in department order"
        )
    others = tuple(v for v in offered if v is not chosen and not same_value(v.value, chosen.value))
    return chosen, others, reason


def _department_order(answers: Mapping[str, ParsedAnswer], catalog: Catalog) -> list[str]:
    """Catalog department order, then any others by id: stable whatever order answers came."""
    position = {d.id: n for n, d in enumerate(catalog.departments)}
    return sorted(answers, key=lambda d: (position.get(d, len(position)), d))


def _item_order(offers: Mapping[str, object], catalog: Catalog) -> list[str]:
    position = {item.code: n for n, item in enumerate(catalog.items)}
    return sorted(offers, key=lambda i: (position.get(i, len(position)), i))


def _normal(value: object) -> object:
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFKC", value).split())
    if isinstance(value, tuple | list):
        return tuple(_normal(element) for element in value)
    if isinstance(value, Mapping):
        pairs = ((str(key), _normal(element)) for key, element in value.items())
        return tuple(sorted(pairs, key=lambda pair: pair[0]))
    return value
