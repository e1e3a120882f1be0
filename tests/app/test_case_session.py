"""A case at the counter driven headless through its session (app.case_session).

Real parts: the simulated departments over loopback HTTP, a migrated SQLite database with
a clerk, a file keyring with the departments' secrets and the data keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.app.case_acceptance import FormIncomplete, MaterialsMissing
from counterapp.app.case_session import CaseSession, DuplicateApplicant, Stage
from counterapp.app.cases import get_case
from counterapp.app.context import CounterContext
from counterapp.app.departments import open_exchange
from counterapp.app.drafts import load_drafts
from counterapp.app.interrupted_case import InterruptedCase
from counterapp.app.lookup import LookupInputError
from counterapp.catalog import load_catalog
from counterapp.config import load_settings
from counterapp.consent import ConsentMethod, ConsentMissing
from counterapp.exchange.lookup import DepartmentOutcome
from counterapp.forms import MaterialHandover, load_forms
from counterapp.forms.prefill import FieldState
from counterapp.protection import open_cipher
from counterapp.sim.connectors import write_connectors
from counterapp.sim.model import Person, Population
from counterapp.sim.population import marital_status
from counterapp.sim.server import Simulator
from helpers.accounts import Accounts, make_accounts

REALESTATE = "realestate-record-inquiry"


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    return make_accounts(tmp_path)


@pytest.fixture
def ctx(
    world: tuple[Population, Simulator], accounts: Accounts, tmp_path: Path
) -> Iterator[CounterContext]:
    sim = world[1]
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    for entry in sim.credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    connectors = tmp_path / "connectors"
    connectors.mkdir()
    write_connectors(sim, connectors)
    settings = load_settings()
    catalog = load_catalog()
    context = CounterContext(
        settings=settings,
        engine=accounts.engine,
        cipher=open_cipher(accounts.engine, backend),
        exchange=open_exchange(
            settings, catalog, directory=connectors, keyring_backend=backend, data_dir=tmp_path
        ),
        catalog=catalog,
        forms=load_forms(catalog),
        workstation="test-window-07",
    )
    yield context
    context.close()


@pytest.fixture
def session(ctx: CounterContext, accounts: Accounts) -> CaseSession:
    return CaseSession(ctx, accounts.clerk)


def adult(population: Population) -> Person:
    return next(
        p for p in population.people.values() if not p.deceased and p.birth_date < date(1995, 1, 1)
    )


def single(population: Population, gender: str, age: int) -> Person:
    return next(
        p
        for p in population.people.values()
        if p.gender == gender
        and not p.deceased
        and p.birth_date < date(2026 - age, 1, 1)
        and marital_status(population, p.id_number) == "10"
    )


def walk_to_form(session: CaseSession, id_number: str) -> None:
    session.choose_service(REALESTATE)
    session.enter_id(1, id_number)
    session.record_consent(1, ConsentMethod.SIGNED_PAPER)
    session.look_up(1)
    session.fill()


def test_a_case_is_walked_from_service_to_saved_case(
    session: CaseSession,
    ctx: CounterContext,
    accounts: Accounts,
    world: tuple[Population, Simulator],
) -> None:
    person = adult(world[0])
    assert session.stage is Stage.SERVICE
    form = session.choose_service(REALESTATE)
    assert session.stage is Stage.ID_NUMBER and session.draft_id is not None

    session.enter_id(1, person.id_number)
    assert session.stage is Stage.CONSENT
    scope = session.consent_scope(1)
    assert scope.id_number == person.id_number and scope.departments and scope.categories
    assert session.interrupted() is None  # nothing worth keeping before the first consent

    consent = session.record_consent(1, ConsentMethod.SIGNED_PAPER)
    assert consent.departments == frozenset(scope.departments)
    assert session.stage is Stage.LOOKUP and session.consents == (consent,)

    answered: list[DepartmentOutcome] = []
    result = session.look_up(1, on_outcome=answered.append)
    assert {o.department for o in answered} == set(scope.departments)
    assert session.lookups == {1: result} and session.stage is Stage.FORM

    filled = session.fill()
    assert not filled.resumed and filled.prefilled.field("name", 1).value == person.name
    assert filled.prefilled.field("name", 1).state is FieldState.PREFILLED
    with pytest.raises(FormIncomplete):
        session.check()  # the purpose is the clerk's to type

    session.type_value("inquiry_scope", 1, "本人名下全部不动产")
    session.type_value("purpose", 1, "办理贷款")
    missing = session.missing()
    assert missing and all(d.status is MaterialHandover.TO_COLLECT for d in missing)
    with pytest.raises(MaterialsMissing) as stopped:
        session.check()
    assert stopped.value.notice.items

    session.receive((d.material.id, d.applicant) for d in missing)
    assert not session.missing()
    case = session.submit()

    assert session.case == case and session.interrupted() is None
    stored = get_case(ctx.engine, ctx.cipher, accounts.clerk, case.number)
    assert stored.service_id == form.id and stored.applicant.id_number == person.id_number
    assert stored.field("purpose") is not None and stored.field("purpose").value == "办理贷款"


def test_no_department_is_asked_without_the_applicants_consent(
    session: CaseSession, world: tuple[Population, Simulator]
) -> None:
    session.choose_service(REALESTATE)
    session.enter_id(1, adult(world[0]).id_number)
    with pytest.raises(ConsentMissing):
        session.look_up(1)
    assert session.lookups == {} and session.stage is Stage.CONSENT


def test_a_marriage_looks_up_both_parties_and_refuses_the_same_person_twice(
    session: CaseSession, world: tuple[Population, Simulator]
) -> None:
    population = world[0]
    man, woman = single(population, "1", 23), single(population, "2", 21)
    session.choose_service("marriage-registration")
    session.enter_id(1, man.id_number)
    session.record_consent(1, ConsentMethod.SIGNED_PAPER)
    session.look_up(1)
    assert session.applicant == 2 and session.stage is Stage.ID_NUMBER

    with pytest.raises(DuplicateApplicant) as duplicate:
        session.enter_id(2, man.id_number)
    assert duplicate.value.other == 1 and session.applicant_ids == (man.id_number,)

    session.enter_id(2, woman.id_number)
    session.record_consent(2, ConsentMethod.SIGNED_PAPER)
    session.look_up(2)
    filled = session.fill().prefilled
    assert filled.field("name", 2).value == woman.name
    session.receive((d.material.id, d.applicant) for d in session.missing())
    case = session.submit()
    assert [a.id_number for a in case.applicants] == [man.id_number, woman.id_number]


def test_the_headless_input_checks_come_before_anyone_is_asked(session: CaseSession) -> None:
    with pytest.raises(LookupInputError):
        session.choose_service("no-such-service")
    session.choose_service("marriage-registration")
    with pytest.raises(LookupInputError, match="needs 2 applicant"):
        session.enter_ids(("110101199003077777",))
    with pytest.raises(LookupInputError, match="applicant 1"):
        session.enter_id(1, "110101199003070000")
    assert session.applicant_ids == () and session.consents == ()


def test_an_interrupted_case_is_saved_and_resumed_with_the_clerks_edits(
    session: CaseSession,
    ctx: CounterContext,
    accounts: Accounts,
    world: tuple[Population, Simulator],
) -> None:
    walk_to_form(session, adult(world[0]).id_number)
    session.type_value("purpose", 1, "办理贷款")
    papers = [(d.material.id, d.applicant) for d in session.missing()]
    assert len(papers) >= 2
    session.receive(papers[:1])
    assert session.save_draft() is True  # a new draft
    assert session.save_draft() is False  # overwritten, not new

    (row,) = load_drafts(ctx.engine, ctx.cipher, accounts.clerk)
    assert row.draft_id == session.draft_id
    draft = InterruptedCase.from_payload(row.payload)
    resumed = CaseSession.resume(ctx, accounts.clerk, row.draft_id, draft)
    assert resumed.resuming and resumed.stage is Stage.LOOKUP  # consent given: asked again
    assert resumed.interrupted() == draft  # a crash now loses nothing either

    resumed.look_up(1)
    filled = resumed.fill()
    assert filled.resumed and filled.skipped == () and filled.received == tuple(papers[:1])
    assert filled.prefilled.field("purpose", 1).text == "办理贷款"
    assert [(d.material.id, d.applicant) for d in resumed.missing()] == papers[1:]

    resumed.type_value("inquiry_scope", 1, "本人名下全部不动产")
    resumed.receive(papers[1:])
    resumed.submit()
    assert resumed.discard_draft() is True
    assert load_drafts(ctx.engine, ctx.cipher, accounts.clerk) == []


def test_the_session_and_the_headless_flow_import_no_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys, counterapp.app.case_session, counterapp.app.counter_flow; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
