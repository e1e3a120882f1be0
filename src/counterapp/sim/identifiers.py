"""Unique identifiers for the synthetic population, each valid by its own rule.

One :class:`IdentifierRegistry` per generated population hands out resident ID numbers
(GB 11643), mobile numbers, household numbers, unified social credit codes (GB 32100 with a
GB 11714 organisation code inside) and the departments' own numbers, and remembers what it
gave so nothing is issued twice.
"""

from __future__ import annotations

import random
from datetime import date

from counterapp.standards import credit_code, resident_id

# Mobile prefixes in real use (China Mobile, Unicom, Telecom, and the 19x ranges).
_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "166", "170", "171", "173", "175", "176",
    "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191",
    "193", "195", "198", "199",
)  # fmt: skip
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_CHARSET = credit_code.CHARSET
_CARD_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def organization_code_check(body8: str) -> str:
    """The GB 11714 check character of an 8-character organisation code.

    C9 = 11 − (Σ value·weight mod 11), where digits are worth themselves and letters
    A=10 … Z=35; 10 is written X and 11 is written 0.
    """
    total = sum(int(c, 36) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


class IdentifierRegistry:
    """Issues identifiers that are unique within one population.

    Args:
        rng: the population's random source; the registry draws from it, so the
            identifiers depend on the order of requests, which the generator keeps fixed.
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()
        self._sequences: dict[str, int] = {}

    def _fresh(self, value: str) -> bool:
        if value in self._used:
            return False
        self._used.add(value)
        return True

    def resident_id(self, division: str, birth: date, male: bool) -> str:
        """An 18-character identity number: division, birth date, sequence of the sex, check."""
        rng = self._rng
        prefix = f"{division}{birth.year:04d}{birth.month:02d}{birth.day:02d}"
        while True:
            sequence = rng.randrange(0, 499) * 2 + (1 if male else 2)
            body = f"{prefix}{sequence:03d}"
            if self._fresh(body):
                return body + resident_id.check_character(body)

    def mobile(self) -> str:
        """An 11-digit mainland mobile number nobody else in the population holds."""
        rng = self._rng
        while True:
            number = f"{rng.choice(_MOBILE_PREFIXES)}{rng.randrange(100_000_000):08d}"
            if self._fresh(number):
                return number

    def household_number(self) -> str:
        """A 9-digit household register number (户号)."""
        while True:
            number = str(self._rng.randrange(100_000_000, 1_000_000_000))
            if self._fresh("H" + number):
                return number

    def credit_code(self, category: str, division: str, new_style: bool) -> str:
        """A GB 32100 code registered by market regulation (authority 9).

        Args:
            category: "1" for an enterprise, "2" for a sole proprietorship (个体工商户).
            division: the registering county's GB/T 2260 code.
            new_style: organisation codes issued since 2015 start with "MA"; older ones
                are the enterprise's former eight-digit organisation code.
        """
        rng = self._rng
        while True:
            if new_style:
                body8 = "MA" + "".join(rng.choices(_CHARSET, k=6))
            else:
                body8 = f"{rng.randrange(10_000_000, 100_000_000)}"
            body17 = f"9{category}{division}{body8}{organization_code_check(body8)}"
            if self._fresh(body17):
                return body17 + credit_code.check_character(body17)

    def social_security_card(self) -> str:
        """A 9-character social security card number: a letter and eight digits."""
        rng = self._rng
        while True:
            number = f"{rng.choice(_CARD_LETTERS)}{rng.randrange(100_000_000):08d}"
            if self._fresh("C" + number):
                return number

    def housing_fund_account(self, division: str) -> str:
        """A 12-digit housing fund personal account number, opened in the county's city."""
        while True:
            number = f"{division[:4]}{self._rng.randrange(100_000_000):08d}"
            if self._fresh("F" + number):
                return number

    def next_in_sequence(self, series: str, width: int) -> str:
        """The next number of a per-office series (certificates are numbered by office and year).

        Args:
            series: the office and year the number belongs to.
            width: digits to zero-pad to.
        """
        current = self._sequences.get(series)
        current = (
            self._rng.randint(1, 400) if current is None else current + self._rng.randint(1, 9)
        )
        self._sequences[series] = current
        return f"{current:0{width}d}"

    def real_estate_unit(self, division: str) -> str:
        """A 28-character real-estate unit number (不动产单元号).

        Division (6) + cadastral zone and sub-zone (3 + 3) + parcel type "GB" + parcel
        number (5) + "F" for a building + building number (4) + unit number (4).
        """
        rng = self._rng
        while True:
            unit = (
                f"{division}{rng.randint(1, 20):03d}{rng.randint(1, 30):03d}GB"
                f"{rng.randint(1, 99999):05d}F{rng.randint(1, 60):04d}{rng.randint(1, 3000):04d}"
            )
            if self._fresh(unit):
                return unit

    def claim(self, value: str) -> bool:
        """Reserve an arbitrary value (a company name, say); False if it was taken."""
        return self._fresh("N" + value)
