"""What a lookup asks for: the catalog items of a service or named codes, checked.

The asking itself is :func:`counterapp.app.guarded_lookup.look_up`, the one guarded path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from counterapp.catalog import Catalog
from counterapp.errors import CounterError
from counterapp.forms import ServiceForm


class LookupInputError(CounterError, ValueError):
    """The lookup cannot start: a bad ID number, an unknown service or item.

    Attributes:
        reason: what is wrong, in English.
        reason_zh: the same in Chinese.
    """

    def __init__(self, reason: str, reason_zh: str) -> None:
        super().__init__(reason, reason_zh)


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
