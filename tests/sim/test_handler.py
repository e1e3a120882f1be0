"""Every fault kind, seen from a real HTTP client over loopback."""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET

import pytest
import requests

from counterapp.sim.faults import Fault, FaultKind
from counterapp.sim.model import Population

# Department -> a person it has records for, so every answer carries Chinese text.
_HAS_RECORDS = {
    "hukou": lambda pop, pid: True,
    "civil": lambda pop, pid: pid in pop.marriages,
    "hrss": lambda pop, pid: pid in pop.social,
    "tax": lambda pop, pid: pid in pop.tax,
    "fund": lambda pop, pid: pid in pop.housing_fund,
    "realestate": lambda pop, pid: pid in pop.properties,
    "market": lambda pop, pid: pid in pop.businesses_by_operator,
}
DEPARTMENTS = list(_HAS_RECORDS)


@pytest.fixture
def rich(population: Population, pick):
    def person_for(department: str) -> str:
        return pick(lambda p: _HAS_RECORDS[department](population, p.id_number)).id_number

    return person_for


def _auth(client, department: str) -> dict[str, str]:
    """Per-request credentials fetched before a fault is set (hrss needs a token first)."""
    return {"token": client.hrss_token().json()["access_token"]} if department == "hrss" else {}


def _parse(department: str, answer: requests.Response) -> object:
    """Parse a body the way a client of that department would, strictly."""
    charset = answer.headers["Content-Type"].split("charset=")[1]
    if department == "civil":
        return ET.fromstring(answer.content)
    if department == "tax":
        rows = list(csv.reader(io.StringIO(answer.content.decode(charset))))
        if {len(row) for row in rows} != {len(rows[0])}:
            raise ValueError("ragged CSV")
        return rows
    return json.loads(answer.content.decode(charset))


@pytest.mark.parametrize("department", DEPARTMENTS)
def test_malformed_body_fails_to_parse(department: str, faults, client, rich) -> None:
    id_number = rich(department)
    kw = _auth(client, department)
    faults.faults.set(department, Fault(FaultKind.MALFORMED, count=1))
    answer = client.lookup(department, id_number, **kw)
    assert answer.status_code == 200
    assert int(answer.headers["Content-Length"]) == len(answer.content)
    with pytest.raises((ValueError, ET.ParseError)):
        _parse(department, answer)
    assert _parse(department, client.lookup(department, id_number, **kw)) is not None


@pytest.mark.parametrize("department", DEPARTMENTS)
def test_wrong_encoding_fails_to_decode_as_declared(department, faults, client, rich) -> None:
    id_number = rich(department)
    kw = _auth(client, department)
    faults.faults.set(department, Fault(FaultKind.WRONG_ENCODING, count=1))
    answer = client.lookup(department, id_number, **kw)
    declared = answer.headers["Content-Type"].split("charset=")[1]
    if department == "tax":  # declares GBK, sends UTF-8: decodes as GBK into nonsense
        assert "纳税人识别号" not in answer.content.decode(declared, errors="replace")
        assert answer.content.decode("utf-8").startswith("纳税人识别号")
    else:
        with pytest.raises(UnicodeDecodeError):
            answer.content.decode(declared)
        answer.content.decode("gbk")


@pytest.mark.parametrize("department", DEPARTMENTS)
def test_body_error_is_http_200_with_the_departments_error(department, faults, client, rich):
    kw = _auth(client, department)
    faults.faults.set(department, Fault(FaultKind.BODY_ERROR, count=1))
    answer = client.lookup(department, rich(department), **kw)
    assert answer.status_code == 200
    body = _parse(department, answer)
    if department == "civil":
        assert body.findtext("code") == "503"
    elif department == "tax":
        assert body[0][0] == "错误代码"
    elif department == "fund":
        assert body["code"] == 503
    else:
        assert "503" in json.dumps(body) or "service_unavailable" in json.dumps(body)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_http_5xx(status: int, faults, client, rich) -> None:
    faults.faults.set("civil", Fault(FaultKind.HTTP_500, status, count=1))
    answer = client.civil(rich("civil"))
    assert answer.status_code == status
    if status == 500:
        assert ET.fromstring(answer.content).findtext("code") == "500"
    else:
        assert answer.headers["Content-Type"] == "text/html"
        assert "nginx" in answer.text


def test_latency_delays_then_answers(faults, client, rich) -> None:
    faults.faults.set("market", Fault(FaultKind.LATENCY, 300, count=1))
    started = time.monotonic()
    answer = client.lookup("market", rich("market"))
    assert answer.status_code == 200
    assert time.monotonic() - started >= 0.3


def test_timeout_never_answers(faults, client, rich) -> None:
    faults.faults.set("hukou", Fault(FaultKind.TIMEOUT, count=1))
    with pytest.raises(requests.exceptions.ReadTimeout):
        client.lookup("hukou", rich("hukou"), timeout=(2, 0.3))


def test_slow_drip_trips_a_read_timeout(faults, client, rich) -> None:
    faults.faults.set("fund", Fault(FaultKind.SLOW_DRIP, count=1))
    with pytest.raises(requests.exceptions.ConnectionError):  # read timeout mid-body
        client.lookup("fund", rich("fund"), timeout=(2, 0.1))


def test_slow_drip_sends_a_few_bytes_at_a_time(faults, client, rich) -> None:
    faults.faults.set("fund", Fault(FaultKind.SLOW_DRIP, 200, count=1))
    with client.lookup("fund", rich("fund"), stream=True, timeout=5) as answer:
        started = time.monotonic()
        first = answer.raw.read(8)
        second = answer.raw.read(8)
        assert len(first) == len(second) == 8
        assert time.monotonic() - started >= 0.15


@pytest.mark.parametrize("department", ["hukou", "tax"])
def test_drop_closes_without_answering(department, faults, client, rich) -> None:
    faults.faults.set(department, Fault(FaultKind.DROP, count=1))
    with pytest.raises(requests.exceptions.ConnectionError):
        client.lookup(department, rich(department))
    assert client.lookup(department, rich(department)).status_code == 200


@pytest.mark.parametrize("department", ["realestate", "tax"])
def test_oversized_announces_a_huge_body(department, faults, client, rich) -> None:
    faults.faults.set(department, Fault(FaultKind.OVERSIZED, count=1))
    with client.lookup(department, rich(department), stream=True) as answer:
        assert answer.status_code == 200
        assert int(answer.headers["Content-Length"]) >= 20 * 1000 * 1000
        assert len(answer.raw.read(4096)) == 4096


def test_count_expires(faults, client, rich) -> None:
    faults.faults.set("market", Fault(FaultKind.HTTP_500, count=2))
    statuses = [client.lookup("market", rich("market")).status_code for _ in range(3)]
    assert statuses == [500, 500, 200]


def test_connections_are_kept_alive(client, rich) -> None:
    first = client.lookup("market", rich("market"))
    second = client.lookup("market", rich("market"))
    assert first.raw.version == second.raw.version == 11
    assert first.headers.get("Connection", "").lower() != "close"


def test_kept_alive_requests_do_not_wait_for_delayed_acks(client, rich) -> None:
    # With Nagle's algorithm on, the body of every answer after the first on a kept-alive
    # connection waits for the client's delayed ACK (~40 ms on Linux). TCP_NODELAY avoids it.
    person = rich("market")
    client.lookup("market", person)  # opens the connection
    took = []
    for _ in range(5):
        started = time.perf_counter()
        client.lookup("market", person)
        took.append(time.perf_counter() - started)
    assert sorted(took)[2] < 0.025, took


def test_stats_count_requests_per_department(sim, client, rich) -> None:
    before = sim.stats.snapshot()
    client.lookup("market", rich("market"))
    client.lookup("market", rich("market"))
    after = sim.stats.snapshot()
    assert after["market"] - before.get("market", 0) == 2
    assert {d: n for d, n in after.items() if d != "market"} == {
        d: n for d, n in before.items() if d != "market"
    }
    assert sim.stats.recent("market")[-1].path == "/api/enterprises"
