"""The HMAC-SHA256 request signature of connector scheme ``hmac`` (docs/connectors.md).

One implementation serves both ends: the exchange client signs with it and the simulated
household register verifies with it, so the two can never drift apart. Pure functions, no
I/O: the clock and the nonce source are only used when the caller does not pass them.

The string signed is::

    METHOD\\nPATH\\nSORTED_QUERY\\nTIMESTAMP\\nNONCE\\nSHA256_HEX_OF_BODY

``PATH`` is the URL path exactly as sent (already percent-encoded). ``SORTED_QUERY`` is the
decoded query parameters sorted by key, each key and value percent-encoded with only the
RFC 3986 unreserved characters (``A-Z a-z 0-9 - _ . ~``) left as they are, written ``k=v``
and joined with ``&``; empty when there is no query. Encoding both sides the same way makes
the signature independent of how a client library happened to encode the URL.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping
from urllib.parse import quote

HEADER_APP_KEY = "X-App-Key"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_SIGNATURE = "X-Signature"

# A server refuses a timestamp further than this from its own clock (either direction).
MAX_CLOCK_SKEW_S = 300
# The shortest nonce a server accepts.
MIN_NONCE_LENGTH = 16


def sorted_query(query: Mapping[str, str]) -> str:
    """Render query parameters in the canonical order and encoding.

    Args:
        query: decoded parameter names and values.

    Returns:
        ``k=v`` pairs sorted by key, percent-encoded, joined with ``&`` ("" when empty).
    """
    return "&".join(f"{_encode(key)}={_encode(value)}" for key, value in sorted(query.items()))


def canonical_string(
    method: str,
    path: str,
    query: Mapping[str, str],
    timestamp: int | str,
    nonce: str,
    body: bytes,
) -> str:
    """Build the string a request signature covers.

    Args:
        method: the HTTP method, any case (it is upper-cased).
        path: the URL path as sent, percent-encoded, without the query.
        query: the decoded query parameters.
        timestamp: Unix seconds, as sent in ``X-Timestamp``.
        nonce: the value sent in ``X-Nonce``.
        body: the request body bytes (``b""`` for none).

    Returns:
        The six lines joined with ``\\n``.
    """
    return "\n".join(
        (
            method.upper(),
            path,
            sorted_query(query),
            str(timestamp),
            nonce,
            hashlib.sha256(body).hexdigest(),
        )
    )


def sign(secret: bytes | str, canonical: str) -> str:
    """Sign a canonical string.

    Args:
        secret: the shared secret (a str is UTF-8 encoded).
        canonical: the result of :func:`canonical_string`.

    Returns:
        The lowercase hex HMAC-SHA256.
    """
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def signature_matches(secret: bytes | str, canonical: str, signature: str) -> bool:
    """Check a received signature in constant time.

    Args:
        secret: the shared secret.
        canonical: the canonical string rebuilt from the received request.
        signature: the received ``X-Signature`` value (case-insensitive hex).

    Returns:
        True when the signature is the expected one.
    """
    return hmac.compare_digest(sign(secret, canonical), signature.strip().lower())


def signed_headers(
    method: str,
    url_path: str,
    query: Mapping[str, str],
    body: bytes,
    app_key: str,
    secret: bytes | str,
    *,
    timestamp: int | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """Compute the four headers that authenticate one request.

    Args:
        method: the HTTP method.
        url_path: the URL path as it will be sent (percent-encoded).
        query: the decoded query parameters the request carries.
        body: the request body bytes.
        app_key: the public application key.
        secret: the shared secret.
        timestamp: Unix seconds; now when None.
        nonce: a fresh random value; 32 random hex characters when None.

    Returns:
        ``X-App-Key``, ``X-Timestamp``, ``X-Nonce`` and ``X-Signature``.
    """
    ts = int(time.time()) if timestamp is None else int(timestamp)
    once = secrets.token_hex(16) if nonce is None else nonce
    canonical = canonical_string(method, url_path, query, ts, once, body)
    return {
        HEADER_APP_KEY: app_key,
        HEADER_TIMESTAMP: str(ts),
        HEADER_NONCE: once,
        HEADER_SIGNATURE: sign(secret, canonical),
    }


def _encode(text: str) -> str:
    return quote(text, safe="-_.~")
