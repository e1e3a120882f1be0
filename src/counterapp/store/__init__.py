"""Storage: SQLAlchemy 2 on SQLite (embedded default) or PostgreSQL (a hall), Alembic."""
