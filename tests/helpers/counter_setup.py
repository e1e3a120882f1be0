"""A counter workstation wired to the running simulator, and the walk to the form step.

For GUI tests that drive a real :class:`~counterapp.ui.case_flow.CaseFlow`: the
departments' secrets in a file keyring (which also receives the data keys), connector
files written for the simulator, and a :class:`CounterContext` over an accounts database
(:func:`helpers.accounts.make_accounts`). :func:`walk_to_form` takes a flow from the
service picker to the pre-filled form the way a clerk does: the search box, the ID field
and Return, a consent method and the confirm button, once per applicant.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from keyrings.alt.file import PlaintextKeyring
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from counterapp.app.context import CounterContext
from counterapp.app.departments import open_exchange
from counterapp.catalog import load_catalog
from counterapp.config import Settings, load_settings
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.forms import load_forms
from counterapp.protection import FieldCipher, open_cipher
from counterapp.sim.connectors import write_connectors
from counterapp.sim.model import Person, Population
from counterapp.sim.server import Simulator
from counterapp.ui.case_flow import FORM, ID_NUMBER, CaseFlow
from counterapp.ui.scripted_clerk import choose_service, consent_and_look_up


def department_keyring(sim: Simulator, path: Path) -> PlaintextKeyring:
    """A file keyring at ``path`` holding every simulated department's secret."""
    backend = PlaintextKeyring()
    backend.file_path = str(path)
    for entry in sim.credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    return backend


def counter_context(
    sim: Simulator,
    engine: Engine,
    directory: Path,
    *,
    settings: Settings | None = None,
    workstation: str = "test-window-07",
) -> CounterContext:
    """A workstation asking ``sim``'s departments, its files under ``directory``.

    Args:
        sim: the running simulator.
        engine: a migrated database (the accounts' one).
        directory: an empty directory for the keyring and the connector files.
        settings: the settings (``load_settings()`` when None), e.g. with ``ui.language``.
        workstation: the workstation's name in the audit trail.

    Returns:
        The context; close it after the test.
    """
    settings = settings or load_settings()
    backend = department_keyring(sim, directory / "keyring.cfg")
    connectors = directory / "connectors"
    connectors.mkdir()
    write_connectors(sim, connectors)
    catalog = load_catalog()
    return CounterContext(
        settings=settings,
        engine=engine,
        cipher=open_cipher(engine, backend),
        exchange=open_exchange(
            settings, catalog, directory=connectors, keyring_backend=backend, data_dir=directory
        ),
        catalog=catalog,
        forms=load_forms(catalog),
        workstation=workstation,
    )


def offline_context(engine: Engine, *, workstation: str = "window-07") -> CounterContext:
    """A workstation that asks no department, with a throwaway data key: for the tests of a
    window part that needs the database and the catalog only (tickets, the signature pad).

    Close it (its exchange) after the test.
    """
    catalog = load_catalog()
    return CounterContext(
        settings=load_settings(),
        engine=engine,
        cipher=FieldCipher.generate(),
        exchange=DepartmentExchange({}, catalog),
        catalog=catalog,
        forms=load_forms(catalog),
        workstation=workstation,
    )


def living_adults(population: Population, count: int) -> list[Person]:
    """``count`` living adults born before 1995; those the departments disagree on first.

    Departments disagree on a person with a stale mobile number or address (the household
    register still has the old one), so the form shows a conflict for them.
    """
    adults = [
        p for p in population.people.values() if not p.deceased and p.birth_date < date(1995, 1, 1)
    ]
    adults.sort(key=lambda p: (p.stale_mobile is None) + (p.stale_residence_address is None))
    if len(adults) < count:
        raise ValueError(f"only {len(adults)} living adults, {count} wanted")
    return adults[:count]


def walk_to_form(qtbot: QtBot, flow: CaseFlow, service_id: str, id_numbers: Sequence[str]) -> None:
    """Walk ``flow`` from the service picker to the pre-filled form of ``service_id``.

    Per applicant: the ID typed and Return, the consent method chosen and confirmed, the
    lookup awaited (carried on when a department did not answer) -- the demo's scripted
    clerk (:mod:`counterapp.ui.scripted_clerk`).

    Raises:
        WalkthroughError: the picker does not offer the service, or a step did not follow.
    """
    choose_service(flow, flow.ctx.forms[service_id].title_zh, service_id)
    for id_number in id_numbers:
        assert flow.step == ID_NUMBER, flow.status_text
        consent_and_look_up(flow, id_number)
    qtbot.waitUntil(lambda: flow.step == FORM, timeout=10_000)
    assert flow.form_page.prefilled is not None
