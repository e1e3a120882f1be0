"""Starting and stopping the simulator: ports, URLs, loopback, prompt stop."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from counterapp.sim.faults import Fault, FaultKind
from counterapp.sim.server import is_loopback, start_simulator


def test_every_department_has_its_own_port_and_url(sim) -> None:
    assert set(sim.ports) == {
        "control", "hukou", "civil", "hrss", "tax", "fund", "realestate", "market"
    }  # fmt: skip
    assert len(set(sim.ports.values())) == 8
    assert sim.url("hukou") == f"http://127.0.0.1:{sim.ports['hukou']}"
    assert sim.url("tax") == f"https://127.0.0.1:{sim.ports['tax']}"
    assert sim.control_url == f"http://127.0.0.1:{sim.ports['control']}"


def test_stop_is_prompt_with_a_request_held_by_a_timeout_fault(population, state_dir) -> None:
    sim = start_simulator(
        population,
        state_dir=state_dir,
        realestate_latency_ms=0,
        faults=[("market", Fault(FaultKind.TIMEOUT))],
    )
    outcome: list[object] = []

    def ask() -> None:
        with requests.Session() as session:
            try:
                session.get(sim.url("market") + "/api/enterprises/x", timeout=30)
            except requests.RequestException as exc:
                outcome.append(exc)

    asker = threading.Thread(target=ask)
    asker.start()
    deadline = time.monotonic() + 5
    while sim.stats["market"] == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    started = time.monotonic()
    sim.stop()
    assert time.monotonic() - started < 2
    asker.join(timeout=5)
    assert isinstance(outcome[0], requests.exceptions.ConnectionError)
    sim.stop()  # idempotent


def test_a_taken_port_fails_cleanly(population, state_dir, sim) -> None:
    with pytest.raises(OSError, match="cannot listen"):
        start_simulator(population, base_port=sim.ports["control"], state_dir=state_dir)


def test_non_loopback_hosts_need_explicit_permission(population) -> None:
    with pytest.raises(ValueError, match="not a loopback"):
        start_simulator(population, host="0.0.0.0")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("192.168.1.10") and not is_loopback("example.org")


def test_temporary_state_dir_is_removed_on_stop(population) -> None:
    with start_simulator(population, realestate_latency_ms=0) as sim:
        ca = sim.tls.ca_cert
        assert ca.exists()
    assert not ca.exists()


def test_credentials_derive_from_the_seed(sim, population) -> None:
    from counterapp.sim.credentials import derive_credentials

    assert sim.credentials == derive_credentials(population.seed)
