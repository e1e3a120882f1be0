"""Tests for counterapp.sim.marriages: GB/T 2261.2 status derived from registrations."""

from __future__ import annotations

from datetime import date

import pytest

from counterapp.sim.marriages import (
    add_years,
    current_spouse,
    legal_marriage_date,
    marital_status,
)
from counterapp.sim.model import MarriageEvent, Person, Population

OFFICE = "杭州市西湖区民政局婚姻登记处"


def _person(id_number: str, gender: str, deceased: bool = False) -> Person:
    return Person(
        id_number, "某人", None, gender, date(1980, 1, 1), "01", "330106", "地址", "地址",
        "13800000000", "大学本科", "330106001", "户主", deceased=deceased,
    )  # fmt: skip


def _population(events: list[tuple[str, str, str, str]], dead: tuple[str, ...] = ()) -> Population:
    """People A (man), B, C (women), D (man); events as (kind, date, a, b), mirrored."""
    people = {
        i: _person(i, g, i in dead) for i, g in (("A", "1"), ("B", "2"), ("C", "2"), ("D", "1"))
    }
    marriages: dict[str, list[MarriageEvent]] = {}
    for n, (kind, day, a, b) in enumerate(events):
        when = date.fromisoformat(day)
        for me, other in ((a, b), (b, a)):
            marriages.setdefault(me, []).append(
                MarriageEvent(kind, when, me, other, OFFICE, f"J330106-{when.year}-{n:06d}")
            )
    return Population(seed=0, people=people, marriages={k: tuple(v) for k, v in marriages.items()})


@pytest.mark.parametrize(
    ("events", "dead", "expected_a", "spouse_a"),
    [
        ([], (), "10", None),
        ([("marriage", "2010-05-01", "A", "B")], (), "21", "B"),
        ([("marriage", "2010-05-01", "A", "B"), ("divorce", "2015-01-01", "A", "B")], (), "40",
         None),
        (
            [
                ("marriage", "2010-05-01", "A", "B"),
                ("divorce", "2015-01-01", "A", "B"),
                ("marriage", "2018-01-01", "A", "C"),
            ],
            (),
            "22",
            "C",
        ),
        (
            [
                ("marriage", "2010-05-01", "A", "B"),
                ("divorce", "2015-01-01", "A", "B"),
                ("marriage", "2016-01-01", "A", "B"),
            ],
            (),
            "23",
            "B",
        ),
        ([("marriage", "2010-05-01", "A", "B")], ("B",), "30", None),
        ([("marriage", "2010-05-01", "A", "B"), ("marriage", "2019-01-01", "A", "C")], ("B",),
         "22", "C"),
    ],
)  # fmt: skip
def test_status_and_spouse_come_from_the_events(
    events: list, dead: tuple[str, ...], expected_a: str, spouse_a: str | None
) -> None:
    pop = _population(events, dead)
    assert marital_status(pop, "A") == expected_a
    assert current_spouse(pop, "A") == spouse_a
    if spouse_a is not None:
        assert current_spouse(pop, spouse_a) == "A"


def test_the_divorced_first_wife_of_a_remarried_man_is_divorced() -> None:
    pop = _population(
        [
            ("marriage", "2010-05-01", "A", "B"),
            ("divorce", "2015-01-01", "A", "B"),
            ("marriage", "2018-01-01", "A", "C"),
        ]
    )
    assert marital_status(pop, "B") == "40" and current_spouse(pop, "B") is None
    assert marital_status(pop, "C") == "21"
    assert marital_status(pop, "D") == "10"


def test_a_deceased_person_has_no_current_spouse() -> None:
    pop = _population([("marriage", "2010-05-01", "A", "B")], dead=("A",))
    assert current_spouse(pop, "A") is None
    assert marital_status(pop, "A") == "21"  # as it stood at death
    assert marital_status(pop, "B") == "30"


def test_legal_ages_and_leap_days() -> None:
    assert legal_marriage_date(date(2000, 3, 1), True) == date(2022, 3, 1)
    assert legal_marriage_date(date(2000, 3, 1), False) == date(2020, 3, 1)
    assert add_years(date(2004, 2, 29), 22) == date(2026, 2, 28)
