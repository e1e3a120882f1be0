"""Department secrets in a real keyring: a plain-text file backend, and the Secret Service."""

from __future__ import annotations

import dataclasses
import os
import uuid

import keyring
import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from counterapp.exchange.connector import Connector
from counterapp.exchange.connector_loader import default_connectors_dir, load_connectors
from counterapp.exchange.credentials import (
    CredentialError,
    CredentialStore,
    KeyringUnavailable,
    MissingCredential,
    Secret,
    credentials_set_command,
    mask,
)
from helpers.environment import need

SECRET = "demo-0123456789abcdef"


def test_round_trip_through_the_default_keyring(
    connectors: dict[str, Connector], file_keyring: PlaintextKeyring
) -> None:
    store = CredentialStore(connectors)
    store.set("hukou", SECRET)
    # Stored where the connector says: service keyring_entry, user app_key.
    auth = connectors["hukou"].auth
    assert file_keyring.get_password(auth.keyring_entry, auth.app_key) == SECRET
    secret = store.get("hukou")
    assert secret == Secret("hukou", auth.app_key, SECRET)
    assert store.get(connectors["hukou"]) == secret
    assert store.delete("hukou") is True
    assert store.delete("hukou") is False


def test_explicit_username(connectors: dict[str, Connector], file_keyring: object) -> None:
    store = CredentialStore(connectors)
    store.set("civil", SECRET, username="someone-else")
    assert keyring.get_password("counterapp/civil", "someone-else") == SECRET


def test_missing_entry_says_what_to_run(
    connectors: dict[str, Connector], file_keyring: object
) -> None:
    with pytest.raises(MissingCredential) as caught:
        CredentialStore(connectors).get("hukou")
    message = str(caught.value)
    assert message.startswith("no secret for hukou in the keyring")
    # the connectors came from a directory of their own: the command must name it
    directory = connectors["hukou"].source.parent  # type: ignore[union-attr]
    assert message.endswith(f"run `counterapp credentials set hukou --connectors {directory}`")


def test_the_shipped_demo_connectors_need_no_directory_in_the_command(
    file_keyring: object,
) -> None:
    shipped = load_connectors(default_connectors_dir())
    with pytest.raises(MissingCredential) as caught:
        CredentialStore(shipped).get("hukou")
    assert str(caught.value).endswith("run `counterapp credentials set hukou`")
    assert credentials_set_command(shipped["hukou"]) == "counterapp credentials set hukou"
    assert credentials_set_command() == "counterapp credentials set DEPT"


def test_no_keyring_backend_names_the_directory_too(connectors: dict[str, Connector]) -> None:
    directory = connectors["hukou"].source.parent  # type: ignore[union-attr]
    with pytest.raises(KeyringUnavailable) as caught:
        CredentialStore(connectors, fail.Keyring()).get("hukou")
    assert f"counterapp credentials set hukou --connectors {directory}" in str(caught.value)


def test_no_keyring_backend_is_a_typed_error(connectors: dict[str, Connector]) -> None:
    store = CredentialStore(connectors, fail.Keyring())
    with pytest.raises(KeyringUnavailable, match="no usable keyring"):
        store.get("hukou")
    with pytest.raises(KeyringUnavailable):
        store.set("hukou", SECRET)
    assert "no usable keyring" in store.describe("hukou")


def test_schemes_without_secret(connectors: dict[str, Connector], file_keyring: object) -> None:
    store = CredentialStore(connectors)
    assert store.get("market") is None
    assert store.get("tax") is None
    assert "no secret needed" in store.describe("tax")
    with pytest.raises(CredentialError, match="needs no secret"):
        store.set("market", SECRET)


def test_describe_never_shows_the_secret(
    connectors: dict[str, Connector], file_keyring: object
) -> None:
    store = CredentialStore(connectors)
    store.set("hukou", SECRET)
    line = store.describe("hukou")
    assert line == "counterapp/hukou (user counter-demo): de…ef"
    assert SECRET not in line
    assert SECRET not in repr(store.get("hukou"))


def test_mask() -> None:
    assert mask("abcdefgh") == "ab…gh"
    assert mask("short") == "••••"
    assert mask("") == "••••"


def test_unknown_department_and_empty_secret(
    connectors: dict[str, Connector], file_keyring: object
) -> None:
    store = CredentialStore(connectors)
    with pytest.raises(CredentialError, match="unknown department 'nope'"):
        store.get("nope")
    with pytest.raises(CredentialError, match="must not be empty"):
        store.set("hukou", "")


def _secret_service_available() -> bool:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    try:
        from keyring.backends import SecretService

        return SecretService.Keyring.priority > 0
    except Exception:  # priority raises when the service is missing or locked
        return False


def test_round_trip_through_the_secret_service(connectors: dict[str, Connector]) -> None:
    need(_secret_service_available(), "a Secret Service keyring (D-Bus, gnome-keyring)")
    from keyring.backends import SecretService

    hukou = connectors["hukou"]
    # A unique entry, so the test never touches a real one.
    entry = f"counterapp-test/{uuid.uuid4().hex}"
    connector = dataclasses.replace(
        hukou, auth=dataclasses.replace(hukou.auth, keyring_entry=entry)
    )
    store = CredentialStore({"hukou": connector}, SecretService.Keyring())
    try:
        store.set("hukou", SECRET)
        assert store.get("hukou") == Secret("hukou", connector.auth.app_key, SECRET)
    finally:
        assert store.delete("hukou") is True
    with pytest.raises(MissingCredential):
        store.get("hukou")
