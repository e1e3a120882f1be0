"""`counterapp db upgrade|current`: the database schema (docs/upgrading.md); and
`counterapp db password set|show|delete`: the hall database's password in the OS keyring
(docs/deploying.md: the URL in the config names the user, never the password).

Exit codes (README.md, "Command line"): FAILURE when the database cannot be reached or
migrated; CONFIG when it is newer than this version, when an older PostgreSQL database
waits for ``--confirm-backup``, when ``current`` finds it not at the latest migration, and
when the keyring cannot be used; BAD_INPUT for a password where the database takes none
(SQLite, a URL without a user or with a password in it) or an empty one.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from counterapp.app.storage import (
    DATABASE_KEYRING_SERVICE,
    NoDatabasePassword,
    database_password_entry,
    delete_database_password,
    prepare_database,
    resolved_database_url,
    store_database_password,
)
from counterapp.cli.credentials_cmd import read_secret
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import CommandFailed, command
from counterapp.config import Settings
from counterapp.store.engine import make_engine
from counterapp.store.upgrade import (
    CONFIRM_FLAG,
    DatabaseNewerThanApp,
    DatabaseNotReady,
    upgrade_plan,
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("db", help="create or upgrade the database schema")
    sub = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = sub.add_parser(
        "upgrade",
        help="migrate the database to this version (SQLite is backed up first)",
        description="Back up (SQLite) and migrate the database to this version. An older "
        "PostgreSQL database is migrated only with --confirm-backup, after its pg_dump.",
    )
    upgrade.add_argument(
        CONFIRM_FLAG,
        dest="confirm_backup",
        action="store_true",
        help="PostgreSQL: I have backed the database up (pg_dump); run the migrations",
    )
    upgrade.set_defaults(handler=command("db upgrade", _upgrade))
    sub.add_parser("current", help="show the schema revision").set_defaults(
        handler=command("db current", _current)
    )
    password = sub.add_parser(
        "password",
        help="the database password in the OS keyring (set, show masked, delete)",
        description="The password of database.url's user, kept in the keyring entry "
        f"{DATABASE_KEYRING_SERVICE} (never in a file). `set` reads it from a hidden prompt "
        "or the first line of stdin.",
    )
    actions = password.add_subparsers(dest="password_command", required=True, metavar="ACTION")
    for name, run, what in (
        ("set", _password_set, "store the password (prompt or stdin)"),
        ("show", _password_show, "say whether one is stored (masked)"),
        ("delete", _password_delete, "remove it from the keyring"),
    ):
        actions.add_parser(name, help=what).set_defaults(
            handler=command(f"db password {name}", _refusing_no_password(run))
        )


def _where(settings: Settings) -> str:
    return make_url(resolved_database_url(settings)).render_as_string(hide_password=True)


def _upgrade(args: argparse.Namespace, settings: Settings) -> int:
    try:
        report = prepare_database(settings, backup_confirmed=args.confirm_backup)
    except DatabaseNotReady as exc:
        raise CommandFailed(ExitCode.CONFIG, exc.reason, exc.reason_zh) from exc
    except (SQLAlchemyError, OSError) as exc:
        raise _unreachable(settings, exc) from exc
    print(f"{_where(settings)}: {report.describe()}")
    return ExitCode.OK


def _current(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(resolved_database_url(settings))
    try:
        plan = upgrade_plan(engine)
    except (SQLAlchemyError, OSError) as exc:
        raise _unreachable(settings, exc) from exc
    finally:
        engine.dispose()
    where = _where(settings)
    if not plan.known:
        error = DatabaseNewerThanApp(where, plan.current or "", plan.head)
        raise CommandFailed(ExitCode.CONFIG, error.reason, error.reason_zh)
    if plan.up_to_date:
        print(f"{where}: {plan.current} (up to date)")
        return ExitCode.OK
    if plan.current is None:
        print(f"{where}: empty (run `counterapp db upgrade`)")
    else:
        print(
            f"{where}: {plan.current} (head is {plan.head}; to run: "
            f"{', '.join(plan.pending)}; see `counterapp db upgrade`)"
        )
    return ExitCode.CONFIG


def _unreachable(settings: Settings, exc: BaseException) -> CommandFailed:
    where = _where(settings)
    return CommandFailed(ExitCode.FAILURE, f"{where}: {exc}", f"{where}：数据库无法使用：{exc}")


def _refusing_no_password(
    run: Callable[[argparse.Namespace, Settings], int],
) -> Callable[[argparse.Namespace, Settings], int]:
    def guarded(args: argparse.Namespace, settings: Settings) -> int:
        try:
            return run(args, settings)
        except NoDatabasePassword as exc:
            raise CommandFailed(ExitCode.BAD_INPUT, exc.reason, exc.reason_zh) from exc

    return guarded


def _password_set(args: argparse.Namespace, settings: Settings) -> int:
    database_password_entry(settings)  # refuses before prompting where none is taken
    entry = store_database_password(settings, read_secret("database password: "))
    print(f"stored: {entry.describe()}")
    return ExitCode.OK


def _password_show(args: argparse.Namespace, settings: Settings) -> int:
    print(database_password_entry(settings).describe())
    return ExitCode.OK


def _password_delete(args: argparse.Namespace, settings: Settings) -> int:
    removed = delete_database_password(settings)
    print(f"{DATABASE_KEYRING_SERVICE}: {'deleted' if removed else 'nothing stored'}")
    return ExitCode.OK
