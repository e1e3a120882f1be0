"""App-layer tests that need a database reuse the store's two-backend fixtures."""

from store.conftest import database_url, engine

__all__ = ["database_url", "engine"]
