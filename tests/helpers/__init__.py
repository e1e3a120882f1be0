"""Shared test helpers (the one place for them)."""
