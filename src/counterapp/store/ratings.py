"""Case ratings in the store: written once, read for the dashboard and the follow-up list.

There is deliberately no update: a rating, once given, stays what the applicant gave (a
second insert hits the unique case number). The reason is encrypted; the level is not
(the dashboard counts levels without decrypting anything).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select

from counterapp.cases.rating import Rating, RatingLevel
from counterapp.protection import FieldCipher
from counterapp.store.applicant_tables import case_ratings
from counterapp.store.case_tables import cases
from counterapp.store.cases import utc

__all__ = [
    "LevelTally",
    "insert_rating",
    "level_tallies",
    "rated_subject",
    "rating_of",
    "ratings_between",
]

_CONTEXT = "case_ratings.reason"


@dataclass(frozen=True)
class LevelTally:
    """How many ratings of one level a service got at one window."""

    service_id: str
    window: str
    level: RatingLevel
    count: int


def rated_subject(connection: Connection, number: str) -> tuple[str, str, str] | None:
    """``(service_id, clerk, window)`` of case ``number`` as stored, or None: no such case."""
    row = connection.execute(
        select(cases.c.service_id, cases.c.clerk, cases.c.service_window).where(
            cases.c.number == number
        )
    ).one_or_none()
    return None if row is None else (row[0], row[1], row[2])


def insert_rating(connection: Connection, cipher: FieldCipher, rating: Rating) -> None:
    """Store ``rating`` (raises IntegrityError when the case is rated already)."""
    connection.execute(
        insert(case_ratings).values(
            case_number=rating.case_number,
            service_id=rating.service_id,
            clerk=rating.clerk,
            service_window=rating.window,
            level=int(rating.level),
            reason=cipher.encrypt(rating.reason, context=_CONTEXT),
            rated_at=rating.rated_at,
            ticket_number=rating.ticket_number,
        )
    )


def _rating(row: Row[Any], cipher: FieldCipher | None) -> Rating:
    reason = "" if cipher is None else cipher.decrypt(row.reason, context=_CONTEXT)
    return Rating(
        case_number=row.case_number,
        service_id=row.service_id,
        clerk=row.clerk,
        window=row.service_window,
        level=RatingLevel(row.level),
        reason=reason,
        rated_at=utc(row.rated_at) or row.rated_at,
        ticket_number=row.ticket_number,
    )


def rating_of(connection: Connection, cipher: FieldCipher | None, number: str) -> Rating | None:
    """The rating of case ``number``, or None; without a cipher the reason reads ""."""
    row = connection.execute(
        select(case_ratings).where(case_ratings.c.case_number == number)
    ).one_or_none()
    return None if row is None else _rating(row, cipher)


def level_tallies(connection: Connection, start: datetime, end: datetime) -> list[LevelTally]:
    """Ratings given in ``[start, end)`` counted by service, window and level."""
    rows = connection.execute(
        select(
            case_ratings.c.service_id,
            case_ratings.c.service_window,
            case_ratings.c.level,
            func.count(),
        )
        .where(case_ratings.c.rated_at >= start, case_ratings.c.rated_at < end)
        .group_by(case_ratings.c.service_id, case_ratings.c.service_window, case_ratings.c.level)
    ).all()
    return [LevelTally(s, w, RatingLevel(level), int(n)) for s, w, level, n in rows]


def ratings_between(
    connection: Connection,
    cipher: FieldCipher | None,
    start: datetime,
    end: datetime,
    *,
    worst: RatingLevel,
    limit: int = 200,
) -> list[Rating]:
    """Ratings in ``[start, end)`` at ``worst`` or below, newest first (the follow-up list)."""
    rows = connection.execute(
        select(case_ratings)
        .where(
            case_ratings.c.rated_at >= start,
            case_ratings.c.rated_at < end,
            case_ratings.c.level <= int(worst),
        )
        .order_by(case_ratings.c.rated_at.desc(), case_ratings.c.id.desc())
        .limit(limit)
    ).all()
    return [_rating(row, cipher) for row in rows]
