"""Department values over real HTTP: checked against the catalog, and a stand-in for a failed
authority (issue 10, defects 3 and 4).

The connectors are the simulator's own, written to a temporary directory; where a test
needs a connector that gets a value wrong, it changes that connector's field map and
writes the file again, the way IT would edit it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.catalog import Catalog, load_catalog
from counterapp.exchange.connector import Connector, FieldMap
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange, DepartmentOutcome
from counterapp.exchange.status import DepartmentStatus
from counterapp.sim.connectors import render_connector, write_connectors
from counterapp.sim.faults import Fault, FaultBoard, FaultKind
from counterapp.sim.model import Person, Population
from counterapp.sim.server import Simulator

HUKOU_ITEMS = ("person.name", "person.gender", "person.birth_date", "person.ethnicity")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def connectors_dir(sim: Simulator, tmp_path: Path) -> Path:
    directory = tmp_path / "connectors"
    write_connectors(sim, directory)
    return directory


@pytest.fixture
def keyring_file(tmp_path: Path, sim: Simulator) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    for entry in sim.credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    return backend


@pytest.fixture
def exchange_for(
    catalog: Catalog, connectors_dir: Path, keyring_file: PlaintextKeyring
) -> Iterator[Callable[..., DepartmentExchange]]:
    made: list[DepartmentExchange] = []

    def make(**kwargs: object) -> DepartmentExchange:
        known = frozenset(item.code for item in catalog)
        connectors = load_connectors(connectors_dir, known_items=known)
        exchange = DepartmentExchange(
            connectors, catalog, CredentialStore(connectors, backend=keyring_file), **kwargs
        )
        made.append(exchange)
        return exchange

    yield make
    for exchange in made:
        exchange.close()


@pytest.fixture(autouse=True)
def no_faults(faults: FaultBoard) -> FaultBoard:
    return faults


def _living(population: Population, predicate: Callable[[Person], bool] = lambda p: True) -> Person:
    return next(p for p in population.people.values() if not p.deceased and predicate(p))


def _edit_field(directory: Path, department: str, item: str, **changes: object) -> None:
    """Change one field map of a connector file and write the file again."""
    path = directory / f"{department}.toml"
    connector = load_connectors(directory)[department]
    requests = tuple(
        dataclasses.replace(
            spec,
            fields=tuple(
                dataclasses.replace(f, **changes) if f.item == item else f  # type: ignore[arg-type]
                for f in spec.fields
            ),
        )
        for spec in connector.requests
    )
    path.write_text(render_connector(dataclasses.replace(connector, requests=requests)), "utf-8")
    edited: Connector = load_connectors(directory)[department]
    fields: list[FieldMap] = [f for spec in edited.requests for f in spec.fields if f.item == item]
    assert fields and all(getattr(f, k) == v for f in fields for k, v in changes.items())


# -- defect 3: department values are checked against the catalog ----------------------------


def test_a_gender_mapped_to_m_is_refused_and_the_other_values_still_count(
    exchange_for, connectors_dir: Path, population: Population
) -> None:
    _edit_field(connectors_dir, "hukou", "person.gender", value_map=(("1", "M"), ("2", "F")))
    person = _living(population)

    result = exchange_for().lookup(person.id_number, HUKOU_ITEMS)

    outcome = result.outcomes["hukou"]
    assert outcome.status is DepartmentStatus.OK
    assert "person.gender" not in result.values.values
    assert "person.gender" in result.values.missing
    assert [(r.item, r.raw) for r in outcome.refused] == [
        ("person.gender", "M" if person.gender == "1" else "F")
    ]
    assert "GB/T 2261.1" in outcome.refused[0].reason
    assert "GB/T 2261.1" in outcome.refused[0].reason_zh
    assert outcome.refused_count == 1
    assert outcome.answer is not None and "person.gender" not in outcome.answer.values
    assert result.values.values["person.name"].value == person.name
    assert result.values.values["person.birth_date"].value == person.birth_date
    assert result.values.values["person.name"].provenance.verified


def test_a_birth_date_left_as_text_is_refused(
    exchange_for, connectors_dir: Path, population: Population
) -> None:
    person = _living(population)
    born = person.birth_date
    as_sent = born.strftime("%Y%m%d")
    as_text = f"{born.year}/{born.month}/{born.day}"  # e.g. 1990/1/5, and no conversion
    _edit_field(
        connectors_dir, "hukou", "person.birth_date", convert="", value_map=((as_sent, as_text),)
    )

    result = exchange_for().lookup(person.id_number, HUKOU_ITEMS)

    outcome = result.outcomes["hukou"]
    assert "person.birth_date" not in result.values.values
    assert [(r.item, r.raw, r.reason) for r in outcome.refused] == [
        ("person.birth_date", as_text, "not a date (a text)")
    ]
    assert outcome.refused[0].shown() != as_text  # a birth date is masked on screen
    assert result.values.values["person.gender"].value == person.gender
    assert result.values.values["person.name"].value == person.name


def test_the_simulated_departments_values_all_fit_the_catalog(
    exchange_for, population: Population, catalog: Catalog
) -> None:
    exchange = exchange_for()
    every_item = [item.code for item in catalog]
    people = [p for p in population.people.values()][:15]
    for person in people:
        result = exchange.lookup(person.id_number, every_item)
        refused = {d: o.refused for d, o in result.outcomes.items() if o.refused}
        assert refused == {}, person.id_number


# -- defect 4: a stand-in when the authoritative department is down --------------------------


def _mobile_holder(population: Population) -> Person:
    return _living(
        population,
        lambda p: (
            p.id_number in population.social
            and p.id_number in population.housing_fund
            and p.stale_mobile is None
        ),
    )


def test_the_plan_names_the_stand_ins_but_asks_only_the_authority(exchange_for) -> None:
    plan = exchange_for().plan(["person.mobile", "marriage.status"])
    assert plan.departments == ("hrss", "civil") or set(plan.departments) == {"hrss", "civil"}
    assert plan.fallbacks == {"person.mobile": ("hukou", "fund")}
    assert plan.fallback_departments == ("hukou", "fund")
    restricted = plan.restricted(["hrss"])
    assert restricted.departments == ("hrss",) and restricted.fallbacks == {}
    assert plan.restricted(["hrss"], ["fund"]).fallbacks == {"person.mobile": ("fund",)}


@pytest.mark.parametrize(
    "fault", [Fault(FaultKind.HTTP_500, arg=503), Fault(FaultKind.TIMEOUT)], ids=str
)
def test_the_authority_down_a_stand_in_gives_the_value_not_authoritative(
    exchange_for,
    connectors_dir: Path,
    sim: Simulator,
    population: Population,
    with_http,
    fault: Fault,
) -> None:
    person = _mobile_holder(population)
    if fault.kind is FaultKind.TIMEOUT:  # the department's own read timeout, not the deadline
        hrss = load_connectors(connectors_dir)["hrss"]
        short = with_http(hrss, read_timeout_s=0.5)
        (connectors_dir / "hrss.toml").write_text(render_connector(short), "utf-8")
    exchange = exchange_for(total_deadline_s=6.0)
    sim.faults.set("hrss", fault)
    before = sim.stats.snapshot()
    seen: list[DepartmentOutcome] = []

    result = exchange.lookup(person.id_number, ["person.mobile"], on_outcome=seen.append)

    after = sim.stats.snapshot()
    asked = {d: after.get(d, 0) - before.get(d, 0) for d in after}
    assert result.outcomes["hrss"].status is not DepartmentStatus.OK
    mobile = result.values.values["person.mobile"]
    assert mobile.value == person.mobile
    assert mobile.provenance.department == "hukou"
    assert result.values.not_authoritative == {"person.mobile"}
    stand_in = result.outcomes["hukou"]
    assert stand_in.status is DepartmentStatus.OK
    assert stand_in.stands_in_for == {"person.mobile"} and stand_in.stand_in
    assert [o.department for o in seen] == ["hrss", "hukou"]
    assert result.order == ("hrss", "hukou")
    # only the request that gives the phone number, and only one stand-in
    assert asked.get("hukou") == 1
    assert asked.get("fund", 0) == 0


def test_the_authority_up_nobody_else_is_asked(
    exchange_for, sim: Simulator, population: Population
) -> None:
    person = _mobile_holder(population)
    exchange = exchange_for()
    exchange.lookup(person.id_number, ["person.mobile"])  # connections warmed up
    before = sim.stats.snapshot()
    started = time.monotonic()
    result = exchange.lookup(person.id_number, ["person.mobile"])
    elapsed = time.monotonic() - started
    after = sim.stats.snapshot()

    assert {d for d in after if after[d] != before.get(d, 0)} == {"hrss"}
    assert set(result.outcomes) == {"hrss"}
    assert result.values.values["person.mobile"].provenance.department == "hrss"
    assert result.values.not_authoritative == frozenset()
    assert not any(o.stand_in for o in result.outcomes.values())
    assert elapsed < 1.0


def test_a_department_already_asked_is_asked_once_more_as_the_stand_in(
    exchange_for, sim: Simulator, population: Population
) -> None:
    person = _mobile_holder(population)
    sim.faults.set("hrss", Fault(FaultKind.HTTP_500, arg=500))
    seen: list[DepartmentOutcome] = []
    before = sim.stats.snapshot()

    # the household register is asked for its household request only; the phone number
    # comes in its person request, sent once the authority has failed
    result = exchange_for().lookup(
        person.id_number, ["person.mobile", "household.head_name"], on_outcome=seen.append
    )

    after = sim.stats.snapshot()
    assert after["hukou"] - before.get("hukou", 0) == 2
    assert after.get("fund", 0) == before.get("fund", 0)
    hukou = result.outcomes["hukou"]
    assert hukou.stands_in_for == {"person.mobile"}
    assert result.values.values["person.mobile"].provenance.department == "hukou"
    assert "household.head_name" in result.values.values
    assert result.values.not_authoritative == {"person.mobile"}
    assert seen[-1].department == "hukou" and seen[-1].stands_in_for == {"person.mobile"}


def test_a_copy_that_came_anyway_needs_no_stand_in_request(
    exchange_for, sim: Simulator, population: Population
) -> None:
    person = _mobile_holder(population)
    sim.faults.set("hrss", Fault(FaultKind.HTTP_500, arg=500))
    before = sim.stats.snapshot()

    result = exchange_for().lookup(person.id_number, ["person.mobile", "person.name"])

    after = sim.stats.snapshot()
    assert after["hukou"] - before.get("hukou", 0) == 1  # its person request, as planned
    assert result.values.values["person.mobile"].provenance.department == "hukou"
    assert result.values.not_authoritative == {"person.mobile"}
    assert not result.outcomes["hukou"].stand_in


def test_when_the_first_stand_in_fails_too_the_next_one_is_asked(
    exchange_for, sim: Simulator, population: Population
) -> None:
    person = _mobile_holder(population)
    sim.faults.set("hrss", Fault(FaultKind.HTTP_500, arg=500))
    sim.faults.set("hukou", Fault(FaultKind.HTTP_500, arg=502))

    result = exchange_for().lookup(person.id_number, ["person.mobile"])

    assert [d for d in result.outcomes] == ["hrss", "hukou", "fund"]
    assert result.values.values["person.mobile"].provenance.department == "fund"
    assert result.values.not_authoritative == {"person.mobile"}
    assert result.outcomes["fund"].stands_in_for == {"person.mobile"}


def test_not_found_at_the_authority_is_an_answer_and_nobody_else_is_asked(
    exchange_for, sim: Simulator, population: Population
) -> None:
    stranger = _living(population, lambda p: p.id_number not in population.social)
    before = sim.stats.snapshot()
    result = exchange_for().lookup(stranger.id_number, ["person.mobile"])
    after = sim.stats.snapshot()
    assert result.outcomes["hrss"].status is DepartmentStatus.NOT_FOUND
    assert {d for d in after if after[d] != before.get(d, 0)} == {"hrss"}
    assert "person.mobile" in result.values.missing
