"""Tests for counterapp.sim.taxes: the annual IIT bracket table."""

from __future__ import annotations

import pytest

from counterapp.sim.taxes import annual_tax_fen, taxable_income_fen


@pytest.mark.parametrize(
    ("taxable_yuan", "tax_yuan"),
    [
        (0, 0),
        (10_000, 300),
        (36_000, 1_080),
        (100_000, 7_480),
        (144_000, 11_880),
        (300_000, 43_080),
        (420_000, 73_080),
        (660_000, 145_080),
        (960_000, 250_080),
        (1_000_000, 268_080),
    ],
)
def test_annual_tax_follows_the_bracket_table(taxable_yuan: int, tax_yuan: int) -> None:
    assert annual_tax_fen(taxable_yuan * 100) == tax_yuan * 100


def test_tax_is_continuous_at_each_bracket_bound() -> None:
    # The quick deductions make the brackets join: one more yuan costs the next rate only.
    rates = (10, 20, 25, 30, 35, 45)
    bounds = (36_000_00, 144_000_00, 300_000_00, 420_000_00, 660_000_00, 960_000_00)
    for bound, rate in zip(bounds, rates, strict=True):
        assert annual_tax_fen(bound + 100) - annual_tax_fen(bound) == rate


def test_taxable_income_takes_the_60000_yuan_standard_deduction() -> None:
    assert taxable_income_fen(100_000_00, 10_000_00) == 30_000_00
    assert taxable_income_fen(50_000_00, 0) == 0
    assert annual_tax_fen(-5) == 0
