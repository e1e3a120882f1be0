"""The clerk's lookup for a case: refused without consent, audited without values."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from counterapp.app.case_lookup import look_up_for_case
from counterapp.app.consent import record_consent
from counterapp.app.lookup import LookupInputError
from counterapp.audit.events import EventKind
from counterapp.catalog import Catalog
from counterapp.consent import ConsentInsufficient, ConsentMethod, ConsentMissing, ConsentRecord
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.protection import FieldCipher
from counterapp.sim.model import Population
from counterapp.sim.server import Simulator
from counterapp.store.audit_log import snapshot, stream_records
from counterapp.users import PermissionDenied
from helpers.case_factory import ADMIN, CLERK

SERVICE = "marriage-registration"
ITEMS = ("person.name", "marriage.status")


def _applicant(population: Population) -> str:
    return next(p.id_number for p in population.people.values() if not p.deceased)


def _consent(id_number: str, departments: set[str], categories: set[str]) -> ConsentRecord:
    return ConsentRecord(
        applicant_id_number=id_number,
        purpose=SERVICE,
        method=ConsentMethod.ON_SCREEN_SIGNATURE,
        departments=frozenset(departments),
        categories=frozenset(categories),
        recorded_by=CLERK.username,
        recorded_at=datetime.now(UTC),
    )


def _events(engine: Engine) -> list:  # type: ignore[type-arg]
    with snapshot(engine) as connection:
        return list(stream_records(connection))


def test_no_department_is_asked_without_consent(
    engine: Engine,
    exchange: DepartmentExchange,
    world: tuple[Population, Simulator],
    catalog: Catalog,
) -> None:
    population, sim = world
    cipher = FieldCipher.generate()
    before = sim.stats.snapshot()
    with pytest.raises(ConsentMissing):
        look_up_for_case(
            exchange,
            engine,
            cipher,
            CLERK,
            _applicant(population),
            ITEMS,
            purpose=SERVICE,
            catalog=catalog,
        )
    assert sim.stats.snapshot() == before, "a department was asked without consent"
    refused = _events(engine)[-1]
    assert (refused.kind, refused.success) == (EventKind.LOOKUP, False)


def test_consent_that_misses_a_department_is_refused_naming_it(
    engine: Engine,
    exchange: DepartmentExchange,
    world: tuple[Population, Simulator],
    catalog: Catalog,
) -> None:
    population, _ = world
    cipher = FieldCipher.generate()
    applicant = _applicant(population)
    record_consent(engine, cipher, CLERK, _consent(applicant, {"hukou"}, {"person"}))
    with pytest.raises(ConsentInsufficient) as caught:
        look_up_for_case(
            exchange, engine, cipher, CLERK, applicant, ITEMS, purpose=SERVICE, catalog=catalog
        )
    assert "civil" in str(caught.value)


def test_a_covered_lookup_runs_and_is_audited_by_items_not_values(
    engine: Engine,
    exchange: DepartmentExchange,
    world: tuple[Population, Simulator],
    catalog: Catalog,
) -> None:
    population, _ = world
    cipher = FieldCipher.generate()
    applicant = _applicant(population)
    record_consent(
        engine, cipher, CLERK, _consent(applicant, {"hukou", "civil"}, {"person", "marriage"})
    )
    result = look_up_for_case(
        exchange,
        engine,
        cipher,
        CLERK,
        applicant,
        ITEMS,
        purpose=SERVICE,
        catalog=catalog,
        workstation="window 07",
    )
    assert result.complete
    assert result.values.values["person.name"].value == population.people[applicant].name
    event = _events(engine)[-1]
    assert (event.kind, event.success, event.items) == (
        EventKind.LOOKUP,
        True,
        tuple(sorted(ITEMS)),
    )
    assert event.departments == ("civil", "hukou")
    text = repr(event)
    assert applicant not in text and population.people[applicant].name not in text


def test_permission_and_bad_input_come_first(
    engine: Engine, exchange: DepartmentExchange, catalog: Catalog
) -> None:
    cipher = FieldCipher.generate()
    with pytest.raises(PermissionDenied):
        look_up_for_case(
            exchange,
            engine,
            cipher,
            ADMIN,
            "11010519491231002X",
            ITEMS,
            purpose=SERVICE,
            catalog=catalog,
        )
    with pytest.raises(LookupInputError, match="check character should be X"):
        look_up_for_case(
            exchange,
            engine,
            cipher,
            replace(CLERK),
            "110105194912310021",
            ITEMS,
            purpose=SERVICE,
            catalog=catalog,
        )
    assert _events(engine) == []


def test_consent_validity_comes_from_the_settings() -> None:
    from datetime import timedelta

    from counterapp.app.case_lookup import consent_validity
    from counterapp.config import load_settings

    assert consent_validity(load_settings(environ={})) == timedelta(hours=12)
    six = load_settings(environ={}, overrides=["consent.valid_hours=6"])
    assert consent_validity(six) == timedelta(hours=6)
