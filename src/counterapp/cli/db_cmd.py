"""`counterapp db upgrade|current`: the database schema.

Exit codes (README.md, "Command line"): FAILURE when the database cannot be reached or
migrated; ``current`` ends with CONFIG when the schema is not at the latest migration.
"""

from __future__ import annotations

import argparse

from sqlalchemy.exc import SQLAlchemyError

from counterapp.app.storage import migrate_database, resolved_database_url
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import CommandFailed, command
from counterapp.config import Settings
from counterapp.store.engine import make_engine
from counterapp.store.migrate import schema_state


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("db", help="create or upgrade the database schema")
    sub = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    sub.add_parser("upgrade", help="migrate the database to this version").set_defaults(
        handler=command("db upgrade", _upgrade)
    )
    sub.add_parser("current", help="show the schema revision").set_defaults(
        handler=command("db current", _current)
    )


def _where(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(resolved_database_url(settings)).render_as_string(hide_password=True)


def _upgrade(args: argparse.Namespace, settings: Settings) -> int:
    try:
        state = migrate_database(settings)
    except (SQLAlchemyError, OSError) as exc:
        raise _unreachable(settings, exc) from exc
    print(f"{_where(settings)}: at revision {state.current} (head {state.head})")
    return ExitCode.OK


def _current(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(resolved_database_url(settings))
    try:
        state = schema_state(engine)
    except (SQLAlchemyError, OSError) as exc:
        raise _unreachable(settings, exc) from exc
    finally:
        engine.dispose()
    current = state.current or "empty (run `counterapp db upgrade`)"
    marker = "up to date" if state.up_to_date else f"head is {state.head}"
    print(f"{_where(settings)}: {current} ({marker})")
    return ExitCode.OK if state.up_to_date else ExitCode.CONFIG


def _unreachable(settings: Settings, exc: BaseException) -> CommandFailed:
    where = _where(settings)
    return CommandFailed(ExitCode.FAILURE, f"{where}: {exc}", f"{where}：数据库无法使用：{exc}")
