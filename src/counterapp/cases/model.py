"""A case (办件) as the domain sees it: typed, immutable, no storage concerns.

A :class:`CaseSubmission` is what the clerk submits; the store gives it a number, a due date
and a first timeline entry, and it becomes a :class:`Case`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from counterapp.cases.states import CaseState, is_resubmission


class ApplicantRole(StrEnum):
    """How a person takes part in a case."""

    APPLICANT = "applicant"  # 申请人
    CO_APPLICANT = "co_applicant"  # 共同申请人 (e.g. the other party of a marriage)
    AGENT = "agent"  # 代理人


@dataclass(frozen=True)
class Applicant:
    """A person on the case; name and ID number are always stored encrypted."""

    id_number: str
    name: str
    role: ApplicantRole = ApplicantRole.APPLICANT


class SourceKind(StrEnum):
    """Where a field's value came from."""

    DEPARTMENT = "department"  # pre-filled from a department's answer
    TYPED = "typed"  # entered by the clerk
    CORRECTED = "corrected"  # a department's value the clerk replaced


@dataclass(frozen=True)
class FieldSource:
    """Provenance of one field value.

    Attributes:
        kind: department, typed or corrected.
        department: the department that answered (department and corrected values).
        retrieved_at: when it answered.
        verified: the department vouches for the value (sharing exempts paper proof).
        original: for a corrected value, the department's value that was replaced.
    """

    kind: SourceKind
    department: str | None = None
    retrieved_at: datetime | None = None
    verified: bool = False
    original: str | None = None

    def __post_init__(self) -> None:
        if self.kind is not SourceKind.TYPED and not self.department:
            raise ValueError(f"a {self.kind.value} value needs the department it came from")
        if self.kind is SourceKind.CORRECTED and self.original is None:
            raise ValueError("a corrected value keeps the department's original value")

    @classmethod
    def typed(cls) -> FieldSource:
        return cls(SourceKind.TYPED)

    @classmethod
    def from_department(
        cls, department: str, retrieved_at: datetime, *, verified: bool = True
    ) -> FieldSource:
        return cls(SourceKind.DEPARTMENT, department, retrieved_at, verified)

    @classmethod
    def corrected(cls, original: str, department: str, retrieved_at: datetime) -> FieldSource:
        return cls(SourceKind.CORRECTED, department, retrieved_at, False, original)


@dataclass(frozen=True)
class FieldValue:
    """One form field's value on the case (text; the form's type says how to read it)."""

    field_id: str
    item: str | None
    value: str
    source: FieldSource


class MaterialState(StrEnum):
    """A supporting document's state on the case."""

    RECEIVED = "received"  # 已收取
    EXEMPT = "exempt"  # 免提交: verified through data sharing
    MISSING = "missing"  # 缺件: goes on the one-time notification (一次性告知书)


@dataclass(frozen=True)
class Material:
    """A supporting document the service requires.

    Attributes:
        name: the document's name as on the form.
        status: received, exempt or missing.
        exempted_by: the department whose verified data exempted it.
        proven_items: the catalog items that proved it.
    """

    name: str
    status: MaterialState
    exempted_by: str | None = None
    proven_items: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status is MaterialState.EXEMPT and not self.exempted_by:
            raise ValueError(f"exempt material {self.name!r} needs the department that proved it")


@dataclass(frozen=True)
class TimelineEntry:
    """One state change: who moved the case, when, from where to where, and why."""

    at: datetime
    from_state: CaseState | None
    to_state: CaseState
    actor: str
    reason: str = ""


@dataclass(frozen=True)
class CaseSubmission:
    """What the clerk submits: the service, the people, the values and the documents."""

    service_id: str
    form_version: str
    applicants: tuple[Applicant, ...]
    fields: tuple[FieldValue, ...] = ()
    materials: tuple[Material, ...] = ()

    def __post_init__(self) -> None:
        if not self.applicants:
            raise ValueError("a case needs at least one applicant")
        ids = [f.field_id for f in self.fields]
        if len(ids) != len(set(ids)):
            raise ValueError("a case has each form field once")


@dataclass(frozen=True)
class Case:
    """A submitted case with its number, deadline and history.

    ``due_date_provisional`` is True when the due date was counted partly beyond the
    holiday calendar (Monday–Friday), so it is an estimate until the calendar is updated.
    ``version`` counts the changes the case went through (1 when accepted): a reviewer's
    action names the version it saw, so of two reviewers acting at once one wins and the
    other is told. ``assignee`` is the supervisor the case's review is assigned to.
    """

    number: str
    service_id: str
    form_version: str
    state: CaseState
    applicants: tuple[Applicant, ...]
    fields: tuple[FieldValue, ...]
    materials: tuple[Material, ...]
    accepted_at: datetime
    due_date: date
    promised_days: int
    clerk: str
    window: str
    timeline: tuple[TimelineEntry, ...]
    due_date_provisional: bool = False
    version: int = 1
    assignee: str | None = None

    @property
    def applicant(self) -> Applicant:
        """The main applicant (the first one)."""
        return self.applicants[0]

    @property
    def visits(self) -> int:
        """Visits the applicant made: 1, plus one for every resubmission after a return."""
        return 1 + sum(
            1
            for entry in self.timeline
            if entry.from_state is not None and is_resubmission(entry.from_state, entry.to_state)
        )

    @property
    def missing_materials(self) -> tuple[Material, ...]:
        """What the one-time notification lists."""
        return tuple(m for m in self.materials if m.status is MaterialState.MISSING)

    def field(self, field_id: str) -> FieldValue | None:
        """The value of one form field, or None."""
        return next((f for f in self.fields if f.field_id == field_id), None)
