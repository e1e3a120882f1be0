"""Read the top-level keys of a form file that need more than a plain string or integer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from counterapp.catalog import Catalog
from counterapp.declared_files import Table, describe
from counterapp.forms.field_section import Checker
from counterapp.forms.model import DepartmentLabel

SLUG = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def includes(check: Checker, data: Table, form_id: str | None) -> tuple[str, ...]:
    """``includes``: the service ids a bundle combines (empty for a plain form)."""
    if "includes" not in data:
        return ()
    value = data["includes"]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        check.problem(
            "includes", f"must be a non-empty array of service ids, got {describe(value)}"
        )
        return ()
    for n, part in enumerate(value):
        check.pattern(part, SLUG, f"includes[{n}]", "service id")
        if part == form_id:
            check.problem(f"includes[{n}]", "a form cannot include itself")
        elif part in value[:n]:
            check.problem(f"includes[{n}]", f"{part!r} is included twice")
    return tuple(value)


def legal_basis(check: Checker, data: Table) -> tuple[str, ...]:
    """``legal_basis``: one string, or an array of them."""
    value = data.get("legal_basis")
    if value is None:
        check.problem("legal_basis", "missing (the laws and regulations the service rests on)")
        return ()
    if isinstance(value, str) and value.strip():
        return (value.strip(),)
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    check.problem("legal_basis", f"must be a string or an array of strings, got {describe(value)}")
    return ()


def fee(check: Checker, data: Table) -> Decimal:
    """``fee``: yuan as a decimal string, at most two decimals, ``"0"`` when free."""
    value = data.get("fee")
    if value is None:
        check.problem("fee", 'missing (yuan as a decimal string, "0" when free)')
        return Decimal(0)
    try:
        yuan = Decimal(value) if isinstance(value, str) else None
    except InvalidOperation:
        yuan = None
    if yuan is None or not yuan.is_finite() or yuan < 0 or yuan.as_tuple().exponent < -2:  # type: ignore[operator]
        check.problem(
            "fee", f'must be yuan as a decimal string such as "0" or "9.00", got {describe(value)}'
        )
        return Decimal(0)
    return yuan


def department_labels(catalog: Catalog) -> Mapping[str, DepartmentLabel]:
    """Short department names: ``民政（婚姻登记）`` -> ``民政``."""
    return MappingProxyType(
        {
            d.id: DepartmentLabel(d.name_zh.split("（")[0], d.name_en.split(" (")[0])
            for d in catalog.departments
        }
    )
