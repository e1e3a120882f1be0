"""Alembic environment: the engine is handed in by counterapp.store.migrate.

Every run of migrations is one transaction on both backends. SQLite's DDL is
transactional too (our engine leaves transactions to SQLAlchemy and begins IMMEDIATE), so
Alembic is told so: a process killed half-way through an upgrade leaves the database at
its old revision instead of between two (docs/upgrading.md).
"""

from __future__ import annotations

from alembic import context

from counterapp.store.base import Base, import_all_tables

import_all_tables()
config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
