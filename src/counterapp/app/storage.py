"""Open this workstation's database, creating and migrating it on first start."""

from __future__ import annotations

import socket

import keyring
import keyring.backend
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from counterapp.config import Settings
from counterapp.store.engine import database_url, make_engine
from counterapp.store.migrate import SchemaState, upgrade

DATABASE_KEYRING_SERVICE = "counterapp/database"


def resolved_database_url(
    settings: Settings, keyring_backend: keyring.backend.KeyringBackend | None = None
) -> str:
    """The database URL with its password from the keyring when the URL names none.

    IT writes ``postgresql+psycopg://counter@db.hall.local/counter`` in the config and
    stores the password with the keyring entry ``counterapp/database`` (user = the URL's
    user name); the password never sits in a file.
    """
    url = make_url(database_url(settings))
    if url.get_backend_name() == "sqlite" or url.password or not url.username:
        return url.render_as_string(hide_password=False)
    backend = keyring_backend or keyring.get_keyring()
    try:
        password = backend.get_password(DATABASE_KEYRING_SERVICE, url.username)
    except keyring.errors.KeyringError:
        password = None
    if password:
        url = url.set(password=password)
    return url.render_as_string(hide_password=False)


def open_database(settings: Settings, *, migrate: bool = True) -> Engine:
    """The configured database, upgraded to this build's schema when ``migrate``."""
    engine = make_engine(resolved_database_url(settings))
    if migrate:
        upgrade(engine)
    return engine


def migrate_database(settings: Settings) -> SchemaState:
    engine = make_engine(resolved_database_url(settings))
    try:
        return upgrade(engine)
    finally:
        engine.dispose()


def workstation_name(settings: Settings) -> str:
    """This workstation's name in the audit trail."""
    return settings.get_str("hall.workstation") or socket.gethostname()
