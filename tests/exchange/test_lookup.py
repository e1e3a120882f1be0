"""The concurrent lookup against the running simulator: plan, progress, deadline, breaker."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.catalog import Catalog, load_catalog
from counterapp.exchange.breaker import CircuitBreaker
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange, DepartmentOutcome, plan_lookup
from counterapp.exchange.status import DepartmentStatus
from counterapp.sim.connectors import write_connectors
from counterapp.sim.faults import Fault, FaultKind
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population, marital_status
from counterapp.sim.server import Simulator, start_simulator

NAME_AND_MARRIAGE = ("person.name", "marriage.status")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Population, Simulator]]:
    population = generate_population(seed=7, people=300)
    state = tmp_path_factory.mktemp("lookup-sim")
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as sim:
        yield population, sim


@pytest.fixture(scope="module")
def connectors_dir(
    world: tuple[Population, Simulator], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    directory = tmp_path_factory.mktemp("lookup-connectors")
    write_connectors(world[1], directory)
    return directory


@pytest.fixture
def keyring_file(tmp_path: Path, world: tuple[Population, Simulator]) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    for entry in world[1].credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    return backend


@pytest.fixture
def exchange_for(catalog: Catalog, connectors_dir: Path, keyring_file: PlaintextKeyring):
    made: list[DepartmentExchange] = []

    def make(directory: Path = connectors_dir, **kwargs: object) -> DepartmentExchange:
        connectors = load_connectors(directory, known_items=frozenset(i.code for i in catalog))
        exchange = DepartmentExchange(
            connectors, catalog, CredentialStore(connectors, backend=keyring_file), **kwargs
        )
        made.append(exchange)
        return exchange

    yield make
    for exchange in made:
        exchange.close()


@pytest.fixture(autouse=True)
def no_faults(world: tuple[Population, Simulator]) -> Iterator[None]:
    world[1].faults.clear()
    yield
    world[1].faults.clear()


def _adult(population: Population, predicate=lambda p: True) -> str:
    return next(
        p.id_number
        for p in population.people.values()
        if not p.deceased and p.birth_date < date(2000, 1, 1) and predicate(p)
    )


def test_plan_asks_only_the_departments_the_items_need(exchange_for, catalog: Catalog) -> None:
    exchange = exchange_for()
    plan = exchange.plan(NAME_AND_MARRIAGE)
    assert set(plan.departments) == {"hukou", "civil"}
    assert plan.unservable == frozenset()
    connectors = exchange.connectors
    assert plan_lookup(connectors, ["business.list"], catalog).departments == ("market",)
    # hukou and the fund hold copies of the phone number; only its authority is asked
    assert plan_lookup(connectors, ["person.mobile"], catalog).departments == ("hrss",)
    # a request that gives nothing the department was chosen for is not sent
    hukou_requests = plan_lookup(connectors, ["person.name"], catalog).requests["hukou"]
    assert all("person.name" in spec.items for spec in hukou_requests)


def test_lookup_merges_values_with_provenance_and_asks_no_one_else(
    exchange_for, world: tuple[Population, Simulator]
) -> None:
    population, sim = world
    person_id = _adult(population)
    before = sim.stats.snapshot()
    result = exchange_for().lookup(person_id, NAME_AND_MARRIAGE)
    after = sim.stats.snapshot()

    assert result.complete
    assert {d: o.status for d, o in result.outcomes.items()} == {
        "hukou": DepartmentStatus.OK,
        "civil": DepartmentStatus.OK,
    }
    name = result.values.values["person.name"]
    assert name.value == population.people[person_id].name
    assert name.provenance.department == "hukou" and name.provenance.verified
    status = result.values.values["marriage.status"]
    assert status.value == marital_status(population, person_id)
    assert status.provenance.department == "civil"
    asked = {d for d in after if after[d] != before.get(d, 0)}
    assert asked == {"hukou", "civil"}, "a department the items do not need was asked"


def test_results_arrive_as_each_department_answers(
    exchange_for, world: tuple[Population, Simulator]
) -> None:
    population, sim = world
    sim.faults.set("hukou", Fault(FaultKind.LATENCY, arg=600))
    seen: list[tuple[str, float]] = []
    start = time.monotonic()

    def on_outcome(outcome: DepartmentOutcome) -> None:
        seen.append((outcome.department, time.monotonic() - start))

    result = exchange_for().lookup(_adult(population), NAME_AND_MARRIAGE, on_outcome=on_outcome)
    assert [d for d, _ in seen] == ["civil", "hukou"]
    assert seen[0][1] < 0.5, "civil's answer waited for the slow household register"
    assert result.order == ("civil", "hukou")
    assert result.outcomes["hukou"].latency_ms >= 600


def test_a_silent_department_costs_no_more_than_the_total_deadline(
    exchange_for, world: tuple[Population, Simulator]
) -> None:
    population, sim = world
    sim.faults.set("civil", Fault(FaultKind.TIMEOUT))
    exchange = exchange_for(total_deadline_s=1.0)
    started = time.monotonic()
    result = exchange.lookup(_adult(population), NAME_AND_MARRIAGE)
    elapsed = time.monotonic() - started
    assert elapsed < 1.6
    assert not result.complete
    assert result.outcomes["civil"].status is DepartmentStatus.TIMEOUT
    assert "1 s" in result.outcomes["civil"].message
    assert result.outcomes["hukou"].status is DepartmentStatus.OK
    assert "person.name" in result.values.values
    assert "marriage.status" in result.values.missing


def test_every_kind_of_failure_is_one_outcome_and_the_rest_still_arrive(
    exchange_for, world: tuple[Population, Simulator]
) -> None:
    population, sim = world
    items = ("person.name", "marriage.status", "housing_fund.balance", "tax.annual_income")
    person_id = _adult(population, lambda p: p.id_number in population.housing_fund)
    sim.faults.set("civil", Fault(FaultKind.MALFORMED))
    sim.faults.set("fund", Fault(FaultKind.HTTP_500, arg=503))
    sim.faults.set("tax", Fault(FaultKind.DROP))
    result = exchange_for(total_deadline_s=5.0).lookup(person_id, items)
    statuses = {d: o.status for d, o in result.outcomes.items()}
    assert statuses == {
        "hukou": DepartmentStatus.OK,
        "civil": DepartmentStatus.BAD_RESPONSE,
        "fund": DepartmentStatus.UNAVAILABLE,
        "tax": DepartmentStatus.UNAVAILABLE,
    }
    assert all(o.message for d, o in result.outcomes.items() if d != "hukou")
    assert result.values.values["person.name"].value == population.people[person_id].name


def test_open_breaker_answers_at_once_without_asking(
    exchange_for, world: tuple[Population, Simulator]
) -> None:
    population, sim = world
    exchange = exchange_for(
        breaker_factory=lambda: CircuitBreaker(failure_threshold=2, cool_down_s=60)
    )
    person_id = _adult(population)
    sim.faults.set("civil", Fault(FaultKind.HTTP_500, arg=500))
    for _ in range(2):
        failed = exchange.lookup(person_id, NAME_AND_MARRIAGE)
        assert failed.outcomes["civil"].status is DepartmentStatus.UNAVAILABLE
    sim.faults.clear()
    asked_before = sim.stats["civil"]
    result = exchange.lookup(person_id, NAME_AND_MARRIAGE)
    outcome = result.outcomes["civil"]
    assert outcome.status is DepartmentStatus.UNAVAILABLE
    assert "circuit" in outcome.message.lower() or "熔断" in outcome.message
    assert outcome.latency_ms < 100
    assert sim.stats["civil"] == asked_before, "an open breaker still sent the request"
    assert result.outcomes["hukou"].status is DepartmentStatus.OK


def test_wrong_credentials_are_reported_as_auth_failed(
    exchange_for, keyring_file: PlaintextKeyring, world: tuple[Population, Simulator]
) -> None:
    keyring_file.set_password("counterapp/civil", "counter-demo", "not-the-key")
    result = exchange_for().lookup(_adult(world[0]), NAME_AND_MARRIAGE)
    assert result.outcomes["civil"].status is DepartmentStatus.AUTH_FAILED
    assert result.outcomes["hukou"].status is DepartmentStatus.OK


def test_departments_disagree_the_authoritative_one_wins(
    exchange_for, world: tuple[Population, Simulator]
) -> None:
    population, _ = world
    person_id = _adult(
        population, lambda p: p.stale_mobile is not None and p.id_number in population.social
    )
    # the household register is asked for the name and brings its (stale) copy of the phone
    result = exchange_for().lookup(person_id, ["person.mobile", "person.name"])
    person = population.people[person_id]
    chosen = result.values.values["person.mobile"]
    assert chosen.value == person.mobile
    assert chosen.provenance.department == "hrss"  # the catalog's authoritative department
    conflict = result.values.conflict("person.mobile")
    assert conflict is not None
    assert person.stale_mobile in {other.value for other in conflict.others}


class _EducationBureau(BaseHTTPRequestHandler):
    """A department the code has never seen: XML with attributes, dates as 2019.05.20."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><jyxx>'
            f'<ry sfzh="{self.path.rsplit("/", 1)[-1]}" xl="研究生" byrq="2019.05.20"/>'
            "<xw><z mc='学士' n='2016'/><z mc='硕士' n='2019'/></xw></jyxx>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_new_department_is_a_new_connector_file_and_no_code(
    exchange_for, connectors_dir: Path, tmp_path: Path, world: tuple[Population, Simulator]
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EducationBureau)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        directory = tmp_path / "connectors"
        directory.mkdir()
        for path in connectors_dir.glob("*.toml"):
            if path.stem != "hukou":  # the new bureau is the only source of the item
                (directory / path.name).write_bytes(path.read_bytes())
        (directory / "education.toml").write_text(
            f"""format_version = 1
[department]
id = "education"
name_zh = "教育局"
name_en = "Education bureau"
[http]
base_url = "http://127.0.0.1:{server.server_address[1]}"
[auth]
scheme = "none"
[[requests]]
name = "degrees"
method = "GET"
path = "/xueli/{{id_number}}"
format = "xml"
[[requests.fields]]
item = "person.education"
path = "/jyxx/ry/@xl"
""",
            encoding="utf-8",
        )
        exchange = exchange_for(directory)
        result = exchange.lookup(_adult(world[0]), ["person.education", "marriage.status"])
        assert set(result.outcomes) == {"education", "civil"}
        assert result.outcomes["education"].status is DepartmentStatus.OK
        education = result.values.values["person.education"]
        assert education.value == "研究生"
        assert education.provenance.department == "education"
        assert education.provenance.verified
    finally:
        server.shutdown()
        server.server_close()


def test_values_keep_their_types(exchange_for, world: tuple[Population, Simulator]) -> None:
    population, _ = world
    person_id = _adult(
        population,
        lambda p: p.id_number in population.housing_fund and p.id_number in population.properties,
    )
    result = exchange_for().lookup(
        person_id, ["person.birth_date", "housing_fund.balance", "realestate.properties"]
    )
    values = result.values.values
    assert values["person.birth_date"].value == population.people[person_id].birth_date
    balance = values["housing_fund.balance"].value
    assert isinstance(balance, Decimal)
    assert balance == Decimal(population.housing_fund[person_id].balance_fen) / 100
    records = values["realestate.properties"].value
    assert isinstance(records, tuple)
    certificates = {p.certificate_number for p in population.properties[person_id]}
    assert {r["certificate_number"] for r in records} == certificates


FORMAT_OF = {
    "hukou": "person.name",  # JSON, pinyin keys
    "civil": "marriage.status",  # XML
    "hrss": "social.insured_status",  # JSON camelCase
    "tax": "tax.annual_income",  # CSV in GBK
    "fund": "housing_fund.balance",  # JSON envelope
    "realestate": "realestate.property_count",  # JSON list
    "market": "business.list",  # JSON
}


@pytest.mark.parametrize("dept", sorted(FORMAT_OF))
@pytest.mark.parametrize(
    "kind", [FaultKind.MALFORMED, FaultKind.WRONG_ENCODING, FaultKind.BODY_ERROR]
)
def test_a_broken_body_in_any_format_is_a_bad_response(
    exchange_for, world: tuple[Population, Simulator], dept: str, kind: FaultKind
) -> None:
    population, sim = world
    records = {
        "fund": population.housing_fund,
        "tax": population.tax,
        "realestate": population.properties,
        "market": population.businesses_by_operator,
        "hrss": population.social,
    }.get(dept, population.people)
    person_id = _adult(population, lambda p: p.id_number in records)
    sim.faults.set(dept, Fault(kind))
    result = exchange_for().lookup(person_id, [FORMAT_OF[dept]])
    outcome = result.outcomes[dept]
    assert outcome.status is DepartmentStatus.BAD_RESPONSE, (outcome.status, outcome.message)
    assert outcome.message
    assert FORMAT_OF[dept] in result.values.missing


@pytest.mark.parametrize(
    ("kind", "arg", "status"),
    [
        (FaultKind.SLOW_DRIP, 300, DepartmentStatus.TIMEOUT),
        (FaultKind.DROP, None, DepartmentStatus.UNAVAILABLE),
        (FaultKind.OVERSIZED, 20, DepartmentStatus.BAD_RESPONSE),
        (FaultKind.HTTP_500, 500, DepartmentStatus.UNAVAILABLE),
    ],
)
def test_transport_faults_end_in_one_status_within_the_deadline(
    exchange_for,
    world: tuple[Population, Simulator],
    kind: FaultKind,
    arg: int | None,
    status: DepartmentStatus,
) -> None:
    population, sim = world
    sim.faults.set("hukou", Fault(kind, arg=arg))
    started = time.monotonic()
    result = exchange_for(total_deadline_s=8.0).lookup(_adult(population), NAME_AND_MARRIAGE)
    assert time.monotonic() - started < 8.5
    assert result.outcomes["hukou"].status is status, result.outcomes["hukou"].message
    assert result.outcomes["civil"].status is DepartmentStatus.OK
