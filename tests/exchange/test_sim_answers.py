"""The real path: bodies fetched from the running simulator, read with its connector files.

Each request is sent over loopback with ``requests`` and the simulator's demo credentials
(HMAC signing for the household register, a client certificate for the tax bureau, ...),
then read by :func:`parse_answer` with the connector files ``write_connectors`` produced.
The catalog values must equal the population's own records.

The fixtures here are this module's own (a 300-person population, large enough to hold
rare-character names and stale phone numbers), named so they do not shadow the shared
exchange fixtures.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import quote

import jmespath
import pytest
import requests

from counterapp.catalog import Catalog, load_catalog
from counterapp.exchange.auth.hmac_signing import signed_headers
from counterapp.exchange.connector import AuthScheme, Connector, FieldMap, RequestSpec
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.mapping import combine_answers, parse_answer
from counterapp.exchange.normalize import merge
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.values import ParsedAnswer
from counterapp.sim.connectors import write_connectors
from counterapp.sim.marriages import current_spouse, marital_status
from counterapp.sim.model import Person, Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator
from counterapp.standards.resident_id import check_character

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
DEPARTMENTS = ("hukou", "civil", "hrss", "tax", "fund", "realestate", "market")


@dataclass(frozen=True)
class SimWorld:
    """The running simulator, the population it serves and its loaded connector files."""

    population: Population
    sim: Simulator
    connectors: dict[str, Connector]
    catalog: Catalog

    def person(self, condition: Callable[[Person], bool]) -> Person:
        """The first living person matching a condition (fails the test when nobody does)."""
        for person in self.population.people.values():
            if not person.deceased and condition(person):
                return person
        pytest.fail("nobody in the population matches")

    def stranger(self) -> str:
        """A valid resident ID number that is nobody in the population."""
        for sequence in range(1, 999):
            body = f"11010519491231{sequence:03d}"
            candidate = body + check_character(body)
            if candidate not in self.population.people:
                return candidate
        raise AssertionError("no free ID number")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimWorld]:
    population = generate_population(people=300)
    catalog = load_catalog()
    state = tmp_path_factory.mktemp("exchange-sim")
    directory = tmp_path_factory.mktemp("connectors")
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as sim:
        write_connectors(sim, directory)
        connectors = load_connectors(directory, known_items=frozenset(i.code for i in catalog))
        yield SimWorld(population, sim, connectors, catalog)


class Asker:
    """Sends a connector's requests the way the connector says, with the demo secrets."""

    def __init__(self, world: SimWorld, session: requests.Session) -> None:
        self.world = world
        self.session = session
        self.pages = 0  # bodies fetched by the last request

    def department(self, department: str, id_number: str) -> ParsedAnswer:
        """Every request of one department for one person, read and combined."""
        connector = self.world.connectors[department]
        parts = {spec.name: self.request(connector, spec, id_number) for spec in connector.requests}
        return combine_answers(parts)

    def request(self, connector: Connector, spec: RequestSpec, id_number: str) -> ParsedAnswer:
        """One request (all its pages) for one person, read by parse_answer."""
        path = spec.path.replace("{id_number}", quote(id_number, safe=""))
        query = {k: v.replace("{id_number}", id_number) for k, v in spec.query}
        bodies: list[bytes] = []
        page = 1
        while True:
            if spec.pagination is not None:
                query[spec.pagination.page_param] = str(page)
                query[spec.pagination.size_param] = str(spec.pagination.size)
            status, body = self._get(connector, path, query)
            if status in spec.not_found_status:
                return ParsedAnswer.not_found(f"HTTP {status}")
            assert status == 200, (connector.department_id, status, body[:300])
            bodies.append(body)
            paging = spec.pagination
            if paging is None:
                break
            total = jmespath.search(paging.total, json.loads(body))
            if page * paging.size >= total or page >= paging.max_pages:
                break
            page += 1
        self.pages = len(bodies)
        return parse_answer(spec, bodies, department=connector.department_id, retrieved_at=NOW)

    def _get(self, connector: Connector, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        auth = connector.auth
        entry = self.world.sim.credentials.entry(connector.department_id)
        headers: dict[str, str] = {}
        options: dict[str, object] = {}
        if auth.scheme is AuthScheme.HMAC:
            headers = signed_headers("GET", path, query, b"", auth.app_key, entry.secret)
        elif auth.scheme is AuthScheme.API_KEY:
            headers = {auth.header: entry.secret}
        elif auth.scheme is AuthScheme.OAUTH2:
            headers = {"Authorization": f"Bearer {self._token(connector)}"}
        elif auth.scheme is AuthScheme.CLIENT_CERT:
            tls = connector.tls
            options = {
                "cert": (str(tls.client_cert), str(tls.client_key)),
                "verify": str(tls.ca_bundle),
            }
        url = connector.http.base_url + path
        with self.session.get(url, params=query, headers=headers, timeout=10, **options) as reply:
            return reply.status_code, reply.content

    def _token(self, connector: Connector) -> str:
        auth = connector.auth
        form = {
            "grant_type": "client_credentials",
            "client_id": auth.app_key,
            "client_secret": self.world.sim.credentials.entry(connector.department_id).secret,
            "scope": auth.scope,
        }
        with self.session.post(connector.http.base_url + auth.token_url, data=form) as reply:
            return reply.json()["access_token"]


@pytest.fixture
def ask(world: SimWorld) -> Iterator[Asker]:
    with requests.Session() as session:
        yield Asker(world, session)


def plain(answer: ParsedAnswer) -> dict[str, object]:
    assert answer.status is DepartmentStatus.OK, answer.message
    assert answer.problems == ()
    return {item: value.value for item, value in answer.values.items()}


def yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def test_household_register_with_a_rare_character(ask: Asker, world: SimWorld) -> None:
    person = world.person(lambda p: any(ord(c) > 0xFFFF for c in p.name))
    values = plain(ask.department("hukou", person.id_number))
    assert values["person.name"] == person.name
    assert values["person.gender"] == person.gender
    assert values["person.birth_date"] == person.birth_date
    assert values["person.ethnicity"] == person.ethnicity
    assert values["person.hukou_address"] == person.hukou_address
    assert values["person.mobile"] == (person.stale_mobile or person.mobile)
    household = world.population.households[person.household_number]
    members = values["household.members"]
    assert isinstance(members, tuple)
    assert [m["id_number"] for m in members] == list(household.member_ids)
    for member in members:
        expected = world.population.people[member["id_number"]]
        assert member == {
            "id_number": expected.id_number,
            "name": expected.name,
            "relation": expected.relation_to_head,
            "gender": expected.gender,
            "birth_date": expected.birth_date,
        }


def test_marriage_registry_xml(ask: Asker, world: SimWorld) -> None:
    marriages = world.population.marriages
    person = world.person(lambda p: len(marriages.get(p.id_number, ())) >= 1)
    values = plain(ask.department("civil", person.id_number))
    assert values["marriage.status"] == marital_status(world.population, person.id_number)
    spouse = current_spouse(world.population, person.id_number)
    if spouse is not None:
        assert values["marriage.spouse_id_number"] == spouse
    events = sorted(marriages[person.id_number], key=lambda e: e.date)
    assert values["marriage.registration_date"] == events[-1].date
    assert [(r["date"], r["office"]) for r in values["marriage.history"]] == [
        (e.date, e.office) for e in events
    ]


@pytest.mark.parametrize("gender", ["1", "2"])
def test_marriage_registry_gender_maps_to_national_codes(
    ask: Asker, world: SimWorld, gender: str
) -> None:
    civil = world.connectors["civil"]
    mapped = FieldMap("person.gender", "person/xb", value_map=(("男", "1"), ("女", "2")))
    spec = replace(civil.requests[0], fields=(*civil.requests[0].fields, mapped))
    person = world.person(lambda p: p.gender == gender)
    assert plain(ask.request(civil, spec, person.id_number))["person.gender"] == gender


def test_social_security_pages_are_concatenated(ask: Asker, world: SimWorld) -> None:
    social = world.population.social
    person = world.person(
        lambda p: p.id_number in social and len(social[p.id_number].contributions) > 25
    )
    record = social[person.id_number]
    hrss = world.connectors["hrss"]
    person_spec, records_spec = hrss.requests
    assert records_spec.pagination is not None
    small_pages = replace(records_spec, pagination=replace(records_spec.pagination, size=10))
    contributions = ask.request(hrss, small_pages, person.id_number)
    assert ask.pages >= 3
    parts = {"person": ask.request(hrss, person_spec, person.id_number), "c": contributions}
    values = plain(combine_answers(parts))
    assert values["social.contribution_months"] == len(record.contributions)
    assert values["social.pension_enrolled"] is record.pension_enrolled
    assert values["social.first_insured_date"] == record.first_insured
    assert values["person.mobile"] == person.mobile
    months = sorted(record.contributions, key=lambda c: c.month, reverse=True)
    assert values["social.contribution_records"] == tuple(
        {
            "month": c.month,
            "employer_name": c.employer_name,
            "base_amount": yuan(c.base_fen),
            "pension_amount": yuan(c.pension_fen),
        }
        for c in months
    )


def test_tax_bureau_gbk_csv_over_mutual_tls(ask: Asker, world: SimWorld) -> None:
    tax = world.population.tax
    person = world.person(
        lambda p: (
            len(tax.get(p.id_number, ())) >= 2
            and any(ord(c) > 0x7F for y in tax[p.id_number] for c in y.withholding_agent)
        )
    )
    latest = max(tax[person.id_number], key=lambda y: y.year)
    values = plain(ask.department("tax", person.id_number))
    assert values == {
        "tax.tax_year": latest.year,
        "tax.annual_income": yuan(latest.income_fen),
        "tax.annual_tax_paid": yuan(latest.tax_fen),
        "tax.withholding_agent": latest.withholding_agent,
        "tax.arrears": latest.arrears,
    }
    spec = replace(world.connectors["tax"].requests[0], latest_row_by="所属年度")
    assert plain(ask.request(world.connectors["tax"], spec, person.id_number)) == values


def test_housing_fund_envelope_and_fen(ask: Asker, world: SimWorld) -> None:
    person = world.person(lambda p: p.id_number in world.population.housing_fund)
    account = world.population.housing_fund[person.id_number]
    values = plain(ask.department("fund", person.id_number))
    assert values["housing_fund.balance"] == yuan(account.balance_fen)
    assert values["housing_fund.balance"].as_tuple().exponent == -2
    assert values["housing_fund.monthly_deposit"] == yuan(account.monthly_deposit_fen)
    assert values["housing_fund.opened_date"] == account.opened
    missing = ask.department("fund", world.stranger())
    assert missing.status is DepartmentStatus.NOT_FOUND
    assert missing.message.endswith("department said: 未找到该职工账户")


def test_real_estate_list(ask: Asker, world: SimWorld) -> None:
    properties = world.population.properties
    person = world.person(lambda p: len(properties.get(p.id_number, ())) >= 1)
    owned = sorted(properties[person.id_number], key=lambda p: p.registered)
    values = plain(ask.department("realestate", person.id_number))
    assert values["realestate.property_count"] == len(owned)
    assert values["realestate.properties"] == tuple(
        {
            "certificate_number": p.certificate_number,
            "address": p.address,
            "area_m2": p.area_m2,
            "use": p.use,
            "registered_date": p.registered,
            "share": p.share,
        }
        for p in owned
    )


def test_market_registry(ask: Asker, world: SimWorld) -> None:
    by_operator = world.population.businesses_by_operator
    person = world.person(lambda p: bool(by_operator.get(p.id_number)))
    values = plain(ask.department("market", person.id_number))
    assert {b["credit_code"] for b in values["business.list"]} == set(by_operator[person.id_number])
    assert values["business.operator_id_number"] == person.id_number


def test_stale_mobile_conflict_authoritative_wins(ask: Asker, world: SimWorld) -> None:
    social = world.population.social
    person = world.person(lambda p: p.stale_mobile is not None and p.id_number in social)
    answers = {d: ask.department(d, person.id_number) for d in ("fund", "hukou", "hrss")}
    asked = {"person.mobile", "person.name", "marriage.status"}
    merged = merge(answers, world.catalog, asked=asked)
    assert merged.values["person.mobile"].value == person.mobile
    assert merged.values["person.mobile"].provenance.department == "hrss"
    conflict = merged.conflict("person.mobile")
    assert conflict is not None
    assert {o.value for o in conflict.others} == {person.stale_mobile}
    assert "hukou" in {o.provenance.department for o in conflict.others}
    assert merged.values["person.name"].value == person.name
    assert merged.missing == frozenset({"marriage.status"})


@pytest.mark.parametrize("department", [d for d in DEPARTMENTS if d != "market"])
def test_unknown_person_is_not_found(ask: Asker, world: SimWorld, department: str) -> None:
    # market is a public registry: an unknown operator has an empty list of businesses
    answer = ask.department(department, world.stranger())
    assert answer.status is DepartmentStatus.NOT_FOUND, answer
