"""Keep drafts of forms being filled in, encrypted, one row per draft, overwritten on save."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from counterapp.protection import FieldCipher
from counterapp.store.case_tables import case_drafts, context
from counterapp.store.cases import utc

_CONTEXT = context("case_drafts", "payload")


@dataclass(frozen=True)
class InterruptedCaseRow:
    """An interrupted case as stored: one row of the drafts table, payload decrypted.

    Attributes:
        draft_id: chosen by the caller (the GUI uses a UUID per open form).
        owner: the username whose draft it is.
        payload: the form's values (JSON-compatible).
        created_at: first saved.
        saved_at: last saved.
    """

    draft_id: str
    owner: str
    payload: dict[str, Any]
    created_at: datetime
    saved_at: datetime


class DraftNotYours(Exception):
    """A draft id that belongs to another user."""


def upsert_draft(
    connection: Connection,
    cipher: FieldCipher,
    owner: str,
    draft_id: str,
    payload: dict[str, Any],
    now: datetime,
) -> bool:
    """Save the draft, replacing an earlier save; True when it was new.

    Raises:
        DraftNotYours: the id is another user's draft.
    """
    token = cipher.encrypt(json.dumps(payload, ensure_ascii=False), context=_CONTEXT)
    changed = connection.execute(
        update(case_drafts)
        .where(case_drafts.c.draft_id == draft_id, case_drafts.c.owner == owner)
        .values(payload=token, saved_at=now)
    ).rowcount
    if changed:
        return False
    taken = connection.execute(
        select(case_drafts.c.owner).where(case_drafts.c.draft_id == draft_id)
    ).scalar()
    if taken is not None:
        raise DraftNotYours(f"draft {draft_id!r} belongs to another user")
    connection.execute(
        insert(case_drafts).values(
            draft_id=draft_id, owner=owner, payload=token, created_at=now, saved_at=now
        )
    )
    return True


def select_drafts(
    connection: Connection, cipher: FieldCipher, owner: str
) -> list[InterruptedCaseRow]:
    """The owner's drafts, most recently saved first."""
    query = (
        select(case_drafts)
        .where(case_drafts.c.owner == owner)
        .order_by(case_drafts.c.saved_at.desc(), case_drafts.c.draft_id)
    )
    return [
        InterruptedCaseRow(
            draft_id=row.draft_id,
            owner=row.owner,
            payload=json.loads(cipher.decrypt(row.payload, context=_CONTEXT)),
            created_at=utc(row.created_at) or row.created_at,
            saved_at=utc(row.saved_at) or row.saved_at,
        )
        for row in connection.execute(query)
    ]


def delete_draft(connection: Connection, owner: str, draft_id: str) -> bool:
    """Remove one of the owner's drafts; True when there was one."""
    result = connection.execute(
        delete(case_drafts).where(case_drafts.c.draft_id == draft_id, case_drafts.c.owner == owner)
    )
    return bool(result.rowcount)
