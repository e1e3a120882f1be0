"""Merge the departments' answers into one value per catalog item (DESIGN.md "Lookup").

Several departments may give the same item (the household register and social security
both hold a phone number). The catalog names the authoritative department for each item:
its value wins when it gave one. When it did not, the first department that did, in the
catalog's department order, gives the value, and the conflict says so. Values that only
differ in form (white space, full-width characters, ``1.0`` and ``1.00``) are not
conflicts; values that differ in substance are kept as a :class:`Conflict` for the clerk.

Before any of that, :func:`screen_answer` checks every value a department gave against its
catalog item (type, code table, national format; :mod:`counterapp.catalog.value_checks`):
a value that does not fit is refused, kept apart as a :class:`RefusedValue` for the clerk
and the department's scorecard, and never merged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import replace

from counterapp.catalog import Catalog
from counterapp.catalog.model import CatalogItem
from counterapp.catalog.value_checks import ValueProblem, screen_value
from counterapp.catalog.values import CatalogValue, Conflict, LookupValues, RefusedValue
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.values import ParsedAnswer


def merge(
    answers: Mapping[str, ParsedAnswer],
    catalog: Catalog,
    *,
    asked: Collection[str] | None = None,
    unanswered: Collection[str] = (),
) -> LookupValues:
    """Merge the departments' answers, one value per catalog item.

    Args:
        answers: department id -> its answer; only ``OK`` answers give values.
        catalog: for each item's authoritative department and the department order.
        asked: the items the lookup needs; when given, only these are kept and those
            nobody gave are ``missing``. None keeps every value given.
        unanswered: departments that were asked and gave no answer (failed or timed
            out); an item whose authority is one of them and whose value another
            department gave is ``not_authoritative``.

    Returns:
        The values, the conflicts, the missing items and the values not from the authority.
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
    down = frozenset(unanswered) - answered
    not_authoritative = frozenset(
        item
        for item, value in values.items()
        if item in catalog
        and (authority := catalog.item(item).department) in down
        and value.provenance.department != authority
    )
    return LookupValues(values, tuple(conflicts), missing, answered, not_authoritative)


def screen_answer(
    answer: ParsedAnswer, catalog: Catalog
) -> tuple[ParsedAnswer, tuple[RefusedValue, ...]]:
    """Check every value of a department's answer against its catalog item.

    Args:
        answer: what the department said.
        catalog: the items' types and code tables.

    Returns:
        The answer without the values that do not fit (a list item keeps its records, the
        cells that do not fit emptied), and those values, in answer order. Items the
        catalog does not know are kept unchecked.
    """
    if not answer.ok or not answer.values:
        return answer, ()
    kept: dict[str, CatalogValue] = {}
    refused: list[RefusedValue] = []
    for code, value in answer.values.items():
        if code not in catalog:
            kept[code] = value
            continue
        item = catalog.item(code)
        screened, problems = screen_value(item, value.value)
        refused.extend(_refused(item, problem) for problem in problems)
        if screened is value.value:
            kept[code] = value
        elif screened is not None:
            kept[code] = replace(value, value=screened)
    if not refused:
        return answer, ()
    return replace(answer, values=kept), tuple(refused)


def _refused(item: CatalogItem, problem: ValueProblem) -> RefusedValue:
    label_zh, label_en = item.label_zh, item.label_en
    column = problem.column.rpartition(".")[2] if "." in problem.column else ""
    if column and column in {c.name for c in item.columns}:
        found = item.column(column)
        label_zh, label_en = f"{label_zh}·{found.label_zh}", f"{label_en}: {found.label_en}"
    return RefusedValue(
        item.code,
        problem.raw,
        problem.reason,
        problem.reason_zh,
        problem.column,
        problem.mask,
        label_zh,
        label_en,
    )


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
