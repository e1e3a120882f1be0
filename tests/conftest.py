"""Test-wide setup: Qt offscreen, and no test ever reads this machine's real config."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the system/user config and the data directory at empty temporary places."""
    root = tmp_path_factory.mktemp("counterapp-home")
    monkeypatch.setenv("COUNTERAPP_SYSTEM_CONFIG", str(root / "system.toml"))
    monkeypatch.setenv("COUNTERAPP_USER_CONFIG", str(root / "user.toml"))
    monkeypatch.setenv("COUNTERAPP_DATA_DIR", str(root / "data"))
    for name in list(os.environ):
        if name.startswith("COUNTERAPP_") and name not in {
            "COUNTERAPP_SYSTEM_CONFIG",
            "COUNTERAPP_USER_CONFIG",
            "COUNTERAPP_DATA_DIR",
        }:
            monkeypatch.delenv(name)
    return root
