"""A deployment's site catalog file: items added to the shipped catalog, or refined.

A department that brings data the shipped catalog lacks must not need an edit inside the
installed package. The site file (setting ``catalog.site_file``, see docs/catalog.md) is a
catalog file checked by the same rules (:func:`~counterapp.catalog.schema.build_catalog`)
whose entries are merged into the shipped catalog:

* an item with a new code is **added** (after the shipped items, in file order);
* an item with a shipped code **refines** it. It is written out in full, like any item,
  and may change its labels and description, raise its classification level, make its
  mask stronger (any rule instead of ``none``, ``full`` instead of any rule) and, for a
  list item, refine its columns the same way and add columns. It may never lower the
  level, weaken or swap the mask, change the type, the code table or the authoritative
  department, or drop a column: the shipped catalog's protection is a floor.
* a department or category with a new id is added; one with a shipped id renames it.

Every refusal is a :class:`~counterapp.catalog.errors.CatalogProblem` naming the site
file, the key (``items[3].level``), the item and why, all of them at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from counterapp.catalog.errors import CatalogError, CatalogProblem
from counterapp.catalog.model import Catalog, CatalogItem, Column, MaskRule


def mask_is_not_weaker(shipped: MaskRule, site: MaskRule) -> bool:
    """True when ``site`` hides at least what ``shipped`` hides.

    ``none`` < every specific rule (name, id_number, ...) < ``full``; two different specific
    rules hide different parts, so neither counts as stronger than the other.
    """
    return site is shipped or site is MaskRule.FULL or shipped is MaskRule.NONE


def merge_site_catalog(shipped: Catalog, site: Catalog, site_path: Path) -> Catalog:
    """The shipped catalog with the site file's entries added or refining shipped ones.

    Args:
        shipped: the catalog shipped with Counter.
        site: the site file, as built by ``build_catalog(..., base=shipped)`` (so every
            entry is complete and checked; the items are in file order).
        site_path: the site file, for the messages.

    Returns:
        The merged catalog.

    Raises:
        CatalogError: a refinement weakens or changes what it may not; lists every one.
    """
    problems: list[CatalogProblem] = []
    replaced: dict[str, CatalogItem] = {}
    added: list[CatalogItem] = []
    for index, item in enumerate(site.items):
        if item.code not in shipped:
            added.append(item)
            continue
        where = f"items[{index}]"
        reasons = _refinement_problems(shipped.item(item.code), item)
        problems += [CatalogProblem(site_path, f"{where}.{key}", why) for key, why in reasons]
        replaced[item.code] = item
    if problems:
        raise CatalogError(problems)
    site_departments = {d.id: d for d in site.departments}
    departments = [site_departments.pop(d.id, d) for d in shipped.departments]
    departments += site_departments.values()
    return Catalog(
        departments=tuple(departments),
        items=tuple(replaced.get(i.code, i) for i in shipped.items) + tuple(added),
        category_names={**shipped.category_names, **site.category_names},
    )


def _refinement_problems(shipped: CatalogItem, site: CatalogItem) -> list[tuple[str, str]]:
    """(key, reason) for each way the site item changes what a refinement may not."""
    code = shipped.code
    problems: list[tuple[str, str]] = []
    for key, before, after, what in (
        ("type", shipped.type.value, site.type.value, "the type"),
        ("department", shipped.department, site.department, "the authoritative department"),
        (
            "code_table",
            shipped.code_table.value if shipped.code_table else "none",
            site.code_table.value if site.code_table else "none",
            "the code table",
        ),
    ):
        if before != after:
            problems.append(
                (
                    key,
                    f"{code}: a site file cannot change {what} of a shipped item "
                    f"({before!r} in the shipped catalog, {after!r} here)",
                )
            )
    if site.level < shipped.level:
        problems.append(
            (
                "level",
                f"{code}: lowers the classification level from {int(shipped.level)} "
                f"({shipped.level.label_en.lower()}) to {int(site.level)} "
                f"({site.level.label_en.lower()}); a site file may raise a shipped item's "
                "level, never lower it",
            )
        )
    if not mask_is_not_weaker(shipped.mask, site.mask):
        problems.append(("mask", _weaker_mask(code, shipped.mask, site.mask)))
    problems += _column_problems(code, shipped.columns, site.columns)
    return problems


def _weaker_mask(what: str, shipped: MaskRule, site: MaskRule) -> str:
    return (
        f"{what}: weakens the mask from {shipped.value!r} to {site.value!r}; a site file may "
        f"keep {shipped.value!r} or use 'full', never a weaker or different rule"
    )


def _column_problems(
    code: str, shipped: Sequence[Column], site: Sequence[Column]
) -> list[tuple[str, str]]:
    by_name = {column.name: (index, column) for index, column in enumerate(site)}
    problems: list[tuple[str, str]] = []
    for column in shipped:
        what = f"{code} column {column.name!r}"
        if column.name not in by_name:
            reason = f"{what}: a site file cannot drop a column of a shipped item"
            problems.append(("columns", reason))
            continue
        index, refined = by_name[column.name]
        key = f"columns[{index}]"
        if (refined.type, refined.code_table) != (column.type, column.code_table):
            reason = f"{what}: a site file cannot change a shipped column's type or code table"
            problems.append((f"{key}.type", reason))
        if not mask_is_not_weaker(column.mask, refined.mask):
            problems.append((f"{key}.mask", _weaker_mask(what, column.mask, refined.mask)))
    return problems
