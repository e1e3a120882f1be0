"""Everything a counter workstation needs, opened once and passed to the use cases.

The GUI, the CLI and the tests build one :class:`CounterContext` and hand it around (no
globals): the settings, the database, the personal-data cipher, the departments, the data
catalog and the service forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import keyring.backend
from sqlalchemy import Engine

from counterapp.app.catalog import catalog_for
from counterapp.app.departments import open_exchange
from counterapp.app.storage import open_database, workstation_name
from counterapp.catalog import Catalog
from counterapp.catalog.masking import MaskPolicy
from counterapp.config import Settings
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.forms import ServiceForm, load_forms
from counterapp.protection import FieldCipher, open_cipher


def mask_policy(settings: Settings) -> MaskPolicy:
    """How much of a masked value the screen and the CLI keep (the ``masking.*`` keys)."""
    return MaskPolicy(
        id_keep_head=settings.get_int("masking.id_keep_head"),
        id_keep_tail=settings.get_int("masking.id_keep_tail"),
    )


@dataclass
class CounterContext:
    """One workstation's open resources; close it when the workstation shuts down."""

    settings: Settings
    engine: Engine
    cipher: FieldCipher
    exchange: DepartmentExchange
    catalog: Catalog
    forms: dict[str, ServiceForm]
    workstation: str

    @property
    def hall_code(self) -> str:
        return self.settings.get_str("hall.code")

    @property
    def window(self) -> str:
        return self.settings.get_str("hall.window")

    @property
    def mask_policy(self) -> MaskPolicy:
        return mask_policy(self.settings)

    def close(self) -> None:
        self.exchange.close()
        self.engine.dispose()

    def __enter__(self) -> CounterContext:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_counter(
    settings: Settings,
    *,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
    connectors_dir: Path | None = None,
    data_dir: Path | None = None,
    workstation_suffix: str = "",
) -> CounterContext:
    """Open the database (migrating it), the cipher, the departments, catalog and forms.

    Raises:
        ConnectorError / FormError / CatalogError: a declared file is broken.
        KeyringUnavailable / KeyMissing / KeyMismatch: the personal-data keys are not usable.
    """
    catalog = catalog_for(settings)
    forms = load_forms(catalog)
    engine = open_database(settings)
    try:
        cipher = open_cipher(engine, keyring_backend)
        exchange = open_exchange(
            settings,
            catalog,
            directory=connectors_dir,
            keyring_backend=keyring_backend,
            data_dir=data_dir,
        )
    except Exception:
        engine.dispose()
        raise
    return CounterContext(
        settings=settings,
        engine=engine,
        cipher=cipher,
        exchange=exchange,
        catalog=catalog,
        forms=forms,
        workstation=workstation_name(settings) + workstation_suffix,
    )
