"""Fixtures for the forms tests: the shipped forms, and the simulator to pre-fill them from.

The simulator serves one synthetic population over loopback HTTP for the whole package
(no real-estate latency); ``prefilled`` looks people up through a real
:class:`DepartmentExchange` and pre-fills a form, and ``person`` picks someone from the
population who fits a test (married, 19 years old, with a fund account ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.catalog import Catalog, load_catalog
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange, LookupResult
from counterapp.forms import ServiceForm, load_forms
from counterapp.forms.prefill import PrefilledForm, prefill
from counterapp.sim.connectors import write_connectors
from counterapp.sim.model import Person, Population
from counterapp.sim.population import generate_population, marital_status
from counterapp.sim.server import Simulator, start_simulator

SEED = 7
PEOPLE = 2000  # enough for rare cases: fund accounts under 6 months, 16-year-olds ...

Lookup = Callable[..., PrefilledForm]
Finder = Callable[..., Person]


@pytest.fixture(scope="package")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="package")
def forms(catalog: Catalog) -> dict[str, ServiceForm]:
    return load_forms(catalog)


@pytest.fixture(scope="package")
def population() -> Population:
    return generate_population(seed=SEED, people=PEOPLE)


@pytest.fixture(scope="package")
def simulator(
    population: Population, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Simulator]:
    state = tmp_path_factory.mktemp("forms-sim")
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as sim:
        yield sim


@pytest.fixture(scope="package")
def exchange(
    simulator: Simulator, catalog: Catalog, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DepartmentExchange]:
    """The departments as the app asks them: connector files, keyring secrets, real HTTP."""
    directory = tmp_path_factory.mktemp("forms-connectors")
    write_connectors(simulator, directory)
    connectors = load_connectors(directory, known_items=frozenset(i.code for i in catalog))
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path_factory.mktemp("forms-keyring") / "keyring.cfg")
    for entry in simulator.credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    with DepartmentExchange(
        connectors, catalog, CredentialStore(connectors, backend=backend)
    ) as departments:
        yield departments


@pytest.fixture(scope="package")
def look_up(exchange: DepartmentExchange) -> Callable[[ServiceForm, str, int], LookupResult]:
    """Look one applicant up for a form: ``look_up(form, id_number, applicant)``."""

    def run(form: ServiceForm, id_number: str, applicant: int = 1) -> LookupResult:
        result = exchange.lookup(id_number, form.items_for_applicant(applicant))
        assert result.complete, {d: o.status for d, o in result.outcomes.items()}
        return result

    return run


@pytest.fixture(scope="package")
def prefilled(
    forms: dict[str, ServiceForm], look_up: Callable[[ServiceForm, str, int], LookupResult]
) -> Lookup:
    """``prefilled(service_id, id1, id2 ...)``: look each applicant up and pre-fill."""

    def run(service_id: str, *id_numbers: str) -> PrefilledForm:
        form = forms[service_id]
        lookups = {n: look_up(form, pid, n).values for n, pid in enumerate(id_numbers, start=1)}
        return prefill(form, lookups)

    return run


def age(person: Person, today: date) -> int:
    born = person.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@pytest.fixture(scope="package")
def person(population: Population) -> Finder:
    """``person(status=..., gender=..., ages=(lo, hi), where=predicate)``: the first fit.

    Args (of the returned function):
        status: a GB/T 2261.2 code the person must have ("10", "21", ...).
        gender: "1" or "2".
        ages: an inclusive range of ages on the population's day.
        where: any other test on the person.
        skip: ID numbers not to return (a second applicant unlike the first).
    """
    today = population.today or date.today()

    def find(
        *,
        status: str | None = None,
        gender: str | None = None,
        ages: tuple[int, int] = (18, 90),
        where: Callable[[Person], bool] = lambda p: True,
        skip: tuple[str, ...] = (),
    ) -> Person:
        for candidate in population.people.values():
            if (
                not candidate.deceased
                and candidate.id_number not in skip
                and ages[0] <= age(candidate, today) <= ages[1]
                and (gender is None or candidate.gender == gender)
                and (status is None or marital_status(population, candidate.id_number) == status)
                and where(candidate)
            ):
                return candidate
        raise LookupError("nobody in the test population fits; widen the search")

    return find
