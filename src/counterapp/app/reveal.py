"""Revealing masked personal data: allowed to some roles, always with a reason, audited."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine

from counterapp.audit.events import AuditEvent, EventKind
from counterapp.errors import CounterError
from counterapp.store.audit_log import append_event
from counterapp.users import Actor, Permission, require


class RevealRefused(CounterError, ValueError):
    """A reveal without a reason; ``reason_zh`` for the screen."""

    def __init__(self) -> None:
        super().__init__("revealing masked values needs a reason", "查看完整信息须填写原因")


def record_reveal(
    engine: Engine,
    actor: Actor,
    items: Iterable[str],
    *,
    reason: str,
    case_number: str | None = None,
    workstation: str = "",
) -> int:
    """Check that ``actor`` may reveal, and audit which items were revealed and why.

    Call it before showing the values. Returns the audit event's sequence number.

    Raises:
        PermissionDenied: the actor's role may not reveal masked values.
        RevealRefused: no reason was given.
    """
    require(actor, Permission.REVEAL_MASKED)
    if not reason.strip():
        raise RevealRefused()
    with engine.begin() as connection:
        return append_event(
            connection,
            AuditEvent(
                kind=EventKind.REVEAL,
                actor=actor.username,
                case_number=case_number,
                items=tuple(sorted(set(items))),
                detail=f"reason: {reason.strip()[:200]}",
                workstation=workstation,
            ),
        )
