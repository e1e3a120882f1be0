"""The use cases' audit events of their own: one event, and a permission check that
records its refusal before raising.

For the events that stand alone (an admin action, an export, a refusal); the use cases
that change a case append theirs in the change's own transaction.
"""

from __future__ import annotations

from sqlalchemy import Engine

from counterapp.audit.events import AuditEvent, EventKind
from counterapp.store.audit_log import append_event
from counterapp.users import Actor, Permission, PermissionDenied, require


def record_event(
    engine: Engine,
    actor: Actor,
    kind: EventKind,
    detail: str,
    *,
    workstation: str = "",
    success: bool = True,
) -> None:
    """Append one event by ``actor`` in a transaction of its own."""
    event = AuditEvent(
        kind, actor.username, success=success, detail=detail, workstation=workstation
    )
    with engine.begin() as connection:
        append_event(connection, event)


def require_audited(
    engine: Engine,
    actor: Actor,
    permission: Permission,
    kind: EventKind,
    *,
    action: str = "",
    workstation: str = "",
) -> None:
    """Check ``actor`` may do ``permission``; a refusal is recorded, then raised.

    The refusal's detail is ``"<action> refused: lacks permission <permission>"``.

    Raises:
        PermissionDenied: the actor lacks ``permission`` (recorded as a failed ``kind``).
    """
    try:
        require(actor, permission)
    except PermissionDenied:
        refused = f"{action} refused" if action else "refused"
        detail = f"{refused}: lacks permission {permission}"
        record_event(engine, actor, kind, detail, workstation=workstation, success=False)
        raise
