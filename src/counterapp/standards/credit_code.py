"""Unified social credit codes of GB 32100-2015 (法人和其他组织统一社会信用代码).

Layout: registration authority (1), organisation category (1), division code (6,
GB/T 2260), organisation code (9, GB 11714) and a check character (1), all from a
31-character set without I, O, S, V and Z.

Codes that fail the check are rejected, including the few issued in early pilot regions
before the rule was enforced: the counter must not register a wrong code, and a genuine
pilot code is corrected by the registration authority, not typed past (docs/standards.md).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum

from counterapp.standards import divisions

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES = {c: i for i, c in enumerate(CHARSET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Division code used by authorities registering at national level (e.g. central organs).
NATIONAL_DIVISION = "100000"

# Registration authority (position 1) -> (Chinese name, {category (position 2): name}).
# GB 32100-2015 Table 1 plus the later-assigned A (军队) and N (农业农村).
AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体",
                      "9": "其他"}),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": ("司法行政", {"1": "律师执业机构", "2": "公证处", "3": "基层法律服务所",
                      "4": "司法鉴定机构", "5": "仲裁委员会", "9": "其他"}),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": ("旅游", {"1": "外国旅游部门常驻代表机构",
                  "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"}),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商/市场监管", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": ("农业农村", {"1": "组级集体经济组织", "2": "村级集体经济组织",
                      "3": "乡镇级集体经济组织", "9": "其他"}),
    "Y": ("其他", {"1": "其他"}),
}  # fmt: skip


class CreditCodeProblem(Enum):
    """Why a credit code was rejected, in the order they are checked."""

    EMPTY = "empty"
    BAD_LENGTH = "bad_length"
    BAD_CHARACTER = "bad_character"
    UNKNOWN_AUTHORITY = "unknown_authority"
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_DIVISION = "unknown_division"
    BAD_CHECK = "bad_check"


@dataclass(frozen=True)
class CreditCodeResult:
    """The outcome of checking one unified social credit code.

    Attributes:
        ok: True when the code is valid.
        normalized: the 18 uppercase characters, when ok.
        problem: why it was rejected, None when ok.
        reason: the rejection in English; "" when ok.
        reason_zh: the same in Chinese; "" when ok.
        position: 0-based index of the offending character, where one can be named.
        authority: the registration authority's name (e.g. "工商/市场监管"), when ok.
        category: the organisation category's name (e.g. "企业"), when ok.
        division_code: positions 3–8, when ok.
        organization_code: positions 9–17 (the GB 11714 organisation code), when ok.
    """

    ok: bool
    normalized: str | None = None
    problem: CreditCodeProblem | None = None
    reason: str = ""
    reason_zh: str = ""
    position: int | None = None
    authority: str | None = None
    category: str | None = None
    division_code: str | None = None
    organization_code: str | None = None


def check_character(body17: str) -> str:
    """Compute the GB 32100 check character for the first 17 characters.

    Args:
        body17: 17 characters from :data:`CHARSET` (uppercase).

    Returns:
        The check character, itself from :data:`CHARSET`.

    Raises:
        ValueError: body17 is not 17 characters from the charset.
    """
    if len(body17) != 17 or not set(body17) <= _VALUES.keys():
        raise ValueError(f"need 17 characters from the GB 32100 set, got {body17!r}")
    total = sum(_VALUES[c] * w for c, w in zip(body17, _WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def validate(text: str) -> CreditCodeResult:
    """Check a unified social credit code and decode its parts.

    Outer whitespace and lowercase letters are accepted; full-width characters are read
    as ASCII.

    Args:
        text: what the clerk typed or scanned.

    Returns:
        A result that is ok with the decoded parts, or names the first problem found.
    """
    typed = unicodedata.normalize("NFKC", text).strip()
    # Uppercase ASCII only: str.upper() can change the length ("ß" -> "SS").
    code = "".join(c.upper() if c.isascii() else c for c in typed)
    if not code:
        return _fail(CreditCodeProblem.EMPTY, "is empty", "代码为空")
    if len(code) != 18:
        return _fail(
            CreditCodeProblem.BAD_LENGTH,
            f"must be 18 characters, got {len(code)}",
            f"应为 18 位，实际 {len(code)} 位",
        )
    for i, char in enumerate(code):
        # A bad last character is reported as a wrong check character (with the right one).
        if char not in _VALUES and i < 17:
            return _fail(
                CreditCodeProblem.BAD_CHARACTER,
                f"character {typed[i]!r} at position {i + 1} is not allowed"
                " (GB 32100 excludes I, O, S, V, Z)",
                f"第 {i + 1} 位“{typed[i]}”不是允许的字符（GB 32100 不使用 I、O、S、V、Z）",
                i,
            )
    if code[0] not in AUTHORITIES:
        return _fail(
            CreditCodeProblem.UNKNOWN_AUTHORITY,
            f"registration authority {code[0]} is not in GB 32100",
            f"登记管理部门代码 {code[0]} 不在 GB 32100 中",
            0,
        )
    authority, categories = AUTHORITIES[code[0]]
    if code[1] not in categories:
        return _fail(
            CreditCodeProblem.UNKNOWN_CATEGORY,
            f"organisation category {code[1]} does not exist under authority {code[0]}",
            f"登记管理部门 {code[0]} 下没有机构类别 {code[1]}",
            1,
        )
    division = code[2:8]
    if division != NATIONAL_DIVISION and not divisions.is_known(division):
        return _fail(
            CreditCodeProblem.UNKNOWN_DIVISION,
            f"division code {division} is not in GB/T 2260",
            f"行政区划码 {division} 不在 GB/T 2260 中",
            2,
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        return _fail(
            CreditCodeProblem.BAD_CHECK,
            f"check character should be {expected}, not {code[17]}",
            f"校验码应为 {expected}，而不是 {code[17]}",
            17,
        )
    return CreditCodeResult(
        ok=True,
        normalized=code,
        authority=authority,
        category=categories[code[1]],
        division_code=division,
        organization_code=code[8:17],
    )


def _fail(
    problem: CreditCodeProblem, reason: str, reason_zh: str, position: int | None = None
) -> CreditCodeResult:
    return CreditCodeResult(
        ok=False, problem=problem, reason=reason, reason_zh=reason_zh, position=position
    )
