"""department answers for the scorecard

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "department_answers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("answered_at", sa.String(32), nullable=False),
        sa.Column("department", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("values_given", sa.Integer(), nullable=False),
        sa.Column("values_refused", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(64), nullable=True),
        sa.CheckConstraint(
            "reason IN ('case', 'diagnosis', 'probe')", name=op.f("ck_department_answers_reason")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department_answers")),
    )
    op.create_index(
        op.f("ix_department_answers_answered_at"), "department_answers", ["answered_at"]
    )
    op.create_index(op.f("ix_department_answers_department"), "department_answers", ["department"])


def downgrade() -> None:
    op.drop_index(op.f("ix_department_answers_department"), table_name="department_answers")
    op.drop_index(op.f("ix_department_answers_answered_at"), table_name="department_answers")
    op.drop_table("department_answers")
