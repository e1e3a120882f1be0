"""Mask personal data for screens and paper (脱敏展示).

No national standard fixes how much to keep; Counter's defaults follow common practice
(see docs/catalog.md) and a deployment may change the kept lengths with :class:`MaskPolicy`.
Masking is total: it returns a string for any input and never raises, because a masking
failure must never put the raw value on screen. Unknown rules mask everything.

Masks that would otherwise reveal the length of a variable-length value (addresses, account
numbers, amounts) use a fixed-width mask. Names and identity numbers keep one ``*`` per
hidden character, as is usual on Chinese government documents (张**, 110105********002X).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields

from counterapp.catalog.model import CatalogItem, Column, ItemType, MaskRule

MASK_CHAR = "*"
FIXED_MASK = "****"
FULL_MASK = "******"
AMOUNT_MASK = "****.** 元"
DATE_MASK_SUFFIX = "-**-**"

_COMPOUND_SURNAME_LIST = """
    欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 端木 独孤
    西门 南宫 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 轩辕 钟离 闻人 赫连 万俟 闾丘
    司空 司寇 呼延 拓跋 百里 东郭 南门 羊舌 微生 梁丘 左丘 东门 公羊 第五 谷梁 段干
    巫马 公西 漆雕 乐正 壤驷 公良 夹谷 宰父 亓官 仉督 子车
    歐陽 司馬 諸葛 東方 尉遲 公孫 長孫 獨孤 西門 南宮 鍾離 聞人 赫連 閭丘 東郭
"""
#: Two-character surnames (复姓) kept whole by the name rule, simplified and traditional.
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAME_LIST.split())

# Administrative units kept by the address rule, by level: province, prefecture, county.
_ADDRESS_LEVELS: tuple[tuple[str, ...], ...] = (
    ("省", "自治区", "特别行政区", "市"),
    ("自治州", "地区", "市", "州", "盟"),
    ("自治县", "自治旗", "区", "县", "旗", "市"),
)
_MAX_UNIT_LENGTH = 16  # 双江拉祜族佤族布朗族傣族自治县 has 15 characters
_LEADING_YEAR = re.compile(r"^([0-9]{4})(?:$|[-/.年 T]|[0-9]{4}$)")
_PHONE_SEPARATORS = str.maketrans("", "", " -\u00a0\u3000")
_ZWJ = "\u200d"


@dataclass(frozen=True)
class MaskPolicy:
    """How many characters the masking rules keep; a deployment may change them.

    Attributes:
        id_keep_head: Leading characters of an identity number kept (the area code).
        id_keep_tail: Trailing characters of an identity number kept.
        phone_keep_head: Leading digits of a phone number kept.
        phone_keep_tail: Trailing digits of a phone number kept.
        account_keep_tail: Trailing characters of an account or certificate number kept.
    """

    id_keep_head: int = 6
    id_keep_tail: int = 4
    phone_keep_head: int = 3
    phone_keep_tail: int = 4
    account_keep_tail: int = 4

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"MaskPolicy.{f.name} must be an integer >= 0, got {value!r}")


DEFAULT_MASK_POLICY = MaskPolicy()

MaskedValue = str | list[dict[str, str]]


def graphemes(text: str) -> list[str]:
    """Split text into user-perceived characters (an approximation of UAX #29).

    Combining marks, variation selectors (including the ideographic ones, U+E0100..),
    emoji modifiers and tags stay with their base character, zero-width-joiner sequences
    and flag pairs stay together. Python strings hold code points, so characters outside
    the BMP (e.g. 𬌗 U+2C317) are never split into surrogates.
    """
    clusters: list[str] = []
    for char in text:
        if clusters and (_extends(char) or clusters[-1].endswith(_ZWJ) or _pairs(clusters, char)):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _extends(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char == _ZWJ
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _pairs(clusters: list[str], char: str) -> bool:
    last = clusters[-1]
    return _is_regional_indicator(char) and len(last) == 1 and _is_regional_indicator(last)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return str(value).strip()
    except Exception:  # a value whose str() fails is still masked, never shown
        return FULL_MASK


def _keep_ends(text: str, head: int, tail: int) -> str:
    chars = graphemes(text)
    hidden = len(chars) - head - tail
    if hidden <= 0:
        return MASK_CHAR * len(chars)
    return "".join(chars[:head]) + MASK_CHAR * hidden + "".join(chars[len(chars) - tail :])


def _mask_name(text: str, policy: MaskPolicy) -> str:
    chars = graphemes(text)
    if len(chars) <= 1:
        return MASK_CHAR * len(chars)
    keep = 2 if len(chars) >= 3 and "".join(chars[:2]) in COMPOUND_SURNAMES else 1
    return "".join(chars[:keep]) + MASK_CHAR * (len(chars) - keep)


def _mask_id_number(text: str, policy: MaskPolicy) -> str:
    return _keep_ends(text, policy.id_keep_head, policy.id_keep_tail)


def _mask_phone(text: str, policy: MaskPolicy) -> str:
    compact = text.translate(_PHONE_SEPARATORS)
    return _keep_ends(compact, policy.phone_keep_head, policy.phone_keep_tail)


def _mask_account(text: str, policy: MaskPolicy) -> str:
    chars = graphemes(text)
    keep = policy.account_keep_tail
    if keep == 0 or len(chars) <= keep:
        return FIXED_MASK
    return FIXED_MASK + "".join(chars[-keep:])


def administrative_prefix(address: str) -> str:
    """Return the province, prefecture and county part of a Chinese address.

    Units are recognised by their suffixes, in order: province (省/自治区/特别行政区/市),
    prefecture (市/州/盟/地区), county (区/县/旗/市). A level may be absent, as in
    北京市朝阳区 (a municipality has no prefecture). Returns "" when no unit is found.
    """
    position, level = 0, 0
    while level < len(_ADDRESS_LEVELS):
        found = _next_unit(address, position, level)
        if found is None:
            break
        position, matched_level = found
        level = matched_level + 1
    return address[:position]


def _next_unit(address: str, start: int, min_level: int) -> tuple[int, int] | None:
    """Find the unit that ends first after ``start``: (end position, its level)."""
    window = address[start : start + _MAX_UNIT_LENGTH]
    best: tuple[int, int, int] | None = None  # (end, -suffix length, level): min wins
    for level in range(min_level, len(_ADDRESS_LEVELS)):
        for suffix in _ADDRESS_LEVELS[level]:
            index = window.find(suffix, 1)  # a unit has a name before its suffix
            if index > 0:
                candidate = (index + len(suffix), -len(suffix), level)
                best = candidate if best is None else min(best, candidate)
    return None if best is None else (start + best[0], best[2])


def _mask_address(text: str, policy: MaskPolicy) -> str:
    return administrative_prefix(text) + FIXED_MASK


def _mask_date(text: str, policy: MaskPolicy) -> str:
    match = _LEADING_YEAR.match(text)
    year = match.group(1) if match else "****"
    return year + DATE_MASK_SUFFIX


_RULES: Mapping[str, Callable[[str, MaskPolicy], str]] = {
    MaskRule.NONE: lambda text, policy: text,
    MaskRule.NAME: _mask_name,
    MaskRule.ID_NUMBER: _mask_id_number,
    MaskRule.PHONE: _mask_phone,
    MaskRule.ADDRESS: _mask_address,
    MaskRule.ACCOUNT: _mask_account,
    MaskRule.AMOUNT: lambda text, policy: AMOUNT_MASK,
    MaskRule.DATE: _mask_date,
    MaskRule.FULL: lambda text, policy: FULL_MASK,
}


def mask(value: object, rule: MaskRule, policy: MaskPolicy = DEFAULT_MASK_POLICY) -> str:
    """Mask one value for display.

    Args:
        value: The value; str, date, Decimal, int... ``None`` or blank gives "".
        rule: The masking rule; an unknown rule masks everything.
        policy: How much the rules keep.

    Returns:
        The masked text. Values too short to keep anything are masked entirely.
    """
    text = _as_text(value)
    if not text:
        return ""
    apply = _RULES.get(rule) if isinstance(rule, str) else None
    return (apply or _RULES[MaskRule.FULL])(text, policy)


def mask_item(
    item: CatalogItem, value: object, policy: MaskPolicy = DEFAULT_MASK_POLICY
) -> MaskedValue:
    """Mask a value of a catalog item by the item's rule.

    Args:
        item: The catalog item the value belongs to.
        value: The value. For a ``list`` item, a sequence of records (mappings of column
            name to value).
        policy: How much the rules keep.

    Returns:
        The masked text; for a list item given a sequence, one dict per record with every
        declared column masked by its own rule (keys the catalog does not declare are
        dropped; a record that is not a mapping is masked entirely).
    """
    if item.type is not ItemType.LIST:
        return mask(value, item.mask, policy)
    if value is None:
        return []
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        return mask(value, MaskRule.FULL, policy)
    return [_mask_record(item.columns, record, policy) for record in value]


def _mask_record(columns: Sequence[Column], record: object, policy: MaskPolicy) -> dict[str, str]:
    if not isinstance(record, Mapping):
        return {column.name: FULL_MASK for column in columns}
    return {column.name: mask(record.get(column.name), column.mask, policy) for column in columns}
