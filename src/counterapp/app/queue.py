"""The supervisor's live queue of cases: a permission-checked, consistent page.

Viewing the queue is not audited: its rows name cases, services, dates and clerks, never an
applicant's data (a lookup, a reveal or a print of a case is audited where it happens).
Searching it by a resident ID is: it tells which cases a person has, so the first page of
such a search appends a LOOKUP event (the ID itself is never written).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from counterapp.audit.events import AuditEvent, EventKind
from counterapp.cases import CaseState, hall_day, hall_day_start
from counterapp.cases.numbers import InvalidCaseNumber, parse_case_number
from counterapp.errors import CounterError
from counterapp.protection import FieldCipher
from counterapp.standards import resident_id
from counterapp.store.audit_log import append_event
from counterapp.store.case_queue import (
    QueueCursor,
    QueueNarrowing,
    QueuePage,
    QueueRow,
    QueueSort,
    queue_page,
    queue_rows,
)
from counterapp.store.cases import resident_id_index
from counterapp.store.engine import read_only
from counterapp.users import Actor, Permission, require

__all__ = [
    "NO_FILTERS",
    "QueueFilter",
    "QueueSearchInvalid",
    "case_queue",
    "changed_rows",
    "parse_search",
]


class QueueSearchInvalid(CounterError, ValueError):
    """The search text is neither a case number nor a valid resident ID."""


@dataclass(frozen=True)
class QueueFilter:
    """What the supervisor narrowed the queue to, beyond the states (None: not applied).

    Attributes:
        service_id: one service.
        clerk: the accepting clerk's user name.
        window: the service window.
        accepted_from: the first hall day of acceptance (included).
        accepted_to: the last hall day of acceptance (included).
        due_soon: open cases due within three days, not overdue yet.
        search: a case number, or an applicant's resident ID (18 or 15 characters).
    """

    service_id: str | None = None
    clerk: str | None = None
    window: str | None = None
    accepted_from: date | None = None
    accepted_to: date | None = None
    due_soon: bool = False
    search: str = ""

    @property
    def searches_person(self) -> bool:
        return bool(self.search.strip()) and not _is_case_number(self.search)


NO_FILTERS = QueueFilter()


def _is_case_number(text: str) -> bool:
    try:
        parse_case_number(text)
    except InvalidCaseNumber:
        return False
    return True


def parse_search(text: str) -> tuple[str | None, str | None]:
    """``(case number, resident ID)`` of a search text; both None for a blank one.

    Raises:
        QueueSearchInvalid: neither a case number nor a valid resident ID (says why).
    """
    text = text.strip()
    if not text:
        return None, None
    try:
        return str(parse_case_number(text)), None
    except InvalidCaseNumber:
        pass
    checked = resident_id.validate(text)
    if checked.ok and checked.normalized:
        return None, checked.normalized
    if text[:1].isdigit() and len(text) in (15, 18):
        raise QueueSearchInvalid(
            f"not a valid resident ID: {checked.reason}", f"身份证号码无效：{checked.reason_zh}"
        )
    raise QueueSearchInvalid(
        "search for a case number (e.g. 330100-20260316-00001) or a resident ID",
        "请输入办件编号（如 330100-20260316-00001）或身份证号码",
    )


def _narrowing(filters: QueueFilter, cipher: FieldCipher | None) -> QueueNarrowing:
    number, person = parse_search(filters.search)
    if person is not None and cipher is None:
        raise ValueError("searching the queue by resident ID needs the cipher")
    if (
        filters.accepted_from is not None
        and filters.accepted_to is not None
        and filters.accepted_to < filters.accepted_from
    ):
        raise QueueSearchInvalid(
            f"the date range ends ({filters.accepted_to}) before it starts "
            f"({filters.accepted_from})",
            f"日期范围的结束日（{filters.accepted_to}）早于开始日（{filters.accepted_from}）",
        )
    return QueueNarrowing(
        service_id=filters.service_id or None,
        clerk=filters.clerk or None,
        window=filters.window or None,
        accepted_from=None
        if filters.accepted_from is None
        else hall_day_start(filters.accepted_from),
        accepted_before=None
        if filters.accepted_to is None
        else hall_day_start(filters.accepted_to + timedelta(days=1)),
        due_soon=filters.due_soon,
        number=number,
        applicant_index=None
        if person is None or cipher is None
        else resident_id_index(cipher, person),
    )


def case_queue(
    engine: Engine,
    actor: Actor,
    *,
    states: Collection[CaseState],
    today: date | None = None,
    overdue_only: bool = False,
    after: QueueCursor | None = None,
    limit: int = 50,
    filters: QueueFilter = NO_FILTERS,
    sort: QueueSort = QueueSort.NEWEST,
    cipher: FieldCipher | None = None,
    workstation: str = "",
) -> QueuePage:
    """One page of the queue, read in one snapshot that never blocks writers.

    Args:
        actor: the signed-in user; needs :attr:`Permission.VIEW_QUEUE` (supervisor, admin).
        states: the states shown.
        today: the hall's day for the overdue flag and filter (default: today in the hall,
            UTC+8).
        overdue_only: only open cases past their due date.
        after: the previous page's ``next_cursor`` (same filters and sort); None for the
            first page.
        limit: rows per page (1 to :data:`counterapp.store.case_queue.MAX_LIMIT`).
        filters: service, clerk, window, acceptance days, due soon, search.
        sort: the order (newest accepted first by default).
        cipher: needed to search by resident ID (its blind index).
        workstation: named in the audit event of a search by resident ID.

    Raises:
        PermissionDenied: the actor may not view the queue (clerks); nothing is read.
        QueueSearchInvalid: the search text or the date range is not valid.
        ValueError: ``limit`` is out of range.
    """
    require(actor, Permission.VIEW_QUEUE)
    day = hall_day(datetime.now(UTC)) if today is None else today
    narrowing = _narrowing(filters, cipher)
    with engine.connect() as plain:
        connection = read_only(plain)
        with connection.begin():
            page = queue_page(
                connection,
                states=states,
                today=day,
                overdue_only=overdue_only,
                after=after,
                limit=limit,
                narrowing=narrowing,
                sort=sort,
            )
    if narrowing.applicant_index is not None and after is None:
        with engine.begin() as connection:
            append_event(
                connection,
                AuditEvent(
                    kind=EventKind.LOOKUP,
                    actor=actor.username,
                    items=("person.id_number",),
                    detail=f"queue search by resident ID: {len(page.rows)} on the first page",
                    workstation=workstation,
                ),
            )
    return page


def changed_rows(
    engine: Engine, actor: Actor, numbers: Collection[str], *, today: date | None = None
) -> dict[str, QueueRow]:
    """The current queue rows of the cases ``numbers`` (by number; a deleted one is absent).

    What an open queue re-reads when it is told these cases changed.

    Raises:
        PermissionDenied: the actor may not view the queue.
    """
    require(actor, Permission.VIEW_QUEUE)
    day = hall_day(datetime.now(UTC)) if today is None else today
    with engine.connect() as plain:
        connection = read_only(plain)
        with connection.begin():
            return queue_rows(connection, numbers, today=day)
