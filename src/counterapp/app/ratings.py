"""The applicant rates the service (好差评): recorded once, audited, counted on the dashboard.

The applicant presses a level on their own screen at the end of the case; the clerk's
workstation records it under the clerk's sign-in (the clerk is who the rating is about, so
the clerk can neither choose it nor change it afterwards: there is no update, and a second
rating of the same case is refused). The rating names the case's service, clerk and window
as stored with the case, not as the workstation claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from counterapp.app.cases import CaseNotFound
from counterapp.app.clock import utc_now
from counterapp.app.dashboard import period_window
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.cases.numbers import parse_case_number
from counterapp.cases.rating import REASON_MAX, Rating, RatingLevel
from counterapp.errors import CounterError
from counterapp.protection import FieldCipher
from counterapp.store.audit_log import append_event
from counterapp.store.engine import read_only
from counterapp.store.ratings import (
    insert_rating,
    level_tallies,
    rated_subject,
    rating_of,
    ratings_between,
)
from counterapp.users import Actor, Permission, require

__all__ = [
    "AlreadyRated",
    "RatingInputError",
    "Satisfaction",
    "SatisfactionRow",
    "case_rating",
    "record_rating",
    "satisfaction",
]


class AlreadyRated(CounterError):
    """The case has its rating already; a rating is never changed."""

    def __init__(self, number: str) -> None:
        self.number = number
        super().__init__(
            f"case {number} has been rated already; a rating cannot be changed",
            f"办件 {number} 已评价，评价不可更改",
        )


class RatingInputError(CounterError, ValueError):
    """The rating is not one of the five levels, or its reason is too long."""


@dataclass(frozen=True)
class SatisfactionRow:
    """The ratings of one service or one window in a period.

    Attributes:
        key: the service id or the window.
        counts: how many of each level, best first (five numbers).
    """

    key: str
    counts: tuple[int, int, int, int, int]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def good(self) -> int:
        """非常满意, 满意 and 基本满意 together (好评)."""
        return sum(self.counts[:3])

    @property
    def bad(self) -> int:
        """不满意 and 非常不满意 together (差评)."""
        return sum(self.counts[3:])


@dataclass(frozen=True)
class Satisfaction:
    """The period's ratings: per service, per window, and every bad one for follow-up.

    Attributes:
        first_day / last_day: the hall days counted (both included).
        by_service: one row per service rated, by service id.
        by_window: one row per window, by window.
        to_follow_up: every 不满意 and 非常不满意, newest first, with the applicant's words.
    """

    first_day: date
    last_day: date
    by_service: tuple[SatisfactionRow, ...]
    by_window: tuple[SatisfactionRow, ...]
    to_follow_up: tuple[Rating, ...]

    @property
    def total(self) -> SatisfactionRow:
        """The whole hall's ratings in the period."""
        counts = [0, 0, 0, 0, 0]
        for row in self.by_service:
            counts = [a + b for a, b in zip(counts, row.counts, strict=True)]
        return SatisfactionRow("", _five(counts))


def _five(counts: list[int]) -> tuple[int, int, int, int, int]:
    a, b, c, d, e = counts
    return (a, b, c, d, e)


def record_rating(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    case_number: str,
    level: RatingLevel | int,
    reason: str = "",
    *,
    ticket_number: str | None = None,
    now: datetime | None = None,
    workstation: str = "",
) -> Rating:
    """Record the applicant's rating of case ``case_number`` (once) and audit it.

    Args:
        actor: the clerk signed in at the window where the applicant rates.
        level: the level the applicant pressed.
        reason: the applicant's own words (optional; encrypted; never logged or audited).

    Raises:
        PermissionDenied: the actor does not serve applicants (CREATE_CASE).
        RatingInputError: not a level, or the reason is longer than 500 characters.
        InvalidCaseNumber / CaseNotFound: no such case.
        AlreadyRated: the case has been rated; nothing changes.
    """
    require(actor, Permission.CREATE_CASE)
    try:
        chosen = RatingLevel(level)
    except ValueError:
        raise RatingInputError(
            f"a rating is a level from 1 to 5, not {level!r}",
            f"评价等级应为 1 至 5，而不是 {level!r}",
        ) from None
    words = reason.strip()
    if len(words) > REASON_MAX:
        raise RatingInputError(
            f"the reason is {len(words)} characters long; at most {REASON_MAX}",
            f"评价理由共 {len(words)} 字，最多 {REASON_MAX} 字",
        )
    number = str(parse_case_number(case_number))
    moment = utc_now(now)
    try:
        with engine.begin() as connection:
            subject = rated_subject(connection, number)
            if subject is None:
                raise CaseNotFound(number)
            service_id, clerk, window = subject
            rating = Rating(
                case_number=number,
                service_id=service_id,
                clerk=clerk,
                window=window,
                level=chosen,
                reason=words,
                rated_at=moment,
                ticket_number=ticket_number,
            )
            insert_rating(connection, cipher, rating)
            append_event(
                connection,
                AuditEvent(
                    kind=EventKind.RATED,
                    actor=actor.username,
                    case_number=number,
                    detail=f"rated {int(chosen)} ({chosen.label_en})"
                    + (", with a reason" if words else ""),
                    workstation=workstation,
                ),
            )
    except IntegrityError:
        raise AlreadyRated(number) from None
    return rating


def case_rating(
    engine: Engine, cipher: FieldCipher, actor: Actor, case_number: str
) -> Rating | None:
    """The rating of a case, with its reason (None: not rated).

    Raises:
        PermissionDenied: the actor may not look up cases.
    """
    require(actor, Permission.LOOKUP)
    with engine.connect() as connection:
        return rating_of(connection, cipher, str(parse_case_number(case_number)))


def satisfaction(
    engine: Engine,
    cipher: FieldCipher | None,
    actor: Actor,
    *,
    first_day: date,
    last_day: date,
    now: datetime | None = None,
    workstation: str = "",
) -> Satisfaction:
    """The ratings of the hall days ``first_day`` to ``last_day``, read in one snapshot.

    With a cipher the follow-up list carries the applicants' words, and reading them is
    audited; without one, their reasons read "".

    Raises:
        PermissionDenied: the actor may not view reports (clerks).
    """
    require(actor, Permission.VIEW_REPORTS)
    start, end = period_window(first_day, last_day, utc_now(now))
    with engine.connect() as plain:
        connection = read_only(plain)
        with connection.begin():
            tallies = level_tallies(connection, start, end)
            bad = ratings_between(connection, cipher, start, end, worst=RatingLevel.DISSATISFIED)
    by_service: dict[str, list[int]] = {}
    by_window: dict[str, list[int]] = {}
    for tally in tallies:
        column = 5 - int(tally.level)  # best first
        for table, key in ((by_service, tally.service_id), (by_window, tally.window)):
            table.setdefault(key, [0, 0, 0, 0, 0])[column] += tally.count
    if cipher is not None and any(r.reason for r in bad):
        with engine.begin() as connection:
            append_event(
                connection,
                AuditEvent(
                    kind=EventKind.LOOKUP,
                    actor=actor.username,
                    items=("rating.reason",),
                    detail=f"follow-up list of {len(bad)} bad ratings ({first_day} to {last_day})",
                    workstation=workstation,
                ),
            )
    return Satisfaction(
        first_day=first_day,
        last_day=last_day,
        by_service=tuple(SatisfactionRow(k, _five(v)) for k, v in sorted(by_service.items())),
        by_window=tuple(SatisfactionRow(k, _five(v)) for k, v in sorted(by_window.items())),
        to_follow_up=tuple(bad),
    )
