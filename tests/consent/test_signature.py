"""Signatures as values: what counts as one, and their compact stored form."""

from __future__ import annotations

import math

import pytest

from counterapp.consent.signature import (
    MAX_POINTS,
    InvalidSignature,
    Signature,
    SignatureMethod,
)

SWOOSH = [[(0.1, 0.6), (0.2, 0.4), (0.35, 0.7)], [(0.5, 0.5), (0.8, 0.3)]]


def test_a_drawn_signature_keeps_its_strokes_through_json() -> None:
    drawn = Signature.drawn(SWOOSH)
    assert drawn.method is SignatureMethod.ON_SCREEN
    again = Signature.from_json(SignatureMethod.ON_SCREEN, drawn.to_json())
    assert again == drawn
    assert Signature.from_json(SignatureMethod.PAPER, None) == Signature.paper()


@pytest.mark.parametrize(
    ("strokes", "reason"),
    [
        ([], "empty"),
        ([[(0.5, 0.5)]], "empty"),  # a tap
        ([[(0.5, 0.5), (0.51, 0.51)]], "too small"),
        ([[(0.5, 0.5), (1.2, 0.5)]], "off the pad"),
        ([[(0.5, 0.5), (math.nan, 0.5)]], "off the pad"),
        ([[(0.1, 0.1), (0.9, 0.9)] * (MAX_POINTS // 2 + 1)], "at most"),
    ],
)
def test_what_is_not_a_signature_is_refused_with_why(strokes: list, reason: str) -> None:
    with pytest.raises(InvalidSignature, match=reason):
        Signature.drawn(strokes)


def test_a_paper_signature_has_no_strokes() -> None:
    with pytest.raises(InvalidSignature, match="paper"):
        Signature(SignatureMethod.PAPER, (((0.1, 0.1), (0.9, 0.9)),))
    assert Signature.paper().method.label_zh == "纸质签字"
