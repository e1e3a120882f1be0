"""A lookup result as JSON-ready data and as text, masked by the catalog's rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from counterapp.catalog import Catalog
from counterapp.catalog.masking import MaskPolicy, mask_item
from counterapp.catalog.model import MaskRule
from counterapp.catalog.values import CatalogValue, RefusedValue
from counterapp.exchange.lookup import LookupResult


def plain(value: object) -> object:
    """A value as JSON can carry it: ISO dates, decimals as strings, lists of objects."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return [plain(v) for v in value]
    return value


def _shown(value: CatalogValue, catalog: Catalog, reveal: bool, policy: MaskPolicy) -> object:
    item = catalog.item(value.item)
    if reveal or item.mask is MaskRule.NONE:
        return plain(value.value)
    return mask_item(item, value.value, policy)


def lookup_report(
    result: LookupResult, catalog: Catalog, *, reveal: bool, policy: MaskPolicy
) -> dict[str, object]:
    """Per item: value, source department, verified, authoritative; per department: status,
    latency, message, problems, the values refused as not fitting the catalog and the items it
    stood in for; and the conflicts. Sensitive values are masked unless ``reveal``."""

    def entry(value: CatalogValue) -> dict[str, object]:
        return {
            "value": _shown(value, catalog, reveal, policy),
            "department": value.provenance.department,
            "verified": value.provenance.verified,
            "authoritative": value.item not in result.values.not_authoritative,
            "retrieved_at": value.provenance.retrieved_at.isoformat(),
        }

    def refused(value: RefusedValue) -> dict[str, object]:
        return {
            "item": value.item,
            "column": value.column,
            "value": value.raw if reveal else value.shown(policy),
            "reason": value.reason,
            "reason_zh": value.reason_zh,
        }

    id_item = catalog.item("person.id_number")
    return {
        "id_number": result.id_number if reveal else mask_item(id_item, result.id_number, policy),
        "complete": result.complete,
        "wall_ms": round(result.wall_ms, 1),
        "masked": not reveal,
        "items": {
            code: entry(result.values.values[code])
            for code in sorted(result.values.values, key=_catalog_order(catalog))
        },
        "missing": sorted(result.values.missing | result.plan.unservable),
        "departments": {
            dept: {
                "name_zh": outcome.name_zh,
                "name_en": outcome.name_en,
                "status": outcome.status.code,
                "latency_ms": round(outcome.latency_ms, 1),
                "message": outcome.message,
                "problems": list(outcome.problems),
                "refused": [refused(value) for value in outcome.refused],
                "stands_in_for": sorted(outcome.stands_in_for),
            }
            for dept, outcome in result.outcomes.items()
        },
        "conflicts": [
            {
                "item": conflict.item,
                "chosen": entry(conflict.chosen),
                "others": [entry(other) for other in conflict.others],
                "reason": conflict.reason,
            }
            for conflict in result.values.conflicts
        ],
    }


def _catalog_order(catalog: Catalog) -> Callable[[str], int]:
    order = {item.code: i for i, item in enumerate(catalog)}
    return lambda code: order.get(code, len(order))


def print_report(report: Mapping[str, object], catalog: Catalog) -> None:
    """The report as text for a terminal (Chinese labels, masked values)."""
    print(f"申请人 {report['id_number']}  用时 {report['wall_ms']} ms")
    departments = report["departments"]
    assert isinstance(departments, Mapping)
    for dept, info in departments.items():
        message = f"  {info['message']}" if info["message"] else ""
        print(f"  [{info['status']:<12}] {dept:<10} {info['latency_ms']:>8} ms{message}")
        if info.get("stands_in_for"):
            stood = ", ".join(info["stands_in_for"])
            print(f"      代为提供（非权威来源 / not authoritative, stands in for）: {stood}")
        for value in info.get("refused", ()):
            where = f"{value['item']}{value['column']}"
            print(
                f"      ! 数据问题 / data problem {where} {value['value']!r}: "
                f"{value['reason_zh']} / {value['reason']}（未采用 / not used）"
            )
    items = report["items"]
    assert isinstance(items, Mapping)
    for code, entry in items.items():
        label = catalog.item(code).label_zh
        mark = "" if entry.get("authoritative", True) else "  （非权威来源 / not authoritative）"
        print(f"  {label:<12} {code:<32} {_text(entry['value'])}  ← {entry['department']}{mark}")
    for code in report["missing"]:  # type: ignore[attr-defined]
        print(f"  {catalog.item(code).label_zh:<12} {code:<32} （无数据 / no data）")
    for conflict in report["conflicts"]:  # type: ignore[attr-defined]
        others = ", ".join(f"{o['department']}: {_text(o['value'])}" for o in conflict["others"])
        print(
            f"  ! 数据不一致 {conflict['item']}: 采用 {conflict['chosen']['department']}; {others}"
        )


def _text(value: object) -> str:
    if isinstance(value, list):
        return (
            "; ".join(
                ", ".join(f"{k}={v}" for k, v in record.items())
                if isinstance(record, Mapping)
                else str(record)
                for record in value
            )
            or "（空）"
        )
    return str(value)
