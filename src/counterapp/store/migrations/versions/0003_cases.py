"""cases, consent records and drafts

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def _case_id() -> sa.Column:
    return sa.Column("case_id", sa.Integer(), nullable=False)


def _case_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["case_id"], ["cases.id"], name=op.f(f"fk_{table}_case_id_cases"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("service_id", sa.String(100), nullable=False),
        sa.Column("form_version", sa.String(40), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("accepted_at", _TZ, nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("due_date_provisional", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("promised_days", sa.Integer(), nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False),
        sa.Column("service_window", sa.String(16), nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("number", name=op.f("uq_cases_number")),
    )
    op.create_index(op.f("ix_cases_state_accepted_at"), "cases", ["state", "accepted_at", "id"])
    op.create_index(op.f("ix_cases_due_date"), "cases", ["due_date"])

    op.create_table(
        "case_applicants",
        sa.Column("id", sa.Integer(), nullable=False),
        _case_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("id_number", sa.Text(), nullable=False),
        sa.Column("id_number_index", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_applicants")),
        _case_fk("case_applicants"),
        sa.UniqueConstraint("case_id", "position", name=op.f("uq_case_applicants_case_position")),
    )
    op.create_index(
        op.f("ix_case_applicants_id_number_index"), "case_applicants", ["id_number_index"]
    )

    op.create_table(
        "case_fields",
        sa.Column("id", sa.Integer(), nullable=False),
        _case_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("field_id", sa.String(64), nullable=False),
        sa.Column("item", sa.String(100), nullable=True),
        sa.Column("plain_value", sa.Text(), nullable=True),
        sa.Column("secret_value", sa.Text(), nullable=True),
        sa.Column("source_kind", sa.String(16), nullable=False),
        sa.Column("department", sa.String(64), nullable=True),
        sa.Column("retrieved_at", _TZ, nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("original", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_fields")),
        _case_fk("case_fields"),
        sa.UniqueConstraint("case_id", "field_id", name=op.f("uq_case_fields_case_field")),
    )

    op.create_table(
        "case_materials",
        sa.Column("id", sa.Integer(), nullable=False),
        _case_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("exempted_by", sa.String(64), nullable=True),
        sa.Column("proven_items", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_materials")),
        _case_fk("case_materials"),
        sa.UniqueConstraint("case_id", "position", name=op.f("uq_case_materials_case_position")),
    )

    op.create_table(
        "case_timeline",
        sa.Column("id", sa.Integer(), nullable=False),
        _case_id(),
        sa.Column("at", _TZ, nullable=False),
        sa.Column("from_state", sa.String(20), nullable=True),
        sa.Column("to_state", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_timeline")),
        _case_fk("case_timeline"),
    )
    op.create_index(op.f("ix_case_timeline_case_id"), "case_timeline", ["case_id", "id"])

    op.create_table(
        "case_counters",
        sa.Column("hall_code", sa.String(20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hall_code", "day", name=op.f("pk_case_counters")),
    )

    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_id_number", sa.Text(), nullable=False),
        sa.Column("applicant_index", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(100), nullable=False),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("departments", sa.Text(), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("witness", sa.String(64), nullable=False),
        sa.Column("recorded_at", _TZ, nullable=False),
        sa.Column("case_number", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
    )
    op.create_index(
        op.f("ix_consent_records_applicant_purpose"),
        "consent_records",
        ["applicant_index", "purpose"],
    )

    op.create_table(
        "case_drafts",
        sa.Column("draft_id", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("saved_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("draft_id", name=op.f("pk_case_drafts")),
    )
    op.create_index(op.f("ix_case_drafts_owner"), "case_drafts", ["owner"])


def downgrade() -> None:
    op.drop_index(op.f("ix_case_drafts_owner"), table_name="case_drafts")
    op.drop_table("case_drafts")
    op.drop_index(op.f("ix_consent_records_applicant_purpose"), table_name="consent_records")
    op.drop_table("consent_records")
    op.drop_table("case_counters")
    op.drop_index(op.f("ix_case_timeline_case_id"), table_name="case_timeline")
    op.drop_table("case_timeline")
    op.drop_table("case_materials")
    op.drop_table("case_fields")
    op.drop_index(op.f("ix_case_applicants_id_number_index"), table_name="case_applicants")
    op.drop_table("case_applicants")
    op.drop_index(op.f("ix_cases_due_date"), table_name="cases")
    op.drop_index(op.f("ix_cases_state_accepted_at"), table_name="cases")
    op.drop_table("cases")
