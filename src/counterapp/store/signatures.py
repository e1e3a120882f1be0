"""Signatures in the store: the strokes encrypted, tied to the consent record they sign."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Connection, insert, select

from counterapp.consent.signature import Signature, SignatureMethod
from counterapp.protection import FieldCipher
from counterapp.store.applicant_tables import signatures
from counterapp.store.cases import utc

__all__ = ["insert_signature", "signatures_of_consents"]

_CONTEXT = "signatures.strokes"


def insert_signature(
    connection: Connection,
    cipher: FieldCipher,
    signature: Signature,
    *,
    consent_id: int,
    captured_at: datetime,
    captured_by: str,
    purpose: str = "consent",
) -> None:
    """Store ``signature`` for consent record ``consent_id`` (strokes encrypted)."""
    strokes = None
    if signature.method is SignatureMethod.ON_SCREEN:
        strokes = cipher.encrypt(signature.to_json(), context=_CONTEXT)
    connection.execute(
        insert(signatures).values(
            consent_id=consent_id,
            purpose=purpose,
            method=signature.method.value,
            strokes=strokes,
            captured_at=captured_at,
            captured_by=captured_by,
        )
    )


def signatures_of_consents(
    connection: Connection, cipher: FieldCipher, consent_ids: Collection[int]
) -> dict[int, tuple[Signature, datetime]]:
    """The newest signature of each consent record that has one, and when it was given."""
    if not consent_ids:
        return {}
    rows = connection.execute(
        select(signatures)
        .where(signatures.c.consent_id.in_(list(consent_ids)))
        .order_by(signatures.c.captured_at, signatures.c.id)
    ).all()
    found: dict[int, tuple[Signature, datetime]] = {}
    for row in rows:
        method = SignatureMethod(row.method)
        text = None if row.strokes is None else cipher.decrypt(row.strokes, context=_CONTEXT)
        found[row.consent_id] = (
            Signature.from_json(method, text),
            utc(row.captured_at) or row.captured_at,
        )
    return found
