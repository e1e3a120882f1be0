"""audit viewer indexes: actor and kind, each with seq for keyset paging

The audit viewer pages newest first by seq under a filter (``store.audit_query``): an
index on (column, seq) lets "records of actor X below seq N" read one index range instead
of walking the whole chain backwards.

Revision ID: 0007_audit_viewer
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007_audit_viewer"
down_revision = "0006"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_audit_events_actor_seq": ["actor", "seq"],
    "ix_audit_events_kind_seq": ["kind", "seq"],
}


def upgrade() -> None:
    for name, columns in _INDEXES.items():
        op.create_index(name, "audit_events", columns, unique=False)


def downgrade() -> None:
    for name in reversed(list(_INDEXES)):
        op.drop_index(name, table_name="audit_events")
