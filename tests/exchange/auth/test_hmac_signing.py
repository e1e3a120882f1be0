"""The shared HMAC canonical string and signature (docs/connectors.md "HMAC signing")."""

from __future__ import annotations

import hashlib
import re

from counterapp.exchange.auth.hmac_signing import (
    canonical_string,
    sign,
    signature_matches,
    signed_headers,
    sorted_query,
)

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_canonical_string_has_six_lines_in_the_documented_order() -> None:
    text = canonical_string("get", "/api/v1/persons/1", {}, 1700000000, "n" * 16, b"")
    assert text == f"GET\n/api/v1/persons/1\n\n1700000000\n{'n' * 16}\n{EMPTY_SHA256}"


def test_query_is_sorted_by_key_and_percent_encoded() -> None:
    assert sorted_query({"b": "2", "a": "x y", "c": "一&="}) == "a=x%20y&b=2&c=%E4%B8%80%26%3D"
    assert sorted_query({}) == ""
    assert sorted_query({"k": "A-Z_a.z~0"}) == "k=A-Z_a.z~0"  # unreserved stay as they are


def test_body_is_hashed() -> None:
    text = canonical_string("POST", "/p", {}, "1", "nonce", b'{"a":1}')
    assert text.endswith(hashlib.sha256(b'{"a":1}').hexdigest())


def test_sign_is_lowercase_hex_hmac_sha256() -> None:
    # RFC 4231 test case 2.
    expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert sign("Jefe", "what do ya want for nothing?") == expected
    assert sign(b"Jefe", "what do ya want for nothing?") == expected


def test_signed_headers_are_reproducible_with_fixed_time_and_nonce() -> None:
    headers = signed_headers(
        "GET", "/x", {"q": "1"}, b"", "app", "secret", timestamp=1700000000, nonce="f" * 32
    )
    canonical = canonical_string("GET", "/x", {"q": "1"}, 1700000000, "f" * 32, b"")
    assert headers == {
        "X-App-Key": "app",
        "X-Timestamp": "1700000000",
        "X-Nonce": "f" * 32,
        "X-Signature": sign("secret", canonical),
    }


def test_default_nonce_is_fresh_hex_and_timestamp_is_now() -> None:
    first = signed_headers("GET", "/x", {}, b"", "app", "secret")
    second = signed_headers("GET", "/x", {}, b"", "app", "secret")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Nonce"])
    assert first["X-Nonce"] != second["X-Nonce"]
    assert first["X-Timestamp"].isdigit()


def test_signature_matches_only_the_right_secret_and_ignores_case() -> None:
    canonical = canonical_string("GET", "/x", {}, 1, "n" * 16, b"")
    signature = sign("secret", canonical)
    assert signature_matches("secret", canonical, signature.upper())
    assert not signature_matches("other", canonical, signature)
    assert not signature_matches("secret", canonical + "x", signature)
