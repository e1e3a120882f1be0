"""case review: version and assignee, due-date queue index, corrections, change feed

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("assignee", sa.String(64), nullable=True))
    op.create_index("ix_cases_state_due_date", "cases", ["state", "due_date", "id"])
    op.create_table(
        "case_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", _TZ, nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_corrections_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_corrections")),
    )
    op.create_index("ix_case_corrections_case_id", "case_corrections", ["case_id", "id"])
    op.create_table(
        "case_changes",
        sa.Column("seq", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("changed_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_case_changes")),
    )


def downgrade() -> None:
    op.drop_table("case_changes")
    op.drop_index("ix_case_corrections_case_id", table_name="case_corrections")
    op.drop_table("case_corrections")
    op.drop_index("ix_cases_state_due_date", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("assignee")
        batch.drop_column("version")
