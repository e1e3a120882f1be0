"""users, roles and sign-in attempts

Revision ID: 0001
Revises: None
"""

from __future__ import annotations

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # placeholder: filled in by the users work


def downgrade() -> None:
    pass
