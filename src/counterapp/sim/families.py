"""Family shapes of the synthetic population, with the marriages that bind them.

The builder draws one household at a time from a few shapes — young singles, couples with
children, three generations under one roof, elderly couples and widows, grandparents
raising grandchildren, divorced parents — so ages, relations to the head, marriages and
children's birth dates agree with each other. Former spouses of the divorced and remarried
are people of the population too, living in households of their own (or recorded as
deceased), so both sides of every marriage are on record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from counterapp.sim import names
from counterapp.sim.addresses import County
from counterapp.sim.households import YEAR_DAYS, HouseholdDraft, PeopleFactory, PersonDraft
from counterapp.sim.marriages import (
    DIVORCE,
    MARRIAGE,
    MarriageRegistry,
    add_years,
    legal_marriage_date,
)

_LARGEST_SHAPE = 8  # people one shape can create at most, former spouses included
MAX_AGE = 95


class FamilyBuilder:
    """Fills a :class:`PeopleFactory` with households until the population has its size.

    Args:
        factory: creates the people and households and counts them.
        marriages: records marriage and divorce events.
    """

    def __init__(self, factory: PeopleFactory, marriages: MarriageRegistry) -> None:
        self.f = factory
        self.rng = factory.rng
        self.marriages = marriages
        shapes: list[tuple[Callable[[County], None], float]] = [
            (self._single_young, 14),
            (self._couple_family, 40),
            (self._three_generations, 8),
            (self._elderly, 16),
            (self._grandparents, 4),
            (self._divorced, 6),
            (self._single_older, 3),
        ]
        self._shapes = [s for s, _ in shapes]
        self._weights = [w for _, w in shapes]

    def build(self) -> None:
        """Draw households until the factory has created the population's size."""
        f, rng = self.f, self.rng
        while f.remaining > 0:
            c = rng.choice(f.counties)
            if f.remaining >= _LARGEST_SHAPE:
                rng.choices(self._shapes, self._weights)[0](c)
            else:
                self._single_young(c)

    # -- shapes ---------------------------------------------------------------------------

    def _single_young(self, c: County) -> None:
        self.f.person(self.f.household(c), self.rng.random() < 0.5, self.f.birth(18, 34), "户主")

    def _single_older(self, c: County) -> None:
        self.f.person(self.f.household(c), self.rng.random() < 0.6, self.f.birth(35, 70), "户主")

    def _couple_family(self, c: County) -> None:
        hh = self.f.household(c)
        husband, wife, married = self._couple(hh, self.f.birth(24, 60))
        count = self.rng.choices((0, 1, 2, 3), (15, 50, 30, 5))[0]
        self._children(hh, husband, wife, married, count)

    def _three_generations(self, c: County) -> None:
        f, rng = self.f, self.rng
        hh = f.household(c)
        husband, wife, married = self._couple(hh, f.birth(28, 55))
        self._children(hh, husband, wife, married, rng.choice((1, 1, 2)))
        head = hh.members[0]
        father_birth = f.born_before(head.birth, 23, 34)
        if f.age(father_birth) >= MAX_AGE + 1:
            return  # the head's parents would be too old to be alive
        mother_birth = min(self._spouse_birth(father_birth, True), add_years(head.birth, -20))
        grandpa = f.person(hh, True, father_birth, "父亲", family=head)
        grandma = f.person(hh, False, mother_birth, "母亲")
        wedding = self._first_wedding(grandpa, grandma)
        latest = date.fromordinal(head.birth.toordinal() - 300)
        earliest = self._earliest(grandpa, grandma)
        self._register(MARRIAGE, max(earliest, min(wedding, latest)), grandpa, grandma, c)
        if rng.random() < 0.4:
            f.die(rng.choice((grandpa, grandma)))

    def _elderly(self, c: County) -> None:
        hh = self.f.household(c)
        self._couple(hh, self.f.birth(60, 92))
        if self.rng.random() < 0.3:
            self.f.die(hh.members[1])

    def _grandparents(self, c: County) -> None:
        f = self.f
        hh = f.household(c)
        husband, _, _ = self._couple(hh, f.birth(55, 78))
        for _ in range(self.rng.choice((1, 1, 2))):
            male = self.rng.random() < 0.52
            f.person(hh, male, f.birth(0, 15), "孙子" if male else "孙女", family=husband)

    def _divorced(self, c: County) -> None:
        f = self.f
        hh = f.household(c)
        me = f.person(hh, self.rng.random() < 0.45, f.birth(28, 62), "户主")
        former = self._former_spouse(me, c, deceased=False)
        if former is not None and self.rng.random() < 0.4:
            ex, married, divorced = former
            husband, wife = (me, ex) if me.male else (ex, me)
            self._children(hh, husband, wife, married, 1, until=divorced)

    # -- couples --------------------------------------------------------------------------

    def _couple(
        self, hh: HouseholdDraft, head_birth: date
    ) -> tuple[PersonDraft, PersonDraft, date]:
        """Head and spouse, married with a drawn history; returns husband, wife, wedding day."""
        f, rng = self.f, self.rng
        head_male = rng.random() < 0.75
        head_birth = min(head_birth, f.latest_birth(23 if head_male else 21))
        head = f.person(hh, head_male, head_birth, "户主")
        ethnicity = head.ethnicity if rng.random() < 0.85 else hh.county.ethnicity(rng)
        spouse_birth = self._spouse_birth(head_birth, head_male)
        spouse = f.person(hh, not head_male, spouse_birth, "配偶", ethnicity=ethnicity)
        husband, wife = (head, spouse) if head_male else (spouse, head)
        return husband, wife, self._history(husband, wife, hh.county)

    def _spouse_birth(self, partner_birth: date, partner_male: bool) -> date:
        """A spouse's birth date: husbands are two years older on average, both of legal age."""
        gap = int(max(-6.0, min(12.0, self.rng.gauss(2.0, 2.5))) * YEAR_DAYS)
        born = date.fromordinal(partner_birth.toordinal() + (gap if partner_male else -gap))
        oldest = self.f.latest_birth(MAX_AGE + 1) + timedelta(days=1)
        return max(min(born, self.f.latest_birth(21 if partner_male else 23)), oldest)

    @staticmethod
    def _earliest(husband: PersonDraft, wife: PersonDraft) -> date:
        return max(legal_marriage_date(husband.birth, True), legal_marriage_date(wife.birth, False))

    def _first_wedding(self, husband: PersonDraft, wife: PersonDraft) -> date:
        """A first wedding, most within a few years of the legal age."""
        earliest = self._earliest(husband, wife).toordinal()
        span = min(self.f.today_ord - earliest, int(12 * YEAR_DAYS))
        return date.fromordinal(earliest + int(span * self.rng.random() ** 2))

    def _history(self, husband: PersonDraft, wife: PersonDraft, c: County) -> date:
        """Register the couple's marriage; some had divorced each other or someone else."""
        roll = self.rng.random()
        if roll < 0.03:
            dates = self._timeline(self._earliest(husband, wife).toordinal(), (0, 365, 90))
            if dates is not None:  # married, divorced, married each other again (复婚)
                self._register(MARRIAGE, dates[0], husband, wife, c)
                self._register(DIVORCE, dates[1], husband, wife, c)
                self._register(MARRIAGE, dates[2], husband, wife, c)
                return dates[2]
        elif roll < 0.15:
            me = husband if self.rng.random() < 0.5 else wife
            former = self._former_spouse(me, c, deceased=roll >= 0.12)
            if former is not None:  # remarried after a divorce or the spouse's death (再婚)
                freed = former[2].toordinal() + 90
                earliest = max(freed, self._earliest(husband, wife).toordinal())
                when = date.fromordinal(self.rng.randint(earliest, self.f.today_ord))
                self._register(MARRIAGE, when, husband, wife, c)
                return when
        when = self._first_wedding(husband, wife)
        self._register(MARRIAGE, when, husband, wife, c)
        return when

    def _former_spouse(
        self, me: PersonDraft, c: County, deceased: bool
    ) -> tuple[PersonDraft, date, date] | None:
        """Create a former spouse of ``me``: married, then divorced or died.

        A divorced former spouse lives in a household of their own, alone or remarried; a
        deceased one keeps ``me``'s household number, as the cancelled hukou entry does.

        Returns:
            The former spouse, the wedding day and the day the marriage ended (divorce or
            death, at least 18 months before today), or None when ``me`` is too young.
        """
        f, rng = self.f, self.rng
        ex_birth = self._spouse_birth(me.birth, me.male)
        start = max(
            legal_marriage_date(me.birth, me.male), legal_marriage_date(ex_birth, not me.male)
        )
        dates = self._timeline(start.toordinal(), (0, 365), reserve=int(1.5 * YEAR_DAYS))
        if dates is None:
            return None
        wedding, ended = dates
        if deceased:
            relation = "配偶" if me.relation == "户主" else "其他"
            ex = f.person(me.household, not me.male, ex_birth, relation)
            f.die(ex)
            self._register(MARRIAGE, wedding, *_by_sex(me, ex), c)
            return ex, wedding, ended
        own = f.household(c)
        ex = f.person(own, not me.male, ex_birth, "户主")
        self._register(MARRIAGE, wedding, *_by_sex(me, ex), c)
        self._register(DIVORCE, ended, *_by_sex(me, ex), c)
        if rng.random() < 0.5:
            partner = f.person(own, me.male, self._spouse_birth(ex.birth, ex.male), "配偶")
            husband, wife = _by_sex(ex, partner)
            earliest = max(ended.toordinal() + 180, self._earliest(husband, wife).toordinal())
            when = date.fromordinal(rng.randint(min(earliest, f.today_ord), f.today_ord))
            self._register(MARRIAGE, when, husband, wife, c)
        return ex, wedding, ended

    def _timeline(self, start: int, gaps: tuple[int, ...], reserve: int = 0) -> list[date] | None:
        """Dates from ``start`` on, the i-th at least ``gaps[i]`` days after the one before,
        the last at least ``reserve`` days before today; None when they do not fit."""
        free = self.f.today_ord - reserve - start - sum(gaps)
        if free <= 0:
            return None
        offsets = sorted(int(self.rng.random() ** 1.5 * free) for _ in gaps)
        result, shift = [], 0
        for offset, gap in zip(offsets, gaps, strict=True):
            shift += gap
            result.append(date.fromordinal(start + shift + offset))
        return result

    def _children(
        self,
        hh: HouseholdDraft,
        husband: PersonDraft,
        wife: PersonDraft,
        married: date,
        count: int,
        until: date | None = None,
    ) -> None:
        """Children born after the wedding (and before ``until``), while the mother is under 45.

        Most are born within a few years of the wedding, as in real families.

        Most carry the father's surname, some the mother's; ethnicity comes from either.
        """
        f, rng = self.f, self.rng
        first = married.toordinal() + 300
        last = min((until or f.today).toordinal(), add_years(wife.birth, 45).toordinal())
        for _ in range(min(count, f.remaining)):
            if first > last:
                return
            male = rng.random() < 0.52
            ethnicity = husband.ethnicity if rng.random() < 0.7 else wife.ethnicity
            parent = husband if rng.random() < 0.92 else wife
            if names.uses_surname(ethnicity) != names.uses_surname(parent.ethnicity):
                parent = husband  # transliterated names always carry the father's name
            offset = int(rng.expovariate(1 / (3.5 * YEAR_DAYS)))  # most within a few years
            if offset > last - first:
                offset = rng.randint(0, last - first)
            birth = date.fromordinal(first + offset)
            f.person(hh, male, birth, "子" if male else "女", family=parent, ethnicity=ethnicity)

    def _register(self, kind: str, when: date, a: PersonDraft, b: PersonDraft, c: County) -> None:
        self.marriages.register(kind, when, a.id_number, b.id_number, c.code, c.marriage_office)


def _by_sex(a: PersonDraft, b: PersonDraft) -> tuple[PersonDraft, PersonDraft]:
    """The pair as (husband, wife)."""
    return (a, b) if a.male else (b, a)
