"""Decoding a body with its declared encoding, strictly (formats/__init__.py)."""

from __future__ import annotations

import pytest

from counterapp.exchange.formats import FormatError, decode


def test_declared_gbk() -> None:
    assert decode("纳税人,王小明".encode("gbk"), "gbk") == "纳税人,王小明"
    assert decode("纳税人".encode("gbk"), "GBK") == "纳税人"


def test_utf8_bom_is_dropped_and_astral_characters_survive() -> None:
    assert decode("\ufeff王𠮷".encode(), "utf-8") == "王𠮷"
    assert decode("王𠮷".encode(), "UTF8") == "王𠮷"


def test_invalid_bytes_name_the_encoding_and_offset() -> None:
    body = b'{"xm":"' + "王".encode("gbk") + b'"}'
    with pytest.raises(FormatError) as caught:
        decode(body, "utf-8")
    assert str(caught.value) == "the body is not valid utf-8 at byte offset 7 (bytes cd f5 22 7d)"


def test_truncated_gbk_names_the_offset() -> None:
    with pytest.raises(FormatError, match="not valid gbk at byte offset 4"):
        decode("纳税".encode("gbk") + b"\x81", "gbk")


def test_unknown_encoding() -> None:
    with pytest.raises(FormatError, match="unknown declared encoding 'klingon'"):
        decode(b"x", "klingon")
