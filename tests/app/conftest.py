"""App-layer tests that need a database reuse the store's two-backend fixtures."""

from store.conftest import audit_engine, audit_shared_engine, database_url, engine

__all__ = ["audit_engine", "audit_shared_engine", "database_url", "engine"]
