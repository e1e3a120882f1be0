"""Open an older database safely: back it up, migrate it, and say what was done.

Every face opens the database for use through :func:`upgrade_database` (by way of
``counterapp.app.storage``), so the workspace and the CLI behave alike (docs/upgrading.md):

- a database at this build's head is used as it is;
- an empty one gets the schema (nothing to back up);
- an older SQLite file is first copied with SQLite's online backup API (a consistent
  snapshot even while another connection writes) to
  ``<file>.backup-<old revision>-<UTC time>.db`` beside it, the copy is checked to be at
  the old revision, and only then are the migrations run (in one transaction: a process
  killed half-way leaves the old schema); the last :data:`KEEP_BACKUPS` copies are kept;
- an older PostgreSQL database is not touched until the administrator confirms a backup
  (``counterapp db upgrade --confirm-backup``): :class:`BackupNotConfirmed` carries the
  ``pg_dump`` command to run first;
- a database at a revision this build does not know (written by a newer Counter) is
  refused with :class:`DatabaseNewerThanApp`, naming both revisions.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from counterapp.errors import CounterError, Language

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

# Alembic is imported where a database is examined, not with this module: the command
# runner imports the errors below at every start.

log = logging.getLogger(__name__)

KEEP_BACKUPS = 3
"""How many upgrade backups of one SQLite file are kept (the newest ones)."""

BACKUP_INFIX = ".backup-"
CONFIRM_FLAG = "--confirm-backup"
UPGRADE_COMMAND = f"counterapp db upgrade {CONFIRM_FLAG}"


class DatabaseNotReady(CounterError):
    """The database cannot be used by this build as it stands (exit code CONFIG)."""


class DatabaseNewerThanApp(DatabaseNotReady):
    """The database is at a revision this build does not know: a newer Counter wrote it.

    Attributes:
        database_revision: the revision stamped in the database.
        app_head: the newest revision this build knows.
    """

    def __init__(self, where: str, database_revision: str, app_head: str) -> None:
        self.database_revision = database_revision
        self.app_head = app_head
        super().__init__(
            f"{where}: the database is at revision {database_revision}, which this version "
            f"of Counter does not know (it knows revisions up to {app_head}): a newer "
            f"Counter upgraded it. Install that newer version on this workstation, or "
            f"restore the backup made before that upgrade (docs/upgrading.md); nothing "
            f"was changed.",
            f"{where}：数据库处于修订版 {database_revision}，本版本 Counter 不认识该修订版"
            f"（本版本最高为 {app_head}），说明数据库已被更新版本的 Counter 升级。"
            f"请在本工作站安装该更新版本，或恢复升级前的备份（见 docs/upgrading.md）；"
            f"数据库未作任何改动。",
        )


class BackupNotConfirmed(DatabaseNotReady):
    """A PostgreSQL database needs migrations; they wait for a confirmed backup.

    Attributes:
        plan: where the database stands and what would run.
        dump_command: the ``pg_dump`` command the administrator runs first.
    """

    def __init__(self, where: str, plan: UpgradePlan, dump_command: str) -> None:
        self.plan = plan
        self.dump_command = dump_command
        pending = ", ".join(plan.pending)
        super().__init__(
            f"{where}: the database is at revision {plan.current} and this version of "
            f"Counter needs {plan.head} (migrations {pending} to run). PostgreSQL is not "
            f"backed up automatically: back it up first with\n"
            f"    {dump_command}\n"
            f"then upgrade it once, from one workstation, with\n"
            f"    {UPGRADE_COMMAND}\n"
            f"(docs/upgrading.md). Nothing was changed.",
            f"{where}：数据库处于修订版 {plan.current}，本版本 Counter 需要 {plan.head}"
            f"（需执行迁移 {pending}）。PostgreSQL 不会自动备份：请先执行\n"
            f"    {dump_command}\n"
            f"备份完成后，在一台工作站上执行一次\n"
            f"    {UPGRADE_COMMAND}\n"
            f"（见 docs/upgrading.md）。数据库未作任何改动。",
        )


class BackupFailed(DatabaseNotReady):
    """The SQLite backup could not be written or read back: nothing was migrated."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(
            f"the backup {path} before the upgrade could not be made ({reason}); the "
            f"database was not changed",
            f"升级前无法写入备份 {path}（{reason}）；数据库未作任何改动",
        )


@dataclass(frozen=True)
class UpgradePlan:
    """Where a database stands against this build, read without changing anything.

    Attributes:
        current: the database's revision (None: an empty database).
        head: the newest revision this build knows.
        pending: the revisions an upgrade would apply, oldest first.
        known: False when ``current`` is a revision this build does not know.
    """

    current: str | None
    head: str
    pending: tuple[str, ...]
    known: bool = True

    @property
    def up_to_date(self) -> bool:
        return self.known and self.current == self.head


@dataclass(frozen=True)
class UpgradeReport:
    """What opening the database did.

    Attributes:
        before: the revision found (None: the database was empty).
        after: the revision it is at now.
        applied: the migrations run, oldest first (empty: nothing to do).
        backup: the SQLite backup taken before them (None: none was needed or possible).
    """

    before: str | None
    after: str
    applied: tuple[str, ...]
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return bool(self.applied)

    @property
    def upgraded(self) -> bool:
        """True when an existing database was migrated (not a new one created)."""
        return self.changed and self.before is not None

    def describe(self, language: Language = Language.EN) -> str:
        """One line for the log, the CLI or the workspace."""
        applied = ", ".join(self.applied)
        if not self.changed:
            return (
                f"数据库处于修订版 {self.after}（已是最新）"
                if language.chinese
                else f"the database is at revision {self.after} (up to date)"
            )
        if self.before is None:
            return (
                f"已创建数据库，修订版 {self.after}（执行了迁移 {applied}）"
                if language.chinese
                else f"created the database at revision {self.after} (migrations {applied})"
            )
        if language.chinese:
            backup = f"；升级前的备份：{self.backup}" if self.backup else "；未自动备份"
            return (
                f"数据库已从修订版 {self.before} 升级到 {self.after}"
                f"（执行了迁移 {applied}）{backup}"
            )
        backup = (
            f"; backup before the upgrade: {self.backup}"
            if self.backup
            else "; no automatic backup"
        )
        return (
            f"upgraded the database from revision {self.before} to {self.after} "
            f"(migrations {applied}){backup}"
        )


def upgrade_plan(engine: Engine) -> UpgradePlan:
    """Where ``engine``'s database stands against this build (reads, changes nothing)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    from counterapp.store.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config(engine))
    head = script.get_current_head() or ""
    with engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    if not heads:
        return UpgradePlan(current=None, head=head, pending=_pending(script, head, None))
    current = heads[0] if len(heads) == 1 else ",".join(heads)
    try:
        known = all(script.get_revision(revision) is not None for revision in heads)
    except CommandError:  # "Can't locate revision": a newer build's
        known = False
    if not known:
        return UpgradePlan(current=current, head=head, pending=(), known=False)
    return UpgradePlan(current=current, head=head, pending=_pending(script, head, current))


def _pending(script: ScriptDirectory, head: str, current: str | None) -> tuple[str, ...]:
    revisions = script.iterate_revisions(head, current or "base")
    return tuple(reversed([r.revision for r in revisions if r is not None]))


def upgrade_database(engine: Engine, *, backup_confirmed: bool = False) -> UpgradeReport:
    """Bring ``engine``'s database to this build's head the safe way (module docstring).

    Args:
        engine: the database.
        backup_confirmed: the administrator confirmed a backup of a PostgreSQL database
            (``counterapp db upgrade --confirm-backup``); SQLite backs itself up.

    Returns:
        What was done; an upgrade is also logged (WARNING: it matters to IT).

    Raises:
        DatabaseNewerThanApp: the database is at a revision this build does not know.
        BackupNotConfirmed: a PostgreSQL database needs migrations and no backup was
            confirmed.
        BackupFailed: the SQLite backup could not be made.
    """
    from counterapp.store.migrate import upgrade

    plan = upgrade_plan(engine)
    where = describe_url(engine.url)
    if not plan.known:
        raise DatabaseNewerThanApp(where, plan.current or "", plan.head)
    if plan.up_to_date:
        return UpgradeReport(before=plan.current, after=plan.head, applied=())
    backup: Path | None = None
    sqlite_file = _sqlite_file(engine.url)
    if plan.current is not None:
        if sqlite_file is not None:
            backup = back_up_sqlite(sqlite_file, plan.current)
        elif engine.dialect.name != "sqlite" and not backup_confirmed:
            raise BackupNotConfirmed(where, plan, pg_dump_command(engine.url, plan.current))
    state = upgrade(engine)
    report = UpgradeReport(
        before=plan.current, after=state.current or "", applied=plan.pending, backup=backup
    )
    if backup is not None and sqlite_file is not None:
        prune_backups(sqlite_file)
    log.warning("%s: %s", where, report.describe())
    return report


def describe_url(url: URL) -> str:
    """The database as shown to people: the URL without its password."""
    return url.render_as_string(hide_password=True)


def _sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    path = Path(url.database)
    return path if path.exists() else None


def backup_path(database: Path, revision: str, when: datetime | None = None) -> Path:
    """Where the backup of ``database`` at ``revision`` goes (beside it, never overwritten)."""
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    path = database.with_name(f"{database.name}{BACKUP_INFIX}{revision}-{stamp}.db")
    serial = 2
    while path.exists():
        path = database.with_name(f"{database.name}{BACKUP_INFIX}{revision}-{stamp}-{serial}.db")
        serial += 1
    return path


def back_up_sqlite(database: Path, revision: str) -> Path:
    """Copy ``database`` with SQLite's backup API and check the copy; return its path.

    The copy is written under a temporary name, flushed to disk and renamed, so a file
    with the backup's name is always complete; it is then opened and must be at
    ``revision``.

    Raises:
        BackupFailed: the copy could not be written, or does not read back at ``revision``.
    """
    target = backup_path(database, revision)
    partial = target.with_name(target.name + ".partial")
    try:
        source = sqlite3.connect(database)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                # one self-contained file: no -wal/-shm beside it, now or when opened
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
        finally:
            source.close()
        with partial.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
        found = _sqlite_revision(target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise BackupFailed(target, f"{type(exc).__name__}: {exc}") from exc
    if found != revision:
        raise BackupFailed(target, f"the copy reads as revision {found}, not {revision}")
    return target


def _sqlite_revision(path: Path) -> str | None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        connection.close()
    return str(row[0]) if row else None


def upgrade_backups(database: Path) -> list[Path]:
    """The upgrade backups of ``database`` beside it, oldest first."""
    found = [
        path
        for path in database.parent.glob(f"{database.name}{BACKUP_INFIX}*.db")
        if path.is_file()
    ]
    return sorted(found, key=lambda path: (path.stat().st_mtime_ns, path.name))


def prune_backups(database: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Delete all but the newest ``keep`` upgrade backups of ``database``; return the deleted."""
    backups = upgrade_backups(database)
    stale = backups[: max(len(backups) - keep, 0)]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def pg_dump_command(url: URL, revision: str) -> str:
    """The ``pg_dump`` command that backs up ``url``'s database (no password in it)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    dump = f"{url.database or 'counter'}-{revision}-{stamp}.dump"
    return f'pg_dump --format=custom --file={dump} "{target.render_as_string()}"'


__all__ = [
    "KEEP_BACKUPS",
    "UPGRADE_COMMAND",
    "BackupFailed",
    "BackupNotConfirmed",
    "DatabaseNewerThanApp",
    "DatabaseNotReady",
    "UpgradePlan",
    "UpgradeReport",
    "back_up_sqlite",
    "describe_url",
    "pg_dump_command",
    "prune_backups",
    "upgrade_backups",
    "upgrade_database",
    "upgrade_plan",
]
