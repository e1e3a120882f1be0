"""Open this workstation's database: the one path every face takes (docs/upgrading.md).

:func:`open_database` (and :func:`prepare_database`, which the workspace runs off the GUI
thread first) create an empty database, back up and migrate an older one, and refuse one
newer than this build, through ``counterapp.store.upgrade``.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

import keyring
import keyring.backend
import keyring.errors
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from counterapp.config import Settings
from counterapp.errors import CounterError
from counterapp.exchange.credentials import KeyringUnavailable, mask, usable_keyring
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


class NoDatabasePassword(CounterError):
    """The configured database takes no password from the keyring (SQLite, no user name
    in the URL, or a password already in it)."""


@dataclass(frozen=True)
class DatabasePasswordEntry:
    """The keyring entry holding the database's password.

    Attributes:
        service: always ``counterapp/database``.
        username: the database URL's user name (the entry's user).
        stored: a masked view of what is stored ("" when nothing is).
    """

    service: str
    username: str
    stored: str = ""

    def describe(self) -> str:
        """One line for `counterapp db password show` (never the password itself)."""
        where = f"{self.service} (user {self.username})"
        if self.stored:
            return f"{where}: {self.stored}"
        return f"{where}: nothing stored; run `{DATABASE_PASSWORD_SET}`"


DATABASE_PASSWORD_SET = "counterapp db password set"


def database_password_entry(
    settings: Settings, keyring_backend: keyring.backend.KeyringBackend | None = None
) -> DatabasePasswordEntry:
    """The database's keyring entry and (masked) whether it holds a password.

    Raises:
        NoDatabasePassword: the configured database takes none from the keyring.
        KeyringUnavailable: no usable keyring, or it did not answer.
    """
    username = _keyring_user(settings)
    backend = usable_keyring(keyring_backend, DATABASE_PASSWORD_SET)
    try:
        password = backend.get_password(DATABASE_KEYRING_SERVICE, username)
    except keyring.errors.KeyringError as exc:
        raise _unanswered(exc) from exc
    return DatabasePasswordEntry(
        DATABASE_KEYRING_SERVICE, username, mask(password) if password else ""
    )


def store_database_password(
    settings: Settings,
    password: str,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
) -> DatabasePasswordEntry:
    """Put the database's password in the keyring (the entry the URL's user names).

    Raises:
        NoDatabasePassword: the configured database takes none from the keyring, or
            ``password`` is empty.
        KeyringUnavailable: no usable keyring, or it did not answer.
    """
    if not password:
        raise NoDatabasePassword("empty password, nothing stored", "密码为空，未保存")
    username = _keyring_user(settings)
    backend = usable_keyring(keyring_backend, DATABASE_PASSWORD_SET)
    try:
        backend.set_password(DATABASE_KEYRING_SERVICE, username, password)
    except keyring.errors.KeyringError as exc:
        raise _unanswered(exc) from exc
    return DatabasePasswordEntry(DATABASE_KEYRING_SERVICE, username, mask(password))


def delete_database_password(
    settings: Settings, keyring_backend: keyring.backend.KeyringBackend | None = None
) -> bool:
    """Remove the database's password from the keyring; False when none was stored.

    Raises:
        NoDatabasePassword / KeyringUnavailable: as :func:`store_database_password`.
    """
    username = _keyring_user(settings)
    backend = usable_keyring(keyring_backend, DATABASE_PASSWORD_SET)
    try:
        backend.delete_password(DATABASE_KEYRING_SERVICE, username)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise _unanswered(exc) from exc
    return True


def _keyring_user(settings: Settings) -> str:
    url = make_url(database_url(settings))
    if url.get_backend_name() == "sqlite":
        raise NoDatabasePassword(
            "the database is a SQLite file: it has no password",
            "数据库是 SQLite 文件，没有密码",
        )
    if url.password:
        raise NoDatabasePassword(
            "database.url holds a password itself: remove it from the URL first "
            "(passwords belong in the keyring, not in a file)",
            "database.url 本身含有密码：请先从地址中删去（密码应存于密钥环而非文件）",
        )
    if not url.username:
        raise NoDatabasePassword(
            "database.url names no user: write it as postgresql+psycopg://USER@HOST/DB",
            "database.url 未写用户名：请写成 postgresql+psycopg://用户名@主机/库名",
        )
    return url.username


def _unanswered(exc: BaseException) -> KeyringUnavailable:
    return KeyringUnavailable(
        f"the keyring did not answer for {DATABASE_KEYRING_SERVICE}: {type(exc).__name__}: {exc}"
    )


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
