"""Tables of cases, their parts, case numbering, consent records and drafts.

Personal values are stored as :class:`~counterapp.protection.FieldCipher` tokens, each
column registered below so ``counterapp keys rotate`` re-encrypts it. An applicant's
resident ID is also stored as a blind index (keyed hash) so cases can be found by it.
Field values of catalog items below level 3 stay plain (``plain_value``); every other
value, and every typed value (its classification is unknown), goes to ``secret_value``.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from counterapp.protection import register_encrypted_column
from counterapp.store.base import Base

_meta = Base.metadata


def _case_id() -> Column:
    return Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)


cases = Table(
    "cases",
    _meta,
    Column("id", Integer, primary_key=True),
    Column("number", String(40), nullable=False, unique=True),
    Column("service_id", String(100), nullable=False),
    Column("form_version", String(40), nullable=False),
    Column("state", String(20), nullable=False),
    Column("accepted_at", DateTime(timezone=True), nullable=False),
    Column("due_date", Date, nullable=False),
    Column("due_date_provisional", Boolean, nullable=False, server_default=false()),
    Column("promised_days", Integer, nullable=False),
    Column("clerk", String(64), nullable=False),
    Column("service_window", String(16), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # review (0006): bumped by every change, for the optimistic check of two reviewers
    Column("version", Integer, nullable=False, server_default="1"),
    Column("assignee", String(64), nullable=True),  # the supervisor reviewing it
    Index("ix_cases_state_accepted_at", "state", "accepted_at", "id"),
    Index("ix_cases_state_due_date", "state", "due_date", "id"),
    Index("ix_cases_due_date", "due_date"),
)

case_applicants = Table(
    "case_applicants",
    _meta,
    Column("id", Integer, primary_key=True),
    _case_id(),
    Column("position", Integer, nullable=False),
    Column("role", String(20), nullable=False),
    Column("id_number", Text, nullable=False),  # token
    Column("id_number_index", String(64), nullable=False),  # blind index, resident_id
    Column("name", Text, nullable=False),  # token
    UniqueConstraint("case_id", "position", name="uq_case_applicants_case_position"),
    Index("ix_case_applicants_id_number_index", "id_number_index"),
)

case_fields = Table(
    "case_fields",
    _meta,
    Column("id", Integer, primary_key=True),
    _case_id(),
    Column("position", Integer, nullable=False),
    Column("field_id", String(64), nullable=False),
    Column("item", String(100), nullable=True),
    Column("plain_value", Text, nullable=True),
    Column("secret_value", Text, nullable=True),  # token
    Column("source_kind", String(16), nullable=False),
    Column("department", String(64), nullable=True),
    Column("retrieved_at", DateTime(timezone=True), nullable=True),
    Column("verified", Boolean, nullable=False),
    Column("original", Text, nullable=True),  # token: the department's value, if corrected
    UniqueConstraint("case_id", "field_id", name="uq_case_fields_case_field"),
)

case_materials = Table(
    "case_materials",
    _meta,
    Column("id", Integer, primary_key=True),
    _case_id(),
    Column("position", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("exempted_by", String(64), nullable=True),
    Column("proven_items", Text, nullable=False),  # JSON array of catalog item codes
    UniqueConstraint("case_id", "position", name="uq_case_materials_case_position"),
)

case_timeline = Table(
    "case_timeline",
    _meta,
    Column("id", Integer, primary_key=True),
    _case_id(),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("from_state", String(20), nullable=True),
    Column("to_state", String(20), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("reason", Text, nullable=False),  # token: a clerk's words may name people
    Index("ix_case_timeline_case_id", "case_id", "id"),
)

case_corrections = Table(
    "case_corrections",
    _meta,
    Column("id", Integer, primary_key=True),
    _case_id(),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("items", Text, nullable=False),  # JSON array of {"name", "reason"}: no personal data
    Index("ix_case_corrections_case_id", "case_id", "id"),
)

case_changes = Table(
    "case_changes",
    _meta,
    # The SQLite change feed the open queues poll (PostgreSQL notifies instead): one row
    # per committed case change, in commit order (SQLite writers are serialized).
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("number", String(40), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

case_counters = Table(
    "case_counters",
    _meta,
    Column("hall_code", String(20), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("last_sequence", Integer, nullable=False),
)

consent_records = Table(
    "consent_records",
    _meta,
    Column("id", Integer, primary_key=True),
    Column("applicant_id_number", Text, nullable=False),  # token
    Column("applicant_index", String(64), nullable=False),  # blind index, resident_id
    Column("purpose", String(100), nullable=False),
    Column("method", String(32), nullable=False),
    Column("departments", Text, nullable=False),  # JSON array, sorted
    Column("categories", Text, nullable=False),  # JSON array, sorted
    Column("recorded_by", String(64), nullable=False),
    Column("witness", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("case_number", String(40), nullable=True),
    Index("ix_consent_records_applicant_purpose", "applicant_index", "purpose"),
)

case_drafts = Table(
    "case_drafts",
    _meta,
    Column("draft_id", String(64), primary_key=True),
    Column("owner", String(64), nullable=False),
    Column("payload", Text, nullable=False),  # token: the form as typed so far (JSON)
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Index("ix_case_drafts_owner", "owner"),
)

ENCRYPTED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("case_applicants", "id_number"),
    ("case_applicants", "name"),
    ("case_fields", "secret_value"),
    ("case_fields", "original"),
    ("case_timeline", "reason"),
    ("consent_records", "applicant_id_number"),
    ("case_drafts", "payload"),
)


def context(table: str, column: str) -> str:
    """The encryption context of a column: ``"<table>.<column>"``."""
    return f"{table}.{column}"


for _table, _column in ENCRYPTED_COLUMNS:
    register_encrypted_column(_table, _column, context(_table, _column))
