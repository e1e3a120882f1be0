"""Schema migrations with Alembic, run from code (no alembic.ini needed on a workstation).

:func:`upgrade` only runs the migrations. Opening a database for use goes through
``counterapp.store.upgrade.upgrade_database``, which backs an older database up first and
refuses one newer than this build (docs/upgrading.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands: its revision and the newest one this build knows."""

    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def schema_state(engine: Engine) -> SchemaState:
    """The database's current revision (None for an empty database) and the head."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return SchemaState(current=current, head=head or "")


def upgrade(engine: Engine, revision: str = "head") -> SchemaState:
    """Run the migrations up to ``revision`` (no backup: see the module docstring)."""
    state = schema_state(engine)
    if state.up_to_date and revision == "head":
        return state
    command.upgrade(alembic_config(engine), revision)
    return schema_state(engine)
