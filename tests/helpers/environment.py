"""What a test needs from the machine: skip on a developer's box, fail under CI=true."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def need(available: bool, what: str) -> None:
    """Skip the test when ``what`` is missing, except under CI=true, where it fails."""
    if available:
        return
    if in_ci():
        pytest.fail(f"CI=true and {what} is not available; .ci/run must provide it")
    pytest.skip(f"{what} is not available on this machine")
