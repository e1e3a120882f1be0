"""One simulator per test session (per xdist worker), and a client that speaks every
department's auth scheme, so department tests read as "ask, then check the answer"."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests

from counterapp.exchange.auth.hmac_signing import signed_headers
from counterapp.sim.model import Person, Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator

SMALL_POPULATION = 300


@pytest.fixture(scope="session")
def population() -> Population:
    return generate_population(people=SMALL_POPULATION)


@pytest.fixture(scope="session")
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sim-state")


@pytest.fixture(scope="session")
def sim(population: Population, state_dir: Path) -> Iterator[Simulator]:
    with start_simulator(population, state_dir=state_dir, realestate_latency_ms=0) as running:
        yield running


@pytest.fixture
def faults(sim: Simulator) -> Iterator[Simulator]:
    """The shared simulator, with every fault cleared after the test."""
    sim.faults.clear()
    yield sim
    sim.faults.clear()


@pytest.fixture
def pick(population: Population) -> Callable[[Callable[[Person], bool]], Person]:
    """The first living person matching a condition (fails the test when nobody does)."""

    def first(condition: Callable[[Person], bool]) -> Person:
        for person in population.people.values():
            if not person.deceased and condition(person):
                return person
        pytest.fail("nobody in the small population matches")

    return first


@pytest.fixture
def unknown_id(population: Population) -> str:
    """A valid resident ID number (GB 11643) that is nobody in the population."""
    from counterapp.standards.resident_id import check_character

    for sequence in range(1, 999):
        body = f"11010519491231{sequence:03d}"
        candidate = body + check_character(body)
        if candidate not in population.people:
            return candidate
    raise AssertionError("no free ID number")


class SimClient:
    """Requests to the simulated departments with correct credentials unless told otherwise."""

    def __init__(self, sim: Simulator, session: requests.Session) -> None:
        self.sim = sim
        self.session = session
        self.creds = sim.credentials

    def hukou(
        self,
        path: str,
        query: Mapping[str, str] | None = None,
        *,
        secret: str | None = None,
        app_key: str | None = None,
        timestamp: int | None = None,
        nonce: str | None = None,
        **kwargs: object,
    ) -> requests.Response:
        query = dict(query or {})
        headers = signed_headers(
            "GET",
            path,
            query,
            b"",
            app_key or self.creds.hukou_app_key,
            secret or self.creds.hukou_secret,
            timestamp=timestamp,
            nonce=nonce,
        )
        url = self.sim.url("hukou") + path + (f"?{urlencode(query)}" if query else "")
        return self.session.get(url, headers=headers, **kwargs)

    def civil(self, id_number: str, *, api_key: str | None = "", **kw: object) -> requests.Response:
        key = self.creds.civil_api_key if api_key == "" else api_key
        headers = {"X-Api-Key": key} if key is not None else {}
        url = self.sim.url("civil") + "/hyjk/v1/hydj"
        return self.session.get(url, params={"sfzjhm": id_number}, headers=headers, **kw)

    def hrss_token(self, secret: str | None = None, scope: str = "hrss.read") -> requests.Response:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.creds.hrss_client_id,
            "client_secret": secret or self.creds.hrss_client_secret,
            "scope": scope,
        }
        return self.session.post(self.sim.url("hrss") + "/oauth/token", data=form)

    def hrss(self, path: str, *, token: str | None = None, **kw: object) -> requests.Response:
        if token is None:
            token = self.hrss_token().json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        return self.session.get(self.sim.url("hrss") + path, headers=headers, **kw)

    def tax(
        self, id_number: str, *, client_cert: bool = True, year: str | None = None, **kw: object
    ) -> requests.Response:
        tls = self.sim.tls
        cert = (str(tls.client_cert), str(tls.client_key)) if client_cert else None
        params = {"nsrsbh": id_number} | ({"nd": year} if year else {})
        return self.session.get(
            self.sim.url("tax") + "/api/v1/nsr/ndsr",
            params=params,
            verify=str(tls.ca_cert),
            cert=cert,
            **kw,
        )

    def fund(self, id_number: str, *, token: str | None = None, **kw: object) -> requests.Response:
        headers = {"X-Fund-Token": self.creds.fund_token if token is None else token}
        url = self.sim.url("fund") + "/gjj/api/v1/account"
        return self.session.get(url, params={"zjhm": id_number}, headers=headers, **kw)

    def realestate(
        self, id_number: str, *, key: str | None = None, **kw: object
    ) -> requests.Response:
        headers = {"X-Api-Key": self.creds.realestate_api_key if key is None else key}
        url = f"{self.sim.url('realestate')}/bdc/api/v2/owners/{id_number}/properties"
        return self.session.get(url, headers=headers, **kw)

    def market(self, path: str, **kw: object) -> requests.Response:
        return self.session.get(self.sim.url("market") + path, **kw)

    def lookup(self, department: str, id_number: str, **kw: object) -> requests.Response:
        """The department's main per-person request."""
        if department == "hukou":
            return self.hukou(f"/api/v1/persons/{id_number}", **kw)
        if department == "hrss":
            return self.hrss(f"/api/v1/insured-persons/{id_number}", **kw)
        if department == "market":
            return self.market("/api/enterprises", params={"cerno": id_number}, **kw)
        return getattr(self, department)(id_number, **kw)


@pytest.fixture
def client(sim: Simulator) -> Iterator[SimClient]:
    with requests.Session() as session:
        yield SimClient(sim, session)
