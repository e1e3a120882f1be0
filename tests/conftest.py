"""Test-wide setup: Qt offscreen, and no test ever reads this machine's real config."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the system/user config, the data and the log directory at empty temporary places."""
    root = tmp_path_factory.mktemp("counterapp-home")
    monkeypatch.setenv("COUNTERAPP_SYSTEM_CONFIG", str(root / "system.toml"))
    monkeypatch.setenv("COUNTERAPP_USER_CONFIG", str(root / "user.toml"))
    monkeypatch.setenv("COUNTERAPP_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("COUNTERAPP_LOG_DIR", str(root / "log"))
    for name in list(os.environ):
        if name.startswith("COUNTERAPP_") and name not in {
            "COUNTERAPP_SYSTEM_CONFIG",
            "COUNTERAPP_USER_CONFIG",
            "COUNTERAPP_DATA_DIR",
            "COUNTERAPP_LOG_DIR",
        }:
            monkeypatch.delenv(name)
    return root


# Tests that send requests below the guarded lookup on purpose: the exchange's and the
# simulator's own, and those that feed a real exchange answer into the pure domain or a
# model as test data (prefill, materials, eligibility, the report, the lookup/form models).
# Every other test reaches departments only as the product does.
_BELOW_THE_GUARD = (
    "tests/exchange/",
    "tests/sim/",
    "tests/forms/",
    "tests/cli/test_lookup_report.py",
    "tests/ui/test_form_page.py",
    "tests/ui/test_lookup_model.py",
)


@pytest.fixture(autouse=True)
def every_department_request_is_guarded(request: pytest.FixtureRequest):
    """Fail a test in which a simulated department got a request without a lookup reference.

    Only ``app.guarded_lookup`` mints references, and it names each one in the lookup's
    audit record, so a request without one reached a department without the guard.
    """
    from counterapp.sim.stats import unreferenced_requests

    mark = len(unreferenced_requests())
    yield
    path = request.node.path.as_posix()
    if any(part in path for part in _BELOW_THE_GUARD):
        return
    stray = unreferenced_requests(mark)
    assert not stray, f"department requests outside the guarded lookup: {stray[:5]}"
