"""Department secrets in the OS keyring, never in a file Counter writes.

A connector names its keyring entry: the service is ``[auth].keyring_entry`` and the user
name is ``[auth].app_key``. This store reads and writes those entries and turns every way
it can fail (no keyring backend on a headless machine, a locked or refusing keyring, an
entry nobody set) into a :class:`CredentialError` whose message tells IT what to run.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import fail, null

from counterapp.exchange.connector import AuthScheme, Connector
from counterapp.exchange.connector_loader import default_connectors_dir

_SCHEMES_WITH_SECRET = (AuthScheme.API_KEY, AuthScheme.HMAC, AuthScheme.OAUTH2)


class CredentialError(Exception):
    """A department's secret cannot be had; the message says what to do about it."""


class KeyringUnavailable(CredentialError):
    """There is no usable keyring on this machine (or it refused to answer)."""


def usable_keyring(
    backend: keyring.backend.KeyringBackend | None, then_run: str
) -> keyring.backend.KeyringBackend:
    """``backend`` (the OS default when None), if it can store anything.

    Args:
        then_run: the command to run once a keyring works, named in the error.

    Raises:
        KeyringUnavailable: it is the "fail" or "null" keyring (none installed or usable).
    """
    backend = backend if backend is not None else keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        raise KeyringUnavailable(
            f"no usable keyring on this machine ({type(backend).__module__}): install "
            "and unlock a Secret Service (e.g. gnome-keyring), or configure a keyring "
            f"backend, then run `{then_run}`"
        )
    return backend


class MissingCredential(CredentialError):
    """The keyring works but holds no secret for the department."""


@dataclass(frozen=True)
class Secret:
    """One department's secret, as read from the keyring.

    The secret never shows in ``repr`` (logs, tracebacks): only :func:`mask` of it.

    Attributes:
        department: the department id.
        username: the keyring user name (the app key / client id sent with requests).
        value: the secret itself.
    """

    department: str
    username: str
    value: str = field(repr=False)

    def __repr__(self) -> str:
        return f"Secret({self.department!r}, {self.username!r}, {mask(self.value)!r})"


def mask(secret: str) -> str:
    """Show enough of a secret to tell two apart, never enough to use it.

    Returns:
        The first two and last two characters (``de…3f``); secrets shorter than 8
        characters show none at all.
    """
    if len(secret) < 8:
        return "•" * 4
    return f"{secret[:2]}…{secret[-2:]}"


def credentials_set_command(connector: Connector | None = None) -> str:
    """The command that stores a department's secret, for messages that say what to run.

    ``counterapp credentials set DEPT``, with ``--connectors DIR`` when the connector was
    loaded from a directory other than the shipped demo connectors (so the command finds
    the same connector file); ``DEPT`` when no connector is known.
    """
    if connector is None:
        return "counterapp credentials set DEPT"
    command = f"counterapp credentials set {connector.department_id}"
    if connector.source is None:
        return command
    directory = connector.source.parent.absolute()
    if directory == default_connectors_dir().absolute():
        return command
    return f"{command} --connectors {shlex.quote(str(directory))}"


class CredentialStore:
    """The keyring entries of the departments whose connectors are known.

    Args:
        connectors: department id -> connector, for each entry's service and user name.
        backend: the keyring to use; the configured default (``keyring.get_keyring()``,
            looked up at each call) when None.
    """

    def __init__(
        self,
        connectors: Mapping[str, Connector],
        backend: keyring.backend.KeyringBackend | None = None,
    ) -> None:
        self._connectors = dict(connectors)
        self._backend = backend

    def departments(self) -> list[str]:
        """The departments whose connectors are known, sorted."""
        return sorted(self._connectors)

    def needs_secret(self, department: str | Connector) -> bool:
        """True when the department's auth scheme needs a secret from the keyring."""
        return self._connector(department).auth.scheme in _SCHEMES_WITH_SECRET

    def get(self, department: str | Connector) -> Secret | None:
        """Read a department's secret.

        Args:
            department: the department id or its connector.

        Returns:
            The secret, or None when the department's scheme needs none (none, client_cert).

        Raises:
            KeyringUnavailable: no usable keyring backend, or it refused to answer.
            MissingCredential: the keyring has no such entry.
        """
        connector = self._connector(department)
        if not self.needs_secret(connector):
            return None
        service, username = connector.auth.keyring_entry, connector.auth.app_key
        try:
            value = self._keyring(connector).get_password(service, username)
        except (keyring.errors.KeyringError, OSError, RuntimeError) as exc:
            raise self._unavailable(connector.department_id, exc) from None
        if value is None:
            raise MissingCredential(
                f"no secret for {connector.department_id} in the keyring "
                f"(entry {service!r}, user {username!r}): "
                f"run `{credentials_set_command(connector)}`"
            )
        return Secret(connector.department_id, username, value)

    def set(self, department: str, secret: str, *, username: str | None = None) -> None:
        """Store a department's secret under its connector's keyring entry.

        Args:
            department: the department id.
            secret: the secret (HMAC secret, API key, OAuth2 client secret).
            username: the keyring user name; the connector's ``app_key`` when None.

        Raises:
            KeyringUnavailable: the keyring cannot store it.
            CredentialError: the department's scheme takes no secret, or it is empty.
        """
        connector = self._connector(department)
        if not self.needs_secret(connector):
            scheme = connector.auth.scheme.value
            raise CredentialError(f"{department} uses auth scheme {scheme}: it needs no secret")
        if not secret:
            raise CredentialError("the secret must not be empty")
        user = connector.auth.app_key if username is None else username
        try:
            self._keyring(connector).set_password(connector.auth.keyring_entry, user, secret)
        except (keyring.errors.KeyringError, OSError, RuntimeError) as exc:
            raise self._unavailable(department, exc) from None

    def delete(self, department: str) -> bool:
        """Remove a department's secret.

        Returns:
            True when an entry was removed, False when there was none.

        Raises:
            KeyringUnavailable: the keyring cannot be reached.
        """
        connector = self._connector(department)
        backend = self._keyring(connector)
        try:
            backend.delete_password(connector.auth.keyring_entry, connector.auth.app_key)
        except keyring.errors.PasswordDeleteError:
            return False
        except (keyring.errors.KeyringError, OSError, RuntimeError) as exc:
            raise self._unavailable(department, exc) from None
        return True

    def describe(self, department: str) -> str:
        """One line about a department's entry for ``credentials list`` and ``doctor``.

        Never raises and never shows the whole secret, e.g.
        ``counterapp/hukou (user counter-demo): de…3f``.
        """
        connector = self._connector(department)
        if not self.needs_secret(connector):
            return f"{department}: no secret needed (auth scheme {connector.auth.scheme.value})"
        where = f"{connector.auth.keyring_entry} (user {connector.auth.app_key})"
        try:
            secret = self.get(connector)
        except CredentialError as exc:
            return f"{where}: {exc}"
        return f"{where}: {mask(secret.value) if secret else ''}"

    def _connector(self, department: str | Connector) -> Connector:
        if isinstance(department, Connector):
            return department
        try:
            return self._connectors[department]
        except KeyError:
            known = ", ".join(sorted(self._connectors)) or "none"
            raise CredentialError(f"unknown department {department!r} (known: {known})") from None

    def _keyring(self, connector: Connector | None = None) -> keyring.backend.KeyringBackend:
        return usable_keyring(self._backend, credentials_set_command(connector))

    @staticmethod
    def _unavailable(department: str, exc: BaseException) -> KeyringUnavailable:
        return KeyringUnavailable(
            f"the keyring did not answer for {department}: {type(exc).__name__}: {exc}"
        )
