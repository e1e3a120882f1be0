"""Filtered, paged reads of the audit log for the audit viewer: keyset by seq, never all.

A page is a bounded ``SELECT`` ordered by ``seq``: newest first below a cursor
(:func:`older_page`), or oldest first above one (:func:`newer_page`, the records above a
jump to one seq). The next page continues from the last seq shown, so paging stays as cheap
on the millionth record as on the first and never skips or repeats a record written
meanwhile. Filters combine with AND; the text filter matches part of a case number or of the
detail, case-insensitively, as a literal substring (``%`` and ``_`` are not wildcards).

Times are compared as the canonical UTC text the chain stores (it sorts in time order);
the half-open range ``[start, end)`` is given as aware datetimes. Migration
``0007_audit_viewer`` adds the indexes the actor and kind filters use with the ordering
by seq (the text filter is a substring search within what the other filters leave).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, Select, and_, func, or_, select, true

from counterapp.audit.events import EventKind
from counterapp.audit.record import AuditRecord, format_timestamp
from counterapp.store.audit_log import record_of_row
from counterapp.store.audit_tables import audit_events

MAX_PAGE = 1_000
"""The most records one page may hold, whatever a caller asks for."""


@dataclass(frozen=True)
class AuditFilter:
    """Which records to show; every field None (or empty) matches every record.

    Attributes:
        start: records written at or after this (aware).
        end: records written before this (aware).
        actor: the acting user name, exactly (user names are stored lower-case).
        kind: the event kind.
        text: part of a case number or of the detail (substring, case-insensitive).
        success: True for successes only, False for failures and refusals only.
    """

    start: datetime | None = None
    end: datetime | None = None
    actor: str | None = None
    kind: EventKind | None = None
    text: str = ""
    success: bool | None = None

    @property
    def empty(self) -> bool:
        """True when the filter lets every record through."""
        return self == AuditFilter()


def _conditions(criteria: AuditFilter) -> ColumnElement[bool]:
    table = audit_events.c
    parts: list[ColumnElement[bool]] = []
    if criteria.start is not None:
        parts.append(table.occurred_at >= format_timestamp(criteria.start))
    if criteria.end is not None:
        parts.append(table.occurred_at < format_timestamp(criteria.end))
    if criteria.actor:
        parts.append(table.actor == criteria.actor)
    if criteria.kind is not None:
        parts.append(table.kind == str(EventKind(criteria.kind)))
    if criteria.success is not None:
        parts.append(table.success.is_(criteria.success))
    text = criteria.text.strip()
    if text:
        wanted = text.lower()
        parts.append(
            or_(
                func.lower(table.case_number).contains(wanted, autoescape=True),
                func.lower(table.detail).contains(wanted, autoescape=True),
            )
        )
    return and_(true(), *parts)


def _limited(query: Select[tuple[object, ...]], limit: int) -> Select[tuple[object, ...]]:
    if limit < 1:
        raise ValueError("a page holds at least one record")
    return query.limit(min(limit, MAX_PAGE))


def older_page(
    connection: Connection, criteria: AuditFilter, *, before_seq: int | None, limit: int
) -> list[AuditRecord]:
    """Up to ``limit`` matching records with seq below ``before_seq``, newest first.

    Args:
        before_seq: the cursor (the last seq already shown); None starts at the newest.
    """
    query = select(audit_events).where(_conditions(criteria))
    if before_seq is not None:
        query = query.where(audit_events.c.seq < before_seq)
    query = _limited(query.order_by(audit_events.c.seq.desc()), limit)
    return [record_of_row(row) for row in connection.execute(query)]


def newer_page(
    connection: Connection, criteria: AuditFilter, *, after_seq: int, limit: int
) -> list[AuditRecord]:
    """Up to ``limit`` matching records with seq above ``after_seq``, oldest first."""
    query = select(audit_events).where(_conditions(criteria), audit_events.c.seq > after_seq)
    query = _limited(query.order_by(audit_events.c.seq), limit)
    return [record_of_row(row) for row in connection.execute(query)]


def newest_seq(connection: Connection) -> int:
    """The highest stored seq (0 for an empty log)."""
    return int(connection.execute(select(func.max(audit_events.c.seq))).scalar() or 0)


def actors(connection: Connection, *, limit: int = 200) -> list[str]:
    """The distinct actor names in the log, alphabetically (for the actor filter's list)."""
    query = select(audit_events.c.actor).distinct().order_by(audit_events.c.actor).limit(limit)
    return [str(name) for name in connection.execute(query).scalars()]
