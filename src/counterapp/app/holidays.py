"""The deployed holiday calendar: installing it, and recomputing provisional due dates.

A workstation reads the holiday files of ``calendar.holiday_dir`` when it starts
(:func:`install_holiday_calendar`, from the command line's entry point, so the desktop and
every command count the same days). Cases accepted before a year was covered keep their
provisional due dates until an admin runs :func:`recompute_due_dates` once for the hall
(`counterapp holidays recompute`): each open provisional case gets the due date counted
on the calendar as it is now, in its own transaction with its audit event, so a crash or
a second run loses nothing and repeats nothing. docs/holidays.md tells the whole story.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine

from counterapp.app.audited import record_event, require_audited
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.cases import (
    CaseState,
    DueDate,
    YearArrangement,
    deployed_arrangements,
    exact_through,
    hall_day,
    last_calendar_year,
    promised_due_date,
    use_arrangements,
)
from counterapp.cases.deadlines import first_calendar_year
from counterapp.cases.holiday_files import load_holiday_dir
from counterapp.config import Settings
from counterapp.store import due_dates
from counterapp.store.audit_log import append_event
from counterapp.store.case_changes import case_changed
from counterapp.users import Actor, Permission

HOLIDAY_DIR_KEY = "calendar.holiday_dir"


def holiday_dir(settings: Settings) -> Path | None:
    """The configured directory of holiday files, or None when there is none."""
    configured = settings.get_str(HOLIDAY_DIR_KEY)
    return Path(configured).expanduser() if configured else None


def load_holiday_calendar(settings: Settings) -> tuple[YearArrangement, ...]:
    """The arrangements of the configured holiday directory (none when it is not set).

    Raises:
        HolidayFileError: a file cannot be used (every problem with file, line and reason),
            or the configured directory does not exist.
    """
    directory = holiday_dir(settings)
    return () if directory is None else load_holiday_dir(directory)


def install_holiday_calendar(settings: Settings) -> tuple[YearArrangement, ...]:
    """Load the configured holiday files and count working days by them from now on.

    Raises:
        HolidayFileError: as :func:`load_holiday_calendar`; the calendar stays as it was.
    """
    arrangements = load_holiday_calendar(settings)
    use_arrangements(arrangements)
    return arrangements


def describe_calendar() -> str:
    """The calendar in use, for output and the audit trail: the package's years and each
    deployed file with its digest."""
    parts = [f"chinesecalendar {first_calendar_year()}-{last_calendar_year()}"]
    parts += [
        f"{a.year} from {Path(a.source).name} (sha256 {a.digest})" for a in deployed_arrangements()
    ]
    return "; ".join(parts) + f"; exact through {exact_through()}"


@dataclass(frozen=True)
class DueDateChange:
    """One case's due date, before and after recomputing it.

    Attributes:
        case_number: the case.
        state: its state (accepted or in review).
        clock_started: the hall day its due date counts from.
        before: the provisional due date it had.
        after: the due date now, exact unless its days still run beyond the calendar.
    """

    case_number: str
    state: CaseState
    clock_started: date
    before: date
    after: DueDate

    @property
    def changed(self) -> bool:
        """True when the stored date or its flag changes."""
        return self.after != DueDate(self.before, True)


@dataclass(frozen=True)
class Recomputation:
    """What :func:`recompute_due_dates` found and did.

    Attributes:
        cases: every open provisional case looked at, with its new due date.
        calendar: the calendar counted on (:func:`describe_calendar`).
        dry_run: nothing was written.
    """

    cases: tuple[DueDateChange, ...]
    calendar: str
    dry_run: bool

    @property
    def exact(self) -> tuple[DueDateChange, ...]:
        """The cases whose due date is exact now: the applicant can be told the date."""
        return tuple(c for c in self.cases if not c.after.provisional)

    @property
    def still_provisional(self) -> tuple[DueDateChange, ...]:
        """The cases whose days still run into a year no calendar covers."""
        return tuple(c for c in self.cases if c.after.provisional)

    def summary(self) -> str:
        """One line: how many cases, how many exact now, how many still provisional."""
        run = " (dry run: nothing written)" if self.dry_run else ""
        return (
            f"{len(self.cases)} open cases with a provisional due date: "
            f"{len(self.exact)} exact now, {len(self.still_provisional)} still provisional"
            f"{run}"
        )


def recompute_due_dates(
    engine: Engine,
    actor: Actor,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    workstation: str = "",
) -> Recomputation:
    """Count every open provisional due date again on the calendar installed now.

    Each case changes in its own transaction, with an audit event naming the case, the old
    and the new date and the calendar; a summary event ends the run (a dry run writes the
    summary only). A case moved or recomputed by someone else meanwhile is left alone.

    Raises:
        PermissionDenied: the actor is not an admin; the refusal is audited.
    """
    calendar = describe_calendar()
    require_audited(
        engine,
        actor,
        Permission.RECOMPUTE_DUE_DATES,
        EventKind.ADMIN_ACTION,
        action="holidays recompute",
        workstation=workstation,
    )
    moment = now.astimezone(UTC) if now is not None else datetime.now(UTC)
    with engine.connect() as connection:
        numbers = due_dates.provisional_case_numbers(connection)
    found: list[DueDateChange] = []
    for number in numbers:
        with engine.begin() as connection:
            case = due_dates.lock_provisional_case(connection, number)
            if case is None:
                continue
            started = hall_day(case.clock_started)
            change = DueDateChange(
                case.number,
                case.state,
                started,
                case.due_date,
                promised_due_date(started, case.promised_days),
            )
            found.append(change)
            if dry_run or not change.changed:
                continue
            due_dates.set_due_date(connection, case.id, change.after, moment)
            case_changed(connection, case.number, moment)
            append_event(
                connection,
                AuditEvent(
                    kind=EventKind.ADMIN_ACTION,
                    actor=actor.username,
                    case_number=case.number,
                    detail=f"due date recomputed: {_change_text(change)}; calendar: {calendar}",
                    workstation=workstation,
                ),
            )
    result = Recomputation(tuple(found), calendar, dry_run)
    detail = f"holidays recompute: {result.summary()}; calendar: {calendar}"
    record_event(engine, actor, EventKind.ADMIN_ACTION, detail, workstation=workstation)
    return result


def _change_text(change: DueDateChange) -> str:
    after = change.after.day.isoformat()
    flag = " (still provisional)" if change.after.provisional else " (exact)"
    return f"{change.before.isoformat()} (provisional) -> {after}{flag}"
