"""Marriage registration for the synthetic population, and the status it implies.

Civil affairs registers marriages and divorces, never a "status": the GB/T 2261.2 code a
department reports is derived from the events, the way :func:`marital_status` does it, so
the simulated departments and the tests can never disagree with the event history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from counterapp.sim.identifiers import IdentifierRegistry
from counterapp.sim.model import MarriageEvent, Person, Population

MARRIAGE = "marriage"
DIVORCE = "divorce"

# Legal minimum ages for marriage (Civil Code art. 1047): men 22, women 20.
LEGAL_AGE_MALE = 22
LEGAL_AGE_FEMALE = 20


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def legal_marriage_date(birth: date, male: bool) -> date:
    """The first day someone born on ``birth`` may marry."""
    return add_years(birth, LEGAL_AGE_MALE if male else LEGAL_AGE_FEMALE)


class MarriageRegistry:
    """Records marriages and divorces for both parties, numbered per office and year.

    Args:
        identifiers: issues the certificate numbers (J for 结婚证, L for 离婚证, then the
            county code, the year and a six-digit sequence, e.g. J330106-2019-001234).
    """

    def __init__(self, identifiers: IdentifierRegistry) -> None:
        self._identifiers = identifiers
        self.events: dict[str, list[MarriageEvent]] = {}

    def register(
        self, kind: str, when: date, a_id: str, b_id: str, county_code: str, office: str
    ) -> str:
        """Record one registration for both parties and return its certificate number.

        Both parties' certificates carry the same number, as real ones do.
        """
        letter = "J" if kind == MARRIAGE else "L"
        series = f"{letter}{county_code}-{when.year}"
        number = f"{series}-{self._identifiers.next_in_sequence(series, 6)}"
        for me, other in ((a_id, b_id), (b_id, a_id)):
            self.events.setdefault(me, []).append(
                MarriageEvent(kind, when, me, other, office, number)
            )
        return number

    def freeze(self) -> dict[str, tuple[MarriageEvent, ...]]:
        """Everyone's events in date order, keyed by ID number."""
        return {
            person: tuple(sorted(events, key=lambda e: (e.date, e.kind == MARRIAGE)))
            for person, events in self.events.items()
        }


def status_from_events(
    events: Sequence[MarriageEvent], people: Mapping[str, Person], deceased: bool = False
) -> str:
    """Derive the GB/T 2261.2 code from one person's events in date order.

    10 未婚 without events; 40 离婚 when the last event is a divorce; otherwise the last
    marriage decides: 30 丧偶 when that spouse has died, 21 初婚 for a first marriage,
    23 复婚 when the previous marriage was to the same person, else 22 再婚.

    Args:
        events: the person's events, oldest first.
        people: everyone, to tell whether the spouse has died.
        deceased: the person has died; the status is then as it stood at death.
    """
    if not events:
        return "10"
    last = events[-1]
    if last.kind == DIVORCE:
        return "40"
    spouse = people.get(last.spouse_id)
    if not deceased and spouse is not None and spouse.deceased:
        return "30"
    marriages = [e for e in events if e.kind == MARRIAGE]
    if len(marriages) == 1:
        return "21"
    return "23" if marriages[-2].spouse_id == last.spouse_id else "22"


def marital_status(pop: Population, id_number: str) -> str:
    """The GB/T 2261.2 marital status code civil affairs would report for a person.

    Args:
        pop: the population.
        id_number: an ID number in ``pop.people``.

    Returns:
        "10", "21", "22", "23", "30" or "40".

    Raises:
        KeyError: nobody in the population has this ID number.
    """
    person = pop.people[id_number]
    return status_from_events(pop.marriages.get(id_number, ()), pop.people, person.deceased)


def current_spouse(pop: Population, id_number: str) -> str | None:
    """The ID number of the living person's living spouse, or None.

    Args:
        pop: the population.
        id_number: an ID number in ``pop.people``.

    Raises:
        KeyError: nobody in the population has this ID number.
    """
    person = pop.people[id_number]
    events = pop.marriages.get(id_number, ())
    if person.deceased or not events or events[-1].kind != MARRIAGE:
        return None
    spouse = pop.people.get(events[-1].spouse_id)
    if spouse is None or spouse.deceased:
        return None
    return spouse.id_number
