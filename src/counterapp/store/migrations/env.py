"""Alembic environment: the engine is handed in by counterapp.store.migrate."""

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
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
