"""Pick and set up the auth scheme a connector declares, with its secret from the keyring.

A missing secret or keyring is not a crash but an :class:`AuthError` with status
``AUTH_FAILED`` whose message tells IT which command fixes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import requests

from counterapp.exchange.auth.api_key import ApiKeyAuth
from counterapp.exchange.auth.base import Authenticator, AuthError
from counterapp.exchange.auth.client_cert import ClientCertAuth
from counterapp.exchange.auth.hmac import HmacAuth
from counterapp.exchange.auth.none import NoAuth
from counterapp.exchange.auth.oauth2 import OAuth2ClientCredentials
from counterapp.exchange.connector import AuthScheme, Connector
from counterapp.exchange.credentials import (
    CredentialError,
    CredentialStore,
    KeyringUnavailable,
    credentials_set_command,
)
from counterapp.exchange.status import DepartmentStatus


def authenticator_for(
    connector: Connector,
    credentials: CredentialStore | None,
    session: requests.Session,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> Authenticator:
    """The authenticator for a connector's scheme, its secret read from the keyring.

    Args:
        connector: the department's connector.
        credentials: the keyring store (unused for schemes none and client_cert).
        session: the department's session (an OAuth2 token is fetched through it).
        clock: monotonic clock for token expiry.

    Raises:
        AuthError: ``AUTH_FAILED`` when the secret cannot be had, saying what to run.
    """
    auth = connector.auth
    if auth.scheme is AuthScheme.NONE:
        return NoAuth()
    if auth.scheme is AuthScheme.CLIENT_CERT:
        return ClientCertAuth(connector.tls)
    secret = _secret(connector, credentials)
    if auth.scheme is AuthScheme.API_KEY:
        return ApiKeyAuth(auth.header, secret)
    if auth.scheme is AuthScheme.HMAC:
        return HmacAuth(auth.app_key, secret)
    token_url = auth.token_url
    if token_url.startswith("/"):
        token_url = connector.http.base_url + token_url
    return OAuth2ClientCredentials(
        token_url,
        auth.app_key,
        secret,
        auth.scope,
        session,
        connect_timeout_s=connector.http.connect_timeout_s,
        clock=clock,
    )


def _secret(connector: Connector, credentials: CredentialStore | None) -> str:
    dept = connector.department_id
    try:
        if credentials is None:
            raise CredentialError(f"no credential store was given for {dept}")
        secret = credentials.get(connector)
    except KeyringUnavailable as exc:
        raise AuthError(DepartmentStatus.AUTH_FAILED, str(exc), "本机没有可用的钥匙串") from None
    except CredentialError as exc:
        zh = f"钥匙串中没有 {dept} 的密钥：请运行 {credentials_set_command(connector)}"
        raise AuthError(DepartmentStatus.AUTH_FAILED, str(exc), zh) from None
    return secret.value if secret else ""
