"""Read the audit log page by page for the audit viewer: permission-checked, viewing audited.

Permission: reading records needs ``EXPORT_AUDIT``. The viewer shows the records' content
(who did what, to which case, from which window), which is exactly what an export hands
out; ``VERIFY_AUDIT`` only yields whether the chain holds and where it breaks, so it is the
verify button's permission (``app.audit.verify_audit``), not the reader's. Supervisors and
admins hold both; a clerk holds neither.

Auditing: looking at the audit trail is an access like any other (DESIGN.md: every access
is audited), recorded as one ``ADMIN_ACTION`` "audit log viewed (…)" naming the filter —
once per applied filter (:func:`view_audit_log`) or jump to a record
(:func:`view_audit_records_around`), never per page: paging on (:func:`older_audit_records`,
:func:`newer_audit_records`) reads more of what was already recorded as viewed. The record
is written before anything is read, so nothing is shown that was not recorded. A refusal is
recorded too, with success false.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from counterapp.app.audited import record_event, require_audited
from counterapp.audit.events import EventKind
from counterapp.audit.record import AuditRecord
from counterapp.cases.deadlines import HALL_TIMEZONE
from counterapp.errors import CounterError
from counterapp.store import audit_log, audit_query
from counterapp.store.audit_query import AuditFilter
from counterapp.users import Actor, Permission, require

PAGE_SIZE = 200
"""Records per page: a few screens of the table, read in a few milliseconds."""

JUMP_CONTEXT = 10
"""Newer records shown above the one jumped to, so it is seen in its surroundings."""

MAX_TEXT = 64
"""Longest search text: a case number or a few words of a detail."""

_ID_NUMBER_LIKE = re.compile(r"\d{17}[\dXx]")

__all__ = [
    "JUMP_CONTEXT",
    "PAGE_SIZE",
    "AuditFilter",
    "AuditPage",
    "AuditQueryRefused",
    "audit_actors",
    "describe_filter",
    "newer_audit_records",
    "older_audit_records",
    "view_audit_log",
    "view_audit_records_around",
]


class AuditQueryRefused(CounterError):
    """A filter that cannot be used (its text looks like a resident ID number, or is long)."""


@dataclass(frozen=True)
class AuditPage:
    """One page of records, newest first, and whether more lie beyond it.

    Attributes:
        records: the records, descending by seq.
        older: more matching records lie below the last one (fetch with its seq).
        newer: more matching records lie above the first one (after a jump).
    """

    records: tuple[AuditRecord, ...]
    older: bool
    newer: bool = False


def describe_filter(criteria: AuditFilter) -> str:
    """The filter in a few words, for the audit record of a view (no personal values)."""
    if criteria.empty:
        return "no filter"
    parts = []
    if criteria.start is not None:
        parts.append(f"from {_hall_time(criteria.start)}")
    if criteria.end is not None:
        parts.append(f"before {_hall_time(criteria.end)}")
    if criteria.actor:
        parts.append(f"actor {criteria.actor}")
    if criteria.kind is not None:
        parts.append(f"kind {criteria.kind}")
    if criteria.text.strip():
        parts.append(f"text {criteria.text.strip()!r}")
    if criteria.success is not None:
        parts.append("successes only" if criteria.success else "failures only")
    return ", ".join(parts)


def view_audit_log(
    engine: Engine,
    actor: Actor,
    criteria: AuditFilter | None = None,
    *,
    limit: int = PAGE_SIZE,
    workstation: str = "",
) -> AuditPage:
    """Apply a filter: record that the log was viewed with it, then read the newest page.

    Raises:
        PermissionDenied: the actor lacks EXPORT_AUDIT (recorded, success false).
        AuditQueryRefused: the filter's text cannot be searched for.
    """
    criteria = _checked(criteria or AuditFilter())
    _authorize(engine, actor, workstation)
    detail = f"audit log viewed ({describe_filter(criteria)})"
    record_event(engine, actor, EventKind.ADMIN_ACTION, detail, workstation=workstation)
    return _older(engine, criteria, None, limit)


def older_audit_records(
    engine: Engine, actor: Actor, criteria: AuditFilter, *, before_seq: int, limit: int = PAGE_SIZE
) -> AuditPage:
    """The next page below ``before_seq`` of a view already opened (not audited again).

    Raises:
        PermissionDenied: the actor lacks EXPORT_AUDIT.
    """
    require(actor, Permission.EXPORT_AUDIT)
    return _older(engine, _checked(criteria), before_seq, limit)


def newer_audit_records(
    engine: Engine, actor: Actor, criteria: AuditFilter, *, after_seq: int, limit: int = PAGE_SIZE
) -> AuditPage:
    """Up to ``limit`` records just above ``after_seq`` (newest first; not audited again).

    ``older`` of the page is True (the record ``after_seq`` at least lies below it).

    Raises:
        PermissionDenied: the actor lacks EXPORT_AUDIT.
    """
    require(actor, Permission.EXPORT_AUDIT)
    criteria = _checked(criteria)
    with audit_log.snapshot(engine) as connection:
        rows = audit_query.newer_page(connection, criteria, after_seq=after_seq, limit=limit + 1)
    newer = len(rows) > limit
    return AuditPage(tuple(reversed(rows[:limit])), older=True, newer=newer)


def view_audit_records_around(
    engine: Engine,
    actor: Actor,
    seq: int,
    *,
    limit: int = PAGE_SIZE,
    context: int = JUMP_CONTEXT,
    workstation: str = "",
) -> AuditPage:
    """Jump to record ``seq`` (a broken one, after a verify): unfiltered, ``context`` newer
    records above it, the rest of the page below; recorded as a view of that record.

    Raises:
        PermissionDenied: the actor lacks EXPORT_AUDIT (recorded, success false).
    """
    _authorize(engine, actor, workstation)
    detail = f"audit log viewed (around record {seq})"
    record_event(engine, actor, EventKind.ADMIN_ACTION, detail, workstation=workstation)
    limit = max(limit, context + 1)
    with audit_log.snapshot(engine) as connection:
        top = seq + context + 1
        rows = audit_query.older_page(connection, AuditFilter(), before_seq=top, limit=limit + 1)
        newest = audit_query.newest_seq(connection)
    shown = rows[:limit]
    highest = shown[0].seq if shown else top - 1
    return AuditPage(tuple(shown), older=len(rows) > limit, newer=newest > highest)


def audit_actors(engine: Engine, actor: Actor) -> list[str]:
    """The user names found in the log, for the actor filter's suggestions.

    Raises:
        PermissionDenied: the actor lacks EXPORT_AUDIT.
    """
    require(actor, Permission.EXPORT_AUDIT)
    with audit_log.snapshot(engine) as connection:
        return audit_query.actors(connection)


def _older(engine: Engine, criteria: AuditFilter, before_seq: int | None, limit: int) -> AuditPage:
    with audit_log.snapshot(engine) as connection:
        rows = audit_query.older_page(connection, criteria, before_seq=before_seq, limit=limit + 1)
    return AuditPage(tuple(rows[:limit]), older=len(rows) > limit)


def _checked(criteria: AuditFilter) -> AuditFilter:
    text = criteria.text.strip()
    if len(text) > MAX_TEXT:
        raise AuditQueryRefused(
            f"the search text is longer than {MAX_TEXT} characters",
            f"搜索文字不能超过 {MAX_TEXT} 个字符",
        )
    if _ID_NUMBER_LIKE.search(text):
        raise AuditQueryRefused(
            "audit records never hold resident ID numbers: search by case number, user or "
            "event kind",
            "审计记录不含身份号码：请按办件编号、用户或事件类型查找",
        )
    actor = (criteria.actor or "").strip().lower() or None
    if actor != criteria.actor or text != criteria.text:
        return AuditFilter(
            criteria.start, criteria.end, actor, criteria.kind, text, criteria.success
        )
    return criteria


def _hall_time(moment: datetime) -> str:
    return moment.astimezone(HALL_TIMEZONE).strftime("%Y-%m-%d %H:%M")


def _authorize(engine: Engine, actor: Actor, workstation: str) -> None:
    require_audited(
        engine,
        actor,
        Permission.EXPORT_AUDIT,
        EventKind.ADMIN_ACTION,
        action="audit log view",
        workstation=workstation,
    )
