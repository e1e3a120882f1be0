"""Look up an applicant: validate the ID, choose the items, ask the departments.

The one use case behind ``counterapp lookup``, the demo and the clerk's lookup panel.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from counterapp.catalog import Catalog
from counterapp.exchange.lookup import DepartmentExchange, LookupResult, OutcomeCallback
from counterapp.forms import ServiceForm
from counterapp.standards import resident_id


class LookupInputError(ValueError):
    """The lookup cannot start: a bad ID number, an unknown service or item.

    Attributes:
        reason: what is wrong, in English.
        reason_zh: the same in Chinese.
    """

    def __init__(self, reason: str, reason_zh: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.reason_zh = reason_zh


def wanted_items(
    catalog: Catalog,
    forms: Mapping[str, ServiceForm],
    *,
    service: str | None = None,
    items: Iterable[str] = (),
    applicant: int = 1,
) -> frozenset[str]:
    """The catalog items a lookup asks for: a service's bound fields and/or explicit codes.

    Raises:
        LookupInputError: an unknown service id or catalog item code, or nothing to ask.
    """
    wanted: set[str] = set()
    if service is not None:
        form = forms.get(service)
        if form is None:
            known = ", ".join(sorted(forms))
            raise LookupInputError(
                f"unknown service {service!r} (known: {known})",
                f"没有编号为 {service!r} 的事项（可用：{known}）",
            )
        wanted |= form.items_for_applicant(applicant)
    codes = [code.strip() for code in items if code.strip()]
    unknown = [code for code in codes if code not in catalog]
    if unknown:
        listed = ", ".join(unknown)
        raise LookupInputError(
            f"not a catalog item: {listed} (see `counterapp catalog list`)",
            f"数据目录中没有这些数据项：{listed}",
        )
    wanted |= set(codes)
    if not wanted:
        raise LookupInputError(
            "nothing to look up: give a service or catalog items", "请指定事项或数据项"
        )
    return frozenset(wanted)


def look_up_applicant(
    exchange: DepartmentExchange,
    id_number: str,
    items: Iterable[str],
    *,
    on_outcome: OutcomeCallback | None = None,
    departments: Iterable[str] | None = None,
) -> LookupResult:
    """Ask every department the items need about one applicant.

    Args:
        exchange: the configured departments.
        id_number: the resident ID number as typed or scanned (15 or 18 characters).
        items: the catalog items wanted (see :func:`wanted_items`).
        on_outcome: called as each department finishes (progress on screen).
        departments: only these departments (to retry one that failed).

    Raises:
        LookupInputError: the ID number is invalid; the reason is precise.
    """
    checked = resident_id.validate(id_number)
    if not checked.ok or checked.normalized is None:
        raise LookupInputError(checked.reason, checked.reason_zh)
    return exchange.lookup(
        checked.normalized, items, on_outcome=on_outcome, departments=departments
    )
