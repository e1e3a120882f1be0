"""Open this workstation's database: the one path every face takes (docs/upgrading.md).

:func:`open_database` (and :func:`prepare_database`, which the workspace runs off the GUI
thread first) create an empty database, back up and migrate an older one, and refuse one
newer than this build, through ``counterapp.store.upgrade``.
"""

from __future__ import annotations

import socket

import keyring
import keyring.backend
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from counterapp.config import Settings
from counterapp.store.engine import database_url, make_engine
from counterapp.store.upgrade import UpgradeReport, upgrade_database

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
    """The configured database, brought to this build's schema when ``migrate``.

    Raises:
        DatabaseNotReady: the database is newer than this build, or an older PostgreSQL
            database waits for a confirmed backup, or the SQLite backup failed
            (``counterapp.store.upgrade``); nothing was changed.
    """
    engine = make_engine(resolved_database_url(settings))
    if migrate:
        try:
            upgrade_database(engine)
        except BaseException:
            engine.dispose()
            raise
    return engine


def prepare_database(settings: Settings, *, backup_confirmed: bool = False) -> UpgradeReport:
    """Bring the configured database to this build's schema and say what was done.

    What :func:`open_database` does before handing out the engine, for a face that shows
    the report (`counterapp db upgrade`, the workspace's start).

    Args:
        settings: the settings (``database.url``).
        backup_confirmed: the administrator confirmed a PostgreSQL backup
            (``counterapp db upgrade --confirm-backup``).

    Raises:
        DatabaseNotReady: as :func:`open_database`.
    """
    engine = make_engine(resolved_database_url(settings))
    try:
        return upgrade_database(engine, backup_confirmed=backup_confirmed)
    finally:
        engine.dispose()


def workstation_name(settings: Settings) -> str:
    """This workstation's name in the audit trail."""
    return settings.get_str("hall.workstation") or socket.gethostname()
