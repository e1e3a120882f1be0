"""The control server: faults and stats at run time, loopback and JSON only."""

from __future__ import annotations

import pytest
import requests


@pytest.fixture
def control(faults):
    with requests.Session() as session:
        yield faults.control_url, session


def test_health_names_every_department(control, sim) -> None:
    url, session = control
    health = session.get(f"{url}/health").json()
    assert health["status"] == "ok"
    assert health["people"] == len(sim.population.people)
    assert health["departments"]["tax"] == sim.url("tax")
    assert set(health["departments"]) == {
        "hukou", "civil", "hrss", "tax", "fund", "realestate", "market"
    }  # fmt: skip


def test_set_list_and_clear_faults_at_run_time(control, sim, client, pick) -> None:
    url, session = control
    person = pick(lambda p: True).id_number
    created = session.post(
        f"{url}/faults", json={"department": "market", "kind": "http_500", "arg": 503}
    )
    assert created.status_code == 201
    assert client.lookup("market", person).status_code == 503
    session.post(f"{url}/faults", json={"department": "civil", "kind": "drop"})
    listed = session.get(f"{url}/faults").json()["faults"]
    assert [(f["department"], f["kind"]) for f in listed] == [
        ("civil", "drop"),
        ("market", "http_500"),
    ]
    assert session.delete(f"{url}/faults/market").status_code == 200
    assert client.lookup("market", person).status_code == 200
    assert [f["department"] for f in session.get(f"{url}/faults").json()["faults"]] == ["civil"]
    assert session.delete(f"{url}/faults").json() == {"faults": []}
    assert sim.faults.list() == []


def test_count_set_through_control_expires(control, client, pick) -> None:
    url, session = control
    person = pick(lambda p: True).id_number
    session.post(f"{url}/faults", json={"department": "market", "kind": "http_500", "count": 1})
    assert client.lookup("market", person).status_code == 500
    assert client.lookup("market", person).status_code == 200
    assert session.get(f"{url}/faults").json() == {"faults": []}


def test_bad_fault_requests_are_refused(control) -> None:
    url, session = control
    bad_kind = session.post(f"{url}/faults", json={"department": "tax", "kind": "explode"})
    assert bad_kind.status_code == 400 and "unknown fault kind" in bad_kind.json()["error"]
    bad_dept = session.post(f"{url}/faults", json={"department": "police", "kind": "drop"})
    assert bad_dept.status_code == 400
    bad_count = session.post(
        f"{url}/faults", json={"department": "tax", "kind": "drop", "count": "many"}
    )
    assert bad_count.status_code == 400
    form = session.post(f"{url}/faults", data={"department": "tax", "kind": "drop"})
    assert form.status_code == 415  # a web page cannot set faults with a simple form post
    assert session.delete(f"{url}/faults/police").status_code == 404
    assert session.get(f"{url}/nothing").status_code == 404


def test_foreign_host_header_is_refused(control) -> None:
    url, session = control
    answer = session.get(f"{url}/health", headers={"Host": "evil.example:80"})
    assert answer.status_code == 403


def test_stats_and_reset(control, sim, client, pick) -> None:
    url, session = control
    client.lookup("market", pick(lambda p: True).id_number)
    assert session.get(f"{url}/stats").json()["requests"]["market"] >= 1
    assert session.delete(f"{url}/stats").json() == {"requests": {}}
    assert sim.stats.snapshot() == {}


def test_control_listens_on_loopback_only(sim) -> None:
    server = sim._servers["control"]
    assert server.server_address[0] == "127.0.0.1"
