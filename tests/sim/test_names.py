"""Tests for counterapp.sim.names: surname frequency, given names, rare characters."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter

from counterapp.sim import names


def test_surnames_are_drawn_by_frequency_including_rare_compound_ones() -> None:
    rng = random.Random(1)
    drawn = Counter(names.surname(rng) for _ in range(200_000))
    assert {s for s, _ in drawn.most_common(3)} == {"王", "李", "张"}
    compound = {s: n for s, n in drawn.items() if len(s) == 2}
    assert "欧阳" in compound and max(compound, key=compound.__getitem__) == "欧阳"
    assert drawn["司马"] < drawn["欧阳"] / 3
    assert sum(compound.values()) / 200_000 < 0.002


def test_given_names_have_one_or_two_characters_by_generation() -> None:
    rng = random.Random(2)
    young = [names.given_name(rng, True, 2015) for _ in range(2000)]
    old = [names.given_name(rng, False, 1950) for _ in range(2000)]
    assert all(1 <= len(n) <= 2 for n in young + old)
    assert Counter(len(n) for n in young)[2] > 1000
    assert "秀英" in old or "桂英" in old


def test_rare_characters_are_real_cjk_ideographs_outside_the_bmp() -> None:
    for char in names.RARE_CHARACTERS:
        assert len(char) == 1 and ord(char) > 0xFFFF
        assert unicodedata.name(char).startswith("CJK UNIFIED IDEOGRAPH-")
    assert "\U00020bb7" in names.RARE_CHARACTERS  # 𠮷
    rng = random.Random(3)
    for _ in range(200):
        given = names.rare_given_name(rng, rng.random() < 0.5, 1990)
        assert 1 <= len(given) <= 2 and names.has_rare_character(given)


def test_minority_names_follow_their_conventions() -> None:
    rng = random.Random(4)
    assert not names.uses_surname("04") and not names.uses_surname("05")
    assert names.uses_surname("01") and names.uses_surname("08")
    tibetan = names.minority_name(rng, "04", False, None)
    assert len(tibetan) == 4 and "·" not in tibetan
    uyghur = names.minority_name(rng, "05", True, "艾力")
    assert uyghur.endswith("·艾力") and names.own_part(uyghur) == uyghur.split("·")[0]
    assert not names.has_rare_character(uyghur + tibetan)
