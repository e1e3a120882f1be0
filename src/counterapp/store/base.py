"""The declarative base every table module shares, with stable constraint names.

Table modules (``user_tables``, ``case_tables``, ``audit_tables`` …) each declare their
tables on :class:`Base`; Alembic migrations in ``migrations/versions`` create them.
"""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

from counterapp.protection.registry import EncryptedColumn, encrypted_columns

# Explicit constraint names: the same on SQLite and PostgreSQL, so migrations can name them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every table here is declared with __tablename__, so __table__ is a Table (SQLAlchemy
    # types it as the wider FromClause, which has no insert/update/delete).
    __table__: ClassVar[Table]


def import_all_tables() -> None:
    """Import every table module so ``Base.metadata`` knows all tables (Alembic, tests)."""
    import importlib
    import pkgutil

    import counterapp.store as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name.endswith("_tables"):
            importlib.import_module(f"counterapp.store.{module.name}")


def all_encrypted_columns() -> list[EncryptedColumn]:
    """Every encrypted column of the schema (each table module registers its own on import),
    for key rotation and key status."""
    import_all_tables()
    return encrypted_columns()
