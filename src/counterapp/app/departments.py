"""Open the departments this workstation is configured to ask."""

from __future__ import annotations

from pathlib import Path

import keyring.backend

from counterapp.catalog import Catalog
from counterapp.config import Settings
from counterapp.exchange.breaker import CircuitBreaker
from counterapp.exchange.connector_loader import default_connectors_dir, load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange


def connectors_dir(settings: Settings, override: Path | None = None) -> Path:
    """The connector directory: a flag, else the config, else the shipped demo set."""
    if override is not None:
        return override
    configured = settings.get_str("departments.connectors_dir")
    return Path(configured).expanduser() if configured else default_connectors_dir()


def open_exchange(
    settings: Settings,
    catalog: Catalog,
    *,
    directory: Path | None = None,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
    data_dir: Path | None = None,
) -> DepartmentExchange:
    """Load the connectors and build the exchange with the configured limits.

    Raises:
        ConnectorError: a connector file is broken (every problem named).
    """
    connectors = load_connectors(
        connectors_dir(settings, directory),
        known_items=frozenset(item.code for item in catalog),
        data_dir=data_dir,
    )
    failures = settings.get_int("lookup.breaker_failures")
    cool_down = settings.get_float("lookup.breaker_cool_down_s")
    return DepartmentExchange(
        connectors,
        catalog,
        CredentialStore(connectors, backend=keyring_backend),
        total_deadline_s=settings.get_float("lookup.total_deadline_s"),
        breaker_factory=lambda: CircuitBreaker(failure_threshold=failures, cool_down_s=cool_down),
    )
