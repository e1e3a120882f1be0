"""The store's two-backend database fixtures and a real file keyring."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from store.conftest import database_url, engine

__all__ = ["database_url", "engine", "file_keyring"]


def file_keyring(path: Path) -> PlaintextKeyring:
    """A real keyring backend storing into ``path`` (plain text: tests only)."""
    backend = PlaintextKeyring()
    backend.file_path = str(path)
    return backend


@pytest.fixture
def keyring_backend(tmp_path: Path) -> PlaintextKeyring:
    return file_keyring(tmp_path / "keyring.cfg")
