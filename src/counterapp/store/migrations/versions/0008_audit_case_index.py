"""audit events by case: (case_number, seq) for a case's history in the review pane

Revision ID: 0008
Revises: 0007_audit_viewer
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007_audit_viewer"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_events_case_number_seq", "audit_events", ["case_number", "seq"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_case_number_seq", table_name="audit_events")
