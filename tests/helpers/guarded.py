"""The guarded lookup for widget tests: a supervisor diagnosing, audited in a real SQLite file.

Widgets never ask departments themselves; they are handed the app's guarded lookup. Tests
of the lookup widgets hand them this one, so their department requests are audited too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from counterapp.app.guarded_lookup import ForDiagnosis, look_up
from counterapp.exchange.lookup import DepartmentExchange, LookupResult
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from helpers.case_factory import SUPERVISOR

GuardedLookup = Callable[[DepartmentExchange], Callable[..., LookupResult]]


def audited_engine(directory: Path) -> Engine:
    """A migrated SQLite database in ``directory`` for the lookups' audit records."""
    engine = make_engine(f"sqlite:///{directory / 'audit.db'}")
    upgrade(engine)
    return engine


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[GuardedLookup]:
    """``guarded(exchange)``: that exchange's lookup as a supervisor's audited diagnosis."""
    engine = audited_engine(tmp_path)

    def bind(exchange: DepartmentExchange) -> Callable[..., LookupResult]:
        return functools.partial(
            look_up,
            exchange,
            engine,
            None,
            SUPERVISOR,
            why=ForDiagnosis("widget test"),
            catalog=exchange.catalog,
        )

    yield bind
    engine.dispose()
