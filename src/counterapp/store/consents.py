"""Keep consent records: the applicant's ID encrypted, found again by its blind index."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from counterapp.consent import ConsentMethod, ConsentRecord
from counterapp.protection import FieldCipher
from counterapp.store.case_tables import consent_records, context
from counterapp.store.cases import resident_id_index, utc

_ID_CONTEXT = context("consent_records", "applicant_id_number")


@dataclass(frozen=True)
class StoredConsent:
    """A consent record and its row id."""

    id: int
    record: ConsentRecord


def insert_consent(connection: Connection, cipher: FieldCipher, record: ConsentRecord) -> int:
    """Store ``record``; returns its id."""
    return connection.execute(
        insert(consent_records)
        .values(
            applicant_id_number=cipher.encrypt(record.applicant_id_number, context=_ID_CONTEXT),
            applicant_index=resident_id_index(cipher, record.applicant_id_number),
            purpose=record.purpose,
            method=record.method.value,
            departments=json.dumps(sorted(record.departments)),
            categories=json.dumps(sorted(record.categories)),
            recorded_by=record.recorded_by,
            witness=record.witness,
            recorded_at=record.recorded_at,
            case_number=record.case_number,
        )
        .returning(consent_records.c.id)
    ).scalar_one()


def consents_for(
    connection: Connection,
    cipher: FieldCipher,
    id_number: str,
    purpose: str,
    *,
    since: datetime | None = None,
) -> list[StoredConsent]:
    """The applicant's consents for ``purpose``, newest first (recorded at/after ``since``)."""
    query = select(consent_records).where(
        consent_records.c.applicant_index == resident_id_index(cipher, id_number),
        consent_records.c.purpose == purpose,
    )
    if since is not None:
        query = query.where(consent_records.c.recorded_at >= since)
    query = query.order_by(consent_records.c.recorded_at.desc(), consent_records.c.id.desc())
    return [_stored(row, cipher) for row in connection.execute(query)]


def consents_of_case(
    connection: Connection, cipher: FieldCipher, case_number: str
) -> list[StoredConsent]:
    """The consents a case was accepted under (one per applicant who gave one), oldest first."""
    query = (
        select(consent_records)
        .where(consent_records.c.case_number == case_number)
        .order_by(consent_records.c.recorded_at, consent_records.c.id)
    )
    return [_stored(row, cipher) for row in connection.execute(query)]


def _stored(row: Row[Any], cipher: FieldCipher) -> StoredConsent:
    return StoredConsent(
        row.id,
        ConsentRecord(
            applicant_id_number=cipher.decrypt(row.applicant_id_number, context=_ID_CONTEXT),
            purpose=row.purpose,
            method=ConsentMethod(row.method),
            departments=frozenset(json.loads(row.departments)),
            categories=frozenset(json.loads(row.categories)),
            recorded_by=row.recorded_by,
            recorded_at=utc(row.recorded_at) or row.recorded_at,
            case_number=row.case_number,
            witness=row.witness,
        ),
    )


def link_consent(connection: Connection, consent_id: int, case_number: str) -> None:
    """Record which case a consent was used for."""
    connection.execute(
        update(consent_records)
        .where(consent_records.c.id == consent_id)
        .values(case_number=case_number)
    )
