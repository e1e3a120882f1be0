"""The shipped demo connectors (resources/connectors) are what the simulator would write,
and the complete example of docs/connectors.md is a connector the loader accepts.

They point at ``counterapp sim`` on its default ports (127.0.0.1:8701-8707) and at the
simulator's default state directory for the tax bureau's CA and client certificate
(``{data_dir}/sim/tls``). Regenerate them after a change to the simulator with::

    .venv/bin/python tests/exchange/test_demo_connectors.py
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from counterapp.catalog import load_catalog
from counterapp.exchange.connector_loader import (
    DATA_DIR_PLACEHOLDER,
    default_connectors_dir,
    load_connectors,
    parse_connector,
)
from counterapp.sim.connectors import write_connectors
from counterapp.sim.departments import DEPARTMENT_IDS
from counterapp.sim.server import DEFAULT_BASE_PORT
from counterapp.sim.tls import TlsPaths

DOCS = Path(__file__).resolve().parents[2] / "docs" / "connectors.md"


def write_demo_connectors(directory: Path) -> list[Path]:
    """Write the demo connector set, exactly as shipped."""
    ports = {dept: DEFAULT_BASE_PORT + n for n, dept in enumerate(DEPARTMENT_IDS, start=1)}
    state = PurePosixPath(DATA_DIR_PLACEHOLDER) / "sim"
    return write_connectors(ports, directory, TlsPaths.in_directory(state))  # type: ignore[arg-type]


def test_shipped_connectors_are_what_the_simulator_writes(tmp_path: Path) -> None:
    written = write_demo_connectors(tmp_path)
    shipped = sorted(default_connectors_dir().glob("*.toml"))
    assert [p.name for p in shipped] == sorted(p.name for p in written)
    for path in written:
        assert (default_connectors_dir() / path.name).read_text(encoding="utf-8") == (
            path.read_text(encoding="utf-8")
        ), f"{path.name} is stale: run tests/exchange/test_demo_connectors.py"


def test_shipped_connectors_load(known_items: frozenset[str], tmp_path: Path) -> None:
    connectors = load_connectors(
        default_connectors_dir(), known_items=known_items, data_dir=tmp_path
    )
    assert sorted(connectors) == sorted(DEPARTMENT_IDS)
    ports = sorted(int(c.http.base_url.rsplit(":", 1)[1]) for c in connectors.values())
    assert ports == list(range(DEFAULT_BASE_PORT + 1, DEFAULT_BASE_PORT + 8))
    tax = connectors["tax"]
    assert tax.http.base_url.startswith("https://127.0.0.1:")
    assert tax.tls.ca_bundle == tmp_path / "sim" / "tls" / "ca.pem"
    assert tax.tls.client_key == tmp_path / "sim" / "tls" / "client.key"


def test_the_complete_example_of_the_docs_loads(known_items: frozenset[str]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(r"^```toml\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    assert match, "docs/connectors.md has no ```toml block"
    example = match.group(1)
    dept = re.search(r'^id = "([^"]+)"', example, re.MULTILINE)
    assert dept
    path = Path(f"{dept.group(1)}.toml")
    connector = parse_connector(example.encode("utf-8"), path, known_items=known_items)
    assert connector.department_id == "hukou"
    assert connector.http.deadline == connector.http.connect_timeout_s + 5.0
    assert connector.requests[0].envelope is not None
    assert connector.requests[0].envelope.auth_failed_when == "code == `401`"
    catalog = {item.code: item for item in load_catalog()}
    for field in connector.requests[0].fields:
        columns = {c.name for c in catalog[field.item].columns}
        assert {c.name for c in field.columns} <= columns, field.item


if __name__ == "__main__":
    for file in write_demo_connectors(default_connectors_dir()):
        print(f"wrote {file}")
