"""`counterapp db upgrade|current`: the database schema."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from counterapp.app.storage import migrate_database, resolved_database_url
from counterapp.config import Settings
from counterapp.store.engine import make_engine
from counterapp.store.migrate import schema_state


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("db", help="create or upgrade the database schema")
    sub = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    sub.add_parser("upgrade", help="migrate the database to this version").set_defaults(
        handler=_upgrade
    )
    sub.add_parser("current", help="show the schema revision").set_defaults(handler=_current)


def _where(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(resolved_database_url(settings)).render_as_string(hide_password=True)


def _upgrade(args: argparse.Namespace, settings: Settings) -> int:
    try:
        state = migrate_database(settings)
    except (SQLAlchemyError, OSError) as exc:
        print(f"counterapp db upgrade: {_where(settings)}: {exc}", file=sys.stderr)
        return 1
    print(f"{_where(settings)}: at revision {state.current} (head {state.head})")
    return 0


def _current(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(resolved_database_url(settings))
    try:
        state = schema_state(engine)
    except (SQLAlchemyError, OSError) as exc:
        print(f"counterapp db current: {_where(settings)}: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    current = state.current or "empty (run `counterapp db upgrade`)"
    marker = "up to date" if state.up_to_date else f"head is {state.head}"
    print(f"{_where(settings)}: {current} ({marker})")
    return 0 if state.up_to_date else 3
