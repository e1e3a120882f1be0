"""The applicant's rating of a case (政务服务"好差评"): five levels, given once.

The national rule lets every applicant rate the service on five levels; the first three
count as good (好评), the last two as bad (差评), and every bad rating is followed up.
Pure Python; the app layer stores it (``counterapp.app.ratings``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

__all__ = ["REASON_MAX", "Rating", "RatingLevel"]

REASON_MAX = 500
"""The longest reason an applicant may give, in characters."""


class RatingLevel(IntEnum):
    """One of the five levels; the value is what is stored (5 best)."""

    VERY_SATISFIED = 5
    SATISFIED = 4
    BASICALLY_SATISFIED = 3
    DISSATISFIED = 2
    VERY_DISSATISFIED = 1

    @property
    def label_zh(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]

    @property
    def bad(self) -> bool:
        """A 差评 (dissatisfied or very dissatisfied): listed for follow-up."""
        return self <= RatingLevel.DISSATISFIED


_LABELS: Mapping[RatingLevel, tuple[str, str]] = {
    RatingLevel.VERY_SATISFIED: ("非常满意", "very satisfied"),
    RatingLevel.SATISFIED: ("满意", "satisfied"),
    RatingLevel.BASICALLY_SATISFIED: ("基本满意", "basically satisfied"),
    RatingLevel.DISSATISFIED: ("不满意", "dissatisfied"),
    RatingLevel.VERY_DISSATISFIED: ("非常不满意", "very dissatisfied"),
}


@dataclass(frozen=True)
class Rating:
    """A case's rating as stored.

    Attributes:
        case_number: the case rated.
        service_id: its service.
        clerk: the clerk who accepted it (whom the rating is about).
        window: the window it was accepted at.
        level: the applicant's level.
        reason: the applicant's own words ("" when none were given).
        rated_at: when (aware, UTC).
        ticket_number: the ticket the applicant was called with, if any.
    """

    case_number: str
    service_id: str
    clerk: str
    window: str
    level: RatingLevel
    reason: str
    rated_at: datetime
    ticket_number: str | None = None
