"""The ``data_keys`` registry: which encryption and index keys exist, never the keys.

The keys themselves live in each workstation's OS keyring. A row records a key's id, what
it is for, when it was made and retired, and a check value (an HMAC of a constant under
the key) so a wrong key in a keyring is reported clearly instead of failing every decrypt.
At most one key per purpose is active (not retired): a partial unique index enforces it,
which also settles two workstations racing to create the first key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from counterapp.protection.data_keys import PURPOSE_DATA, PURPOSE_INDEX
from counterapp.store.base import Base

__all__ = ["PURPOSE_DATA", "PURPOSE_INDEX", "DataKey"]


class DataKey(Base):
    """One key known to the database (its secret is in the keyring under ``key_id``)."""

    __tablename__ = "data_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    check_value: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        CheckConstraint("purpose IN ('enc', 'index')", name="purpose"),
        Index(
            "uq_data_keys_active_purpose",
            "purpose",
            unique=True,
            sqlite_where=text("retired_at IS NULL"),
            postgresql_where=text("retired_at IS NULL"),
        ),
    )
