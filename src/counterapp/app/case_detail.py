"""One case as the supervisor's review pane shows it: the case, its corrections, its audit
history. Opening it is an access to an applicant's data, so it is audited (LOOKUP), though
the pane shows every personal value masked.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from counterapp.app.cases import CaseNotFound
from counterapp.app.review import CorrectionRequest, corrections_of
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.audit.record import AuditRecord
from counterapp.cases import Case
from counterapp.cases.numbers import parse_case_number
from counterapp.protection import FieldCipher
from counterapp.store import cases as case_store
from counterapp.store.audit_log import append_event, record_of_row
from counterapp.store.audit_tables import audit_events
from counterapp.users import Actor, Permission, require

__all__ = ["HISTORY_LIMIT", "CaseDetail", "case_detail"]

HISTORY_LIMIT = 200
"""The most audit records of one case the pane shows (the newest)."""


@dataclass(frozen=True)
class CaseDetail:
    """What the review pane shows of one case.

    Attributes:
        case: the case with its values (the pane masks them).
        corrections: every return for correction, oldest first.
        history: the case's audit records, oldest first (at most :data:`HISTORY_LIMIT`).
    """

    case: Case
    corrections: tuple[CorrectionRequest, ...]
    history: tuple[AuditRecord, ...]


def case_detail(
    engine: Engine, cipher: FieldCipher, actor: Actor, case_number: str, *, workstation: str = ""
) -> CaseDetail:
    """The case, its corrections and its audit history; the access is audited.

    Raises:
        PermissionDenied: the actor may not see applicants' data or the queue.
        InvalidCaseNumber / CaseNotFound: no such case.
    """
    require(actor, Permission.VIEW_QUEUE)
    require(actor, Permission.LOOKUP)
    number = str(parse_case_number(case_number))
    with engine.begin() as connection:
        case = case_store.load_case(connection, cipher, number)
        if case is None:
            raise CaseNotFound(number)
        rows = connection.execute(
            select(audit_events)
            .where(audit_events.c.case_number == number)
            .order_by(audit_events.c.seq.desc())
            .limit(HISTORY_LIMIT)
        ).all()
        append_event(
            connection,
            AuditEvent(
                kind=EventKind.LOOKUP,
                actor=actor.username,
                case_number=number,
                detail="case opened for review (values masked)",
                workstation=workstation,
            ),
        )
    history = tuple(reversed([record_of_row(row) for row in rows]))
    return CaseDetail(case, corrections_of(engine, actor, number), history)
