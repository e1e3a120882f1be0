"""A supervisor reviews a case: start, approve, return for correction, reject, reassign.

Every action is permission-checked here (a refusal is audited, with success false), names
the case :attr:`~counterapp.cases.Case.version` the supervisor was looking at, and runs in
one transaction with the case row locked: the state, the timeline, the change notice for
the open queues and the audit event commit together. When two supervisors act on the same
case at once, the first to commit wins; the second finds a newer version under the lock
and gets :class:`CaseChangedMeanwhile`, naming who changed it and to what, and nothing of
theirs is written (the screen keeps what they typed, so they can look again and retry).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, insert, select

from counterapp.app.cases import CaseNotFound, move_locked
from counterapp.app.clock import utc_now
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.cases import Case, CaseState
from counterapp.cases.numbers import parse_case_number
from counterapp.errors import CounterError
from counterapp.protection import FieldCipher
from counterapp.store import cases as case_store
from counterapp.store.audit_log import append_event
from counterapp.store.case_changes import case_changed
from counterapp.store.case_tables import case_corrections, case_timeline, cases
from counterapp.store.users import get_user
from counterapp.users import Actor, Permission, PermissionDenied, has_permission, require

__all__ = [
    "CaseChangedMeanwhile",
    "CorrectionItem",
    "CorrectionRequest",
    "ReviewInputError",
    "approve",
    "corrections_of",
    "parse_missing",
    "reassign",
    "reject",
    "return_for_correction",
    "start_review",
]


class CaseChangedMeanwhile(CounterError):
    """Someone else changed the case since the supervisor looked at it.

    Attributes:
        number: the case.
        seen: the version the supervisor acted on.
        current: its version now.
        state: its state now.
        by: who made the latest change ("" when unknown).
    """

    def __init__(self, number: str, seen: int, current: int, state: CaseState, by: str) -> None:
        self.number, self.seen, self.current, self.state, self.by = (
            number,
            seen,
            current,
            state,
            by,
        )
        who_en = f" by {by}" if by else ""
        who_zh = f"（{by}）" if by else ""
        super().__init__(
            f"case {number} was changed{who_en} while you looked at it (now {state.label_en}); "
            "nothing was saved: look at it again",
            f"办件 {number} 在您查看期间已被他人处理{who_zh}，现为“{state.label_zh}”；"
            "您的操作未保存，请重新查看后再处理",
        )


class ReviewInputError(CounterError, ValueError):
    """A review action is missing what it needs (a reason, the missing items, a person)."""


@dataclass(frozen=True)
class CorrectionItem:
    """One document the applicant must bring or correct, and why (no personal data)."""

    name: str
    reason: str

    def __post_init__(self) -> None:
        if not self.name.strip() or not self.reason.strip():
            raise ReviewInputError(
                "each missing item names the document and why it is needed",
                "每项补正材料须写明材料名称和原因",
            )


@dataclass(frozen=True)
class CorrectionRequest:
    """A return for correction as stored: when, by whom, and every item at once."""

    requested_at: datetime
    requested_by: str
    items: tuple[CorrectionItem, ...]


def parse_missing(text: str) -> list[CorrectionItem]:
    """The missing items a reviewer typed, one per line: ``document | why``; a line
    without ``|`` gives the why "须补正" (to be corrected). Blank lines are skipped.

    Raises:
        ReviewInputError: a line names no document.
    """
    items = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, reason = line.partition("|")
        items.append(CorrectionItem(name.strip(), reason.strip() or "须补正"))
    return items


def _refused(
    engine: Engine, actor: Actor, number: str, what: str, why: str, workstation: str
) -> None:
    with engine.begin() as connection:
        append_event(
            connection,
            AuditEvent(
                kind=EventKind.STATE_CHANGE,
                actor=actor.username,
                case_number=number,
                success=False,
                detail=f"review {what} refused: {why}",
                workstation=workstation,
            ),
        )


def _authorize(
    engine: Engine, actor: Actor, number: str, what: str, permission: Permission, workstation: str
) -> None:
    try:
        require(actor, permission)
    except PermissionDenied:
        _refused(engine, actor, number, what, f"lacks permission {permission}", workstation)
        raise


def _last_actor(connection: Connection, case_id: int) -> str:
    query = (
        select(case_timeline.c.actor)
        .where(case_timeline.c.case_id == case_id)
        .order_by(case_timeline.c.id.desc())
        .limit(1)
    )
    return connection.execute(query).scalar_one_or_none() or ""


_Body = Callable[[Connection, case_store.CaseHead], None]
"""The action itself, on the locked case whose version was checked."""


def _act(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    case_number: str,
    seen_version: int,
    what: str,
    permission: Permission,
    workstation: str,
    body: _Body,
) -> Case:
    number = str(parse_case_number(case_number))
    _authorize(engine, actor, number, what, permission, workstation)
    conflict: CaseChangedMeanwhile | None = None
    case: Case | None = None
    with engine.begin() as connection:
        head = case_store.lock_case(connection, number)
        if head is None:
            raise CaseNotFound(number)
        if head.version != seen_version:
            by = _last_actor(connection, head.id)
            conflict = CaseChangedMeanwhile(number, seen_version, head.version, head.state, by)
        else:
            body(connection, head)
            case = case_store.load_case(connection, cipher, number)
    if conflict is not None:
        why = f"changed meanwhile (saw version {seen_version}, now {conflict.current})"
        _refused(engine, actor, number, what, why, workstation)
        raise conflict
    assert case is not None
    return case


def start_review(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    case_number: str,
    *,
    seen_version: int,
    now: datetime | None = None,
    workstation: str = "",
) -> Case:
    """Take an accepted case into review (accepted → in review), assigned to the actor
    unless it is assigned to someone already.

    Raises:
        PermissionDenied: not a reviewer (audited).
        InvalidCaseNumber / CaseNotFound: no such case.
        CaseChangedMeanwhile: the case is no longer at ``seen_version`` (audited).
        IllegalTransition: the case is not accepted.
    """
    moment = utc_now(now)

    def body(connection: Connection, head: case_store.CaseHead) -> None:
        moved = move_locked(
            connection, cipher, actor, head, CaseState.IN_REVIEW, "", moment, workstation
        )
        if moved.assignee is None:
            case_store.set_assignee(connection, moved.id, actor.username, moment, bump=False)

    return _act(
        engine,
        cipher,
        actor,
        case_number,
        seen_version,
        "start",
        Permission.REVIEW_CASE,
        workstation,
        body,
    )


def approve(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    case_number: str,
    *,
    seen_version: int,
    note: str = "",
    now: datetime | None = None,
    workstation: str = "",
) -> Case:
    """Approve a case: it is completed (办结). An accepted case not yet in review is taken
    into review and completed in the same transaction (two timeline entries).

    Raises:
        PermissionDenied: the actor may not complete cases (audited).
        CaseChangedMeanwhile: the case is no longer at ``seen_version`` (audited).
        IllegalTransition: the case is closed or returned.
    """
    moment = utc_now(now)

    def body(connection: Connection, head: case_store.CaseHead) -> None:
        if head.state is CaseState.ACCEPTED:
            require(actor, Permission.REVIEW_CASE)
            head = move_locked(
                connection, cipher, actor, head, CaseState.IN_REVIEW, "", moment, workstation
            )
        move_locked(
            connection, cipher, actor, head, CaseState.COMPLETED, note.strip(), moment, workstation
        )

    return _act(
        engine,
        cipher,
        actor,
        case_number,
        seen_version,
        "approve",
        Permission.COMPLETE_CASE,
        workstation,
        body,
    )


def reject(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    case_number: str,
    *,
    seen_version: int,
    reason: str,
    now: datetime | None = None,
    workstation: str = "",
) -> Case:
    """Reject a case (不予受理) with the reason the applicant is told (kept encrypted in the
    timeline: it may name people).

    Raises:
        ReviewInputError: no reason given; nothing is written.
        PermissionDenied / CaseChangedMeanwhile / IllegalTransition: as :func:`approve`.
    """
    if not reason.strip():
        raise ReviewInputError("a rejection needs its reason", "不予受理须写明理由")
    moment = utc_now(now)

    def body(connection: Connection, head: case_store.CaseHead) -> None:
        move_locked(
            connection, cipher, actor, head, CaseState.REJECTED, reason.strip(), moment, workstation
        )

    return _act(
        engine,
        cipher,
        actor,
        case_number,
        seen_version,
        "reject",
        Permission.REJECT_CASE,
        workstation,
        body,
    )


def return_for_correction(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    case_number: str,
    *,
    seen_version: int,
    missing: Sequence[CorrectionItem],
    note: str = "",
    now: datetime | None = None,
    workstation: str = "",
) -> Case:
    """Return a case for correction (退回补正) with every missing item at once: what the
    one-time notification prints (:func:`counterapp.app.receipts.correction_notice`).

    Raises:
        ReviewInputError: no missing item; nothing is written.
        PermissionDenied / CaseChangedMeanwhile / IllegalTransition: as :func:`approve`.
    """
    items = tuple(missing)
    if not items:
        raise ReviewInputError(
            "a return for correction lists at least one missing item",
            "退回补正须列明至少一项需补正的材料",
        )
    moment = utc_now(now)
    listed = "; ".join(item.name for item in items)

    def body(connection: Connection, head: case_store.CaseHead) -> None:
        reason = f"补正：{listed}" + (f"（{note.strip()}）" if note.strip() else "")
        move_locked(
            connection, cipher, actor, head, CaseState.RETURNED, reason, moment, workstation
        )
        connection.execute(
            insert(case_corrections).values(
                case_id=head.id,
                requested_at=moment,
                requested_by=actor.username,
                items=json.dumps(
                    [{"name": i.name, "reason": i.reason} for i in items], ensure_ascii=False
                ),
            )
        )

    return _act(
        engine,
        cipher,
        actor,
        case_number,
        seen_version,
        "return",
        Permission.RETURN_CASE,
        workstation,
        body,
    )


def reassign(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    case_number: str,
    *,
    seen_version: int,
    to: str,
    now: datetime | None = None,
    workstation: str = "",
) -> Case:
    """Assign the case's review to the user ``to``, who must be an active reviewer.

    Raises:
        ReviewInputError: ``to`` is no user, is disabled, or may not review cases.
        PermissionDenied / CaseChangedMeanwhile: as :func:`approve`.
        IllegalTransition: the case is closed (nothing left to review).
    """
    moment = utc_now(now)
    username = to.strip().lower()

    def body(connection: Connection, head: case_store.CaseHead) -> None:
        if head.state.closed:
            raise ReviewInputError(
                f"case {head.number} is {head.state.label_en}: there is nothing to reassign",
                f"办件 {head.number} 已{head.state.label_zh}，无需改派",
            )
        user = get_user(connection, username)
        if user is None or user.disabled:
            raise ReviewInputError(
                f"there is no active user {username!r} to reassign to",
                f"没有可改派的有效用户“{username}”",
            )
        if not has_permission(Actor(user.username, user.role), Permission.REVIEW_CASE):
            raise ReviewInputError(
                f"{username} may not review cases (role {user.role.value})",
                f"{username} 无审核办件的权限",
            )
        case_store.set_assignee(connection, head.id, user.username, moment)
        case_changed(connection, head.number, moment)
        append_event(
            connection,
            AuditEvent(
                kind=EventKind.STATE_CHANGE,
                actor=actor.username,
                case_number=head.number,
                detail=f"review reassigned from {head.assignee or '-'} to {user.username}",
                workstation=workstation,
            ),
        )

    return _act(
        engine,
        cipher,
        actor,
        case_number,
        seen_version,
        "reassign",
        Permission.REVIEW_CASE,
        workstation,
        body,
    )


def corrections_of(engine: Engine, actor: Actor, case_number: str) -> tuple[CorrectionRequest, ...]:
    """Every return for correction of a case, oldest first.

    Raises:
        PermissionDenied: the actor may neither look up cases nor view the queue.
        InvalidCaseNumber / CaseNotFound: no such case.
    """
    if not (
        has_permission(actor, Permission.LOOKUP) or has_permission(actor, Permission.VIEW_QUEUE)
    ):
        require(actor, Permission.VIEW_QUEUE)
    number = str(parse_case_number(case_number))
    with engine.connect() as connection:
        head = connection.execute(
            select(cases.c.id).where(cases.c.number == number)
        ).scalar_one_or_none()
        if head is None:
            raise CaseNotFound(number)
        rows = connection.execute(
            select(case_corrections)
            .where(case_corrections.c.case_id == head)
            .order_by(case_corrections.c.id)
        ).all()
    return tuple(
        CorrectionRequest(
            requested_at=case_store.utc(row.requested_at) or row.requested_at,
            requested_by=row.requested_by,
            items=tuple(CorrectionItem(i["name"], i["reason"]) for i in json.loads(row.items)),
        )
        for row in rows
    )
