"""Tests for counterapp.sim.identifiers: valid, unique identifiers."""

from __future__ import annotations

import random
from datetime import date

from counterapp.sim.identifiers import IdentifierRegistry, organization_code_check
from counterapp.standards import credit_code, resident_id


def test_organization_check_matches_the_gb32100_worked_example() -> None:
    # 91350100M000100Y43: the organisation code M000100Y4 carries its GB 11714 check "4".
    assert organization_code_check("M000100Y") == "4"


def test_identifiers_are_valid_and_never_repeat() -> None:
    registry = IdentifierRegistry(random.Random(5))
    ids = [registry.resident_id("330106", date(1990, 1, 1), i % 2 == 0) for i in range(900)]
    assert len(set(ids)) == 900
    for i, number in enumerate(ids):
        result = resident_id.validate(number)
        assert result.ok and int(number[16]) % 2 == (1 if i % 2 == 0 else 0)
    codes = [registry.credit_code("2", "330106", new_style=i % 2 == 0) for i in range(300)]
    assert len(set(codes)) == 300
    assert all(credit_code.validate(c).category == "个体工商户" for c in codes)
    series = [registry.next_in_sequence("J330106-2020", 6) for _ in range(50)]
    assert series == sorted(series) and len(set(series)) == 50
    units = {registry.real_estate_unit("330106") for _ in range(200)}
    assert len(units) == 200 and all(len(u) == 28 for u in units)
