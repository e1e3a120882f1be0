"""Drafts of a form being filled in: saved every few seconds, so a crash loses little.

The GUI calls :func:`save_draft` every few seconds while the clerk types, and offers
:func:`load_drafts` after a restart. Drafts are encrypted like cases. Only the first save
of a draft is audited (DRAFT_SAVED): an event per autosave would bury the trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from counterapp.audit.events import AuditEvent, EventKind
from counterapp.protection import FieldCipher
from counterapp.store.audit_log import append_event
from counterapp.store.drafts import (
    DraftNotYours,
    InterruptedCaseRow,
    delete_draft,
    select_drafts,
    upsert_draft,
)
from counterapp.users import Actor, Permission, require

__all__ = ["DraftNotYours", "InterruptedCaseRow", "discard_draft", "load_drafts", "save_draft"]

MAX_DRAFT_ID = 64


def _check_id(draft_id: str) -> None:
    if not draft_id or len(draft_id) > MAX_DRAFT_ID:
        raise ValueError(f"a draft id has 1–{MAX_DRAFT_ID} characters")


def save_draft(
    engine: Engine,
    cipher: FieldCipher,
    actor: Actor,
    draft_id: str,
    form_payload: Mapping[str, Any],
    *,
    now: datetime | None = None,
    workstation: str = "",
) -> bool:
    """Save (or overwrite) the actor's draft; True when it is a new draft.

    Args:
        draft_id: the caller's id for this form (a UUID per open form).
        form_payload: the form as typed so far; JSON-compatible values.

    Raises:
        PermissionDenied: the actor may not create cases.
        DraftNotYours: the id is another user's draft.
        TypeError: the payload is not JSON-compatible.
    """
    require(actor, Permission.CREATE_CASE)
    _check_id(draft_id)
    moment = now.astimezone(UTC) if now is not None else datetime.now(UTC)
    with engine.begin() as connection:
        created = upsert_draft(
            connection, cipher, actor.username, draft_id, dict(form_payload), moment
        )
        if created:
            append_event(
                connection,
                AuditEvent(
                    kind=EventKind.DRAFT_SAVED,
                    actor=actor.username,
                    detail=f"draft {draft_id} started",
                    workstation=workstation,
                ),
            )
    return created


def load_drafts(engine: Engine, cipher: FieldCipher, actor: Actor) -> list[InterruptedCaseRow]:
    """The actor's drafts, most recently saved first."""
    require(actor, Permission.CREATE_CASE)
    with engine.connect() as connection:
        return select_drafts(connection, cipher, actor.username)


def discard_draft(engine: Engine, actor: Actor, draft_id: str) -> bool:
    """Delete one of the actor's drafts (after submitting, or on purpose); True if it existed."""
    require(actor, Permission.CREATE_CASE)
    with engine.begin() as connection:
        return delete_draft(connection, actor.username, draft_id)
