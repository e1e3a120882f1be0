"""The hall dashboard's figures and the department scorecard: permission-checked reads.

Both use cases need :attr:`Permission.VIEW_REPORTS` (supervisors, admins) and read in one
snapshot that never blocks the windows' writers. Reading figures is not audited, as viewing
the queue is not (:mod:`counterapp.app.queue`): they are counts, dates, services, statuses
and latencies, never an applicant's data, and nothing is decrypted.

Days are the hall's (UTC+8, :data:`~counterapp.cases.HALL_TIMEZONE`), as for case numbers
and due dates; a week is the ISO week, Monday to Sunday.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, Engine

from counterapp.cases import SourceKind, hall_day_start
from counterapp.exchange.status import DepartmentStatus
from counterapp.store import dashboard_queries as queries
from counterapp.store.case_queue import OVERDUE_STATES
from counterapp.store.engine import read_only
from counterapp.users import Actor, Permission, require

__all__ = [
    "ANSWERED_STATUSES",
    "DepartmentScore",
    "FieldSources",
    "HallFigures",
    "PeriodFigures",
    "ServiceHandling",
    "Share",
    "department_scorecard",
    "figures_between",
    "hall_figures",
    "hall_figures_in",
    "period_figures",
    "period_window",
    "scores_between",
]

ANSWERED_STATUSES: frozenset[str] = frozenset(
    {DepartmentStatus.OK.code, DepartmentStatus.NOT_FOUND.code}
)
"""The statuses in which a department answered: a record, or "no such person" (as
:attr:`counterapp.exchange.lookup.DepartmentOutcome.answered`)."""

CASE_LOOKUP = "case"
"""The ``department_answers.reason`` of a lookup for a case (not a diagnosis or a probe)."""


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole``; :attr:`rate` is None when ``whole`` is 0 (nothing to rate)."""

    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        return None if self.whole == 0 else self.part / self.whole


@dataclass(frozen=True)
class FieldSources:
    """Form fields of the period's accepted cases, by where their value came from.

    Attributes:
        department: pre-filled from a department and kept as given.
        corrected: pre-filled, then replaced by the clerk (the value used was typed).
        typed: entered by the clerk.
    """

    department: int
    corrected: int
    typed: int

    @property
    def total(self) -> int:
        return self.department + self.corrected + self.typed

    @property
    def prefilled(self) -> Share:
        """Fields whose value used is a department's: ``department / total``."""
        return Share(self.department, self.total)


@dataclass(frozen=True)
class ServiceHandling:
    """How long one service's cases completed in the period took.

    Attributes:
        service_id: the catalog service.
        completed: cases completed in the period.
        median: the median of their handling times (first acceptance → completion).
    """

    service_id: str
    completed: int
    median: timedelta


@dataclass(frozen=True)
class PeriodFigures:
    """The figures of one period of hall days (today, or this week so far).

    Attributes:
        first_day: the period's first hall day.
        last_day: its last hall day (the day asked about).
        accepted: cases first accepted in the period, whatever their state now.
        one_visit: of the cases completed in the period, those never returned for
            correction (``part``) out of all of them (``whole``).
        fields: the form fields of the cases accepted in the period, by source.
        papers_exempted: materials of the cases accepted in the period that the applicant
            did not hand over because shared, verified data proved them (status exempt).
        handling: per service with a case completed in the period, ordered by service id.
    """

    first_day: date
    last_day: date
    accepted: int
    one_visit: Share
    fields: FieldSources
    papers_exempted: int
    handling: tuple[ServiceHandling, ...]


@dataclass(frozen=True)
class HallFigures:
    """The hall dashboard.

    Attributes:
        day: the hall day asked about.
        as_of: the moment the figures stand at (UTC): nothing after it counts.
        today: ``day`` itself.
        week: Monday of ``day``'s ISO week up to and including ``day``.
        overdue: cases open now (accepted or in review) whose due date is before ``day``.
    """

    day: date
    as_of: datetime
    today: PeriodFigures
    week: PeriodFigures
    overdue: int


@dataclass(frozen=True)
class DepartmentScore:
    """One department's scorecard over a time window.

    Availability and latency count every request (case lookups, diagnoses and probes: a
    probe tests the same service). Data quality — not-found, conflicts, refused values —
    counts case lookups only: a diagnosis is asked because something looked wrong and a
    probe asks about a test identity, so either would skew it. ``case_requests``,
    ``diagnosis_requests`` and ``probe_requests`` say how many of each there were.

    Attributes:
        department: the department id.
        requests: every row of the window: one per department per lookup or probe.
        case_requests / diagnosis_requests / probe_requests: ``requests`` by reason.
        statuses: requests by outcome status code, every reason, ordered by code.
        availability: answered requests (``ok`` or ``not_found``) of all requests.
        median_latency_ms: the median latency of the answered requests (None: none).
        p95_latency_ms: their 95th percentile, nearest rank: the smallest latency that at
            least 95 % of them do not exceed (None: none).
        not_found: case lookups answered "no such person" of the answered case lookups.
        values_given: values of its case lookups' answers that passed the checks.
        values_refused: values of its case lookups' answers that a conversion or a catalog
            check refused (they were not used).
        conflicts: values of its case lookups that disagreed with the value used.
        conflict_rate: ``conflicts`` of ``values_given``.
        refused_rate: ``values_refused`` of all the values it gave (given + refused).
    """

    department: str
    requests: int
    case_requests: int
    diagnosis_requests: int
    probe_requests: int
    statuses: tuple[tuple[str, int], ...]
    availability: Share
    median_latency_ms: float | None
    p95_latency_ms: int | None
    not_found: Share
    values_given: int
    values_refused: int
    conflicts: int
    conflict_rate: Share
    refused_rate: Share


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"pass an aware datetime as {name}=")
    return moment.astimezone(UTC)


def hall_figures(
    engine: Engine, actor: Actor, *, day: date, now: datetime | None = None
) -> HallFigures:
    """Cases today and this week, the one-visit and pre-fill rates, papers saved, overdue
    cases and the median handling time per service.

    Definitions (each period is ``[00:00 of its first day, min(end of day, now))`` in the
    hall):

    - accepted: cases whose first acceptance (``cases.accepted_at``, kept through a
      resubmission) falls in the period, in any state now.
    - one-visit rate: of the cases whose timeline entry into ``completed`` falls in the
      period, the share with no timeline entry into ``returned`` at all (a returned case
      comes back only by a resubmission: a second visit). Rejected cases are not counted.
    - pre-fill: the form fields of the period's accepted cases, by source kind; the
      pre-fill share is department values kept as given over all fields (a corrected
      value counts in the whole, not as pre-filled).
    - papers exempted: materials in state exempt on the period's accepted cases.
    - handling time: per service, the median of (completion − first acceptance) over the
      cases completed in the period; time a returned case waited for the applicant counts.
    - overdue: a live count: cases accepted or in review now whose due date is before
      ``day`` (:func:`~counterapp.cases.is_overdue`); it does not look back in time.

    Args:
        actor: needs :attr:`Permission.VIEW_REPORTS` (supervisor, admin).
        day: the hall day reported on; its week runs from Monday to ``day``.
        now: the moment the figures stand at (default: now); a period ends at it.

    Raises:
        PermissionDenied: the actor may not view reports (clerks); nothing is read.
        ValueError: ``now`` is naive.
    """
    require(actor, Permission.VIEW_REPORTS)
    as_of = datetime.now(UTC) if now is None else _aware(now, "now")
    with engine.connect() as plain:
        connection = read_only(plain)
        with connection.begin():
            return hall_figures_in(connection, day, as_of)


def hall_figures_in(connection: Connection, day: date, as_of: datetime) -> HallFigures:
    """:func:`hall_figures` read on the caller's connection (its snapshot).

    For use cases that read more in the same snapshot (:mod:`counterapp.app.reports`);
    the caller has checked :attr:`Permission.VIEW_REPORTS`. ``as_of`` must be aware.
    """
    as_of = _aware(as_of, "as_of")
    monday = day - timedelta(days=day.weekday())
    end = min(hall_day_start(day + timedelta(days=1)), as_of)
    today = _period(connection, day, day, end)
    week = _period(connection, monday, day, end)
    overdue = queries.overdue_count(connection, day, OVERDUE_STATES)
    return HallFigures(day=day, as_of=as_of, today=today, week=week, overdue=overdue)


def period_window(first_day: date, last_day: date, as_of: datetime) -> tuple[datetime, datetime]:
    """The UTC window ``[00:00 of first_day, min(end of last_day, as_of))`` in the hall.

    The end is never before the start (a period that starts after ``as_of`` is empty).

    Raises:
        ValueError: ``last_day`` is before ``first_day``, or ``as_of`` is naive.
    """
    if last_day < first_day:
        raise ValueError(f"the period ends ({last_day}) before it starts ({first_day})")
    start = hall_day_start(first_day)
    end = min(hall_day_start(last_day + timedelta(days=1)), _aware(as_of, "as_of"))
    return start, max(start, end)


def period_figures(
    engine: Engine,
    actor: Actor,
    *,
    first_day: date,
    last_day: date,
    now: datetime | None = None,
) -> PeriodFigures:
    """The figures of the hall days ``first_day`` to ``last_day`` (both included).

    The same definitions as :func:`hall_figures`'s periods; the period ends at ``now`` when
    that is earlier than the end of ``last_day``.

    Raises:
        PermissionDenied: the actor may not view reports (clerks); nothing is read.
        ValueError: ``last_day`` is before ``first_day``, or ``now`` is naive.
    """
    require(actor, Permission.VIEW_REPORTS)
    as_of = datetime.now(UTC) if now is None else _aware(now, "now")
    _, end = period_window(first_day, last_day, as_of)
    with engine.connect() as plain:
        connection = read_only(plain)
        with connection.begin():
            return figures_between(connection, first_day, last_day, end)


def figures_between(
    connection: Connection, first_day: date, last_day: date, end: datetime
) -> PeriodFigures:
    """The period's figures, read on the caller's connection (its snapshot).

    For use cases that read more in the same snapshot (:mod:`counterapp.app.reports`);
    the caller has checked :attr:`Permission.VIEW_REPORTS`. ``end`` is the period's end
    (aware; see :func:`period_window`).
    """
    return _period(connection, first_day, last_day, end)


def scores_between(
    connection: Connection, start: datetime, end: datetime
) -> tuple[DepartmentScore, ...]:
    """The department scorecard over ``[start, end)`` on the caller's connection.

    As :func:`department_scorecard` without the permission check and the snapshot, which
    are the caller's (:mod:`counterapp.app.reports`).

    Raises:
        ValueError: a naive bound, or ``end`` before ``start``.
    """
    first, last = _aware(start, "start"), _aware(end, "end")
    if last < first:
        raise ValueError(f"the window ends ({last.isoformat()}) before it starts")
    return _scores(connection, first, last)


def _period(connection: Connection, first: date, last: date, end: datetime) -> PeriodFigures:
    start = hall_day_start(first)
    end = max(end, start)
    sources = queries.field_source_counts(connection, start, end)
    done = queries.completions(connection, start, end)
    return PeriodFigures(
        first_day=first,
        last_day=last,
        accepted=queries.accepted_count(connection, start, end),
        one_visit=Share(sum(1 for c in done if not c.returned), len(done)),
        fields=FieldSources(
            department=sources.get(SourceKind.DEPARTMENT.value, 0),
            corrected=sources.get(SourceKind.CORRECTED.value, 0),
            typed=sources.get(SourceKind.TYPED.value, 0),
        ),
        papers_exempted=queries.exempt_material_count(connection, start, end),
        handling=_handling(done),
    )


def _handling(done: Sequence[queries.Completion]) -> tuple[ServiceHandling, ...]:
    durations: dict[str, list[float]] = {}
    for completion in done:
        seconds = (completion.completed_at - completion.accepted_at).total_seconds()
        durations.setdefault(completion.service_id, []).append(seconds)
    return tuple(
        ServiceHandling(service, len(spans), timedelta(seconds=statistics.median(spans)))
        for service, spans in sorted(durations.items())
    )


def department_scorecard(
    engine: Engine, actor: Actor, *, start: datetime, end: datetime
) -> tuple[DepartmentScore, ...]:
    """Each department's availability, latency and data quality over ``[start, end)``.

    Every ``department_answers`` row answered in the window counts: see
    :class:`DepartmentScore` for what each figure counts (availability and latency every
    request, probes included; data quality case lookups only). Departments are ordered by
    id; one with no row in the window is absent.

    Args:
        actor: needs :attr:`Permission.VIEW_REPORTS` (supervisor, admin).
        start: the window's start (aware), included.
        end: its end (aware), excluded.

    Raises:
        PermissionDenied: the actor may not view reports (clerks); nothing is read.
        ValueError: a naive bound, or ``end`` before ``start``.
    """
    require(actor, Permission.VIEW_REPORTS)
    first, last = _aware(start, "start"), _aware(end, "end")
    if last < first:
        raise ValueError(f"the window ends ({last.isoformat()}) before it starts")
    with engine.connect() as plain:
        connection = read_only(plain)
        with connection.begin():
            return _scores(connection, first, last)


def _scores(connection: Connection, first: datetime, last: datetime) -> tuple[DepartmentScore, ...]:
    tallies = queries.answer_tallies(connection, first, last)
    latencies = queries.answered_latencies(connection, first, last, ANSWERED_STATUSES)
    by_department: dict[str, list[queries.AnswerTally]] = {}
    for tally in tallies:
        by_department.setdefault(tally.department, []).append(tally)
    return tuple(
        _score(department, rows, latencies.get(department, []))
        for department, rows in sorted(by_department.items())
    )


def _score(
    department: str, tallies: Sequence[queries.AnswerTally], latencies: Sequence[int]
) -> DepartmentScore:
    reasons: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for tally in tallies:
        reasons[tally.reason] += tally.rows
        statuses[tally.status] += tally.rows
    cases = [tally for tally in tallies if tally.reason == CASE_LOOKUP]
    case_answered = sum(t.rows for t in cases if t.status in ANSWERED_STATUSES)
    case_not_found = sum(t.rows for t in cases if t.status == DepartmentStatus.NOT_FOUND.code)
    given = sum(t.values_given for t in cases)
    refused = sum(t.values_refused for t in cases)
    conflicts = sum(t.conflicts for t in cases)
    requests = sum(statuses.values())
    return DepartmentScore(
        department=department,
        requests=requests,
        case_requests=reasons[CASE_LOOKUP],
        diagnosis_requests=reasons["diagnosis"],
        probe_requests=reasons["probe"],
        statuses=tuple(sorted(statuses.items())),
        availability=Share(sum(n for s, n in statuses.items() if s in ANSWERED_STATUSES), requests),
        median_latency_ms=float(statistics.median(latencies)) if latencies else None,
        p95_latency_ms=_nearest_rank(sorted(latencies), 0.95),
        not_found=Share(case_not_found, case_answered),
        values_given=given,
        values_refused=refused,
        conflicts=conflicts,
        conflict_rate=Share(conflicts, given),
        refused_rate=Share(refused, given + refused),
    )


def _nearest_rank(ordered: Sequence[int], fraction: float) -> int | None:
    """The smallest value that at least ``fraction`` of ``ordered`` do not exceed."""
    if not ordered:
        return None
    rank = math.ceil(round(fraction * len(ordered), 9))
    return ordered[max(rank, 1) - 1]
