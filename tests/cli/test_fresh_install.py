"""A fresh install: `counterapp sim &`, a first admin, then `counterapp lookup` as them.

Two real processes: the simulator on its default ports, and the lookup using the shipped
demo connectors and the secrets the simulator stored in the (file) keyring.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

DEFAULT_PORTS = range(8700, 8708)


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_sim_then_lookup_with_the_shipped_connectors(tmp_path: Path) -> None:
    busy = [port for port in DEFAULT_PORTS if not _free(port)]
    if busy:
        pytest.fail(f"the simulator's default ports are in use: {busy}")
    env = {
        **os.environ,
        "COUNTERAPP_DATA_DIR": str(tmp_path / "data"),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
    }
    cli = [sys.executable, "-m", "counterapp"]
    sample = subprocess.run(
        [*cli, "sim", "--people", "300", "people", "--limit", "1", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    id_number = json.loads(sample.stdout)[0]["id_number"]
    subprocess.run(  # the first admin: who IT's diagnostic lookup is audited as
        [*cli, "users", "add", "it", "--role", "admin", "--password-stdin"],
        env=env,
        input="it-admin-pass-1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    server = subprocess.Popen(
        [*cli, "sim", "--people", "300", "--realestate-latency-ms", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get("http://127.0.0.1:8700/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            assert time.monotonic() < deadline, "the simulator did not come up in 30 s"
            time.sleep(0.2)
        lookup = subprocess.run(
            [
                *cli,
                "lookup",
                id_number,
                "--items",
                "person.name,marriage.status,tax.tax_year",
                "--json",
                "--as",
                "it",
                "--reason",
                "first install: check the departments answer",
                "--password-stdin",
            ],
            env=env,
            input="it-admin-pass-1\n",
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert lookup.returncode == 0, lookup.stderr + lookup.stdout
    report = json.loads(lookup.stdout)
    assert {d: info["status"] for d, info in report["departments"].items()} == {
        "hukou": "ok",
        "civil": "ok",
        "tax": report["departments"]["tax"]["status"],
    }
    assert report["departments"]["tax"]["status"] in {"ok", "not_found"}  # mTLS worked
    assert "person.name" in report["items"]
    assert server.returncode == 0, output
    assert "keyring: demo secrets stored" in output
