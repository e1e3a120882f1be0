"""``counterapp sim``: the people listing, serving until SIGTERM, writing connectors."""

from __future__ import annotations

import argparse
import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest
import requests

from counterapp.sim import command


def _cli_prefix() -> list[str]:
    """``python -m counterapp sim`` once the CLI is wired; this module's parser until then."""
    try:
        import counterapp.cli  # noqa: F401
    except ImportError:
        script = (
            "import argparse, sys\n"
            "from counterapp.sim import command\n"
            "p = argparse.ArgumentParser(prog='counterapp sim')\n"
            "command.add_arguments(p)\n"
            "sys.exit(command.run(p.parse_args()))\n"
        )
        return [sys.executable, "-c", script]
    return [sys.executable, "-m", "counterapp", "sim"]


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="counterapp sim")
    command.add_arguments(parser)
    return parser.parse_args(argv)


def test_people_json_via_the_command_line() -> None:
    done = subprocess.run(
        [*_cli_prefix(), "--people", "300", "people", "--limit", "5", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    people = json.loads(done.stdout)
    assert len(people) == 5
    assert {"id_number", "name", "marital_status", "tags"} <= set(people[0])


def test_people_text_listing() -> None:
    out = io.StringIO()
    assert command.run(_parse("people", "--limit", "3", "--people", "200", "--seed", "5"), out) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert all(len(line.split()[0]) == 18 for line in lines)


def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert command.run(_parse("--fault", "hukou=explode")) == 2
    assert command.run(_parse("--fault", "police=drop")) == 2
    assert command.run(_parse("--host", "0.0.0.0")) == 2
    assert command.run(_parse("--no-serve")) == 2
    assert "loopback" in capsys.readouterr().err


def test_write_connectors_without_serving(tmp_path: Path) -> None:
    out = io.StringIO()
    argv = ("--no-serve", "--write-connectors", str(tmp_path / "c"), "--base-port", "9100")
    code = command.run(_parse(*argv, "--state-dir", str(tmp_path / "state")), out)
    assert code == 0
    hukou = tomllib.loads((tmp_path / "c" / "hukou.toml").read_text(encoding="utf-8"))
    assert hukou["http"]["base_url"] == "http://127.0.0.1:9101"
    tax = tomllib.loads((tmp_path / "c" / "tax.toml").read_text(encoding="utf-8"))
    assert tax["http"]["base_url"] == "https://127.0.0.1:9104"
    assert Path(tax["tls"]["client_cert"]).exists()


def test_serves_until_sigterm_and_exits_0(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    argv = [
        *_cli_prefix(),
        "--people", "300",
        "--base-port", "0",
        "--state-dir", str(tmp_path / "state"),
        "--fault", "hukou=latency:800",
        "--fault", "tax=http_500",
        "--realestate-latency-ms", "0",
        "--write-connectors", str(tmp_path / "connectors"),
    ]  # fmt: skip
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(
            target=lambda: [lines.put(line) for line in process.stdout], daemon=True
        )
        reader.start()
        seen: list[str] = []
        try:
            while not seen or not seen[-1].startswith("serving"):
                seen.append(lines.get(timeout=30).rstrip("\n"))
            text = "\n".join(seen)
            assert "population: 300 people" in text
            assert "fault: hukou latency 800" in text and "fault: tax http_500 500" in text
            assert "warning: demo secrets not stored in the keyring" in text
            assert (tmp_path / "connectors" / "tax.toml").exists()
            assert str(tmp_path / "state" / "tls" / "ca.pem") in text
            control = next(line.split()[1] for line in seen if line.strip().startswith("control"))
            tax_url = next(line.split()[1] for line in seen if line.strip().startswith("tax"))
            assert tax_url.startswith("https://127.0.0.1:")
            with requests.Session() as session:
                health = session.get(f"{control}/health", timeout=5).json()
            assert health["status"] == "ok" and health["departments"]["tax"] == tax_url
        finally:
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=10)
            reader.join(timeout=5)
            process.stderr.read()
    assert code == 0
