"""Why a lookup is refused for want of consent; messages never name the person."""

from __future__ import annotations

from counterapp.consent.model import ConsentScope
from counterapp.errors import CounterError


class ConsentError(CounterError):
    """Base of the consent refusals; ``reason_zh`` is the message in Chinese."""


class ConsentMissing(ConsentError):
    """No consent is recorded for this applicant and purpose."""

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose
        super().__init__(
            f"no consent is recorded from this applicant for {purpose}: "
            "record the applicant's consent before asking any department",
            f"未登记申请人对事项 {purpose} 的数据查询授权：请先请申请人确认同意，再查询部门数据",
        )


class ConsentInsufficient(ConsentError):
    """Consent is recorded but does not cover some departments or categories asked for.

    Attributes:
        missing: the departments and categories not covered.
    """

    def __init__(self, purpose: str, missing: ConsentScope) -> None:
        self.purpose = purpose
        self.missing = missing
        parts_en, parts_zh = [], []
        if missing.departments:
            listed = ", ".join(sorted(missing.departments))
            parts_en.append(f"departments {listed}")
            parts_zh.append(f"部门 {'、'.join(sorted(missing.departments))}")
        if missing.categories:
            listed = ", ".join(sorted(missing.categories))
            parts_en.append(f"data categories {listed}")
            parts_zh.append(f"数据类别 {'、'.join(sorted(missing.categories))}")
        super().__init__(
            f"the applicant's consent for {purpose} does not cover {' and '.join(parts_en)}: "
            "record a consent that covers them, or ask less",
            f"申请人对事项 {purpose} 的授权未包括{'及'.join(parts_zh)}：请补充授权或缩小查询范围",
        )
