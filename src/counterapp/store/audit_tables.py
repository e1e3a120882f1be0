"""Tables of the audit chain: the records, and the one-row head that appends lock.

``audit_events`` holds one row per record, its primary key the gap-free sequence number.
``audit_chain_head`` (a single row, id 1) holds the last record's seq and hash, and the
anchor left by the last purge. Every append locks and updates the head in the caller's
transaction, which serializes writers and lets verify notice a deleted last record.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counterapp.store.base import Base

HEAD_ROW_ID = 1


class AuditEventRow(Base):
    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    occurred_at: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(128))
    success: Mapped[bool] = mapped_column(Boolean)
    case_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    items: Mapped[str] = mapped_column(Text)  # canonical JSON array of catalog item codes
    departments: Mapped[str] = mapped_column(Text)  # canonical JSON array
    detail: Mapped[str] = mapped_column(Text)
    workstation: Mapped[str] = mapped_column(String(128))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChainHeadRow(Base):
    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
    anchor_seq: Mapped[int] = mapped_column(BigInteger)
    anchor_hash: Mapped[str] = mapped_column(String(64))


audit_events = AuditEventRow.__table__
audit_chain_head = AuditChainHeadRow.__table__
