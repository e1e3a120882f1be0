"""`counterapp lookup --json` names each department and its fix (issue 10, defect 5 d, e).

A real diagnosis against the simulator with the connector files in a directory of their
own and no secrets stored: every department is named in Chinese and English next to its
id, and the household register's "store the secret" hint names that directory.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from unittest import mock

import pytest

from counterapp.cli import main
from counterapp.exchange.connector_loader import load_connectors

SUPERVISOR, PASSWORD = "zhao", "super-pass-1"


@pytest.fixture(autouse=True)
def supervisor(isolated_config: Path) -> None:
    from counterapp.app.storage import open_database
    from counterapp.app.user_admin import add_user
    from counterapp.app.users import bootstrap_admin
    from counterapp.config import load_settings

    engine = open_database(load_settings())
    try:
        admin = bootstrap_admin(engine, "admin", "admin-pass-1")
        add_user(engine, admin, SUPERVISOR, "supervisor", "赵审核", PASSWORD)
    finally:
        engine.dispose()


def _lookup_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    argv = ["lookup", *args, "--json", "--as", SUPERVISOR, "--reason", "ticket 7"]
    with mock.patch("sys.stdin", io.StringIO(PASSWORD + "\n")):
        main([*argv, "--password-stdin"])
    return json.loads(capsys.readouterr().out)


def test_departments_carry_their_names_and_the_hint_names_the_directory(
    capsys: pytest.CaptureFixture[str], connectors_dir: Path, adult: str, file_keyring: object
) -> None:
    report = _lookup_json(
        capsys, adult, "--items", "person.name,marriage.status", "--connectors", str(connectors_dir)
    )
    departments = report["departments"]
    assert isinstance(departments, dict)
    connectors = load_connectors(connectors_dir)
    assert set(departments) == {"hukou", "civil"}
    for dept, entry in departments.items():
        assert entry["name_zh"] == connectors[dept].name_zh
        assert entry["name_en"] == connectors[dept].name_en
    hukou = departments["hukou"]
    assert hukou["status"] == "auth_failed"
    fix = f"counterapp credentials set hukou --connectors {connectors_dir.absolute()}"
    assert fix in hukou["message"]
