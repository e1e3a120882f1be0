"""People and households (户) while the synthetic population is being built.

:class:`PersonDraft` and :class:`HouseholdDraft` are mutable stand-ins for the frozen
``Person`` and ``Household`` of the model: later passes (rare-character names, stale
records, employment) still change them. :class:`PeopleFactory` creates them with valid,
unique identifiers and plausible names, education and addresses; the family shapes that
decide who lives with whom are in :mod:`counterapp.sim.families`.
"""

from __future__ import annotations

import random
from datetime import date

from counterapp.sim import names
from counterapp.sim.addresses import County
from counterapp.sim.identifiers import IdentifierRegistry

YEAR_DAYS = 365.2425
_EDUCATION = (
    # (born from year, ((education, weight), ...)) — later cohorts studied longer.
    (1990, (("研究生", 8), ("大学本科", 30), ("大学专科", 22), ("高中", 18), ("中等专科", 8),
            ("初中", 14))),
    (1975, (("研究生", 5), ("大学本科", 20), ("大学专科", 18), ("高中", 22), ("中等专科", 10),
            ("初中", 25))),
    (1960, (("研究生", 1), ("大学本科", 8), ("大学专科", 10), ("高中", 28), ("中等专科", 8),
            ("初中", 35), ("小学", 10))),
    (0, (("大学本科", 4), ("大学专科", 4), ("高中", 18), ("中等专科", 4), ("初中", 30),
         ("小学", 30), ("文盲或半文盲", 10))),
)  # fmt: skip
_MIGRANT_SHARE = 0.15  # adults whose ID number was issued in another county


class PersonDraft:
    """A person while the population is being built; frozen into a ``Person`` at the end.

    ``surname`` is empty for names registered without a Han-style surname (Tibetan,
    Uyghur, Kazakh); otherwise ``name`` is ``surname`` followed by the given name.
    """

    __slots__ = (
        "birth",
        "county",
        "deceased",
        "education",
        "ethnicity",
        "former_name",
        "household",
        "id_number",
        "male",
        "mobile",
        "name",
        "relation",
        "residence_address",
        "stale_mobile",
        "stale_residence_address",
        "surname",
    )

    def __init__(self, male: bool, birth: date, household: HouseholdDraft, relation: str) -> None:
        self.male = male
        self.birth = birth
        self.household = household
        self.county = household.county
        self.relation = relation
        self.residence_address = household.residence
        self.former_name: str | None = None
        self.stale_mobile: str | None = None
        self.stale_residence_address: str | None = None
        self.deceased = False


class HouseholdDraft:
    """A household while it is being built; ``members`` holds the living, head first."""

    __slots__ = ("address", "county", "members", "number", "residence")

    def __init__(self, number: str, county: County, address: str, residence: str) -> None:
        self.number = number
        self.county = county
        self.address = address
        self.residence = residence
        self.members: list[PersonDraft] = []


class PeopleFactory:
    """Creates people and households, counting down the population's size.

    Args:
        rng: the population's random source.
        identifiers: issues ID numbers, phones and household numbers.
        counties: the counties people are registered in (ID numbers of migrants too).
        today: the population's "today".
        size: how many people (living and deceased) the population gets.
    """

    def __init__(
        self,
        rng: random.Random,
        identifiers: IdentifierRegistry,
        counties: list[County],
        today: date,
        size: int,
    ) -> None:
        self.rng = rng
        self.ids = identifiers
        self.counties = counties
        self.today = today
        self.today_ord = today.toordinal()
        self.remaining = size
        self.people: list[PersonDraft] = []
        self.households: list[HouseholdDraft] = []

    def household(self, c: County) -> HouseholdDraft:
        """A new household at a fresh address; a fifth live somewhere else than registered."""
        address = c.street_address(self.rng)
        residence = address if self.rng.random() < 0.8 else c.street_address(self.rng)
        hh = HouseholdDraft(self.ids.household_number(), c, address, residence)
        self.households.append(hh)
        return hh

    def birth(self, youngest: int, oldest: int) -> date:
        """A birth date for someone aged ``youngest`` to ``oldest`` (inclusive) today."""
        low, high = int(youngest * YEAR_DAYS), int((oldest + 1) * YEAR_DAYS) - 1
        return date.fromordinal(self.today_ord - self.rng.randint(low, high))

    def born_before(self, birth: date, min_years: int, max_years: int) -> date:
        """A birth date ``min_years`` to ``max_years`` before ``birth`` (for parents)."""
        days = self.rng.randint(int(min_years * YEAR_DAYS), int(max_years * YEAR_DAYS))
        return date.fromordinal(birth.toordinal() - days)

    def latest_birth(self, years: int) -> date:
        """The birth date of someone who turns ``years`` old today."""
        return date.fromordinal(self.today_ord - int(years * YEAR_DAYS) - 1)

    def age(self, birth: date) -> float:
        """Age in years today."""
        return (self.today_ord - birth.toordinal()) / YEAR_DAYS

    def person(
        self,
        hh: HouseholdDraft,
        male: bool,
        birth: date,
        relation: str,
        family: PersonDraft | None = None,
        ethnicity: str | None = None,
    ) -> PersonDraft:
        """Create a living member of ``hh``.

        Args:
            hh: the household they are registered in.
            male: sex.
            birth: birth date.
            relation: relation to the head (GB/T 4761 text).
            family: the parent or grandparent whose surname (or, for Uyghur and Kazakh
                names, whose own name) they carry, and whose ethnicity by default.
            ethnicity: GB/T 3304 code; drawn from the county's mix when neither this nor
                ``family`` gives one.
        """
        rng = self.rng
        c = hh.county
        p = PersonDraft(male, birth, hh, relation)
        p.ethnicity = ethnicity or (family.ethnicity if family else c.ethnicity(rng))
        if names.uses_surname(p.ethnicity):
            p.surname = (
                family.surname if family is not None and family.surname else names.surname(rng)
            )
            p.name = p.surname + names.given_name(rng, male, birth.year)
        else:
            p.surname = ""
            fathers = family is not None and family.male and not family.surname
            father = names.own_part(family.name) if fathers and family else None
            p.name = names.minority_name(rng, p.ethnicity, male, father)
        id_division = c.code
        if self.age(birth) >= 18 and rng.random() < _MIGRANT_SHARE:
            id_division = rng.choice(self.counties).code
        p.id_number = self.ids.resident_id(id_division, birth, male)
        p.mobile = self.ids.mobile()
        p.education = self._education(birth)
        hh.members.append(p)
        self.people.append(p)
        self.remaining -= 1
        return p

    def die(self, p: PersonDraft) -> None:
        """The person has died: their hukou is cancelled, their records stay."""
        p.deceased = True
        p.household.members.remove(p)

    def _education(self, birth: date) -> str:
        age = self.age(birth)
        if age < 18:
            return "学龄前" if age < 6 else "小学" if age < 12 else "初中" if age < 15 else "高中"
        table = next(t for start, t in _EDUCATION if birth.year >= start)
        education = self.rng.choices([e for e, _ in table], [w for _, w in table])[0]
        if age < 22 and education in ("研究生", "大学本科"):
            return "高中"
        return "大学本科" if age < 24 and education == "研究生" else education
