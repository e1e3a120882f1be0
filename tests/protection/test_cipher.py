"""FieldCipher: round trips, tamper and context failures, blind indexes, length hiding."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterapp.protection import (
    DecryptionFailed,
    FieldCipher,
    KeyMissing,
    ProtectionError,
    is_token,
    token_key_id,
)
from counterapp.protection.cipher import PAD_BLOCK

CIPHER = FieldCipher.generate()
OTHER = FieldCipher.generate()
contexts = st.text(min_size=1, max_size=40)


@settings(deadline=None)  # no timed assertions
@given(plaintext=st.text(), context=contexts)
def test_round_trip_of_any_text(plaintext: str, context: str) -> None:
    token = CIPHER.encrypt(plaintext, context=context)
    assert CIPHER.decrypt(token, context=context) == plaintext


def test_characters_outside_the_bmp_and_nul_survive() -> None:
    for text in ("𬌗", "王𬌗明", "\x00", "a\x00", "€\x80", ""):
        assert CIPHER.decrypt(CIPHER.encrypt(text, context="c"), context="c") == text


@settings(max_examples=60, deadline=None)
@given(plaintext=st.text(max_size=30), data=st.data())
def test_any_single_byte_changed_fails_with_a_typed_error(plaintext: str, data) -> None:
    token = CIPHER.encrypt(plaintext, context="cases.applicant_name").encode("ascii")
    where = data.draw(st.integers(0, len(token) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != token[where]))
    altered = (token[:where] + bytes([new]) + token[where + 1 :]).decode("latin-1")
    with pytest.raises((DecryptionFailed, KeyMissing)):
        CIPHER.decrypt(altered, context="cases.applicant_name")


@settings(deadline=None)
@given(plaintext=st.text(max_size=30), first=contexts, second=contexts)
def test_a_token_under_another_context_fails(plaintext: str, first: str, second: str) -> None:
    token = CIPHER.encrypt(plaintext, context=first)
    if first != second:
        with pytest.raises(DecryptionFailed, match="another column"):
            CIPHER.decrypt(token, context=second)


@settings(deadline=None)
@given(value=st.text(max_size=40), purpose=st.sampled_from(["resident_id", "phone"]))
def test_blind_index_is_deterministic_per_key(value: str, purpose: str) -> None:
    index = CIPHER.blind_index(value, purpose=purpose)
    assert index == CIPHER.blind_index(value, purpose=purpose)
    assert len(index) == 64 and int(index, 16) >= 0
    assert index != OTHER.blind_index(value, purpose=purpose)


@settings(deadline=None)
@given(value=st.text(max_size=40))
def test_blind_index_differs_across_purposes(value: str) -> None:
    assert CIPHER.blind_index(value, purpose="resident_id") != CIPHER.blind_index(
        value, purpose="phone"
    )


def test_token_shape_and_key_id() -> None:
    token = CIPHER.encrypt("11010519491231002X", context="cases.resident_id")
    assert token.startswith(f"v1:{CIPHER.current_key_id}:")
    assert token_key_id(token) == CIPHER.current_key_id
    assert is_token(token) and not is_token("11010519491231002X")
    assert "11010519491231002X" not in token
    assert token != CIPHER.encrypt("11010519491231002X", context="cases.resident_id")


@settings(deadline=None)
@given(plaintext=st.text(max_size=200))
def test_token_length_shows_only_the_padded_block_count(plaintext: str) -> None:
    size = len(plaintext.encode()) // PAD_BLOCK + 1
    raw = base64.urlsafe_b64decode(CIPHER.encrypt(plaintext, context="c").split(":")[2])
    assert len(raw) == 12 + size * PAD_BLOCK + 16


def test_short_names_give_tokens_of_one_size() -> None:
    names = ["王五", "欧阳娜娜", "司马相如", "A"]
    assert len({len(CIPHER.encrypt(name, context="n")) for name in names}) == 1


def test_a_token_of_another_cipher_names_its_missing_key() -> None:
    token = OTHER.encrypt("x", context="c")
    with pytest.raises(KeyMissing) as caught:
        CIPHER.decrypt(token, context="c")
    assert caught.value.key_id == OTHER.current_key_id
    assert OTHER.current_key_id in str(caught.value) and "keys import" in str(caught.value)


@pytest.mark.parametrize("junk", ["", "v1", "plain text", "v2:k:AAAA", "v1::AAAA", "v1:k:!!"])
def test_junk_is_not_a_token(junk: str) -> None:
    with pytest.raises(DecryptionFailed):
        CIPHER.decrypt(junk, context="c")


def test_rotation_cipher_keeps_old_keys_and_encrypts_under_the_new() -> None:
    old_token = CIPHER.encrypt("张三", context="c")
    rotated = CIPHER.with_current("newkey01", bytes(32))
    assert rotated.current_key_id == "newkey01"
    assert rotated.decrypt(old_token, context="c") == "张三"
    assert token_key_id(rotated.encrypt("张三", context="c")) == "newkey01"
    assert rotated.blind_index("x", purpose="p") == CIPHER.blind_index("x", purpose="p")


def test_repr_shows_no_key_and_bad_keys_are_refused() -> None:
    assert "current=" in repr(CIPHER)
    with pytest.raises(ProtectionError, match="32 bytes"):
        FieldCipher({"k": b"short"}, "k", bytes(32))
    with pytest.raises(KeyMissing):
        FieldCipher({"k": bytes(32)}, "absent", bytes(32))
