"""A real SQLite database with a first admin and a clerk, for the GUI's sign-in tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from counterapp.app.user_admin import add_user
from counterapp.app.users import bootstrap_admin
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from counterapp.users import PasswordHasher, ScryptParams
from counterapp.users.roles import Actor, Role

CHEAP_HASHER = PasswordHasher(ScryptParams(n=2**4))
"""Cheap hashes for setting up; sign-in verifies them with their own parameters."""

ADMIN_PASSWORD = "admin-secret-1"
CLERK_NAME = "liming"
CLERK_PASSWORD = "clerk-secret-1"
CLERK_DISPLAY = "李明"
CLERK_WINDOW = "07"


@dataclass(frozen=True)
class Accounts:
    """The database and the people in it."""

    engine: Engine
    admin: Actor
    clerk: Actor


def make_accounts(directory: Path) -> Accounts:
    """Create ``counter.db`` in ``directory`` with an admin and the clerk 李明 at window 07."""
    engine = make_engine(f"sqlite:///{directory / 'counter.db'}")
    upgrade(engine)
    admin = bootstrap_admin(engine, "admin", ADMIN_PASSWORD, hasher=CHEAP_HASHER)
    add_user(
        engine,
        admin,
        CLERK_NAME,
        Role.CLERK,
        CLERK_DISPLAY,
        CLERK_PASSWORD,
        CLERK_WINDOW,
        hasher=CHEAP_HASHER,
    )
    clerk = Actor(CLERK_NAME, Role.CLERK, CLERK_DISPLAY, CLERK_WINDOW)
    return Accounts(engine=engine, admin=admin, clerk=clerk)
