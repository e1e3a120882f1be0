"""the applicant's side: tickets and their daily counters, case ratings, signatures

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hall_day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("issued_at", _TZ, nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("target_window", sa.String(16), nullable=True),
        sa.Column("window", sa.String(16), nullable=True),
        sa.Column("called_by", sa.String(64), nullable=True),
        sa.Column("first_called_at", _TZ, nullable=True),
        sa.Column("called_at", _TZ, nullable=True),
        sa.Column("calls", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("finished_at", _TZ, nullable=True),
        sa.Column("service_seconds", sa.Integer(), nullable=True),
        sa.Column("case_number", sa.String(40), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
        sa.UniqueConstraint("hall_day", "number", name=op.f("uq_tickets_hall_day_number")),
    )
    op.create_index(
        "ix_tickets_waiting", "tickets", ["hall_day", "state", "category", "priority", "id"]
    )
    op.create_index("ix_tickets_window", "tickets", ["window", "state"])
    op.create_table(
        "ticket_counters",
        sa.Column("hall_day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(8), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hall_day", "category", name=op.f("pk_ticket_counters")),
    )
    op.create_table(
        "case_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(40), nullable=False),
        sa.Column("service_id", sa.String(100), nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False),
        sa.Column("service_window", sa.String(16), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rated_at", _TZ, nullable=False),
        sa.Column("ticket_number", sa.String(16), nullable=True),
        sa.Column("followed_up", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_ratings")),
        sa.UniqueConstraint("case_number", name=op.f("uq_case_ratings_case_number")),
    )
    op.create_index("ix_case_ratings_rated_at", "case_ratings", ["rated_at"])
    op.create_table(
        "signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("case_number", sa.String(40), nullable=True),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("strokes", sa.Text(), nullable=True),
        sa.Column("captured_at", _TZ, nullable=False),
        sa.Column("captured_by", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["consent_records.id"],
            name=op.f("fk_signatures_consent_id_consent_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signatures")),
    )
    op.create_index("ix_signatures_consent_id", "signatures", ["consent_id"])
    op.create_index("ix_signatures_case_number", "signatures", ["case_number"])


def downgrade() -> None:
    op.drop_index("ix_signatures_case_number", table_name="signatures")
    op.drop_index("ix_signatures_consent_id", table_name="signatures")
    op.drop_table("signatures")
    op.drop_index("ix_case_ratings_rated_at", table_name="case_ratings")
    op.drop_table("case_ratings")
    op.drop_table("ticket_counters")
    op.drop_index("ix_tickets_window", table_name="tickets")
    op.drop_index("ix_tickets_waiting", table_name="tickets")
    op.drop_table("tickets")
