"""Put the simulator's demo credentials where the connector files say a client finds them.

The writing itself is :meth:`counterapp.exchange.credentials.CredentialStore.set`, the same
code ``counterapp credentials set`` uses, over the simulator's own connector declarations
(:data:`counterapp.sim.connector_specs.SIM_CONNECTORS`): the entries land exactly where
Counter reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring
import keyring.backend

from counterapp.exchange.credentials import CredentialError, CredentialStore
from counterapp.sim.connector_specs import SIM_CONNECTORS
from counterapp.sim.credentials import SimCredentials


@dataclass(frozen=True)
class KeyringOutcome:
    """What storing the credentials did.

    Attributes:
        stored: the entries written (keyring service names); empty when nothing was.
        backend: the keyring backend's name.
        problem: why nothing (or not everything) was stored, one line; "" when it worked.
    """

    stored: tuple[str, ...]
    backend: str
    problem: str = ""


def store_credentials(
    credentials: SimCredentials, backend: keyring.backend.KeyringBackend | None = None
) -> KeyringOutcome:
    """Write every department secret under its connector's keyring entry.

    The entry is ``[auth].keyring_entry`` (``counterapp/<dept>``) with the demo user name
    (the app key / client id). Never raises for a missing or broken keyring: the outcome
    says what went wrong so the command can print one line and keep serving.

    Args:
        credentials: the simulator's demo credentials.
        backend: the keyring to write to; the configured default when None.

    Returns:
        The entries stored, or the reason not all were.
    """
    chosen = backend if backend is not None else keyring.get_keyring()
    name = f"{type(chosen).__module__}.{type(chosen).__name__}"
    connectors = {c.department_id: c for c in SIM_CONNECTORS}
    store = CredentialStore(connectors, chosen)
    stored: list[str] = []
    for entry in credentials.entries():
        try:
            store.set(entry.department, entry.secret, username=entry.username)
        except CredentialError as exc:
            problem = " ".join(str(exc).split())
            return KeyringOutcome(tuple(stored), name, problem)
        stored.append(connectors[entry.department].auth.keyring_entry)
    return KeyringOutcome(tuple(stored), name)
