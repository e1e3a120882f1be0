"""Individual income tax on wages as the annual reconciliation computes it (综合所得).

The simulated tax bureau serves each earner's yearly income and tax; the tax must follow
from the income by the real rules, or a clerk's cross-check against social insurance
would flag every simulated person.
"""

from __future__ import annotations

# Annual comprehensive-income brackets (IIT Law 2018, table 1): upper bound of taxable
# income in fen (None = no bound), rate in per cent, quick deduction in fen.
IIT_BRACKETS: tuple[tuple[int | None, int, int], ...] = (
    (36_000_00, 3, 0),
    (144_000_00, 10, 2_520_00),
    (300_000_00, 20, 16_920_00),
    (420_000_00, 25, 31_920_00),
    (660_000_00, 30, 52_920_00),
    (960_000_00, 35, 85_920_00),
    (None, 45, 181_920_00),
)
STANDARD_DEDUCTION_FEN = 60_000_00  # 5,000 yuan a month
# The employee's own share of social insurance, deducted before tax: pension 8 %,
# medical 2 %, unemployment 0.5 % of the contribution base.
EMPLOYEE_SOCIAL_PER_MILLE = 105


def annual_tax_fen(taxable_fen: int) -> int:
    """Tax on a year's taxable comprehensive income, rounded to the fen.

    Args:
        taxable_fen: income after the standard and special deductions; below zero is zero.
    """
    if taxable_fen <= 0:
        return 0
    for bound, rate, quick in IIT_BRACKETS:
        if bound is None or taxable_fen <= bound:
            return (taxable_fen * rate + 50) // 100 - quick
    raise AssertionError("the last bracket has no bound")  # pragma: no cover


def taxable_income_fen(income_fen: int, special_deductions_fen: int) -> int:
    """Income minus the 60,000-yuan standard deduction and the special deductions.

    Args:
        income_fen: the year's wages and bonuses.
        special_deductions_fen: the employee's social insurance and housing fund shares.
    """
    return max(0, income_fen - STANDARD_DEDUCTION_FEN - special_deductions_fen)
