"""Tables of the applicant's side of the window: tickets, ratings and signatures.

A ticket (取号) carries no personal data: a number such as ``A001`` for a service category,
its hall day and where it stands. A rating (好差评) is the applicant's, written once per
case; its free-text reason may name people, so it is encrypted. A signature is the
applicant's own hand, encrypted like every personal value, and tied to the consent record
or the case it signs.
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

tickets = Table(
    "tickets",
    _meta,
    Column("id", Integer, primary_key=True),
    Column("hall_day", Date, nullable=False),  # the hall's calendar day (UTC+8) it was issued
    Column("category", String(8), nullable=False),  # service category letter(s), e.g. "A"
    Column("sequence", Integer, nullable=False),  # 1, 2, … per category and day
    Column("number", String(16), nullable=False),  # as called: "A001"
    Column("state", String(16), nullable=False),  # counterapp.tickets.TicketState
    Column("issued_at", DateTime(timezone=True), nullable=False),
    # a transferred ticket waits ahead of fresh ones; target_window: only that window calls it
    Column("priority", Integer, nullable=False, server_default="0"),
    Column("target_window", String(16), nullable=True),
    Column("window", String(16), nullable=True),  # the window that called it last
    Column("called_by", String(64), nullable=True),
    Column("first_called_at", DateTime(timezone=True), nullable=True),  # ends the wait
    Column("called_at", DateTime(timezone=True), nullable=True),  # the latest call or recall
    Column("calls", Integer, nullable=False, server_default="0"),
    Column("finished_at", DateTime(timezone=True), nullable=True),  # done or no-show
    Column("service_seconds", Integer, nullable=True),  # time at windows, parking excluded
    Column("case_number", String(40), nullable=True),  # the case opened for it
    Column("version", Integer, nullable=False, server_default="1"),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # the number, not (category, sequence): a transfer changes the category, keeps the number
    UniqueConstraint("hall_day", "number"),
    Index("ix_tickets_waiting", "hall_day", "state", "category", "priority", "id"),
    Index("ix_tickets_window", "window", "state"),
)

ticket_counters = Table(
    "ticket_counters",
    _meta,
    Column("hall_day", Date, primary_key=True),
    Column("category", String(8), primary_key=True),
    Column("last_sequence", Integer, nullable=False),
)

case_ratings = Table(
    "case_ratings",
    _meta,
    Column("id", Integer, primary_key=True),
    Column("case_number", String(40), nullable=False, unique=True),  # one rating per case
    Column("service_id", String(100), nullable=False),
    Column("clerk", String(64), nullable=False),
    Column("service_window", String(16), nullable=False),
    Column("level", Integer, nullable=False),  # 5 非常满意 … 1 非常不满意
    Column("reason", Text, nullable=False),  # token ("" encrypted too): may name people
    Column("rated_at", DateTime(timezone=True), nullable=False),
    Column("ticket_number", String(16), nullable=True),
    Column("followed_up", Boolean, nullable=False, server_default=false()),
    Index("ix_case_ratings_rated_at", "rated_at"),
)

signatures = Table(
    "signatures",
    _meta,
    Column("id", Integer, primary_key=True),
    Column(
        "consent_id",
        Integer,
        ForeignKey("consent_records.id", ondelete="CASCADE"),
        nullable=True,
    ),
    Column("case_number", String(40), nullable=True),
    Column("purpose", String(16), nullable=False),  # "consent" or "application"
    Column("method", String(16), nullable=False),  # "on_screen" or "paper"
    Column("strokes", Text, nullable=True),  # token: the pen strokes (JSON); none on paper
    Column("captured_at", DateTime(timezone=True), nullable=False),
    Column("captured_by", String(64), nullable=False),  # the clerk at the window
    Index("ix_signatures_consent_id", "consent_id"),
    Index("ix_signatures_case_number", "case_number"),
)

ENCRYPTED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("case_ratings", "reason"),
    ("signatures", "strokes"),
)

for _table, _column in ENCRYPTED_COLUMNS:
    register_encrypted_column(_table, _column, f"{_table}.{_column}")
