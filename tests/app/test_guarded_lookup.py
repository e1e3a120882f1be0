"""The one guarded lookup: a diagnosis needs the permission and a reason; a probe uses each
department's test identity; every lookup leaves an audit record and scorecard rows."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

import counterapp
from counterapp.app.consent import record_consent
from counterapp.app.guarded_lookup import ForCase, ForDiagnosis, look_up, probe_departments
from counterapp.app.lookup import LookupInputError
from counterapp.audit.events import EventKind
from counterapp.catalog import Catalog
from counterapp.consent import ConsentMethod, ConsentRecord, scope_of
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.exchange.status import DepartmentStatus
from counterapp.protection import FieldCipher
from counterapp.sim.faults import Fault, FaultKind
from counterapp.sim.model import Population
from counterapp.sim.server import Simulator
from counterapp.store.audit_log import snapshot, stream_records
from counterapp.store.department_answers import answers_of
from counterapp.users import PermissionDenied
from helpers.case_factory import ADMIN, CLERK

ITEMS = ("person.name", "marriage.status")


def _someone(population: Population) -> str:
    return next(p.id_number for p in population.people.values() if not p.deceased)


def _last_event(engine: Engine):  # type: ignore[no-untyped-def]
    with snapshot(engine) as connection:
        return list(stream_records(connection))[-1]


def _references_seen(sim: Simulator, departments: object) -> set[str]:
    """The lookup references the simulated departments received (token requests aside)."""
    return {
        r.reference
        for r in sim.stats.recent()
        if r.department in departments and r.reference != "(public route)"  # type: ignore[operator]
    }


@pytest.mark.parametrize(
    ("actor", "reason", "refusal"),
    [(CLERK, "check civil affairs", PermissionDenied), (ADMIN, "  ", LookupInputError)],
    ids=["clerk-without-permission", "admin-without-reason"],
)
def test_a_diagnosis_is_refused_before_any_department_is_asked(
    engine: Engine,
    exchange: DepartmentExchange,
    world: tuple[Population, Simulator],
    catalog: Catalog,
    actor: object,
    reason: str,
    refusal: type[Exception],
) -> None:
    population, sim = world
    before = sim.stats.snapshot()
    with pytest.raises(refusal):
        look_up(
            exchange,
            engine,
            FieldCipher.generate(),
            actor,  # type: ignore[arg-type]
            _someone(population),
            ITEMS,
            why=ForDiagnosis(reason),
            catalog=catalog,
        )
    assert sim.stats.snapshot() == before
    with engine.connect() as connection:
        assert answers_of(connection) == []


def test_a_diagnosis_with_a_reason_is_audited_and_counted(
    engine: Engine,
    exchange: DepartmentExchange,
    world: tuple[Population, Simulator],
    catalog: Catalog,
) -> None:
    population, sim = world
    sim.stats.reset()
    result = look_up(
        exchange,
        engine,
        FieldCipher.generate(),
        ADMIN,
        _someone(population),
        ITEMS,
        why=ForDiagnosis("ticket 4711: civil affairs answers slowly"),
        catalog=catalog,
        workstation="it-desk",
    )
    assert result.complete
    event = _last_event(engine)
    assert (event.kind, event.actor, event.success) == (EventKind.LOOKUP, ADMIN.username, True)
    assert event.detail.startswith("diagnosis: ticket 4711")
    assert set(event.items) == set(ITEMS)
    assert set(event.departments) == set(result.outcomes)
    # every request carried the one reference the audit record names
    (reference,) = _references_seen(sim, result.outcomes)
    assert len(reference) == 32 and event.detail.endswith(f"reference {reference}")
    with engine.connect() as connection:
        rows = answers_of(connection)
    assert {(r.department, r.reason, r.status) for r in rows} == {
        (d, "diagnosis", "ok") for d in result.outcomes
    }


def test_a_probe_asks_each_department_about_its_test_identity(
    engine: Engine, exchange: DepartmentExchange, world: tuple[Population, Simulator]
) -> None:
    population, sim = world
    sim.stats.reset()
    outcomes = probe_departments(exchange, engine, operator="itadmin", workstation="it-desk")
    assert [o.department for o in outcomes] == list(exchange.connectors)
    statuses = {o.department: o.outcome.status for o in outcomes if o.outcome is not None}
    assert statuses == dict.fromkeys(exchange.connectors, DepartmentStatus.OK)
    for probe in outcomes:  # each test identity is a person its department holds
        identity = exchange.connectors[probe.department].probe
        assert identity is not None and identity.id_number in population.people
    event = _last_event(engine)
    assert (event.actor, event.case_number) == ("itadmin", None)
    assert event.detail.startswith("probe")
    assert set(event.departments) == set(exchange.connectors)
    (reference,) = _references_seen(sim, exchange.connectors)
    assert event.detail.endswith(f"reference {reference}")
    with engine.connect() as connection:
        assert {r.reason for r in answers_of(connection)} == {"probe"}


def test_only_the_guarded_lookup_asks_departments() -> None:
    """No product module but app/guarded_lookup.py touches an exchange's lookup or probe.

    A widget, a command or a use case that called ``exchange.lookup`` itself would ask
    departments with no permission, consent or audit record; this keeps the one path.
    """
    package = Path(counterapp.__file__).parent
    allowed = {package / "app" / "guarded_lookup.py"}
    offenders = []
    for path in sorted(package.rglob("*.py")):
        if path in allowed or package / "exchange" in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"lookup", "probe"}
                and "exchange" in ast.unparse(node.value).lower()
            ):
                offenders.append(f"{path.relative_to(package)}:{node.lineno} {ast.unparse(node)}")
    assert offenders == []


@pytest.mark.parametrize("consented_stand_in", [True, False], ids=["hukou-consented", "only-hrss"])
def test_a_stand_in_for_a_failed_authority_is_asked_only_under_consent(
    engine: Engine,
    exchange: DepartmentExchange,
    world: tuple[Population, Simulator],
    catalog: Catalog,
    consented_stand_in: bool,
) -> None:
    population, sim = world
    person = next(
        p
        for p in population.people.values()
        if not p.deceased and p.id_number in population.social and p.stale_mobile is None
    )
    cipher = FieldCipher.generate()
    departments = {"hrss", "hukou"} if consented_stand_in else {"hrss"}
    consent = ConsentRecord(
        applicant_id_number=person.id_number,
        purpose="marriage-registration",
        method=ConsentMethod.ID_CARD_READER,
        departments=frozenset(departments),
        categories=scope_of(catalog, ["person.mobile"]).categories,
        recorded_by=CLERK.username,
        recorded_at=datetime.now(UTC),
    )
    record_consent(engine, cipher, CLERK, consent)
    sim.faults.set("hrss", Fault(FaultKind.HTTP_500, arg=503))
    try:
        before = sim.stats.snapshot()
        result = look_up(
            exchange,
            engine,
            cipher,
            CLERK,
            person.id_number,
            ["person.mobile"],
            why=ForCase("marriage-registration"),
            catalog=catalog,
        )
        after = sim.stats.snapshot()
    finally:
        sim.faults.clear()
    hukou_asked = after.get("hukou", 0) - before.get("hukou", 0)
    if consented_stand_in:
        assert result.values.values["person.mobile"].value == person.mobile
        assert result.values.not_authoritative == {"person.mobile"}
        assert hukou_asked == 1
    else:
        assert "person.mobile" in result.values.missing
        assert hukou_asked == 0
        assert set(result.outcomes) == {"hrss"}
