"""The synthetic population the simulated departments serve.

:func:`generate_population` builds households, marriages, jobs, social insurance, tax,
housing fund, real estate and sole proprietorships from one seed, so the demo and the
tests always meet the same people; :func:`sample_people` and :func:`describe` pick and
summarise people worth showing (``counterapp sim people``). A small share of people have
stale or conflicting records on purpose — a new phone known only to social security, a
move known only to some departments — because real departments disagree like that.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from counterapp.sim import names
from counterapp.sim.addresses import county
from counterapp.sim.assets import AssetBuilder
from counterapp.sim.employment import EmploymentBuilder
from counterapp.sim.families import FamilyBuilder
from counterapp.sim.households import PeopleFactory, PersonDraft
from counterapp.sim.identifiers import IdentifierRegistry
from counterapp.sim.marriages import MarriageRegistry, current_spouse, marital_status
from counterapp.sim.model import Household, Person, Population
from counterapp.standards.divisions import SIMULATOR_COUNTIES
from counterapp.standards.gender import Gender
from counterapp.standards.marital_status import MaritalStatus

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_TODAY",
    "current_spouse",
    "describe",
    "generate_population",
    "marital_status",
    "sample_people",
]

DEFAULT_SEED = 20261128
# A fixed "today", never the clock: the same seed must give the same people on any day.
DEFAULT_TODAY = date(2026, 11, 28)
RARE_NAME_SHARE = 0.005
MIN_RARE_NAMES = 5  # even a small demo population shows the rare-character problem
FORMER_NAME_SHARE = 0.03
STALE_MOBILE_SHARE = 0.03
STALE_ADDRESS_SHARE = 0.03


def generate_population(
    seed: int = DEFAULT_SEED, people: int = 10_000, today: date | None = None
) -> Population:
    """Build a reproducible synthetic population.

    Args:
        seed: the only source of randomness; the same seed and size give an identical
            population.
        people: how many people, living and deceased, to create.
        today: the day the population is generated for (ages, statuses, windows);
            defaults to :data:`DEFAULT_TODAY`, never the clock.

    Returns:
        The population with every department's records, keyed by ID number.

    Raises:
        ValueError: ``people`` is negative.
    """
    if people < 0:
        raise ValueError(f"people must be zero or more, got {people}")
    with _collector_paused():
        return _generate(seed, people, today or DEFAULT_TODAY)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of acyclic records are created.

    Its repeated full passes over the growing heap would otherwise halve the speed; the
    records hold no reference cycles, so nothing is left for it to collect afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _generate(seed: int, people: int, today: date) -> Population:
    rng = random.Random(seed)
    identifiers = IdentifierRegistry(rng)
    marriages = MarriageRegistry(identifiers)
    counties = [county(code) for code in SIMULATOR_COUNTIES]
    factory = PeopleFactory(rng, identifiers, counties, today, people)
    FamilyBuilder(factory, marriages).build()
    _vary_records(factory, identifiers)
    employment = EmploymentBuilder(factory, identifiers)
    employment.build()
    assets = AssetBuilder(factory, identifiers, marriages)
    assets.build()
    return Population(
        seed=seed,
        people={p.id_number: _freeze(p) for p in factory.people},
        households={
            hh.number: Household(
                hh.number,
                hh.county.code,
                hh.address,
                hh.members[0].id_number,
                tuple(m.id_number for m in hh.members),
            )
            for hh in factory.households
        },
        marriages=marriages.freeze(),
        social=employment.social,
        tax=employment.tax,
        housing_fund=employment.housing_fund,
        properties={k: tuple(v) for k, v in assets.properties.items()},
        businesses=assets.businesses,
        businesses_by_operator={k: tuple(v) for k, v in assets.businesses_by_operator.items()},
        today=today,
    )


def _vary_records(factory: PeopleFactory, identifiers: IdentifierRegistry) -> None:
    """Give some people rare-character names, former names and stale phones or addresses."""
    rng = factory.rng
    living = [p for p in factory.people if not p.deceased]
    han_style = [p for p in living if p.surname]
    count = min(len(han_style), max(MIN_RARE_NAMES, round(len(factory.people) * RARE_NAME_SHARE)))
    for p in rng.sample(han_style, count):
        p.name = p.surname + names.rare_given_name(rng, p.male, p.birth.year)
    for p in living:
        adult = factory.age(p.birth) >= 18
        if p.surname and adult and rng.random() < FORMER_NAME_SHARE:
            p.former_name = p.surname + names.given_name(rng, p.male, p.birth.year)
            if p.former_name == p.name:
                p.former_name = None
        if adult and rng.random() < STALE_MOBILE_SHARE:
            p.stale_mobile = identifiers.mobile()  # the number before the new phone
        if adult and rng.random() < STALE_ADDRESS_SHARE:
            p.stale_residence_address = p.residence_address  # before the move
            p.residence_address = p.county.street_address(rng)


_MALE, _FEMALE = Gender.MALE.value, Gender.FEMALE.value


def _freeze(p: PersonDraft) -> Person:
    return Person(
        id_number=p.id_number,
        name=p.name,
        former_name=p.former_name,
        gender=_MALE if p.male else _FEMALE,
        birth_date=p.birth,
        ethnicity=p.ethnicity,
        hukou_division=p.county.code,
        hukou_address=p.household.address,
        residence_address=p.residence_address,
        mobile=p.mobile,
        education=p.education,
        household_number=p.household.number,
        relation_to_head=p.relation,
        stale_mobile=p.stale_mobile,
        stale_residence_address=p.stale_residence_address,
        deceased=p.deceased,
    )


# -- picking and describing people ----------------------------------------------------------


def _age(person: Person, pop: Population) -> int:
    today = pop.today or DEFAULT_TODAY
    born = person.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


_MARITAL_TAGS = {
    "10": ("never_married",),
    "21": ("married",),
    "22": ("married", "remarried"),
    "23": ("married", "remarried_same_spouse"),
    "30": ("widowed",),
    "40": ("divorced",),
}


def _tags(person: Person, pop: Population) -> list[str]:
    pid = person.id_number
    tags = list(_MARITAL_TAGS[marital_status(pop, pid)])
    checks: tuple[tuple[str, bool], ...] = (
        ("stale_mobile", person.stale_mobile is not None),
        ("stale_residence_address", person.stale_residence_address is not None),
        ("rare_char", names.has_rare_character(person.name)),
        ("former_name", person.former_name is not None),
        ("business", pid in pop.businesses_by_operator),
        ("property", pid in pop.properties),
        ("fund", pid in pop.housing_fund),
        ("minority", person.ethnicity != "01"),
        ("migrant", pid[:6] != person.hukou_division),
        ("child", _age(person, pop) < 18),
        ("deceased", person.deceased),
    )
    return tags + [tag for tag, present in checks if present]


def describe(person: Person, pop: Population) -> dict[str, Any]:
    """A JSON-ready summary of one person, for ``counterapp sim people --json``.

    Args:
        person: someone in ``pop``.
        pop: the population they belong to.

    Returns:
        Plain strings, numbers, booleans and lists: identity, marital status (GB/T 2261.2
        code and label), spouse, household and the tags that make the person interesting
        for a demo (e.g. "married", "stale_mobile", "rare_char", "business").
    """
    status = marital_status(pop, person.id_number)
    return {
        "id_number": person.id_number,
        "name": person.name,
        "former_name": person.former_name,
        "gender": person.gender,
        "gender_label": Gender(person.gender).zh,
        "birth_date": person.birth_date.isoformat(),
        "age": _age(person, pop),
        "ethnicity": person.ethnicity,
        "hukou_division": person.hukou_division,
        "household_number": person.household_number,
        "relation_to_head": person.relation_to_head,
        "marital_status": status,
        "marital_status_label": MaritalStatus(status).zh,
        "spouse_id": current_spouse(pop, person.id_number),
        "deceased": person.deceased,
        "tags": _tags(person, pop),
    }


# Cases a demo or a test wants first, in this order.
_INTERESTING: tuple[str, ...] = (
    "married",
    "divorced",
    "remarried",
    "stale",
    "rare_char",
    "business",
    "property",
    "fund",
    "never_married",
    "remarried_same_spouse",
    "widowed",
    "former_name",
    "minority",
    "child",
)


def sample_people(pop: Population, limit: int) -> list[Person]:
    """A varied, reproducible selection of living people, the interesting cases first.

    One married, one divorced, one remarried, one with stale records, one with a
    rare-character name, one running a business, one owning property, one with a housing
    fund, one adult never married (then 复婚, widowed, former name, minority, child), each
    the first such person in the population; the rest are spread evenly over everyone.

    Args:
        pop: the population.
        limit: how many people at most.
    """
    if limit <= 0:
        return []
    living = [p for p in pop.people.values() if not p.deceased]
    tags: dict[str, list[str]] = {}  # computed as the search reaches each person

    def wanted_by(p: Person, wanted: str) -> bool:
        found = tags.get(p.id_number)
        if found is None:
            found = tags[p.id_number] = _tags(p, pop)
        return _has(found, p, pop, wanted)

    chosen: dict[str, Person] = {}
    for wanted in _INTERESTING:
        match = next(
            (p for p in living if p.id_number not in chosen and wanted_by(p, wanted)), None
        )
        if match is not None and len(chosen) < limit:
            chosen[match.id_number] = match
    for p in _spread(living, limit):
        if len(chosen) >= limit:
            break
        chosen.setdefault(p.id_number, p)
    return list(chosen.values())


def _has(tags: list[str], person: Person, pop: Population, wanted: str) -> bool:
    if wanted == "stale":
        return "stale_mobile" in tags or "stale_residence_address" in tags
    if wanted == "married":
        return marital_status(pop, person.id_number) == "21"
    if wanted == "never_married":
        return wanted in tags and "child" not in tags
    return wanted in tags


def _spread(people: list[Person], limit: int) -> Iterator[Person]:
    """Everyone, starting with ``limit`` people evenly spaced through the list."""
    step = max(1, len(people) // max(limit, 1))
    yield from people[::step]
    yield from people
