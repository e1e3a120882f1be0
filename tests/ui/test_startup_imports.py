"""The workspace's start paints the sign-in window before it loads what sign-in does not need.

Guards the start-up time (benchmarks/gui_startup.py measures it) without timing anything:
a fresh ``counterapp`` process (the real entry point, no command, its own config, data
directory and file keyring) lists its imported modules when the sign-in window is first
shown, and then goes on until the workstation has opened (its database created, migrated
and its keys made behind the window) before it leaves.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, os, sys
import counterapp.ui.display
from counterapp.ui.login_dialog import LoginDialog

# offscreen counts as "no display" for the workspace; this test draws there anyway
counterapp.ui.display.has_display = lambda *args, **kwargs: True
seen = {}
_show, _set_desk = LoginDialog.showEvent, LoginDialog.set_desk


def showEvent(self, event):
    seen.setdefault("at_sign_in_window", sorted(sys.modules))
    _show(self, event)


def set_desk(self, desk):
    _set_desk(self, desk)
    seen["opened"] = "counterapp.app.context" in sys.modules and desk is not None
    print(json.dumps(seen), flush=True)
    os._exit(0)


LoginDialog.showEvent = showEvent
LoginDialog.set_desk = set_desk
from counterapp.__main__ import main

sys.exit(main([]))
"""

NOT_BEFORE_SIGN_IN = (
    # the clerk's and the supervisor's pages
    "counterapp.ui.case_flow",
    "counterapp.ui.service_picker",
    "counterapp.ui.supervisor_view",
    "counterapp.ui.queue_view",
    "counterapp.ui.dashboard_view",
    "counterapp.ui.applicant_screen",
    "PySide6.QtCharts",
    "PySide6.QtPdf",
    "PySide6.QtPrintSupport",
    # receipts, reports, PDF
    "counterapp.receipts",
    "counterapp.reports",
    "reportlab",
    "openpyxl",
    "pypinyin",
    # the departments
    "counterapp.exchange",
    "requests",
    "jmespath",
    "lxml",
    # the CLI's commands, when none is given
    "counterapp.cli.audit_cmd",
    "counterapp.cli.report_cmd",
    "counterapp.cli.db_cmd",
    "counterapp.sim",
    # the database, the keys: opened behind the painted window
    "sqlalchemy",
    "alembic",
    "cryptography",
    "keyring",
)


@pytest.fixture
def first_start(isolated_config: Path, tmp_path: Path) -> dict[str, object]:
    """What the probe saw in a first start of the workspace."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        HOME=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


def test_the_sign_in_window_shows_before_the_heavy_modules_load(
    first_start: dict[str, object],
) -> None:
    modules = first_start["at_sign_in_window"]
    assert isinstance(modules, list)
    loaded = set(modules)
    assert "PySide6.QtWidgets" in loaded  # the probe did see the window
    early = [
        name
        for name in NOT_BEFORE_SIGN_IN
        if name in loaded or any(m.startswith(name + ".") for m in loaded)
    ]
    assert early == []


def test_the_workstation_opens_behind_the_window(
    first_start: dict[str, object], isolated_config: Path
) -> None:
    assert first_start["opened"] is True
    assert any((isolated_config / "data").iterdir())  # the database was created
