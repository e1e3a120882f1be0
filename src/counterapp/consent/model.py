"""Consent (知情同意): the applicant's recorded agreement that departments be asked.

PIPL art. 29–30 and 35: a state body asks departments about a person only with that
person's recorded, specific consent — for one purpose (a service), naming the departments
and the categories of data (catalog categories such as ``person`` or ``marriage``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from counterapp.catalog import Catalog


class ConsentMethod(StrEnum):
    """How the applicant gave consent."""

    SIGNED_PAPER = "signed_paper"
    ON_SCREEN_SIGNATURE = "on_screen_signature"
    ID_CARD_READER = "id_card_reader"
    VERBAL_WITNESSED = "verbal_witnessed"
    APPLICANT_SCREEN = "applicant_screen"
    """The applicant pressed 同意 on their own screen (the applicant-facing window)."""

    @property
    def clerk_may_choose(self) -> bool:
        """True for the methods a clerk records on their side; the applicant-screen
        confirmation is recorded only by the applicant's own press."""
        return self is not ConsentMethod.APPLICANT_SCREEN

    @property
    def label_zh(self) -> str:
        return _METHOD_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _METHOD_LABELS[self][1]


_METHOD_LABELS: Mapping[ConsentMethod, tuple[str, str]] = {
    ConsentMethod.SIGNED_PAPER: ("纸质签字", "signed on paper"),
    ConsentMethod.ON_SCREEN_SIGNATURE: ("屏幕签名", "signed on screen"),
    ConsentMethod.ID_CARD_READER: ("刷证确认", "confirmed with the ID card reader"),
    ConsentMethod.VERBAL_WITNESSED: ("口头同意（两人见证）", "verbal, two witnesses"),
    ConsentMethod.APPLICANT_SCREEN: ("申请人屏幕确认", "confirmed on the applicant's screen"),
}


@dataclass(frozen=True)
class ConsentRecord:
    """One applicant's consent for one purpose.

    Attributes:
        applicant_id_number: the applicant's resident ID (stored encrypted).
        purpose: the service id the data is for.
        method: how consent was given.
        departments: the departments that may be asked.
        categories: the catalog categories that may be asked for.
        recorded_by: the username of the clerk who recorded it.
        recorded_at: when (timezone-aware).
        case_number: the case it was used for, once submitted.
        witness: the second witness's username (verbal consent only).
    """

    applicant_id_number: str
    purpose: str
    method: ConsentMethod
    departments: frozenset[str]
    categories: frozenset[str]
    recorded_by: str
    recorded_at: datetime
    case_number: str | None = None
    witness: str = ""

    def __post_init__(self) -> None:
        if not self.purpose:
            raise ValueError("consent names its purpose (the service id)")
        if not self.departments or not self.categories:
            raise ValueError("consent names the departments and data categories it covers")
        if self.recorded_at.tzinfo is None:
            raise ValueError("recorded_at must be timezone-aware")
        if self.method is ConsentMethod.VERBAL_WITNESSED and (
            not self.witness or self.witness == self.recorded_by
        ):
            raise ValueError(
                "verbal consent needs a second witness besides the clerk who records it"
            )


@dataclass(frozen=True)
class ConsentScope:
    """What a lookup asks: departments and catalog categories."""

    departments: frozenset[str]
    categories: frozenset[str]


def scope_of(catalog: Catalog, items: Iterable[str]) -> ConsentScope:
    """The departments (authoritative ones) and categories of some catalog items."""
    chosen = [catalog.item(code) for code in items]
    return ConsentScope(
        departments=frozenset(item.department for item in chosen),
        categories=frozenset(item.category for item in chosen),
    )


def uncovered(
    record: ConsentRecord, departments: Iterable[str], categories: Iterable[str]
) -> ConsentScope:
    """The departments and categories asked for that ``record`` does not cover."""
    return ConsentScope(
        departments=frozenset(departments) - record.departments,
        categories=frozenset(categories) - record.categories,
    )


def covers(record: ConsentRecord, departments: Iterable[str], categories: Iterable[str]) -> bool:
    """True when ``record`` covers every department and category asked for."""
    gap = uncovered(record, departments, categories)
    return not gap.departments and not gap.categories
