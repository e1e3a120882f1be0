"""The ticket queue at the windows (取号叫号): issue, call, recall, park, transfer, finish.

The dispenser (``issue_ticket``) stands in for the hall's ticket machine: it needs no
sign-in, as the machine in the hall has none, and a ticket holds no personal data. Every
move at a window needs a clerk's permission to serve applicants (``CREATE_CASE``) and is
audited (:attr:`EventKind.TICKET`: the ticket's number, the window, the times; never who
the applicant is).

A window serves one ticket at a time: calling the next ticket, or calling back a parked
one, first finishes the ticket the window is serving (done), in the same transaction.
Every move but the call names the ticket as the window saw it; when another window (or
another process) changed it meanwhile, :class:`TicketChangedMeanwhile` is raised and
nothing is written.

Wait time runs from issue to the first call. Service time is banked each time a ticket
stops being served (parked, transferred, recalled, finished, no-show): the time since its
latest call, so parking and waiting after a transfer are excluded.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

from counterapp.app.clock import utc_now
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.cases.deadlines import hall_day
from counterapp.cases.numbers import parse_case_number
from counterapp.config import Settings
from counterapp.errors import CounterError
from counterapp.store import tickets as store
from counterapp.store.audit_log import append_event
from counterapp.store.engine import read_only
from counterapp.tickets import (
    Ticket,
    TicketInputError,
    TicketMove,
    TicketState,
    check_move,
    parse_category,
    parse_ticket_number,
)
from counterapp.users import Actor, Permission, require

__all__ = [
    "CATEGORIES_KEY",
    "SERVE_PERMISSION",
    "TRANSFER_PRIORITY",
    "TicketChangedMeanwhile",
    "TicketNotFound",
    "TicketNotServed",
    "WindowQueue",
    "attach_case",
    "call_next",
    "configured_categories",
    "find_ticket",
    "finish",
    "issue_ticket",
    "no_show",
    "park",
    "parked_tickets",
    "parse_categories",
    "recall",
    "ticket_by_id",
    "tickets_of_day",
    "transfer",
    "waiting_counts",
    "window_queue",
    "window_ticket",
]

_T = TypeVar("_T")

SERVE_PERMISSION = Permission.CREATE_CASE
"""What a clerk needs to call and move tickets: serving applicants (clerks, supervisors)."""

TRANSFER_PRIORITY = 1
"""A transferred ticket's priority: it waits ahead of the fresh tickets of its category."""


class TicketNotFound(CounterError, LookupError):
    """No such ticket (on that hall day)."""

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(f"there is no ticket {what}", f"没有 {what} 号")


class TicketChangedMeanwhile(CounterError):
    """The ticket changed since the window read it (another window or process moved it)."""

    def __init__(self, seen: Ticket, now: Ticket) -> None:
        self.seen = seen
        self.now = now
        super().__init__(
            f"ticket {seen.number} changed meanwhile: it is {now.label(False)} now; "
            "nothing was changed",
            f"{seen.number} 号已被更改，当前为{now.label(True)}；本次操作未执行",
        )


class TicketNotServed(CounterError, ValueError):
    """A case can be recorded only for a ticket being served or done."""

    def __init__(self, ticket: Ticket) -> None:
        self.ticket = ticket
        super().__init__(
            f"ticket {ticket.number} is {ticket.state.label_en}: a case is recorded only for "
            "a ticket being served or done",
            f"{ticket.number} 号当前为{ticket.state.label_zh}，"
            "只有正在办理或已办理的号才能关联办件",
        )


def _window(window: str) -> str:
    text = window.strip()
    if not text or len(text) > 16:
        raise TicketInputError(
            f"a window is 1 to 16 characters, not {window!r}",
            f"窗口号应为 1 至 16 个字符，而不是 {window!r}",
        )
    return text


def parse_categories(categories: Collection[str] | str) -> tuple[str, ...]:
    """The categories a window serves, from ``"A,B"`` or ``["A", "B"]`` (each checked).

    Raises:
        TicketInputError: none given, or one that is not one or two capital letters.
    """
    items = categories.split(",") if isinstance(categories, str) else list(categories)
    parsed = tuple(dict.fromkeys(parse_category(c) for c in items if c.strip()))
    if not parsed:
        raise TicketInputError(
            "name at least one ticket category the window serves (e.g. A)",
            "请至少指定一个本窗口办理的取号类别（例如 A）",
        )
    return parsed


CATEGORIES_KEY = "hall.ticket_categories"
"""The setting naming the categories a window calls (docs/configuration.md)."""


def configured_categories(settings: Settings) -> tuple[str, ...]:
    """The categories this window calls (``hall.ticket_categories``); () when none.

    Raises:
        TicketInputError: the setting holds something else than capital-letter
            categories; the message names the setting.
    """
    text = settings.get_str(CATEGORIES_KEY)
    if not text.strip():
        return ()
    try:
        return parse_categories(text)
    except TicketInputError as exc:
        raise TicketInputError(
            f"setting {CATEGORIES_KEY}: {exc.reason}",
            f"配置项 {CATEGORIES_KEY}：{exc.reason_zh}",
        ) from None


def _audit(
    connection: Connection,
    actor: Actor,
    detail: str,
    workstation: str,
    case_number: str | None = None,
) -> None:
    append_event(
        connection,
        AuditEvent(
            kind=EventKind.TICKET,
            actor=actor.username,
            case_number=case_number,
            detail=detail,
            workstation=workstation or actor.window,
        ),
    )


def _done_values(ticket: Ticket, now: datetime, state: TicketState) -> dict[str, Any]:
    return {
        "state": state.value,
        "finished_at": now,
        "service_seconds": ticket.service_time(now),
    }


def _finish_current(
    connection: Connection,
    actor: Actor,
    window: str,
    now: datetime,
    workstation: str,
    keep: int | None = None,
) -> None:
    """Finish the ticket ``window`` is serving (not ``keep``), before it calls another."""
    current = store.window_ticket(connection, window)
    if current is None or current.id == keep:
        return
    finished = store.update_ticket(
        connection, current, now, **_done_values(current, now, TicketState.DONE)
    )
    if finished is not None:
        _audit(
            connection,
            actor,
            f"{finished.number} done at window {window} (next called): "
            f"served {finished.service_seconds} s",
            workstation,
            finished.case_number,
        )


def _move(
    engine: Engine,
    actor: Actor,
    seen: Ticket,
    move: TicketMove,
    values: Any,
    detail: Any,
    *,
    now: datetime | None,
    workstation: str,
    window_to_free: str | None = None,
) -> Ticket:
    """Check and write one move: ``values(current, now)`` is what to write, ``detail(moved)``
    its audit text."""
    require(actor, SERVE_PERMISSION)
    moment = utc_now(now)
    with engine.begin() as connection:
        current = store.ticket_by_id(connection, seen.id)
        if current is None:
            raise TicketNotFound(seen.number)
        if current.version != seen.version:
            raise TicketChangedMeanwhile(seen, current)
        check_move(current.number, current.state, move)
        if window_to_free is not None:
            _finish_current(connection, actor, window_to_free, moment, workstation, current.id)
        moved = store.update_ticket(connection, current, moment, **values(current, moment))
        if moved is None:  # lost to a writer that committed after our read
            latest = store.ticket_by_id(connection, seen.id)
            raise TicketChangedMeanwhile(seen, latest or current)
        _audit(connection, actor, detail(moved), workstation, moved.case_number)
    return moved


# -- the dispenser ------------------------------------------------------------------------


def issue_ticket(engine: Engine, category: str, *, now: datetime | None = None) -> Ticket:
    """Issue the next ticket of ``category`` for today (what the hall's machine prints).

    No sign-in: the dispenser is the hall's, and a ticket holds no personal data.

    Raises:
        TicketInputError: the category is not one or two capital letters.
    """
    chosen = parse_category(category)
    moment = utc_now(now)
    with engine.begin() as connection:
        return store.issue(connection, chosen, moment)


# -- the window's moves -------------------------------------------------------------------


def call_next(
    engine: Engine,
    actor: Actor,
    window: str,
    categories: Collection[str] | str,
    *,
    now: datetime | None = None,
    workstation: str = "",
) -> Ticket | None:
    """Call the next ticket for ``window`` (None: nobody waits for its categories).

    The ticket the window is serving is finished first (done). Two windows calling at the
    same moment never get the same ticket (:func:`counterapp.store.tickets.claim_next`).

    Raises:
        PermissionDenied: the actor does not serve applicants.
        TicketInputError: no window, or a category that is not one.
    """
    require(actor, SERVE_PERMISSION)
    at = _window(window)
    serves = parse_categories(categories)
    moment = utc_now(now)
    with engine.begin() as connection:
        _finish_current(connection, actor, at, moment, workstation)
        called = store.claim_next(connection, at, serves, moment, clerk=actor.username)
        if called is not None:
            _audit(
                connection,
                actor,
                f"{called.number} called at window {at} after {called.wait_seconds} s waiting",
                workstation,
            )
    return called


def recall(
    engine: Engine,
    actor: Actor,
    ticket: Ticket,
    *,
    window: str | None = None,
    now: datetime | None = None,
    workstation: str = "",
) -> Ticket:
    """Call ``ticket`` again: the applicant did not come yet, or a parked one is back.

    A called ticket is announced again (``calls`` + 1); a parked one is called back to
    ``window`` (its own window by default), which first finishes what that window serves.

    Raises:
        PermissionDenied / TicketNotFound / TicketChangedMeanwhile / IllegalTicketMove.
    """
    at = _window(window or ticket.window or "")

    def values(current: Ticket, moment: datetime) -> dict[str, Any]:
        return {
            "state": TicketState.CALLED.value,
            "window": at,
            "called_by": actor.username,
            "called_at": moment,
            "calls": current.calls + 1,
            "service_seconds": current.service_time(moment),
        }

    was_parked = ticket.state is TicketState.PARKED
    return _move(
        engine,
        actor,
        ticket,
        TicketMove.RECALL,
        values,
        lambda t: (
            f"{t.number} {'called back' if was_parked else 'called again'} "
            f"at window {at} (call {t.calls})"
        ),
        now=now,
        workstation=workstation,
        window_to_free=at,
    )


def park(
    engine: Engine,
    actor: Actor,
    ticket: Ticket,
    *,
    now: datetime | None = None,
    workstation: str = "",
) -> Ticket:
    """Park ``ticket``: the applicant fetches something; its service time stops meanwhile.

    Raises:
        PermissionDenied / TicketNotFound / TicketChangedMeanwhile / IllegalTicketMove.
    """
    return _move(
        engine,
        actor,
        ticket,
        TicketMove.PARK,
        lambda current, moment: {
            "state": TicketState.PARKED.value,
            "service_seconds": current.service_time(moment),
        },
        lambda t: f"{t.number} parked at window {t.window}",
        now=now,
        workstation=workstation,
    )


def transfer(
    engine: Engine,
    actor: Actor,
    ticket: Ticket,
    *,
    to_window: str | None = None,
    to_category: str | None = None,
    now: datetime | None = None,
    workstation: str = "",
) -> Ticket:
    """Send ``ticket`` back to waiting, ahead of fresh tickets, keeping its number.

    Args:
        to_window: only this window calls it (whatever categories it serves).
        to_category: it waits in this category now (the windows serving it call it).

    Raises:
        TicketInputError: a window or category that is not one.
        PermissionDenied / TicketNotFound / TicketChangedMeanwhile / IllegalTicketMove.
    """
    target = None if to_window is None or not to_window.strip() else _window(to_window)
    category = (
        None if to_category is None or not to_category.strip() else parse_category(to_category)
    )

    def values(current: Ticket, moment: datetime) -> dict[str, Any]:
        return {
            "state": TicketState.WAITING.value,
            "priority": TRANSFER_PRIORITY,
            "target_window": target,
            "category": category or current.category,
            "service_seconds": current.service_time(moment),
        }

    def detail(moved: Ticket) -> str:
        where = [f"window {target}"] if target else []
        where += [f"category {category}"] if category else []
        return f"{moved.number} transferred to {' and '.join(where) or 'the queue'}"

    return _move(
        engine,
        actor,
        ticket,
        TicketMove.TRANSFER,
        values,
        detail,
        now=now,
        workstation=workstation,
    )


def no_show(
    engine: Engine,
    actor: Actor,
    ticket: Ticket,
    *,
    now: datetime | None = None,
    workstation: str = "",
) -> Ticket:
    """Mark ``ticket`` a no-show (过号): called, and the applicant did not come.

    Raises:
        PermissionDenied / TicketNotFound / TicketChangedMeanwhile / IllegalTicketMove.
    """
    return _move(
        engine,
        actor,
        ticket,
        TicketMove.NO_SHOW,
        lambda current, moment: _done_values(current, moment, TicketState.NO_SHOW),
        lambda t: f"{t.number} no-show at window {t.window} after {t.calls} call(s)",
        now=now,
        workstation=workstation,
    )


def finish(
    engine: Engine,
    actor: Actor,
    ticket: Ticket,
    *,
    case_number: str | None = None,
    now: datetime | None = None,
    workstation: str = "",
) -> Ticket:
    """``ticket`` is done: its service time is recorded, with the case opened for it.

    Args:
        case_number: the case accepted for this applicant (kept when None).

    Raises:
        InvalidCaseNumber: ``case_number`` is not one.
        PermissionDenied / TicketNotFound / TicketChangedMeanwhile / IllegalTicketMove.
    """
    number = None if case_number is None else str(parse_case_number(case_number))

    def values(current: Ticket, moment: datetime) -> dict[str, Any]:
        written = _done_values(current, moment, TicketState.DONE)
        if number is not None:
            written["case_number"] = number
        return written

    return _move(
        engine,
        actor,
        ticket,
        TicketMove.FINISH,
        values,
        lambda t: f"{t.number} done at window {t.window}: served {t.service_seconds} s",
        now=now,
        workstation=workstation,
    )


def attach_case(
    engine: Engine,
    actor: Actor,
    ticket: Ticket,
    case_number: str,
    *,
    now: datetime | None = None,
    workstation: str = "",
) -> Ticket:
    """Record that case ``case_number`` was accepted for ``ticket`` (called or done).

    The workspace does this when the clerk's case is saved; the ticket stays called (the
    receipt, the rating) until the next call or ``finish``.

    Raises:
        InvalidCaseNumber / PermissionDenied / TicketNotFound / TicketChangedMeanwhile.
        IllegalTicketMove: the ticket is not being (or was not) served.
    """
    require(actor, SERVE_PERMISSION)
    number = str(parse_case_number(case_number))
    moment = utc_now(now)
    with engine.begin() as connection:
        current = store.ticket_by_id(connection, ticket.id)
        if current is None:
            raise TicketNotFound(ticket.number)
        if current.version != ticket.version:
            raise TicketChangedMeanwhile(ticket, current)
        if current.state not in (TicketState.CALLED, TicketState.DONE):
            raise TicketNotServed(current)
        moved = store.update_ticket(connection, current, moment, case_number=number)
        if moved is None:
            raise TicketChangedMeanwhile(
                ticket, store.ticket_by_id(connection, ticket.id) or current
            )
        _audit(connection, actor, f"{moved.number} served with case {number}", workstation, number)
    return moved


# -- reading ------------------------------------------------------------------------------


def _reading(engine: Engine, read: Callable[[Connection], _T]) -> _T:
    with engine.connect() as plain:
        connection = read_only(plain)
        with connection.begin():
            return read(connection)


@dataclass(frozen=True)
class WindowQueue:
    """What a window's ticket panel shows, read in one snapshot.

    Attributes:
        current: the ticket the window is serving (None: none).
        waiting: how many wait in each category today (categories with any).
        parked: the window's parked tickets of today, oldest first.
    """

    current: Ticket | None
    waiting: dict[str, int]
    parked: tuple[Ticket, ...]


def window_queue(engine: Engine, window: str, day: date | None = None) -> WindowQueue:
    """The window's current ticket, today's waiting counts and its parked tickets."""
    at = _window(window)
    when = day or hall_day(datetime.now(UTC))
    return _reading(
        engine,
        lambda c: WindowQueue(
            current=store.window_ticket(c, at),
            waiting=store.waiting_counts(c, when),
            parked=tuple(store.parked_at(c, at, when)),
        ),
    )


def window_ticket(engine: Engine, window: str) -> Ticket | None:
    """What ``window`` is serving now (None: no ticket called there)."""
    at = _window(window)
    return _reading(engine, lambda c: store.window_ticket(c, at))


def parked_tickets(engine: Engine, window: str, day: date | None = None) -> list[Ticket]:
    """The tickets ``window`` parked today (or on ``day``), oldest first."""
    at = _window(window)
    when = day or hall_day(datetime.now(UTC))
    return _reading(engine, lambda c: store.parked_at(c, at, when))


def waiting_counts(engine: Engine, day: date | None = None) -> dict[str, int]:
    """How many wait in each category today (or on ``day``): what the hall display shows."""
    when = day or hall_day(datetime.now(UTC))
    return _reading(engine, lambda c: store.waiting_counts(c, when))


def tickets_of_day(engine: Engine, day: date | None = None) -> list[Ticket]:
    """Every ticket of today (or ``day``), in the order of issue."""
    when = day or hall_day(datetime.now(UTC))
    return _reading(engine, lambda c: store.tickets_of_day(c, when))


def find_ticket(engine: Engine, number: str, day: date | None = None) -> Ticket:
    """Ticket ``number`` (``A001``) of today (or ``day``).

    Raises:
        TicketInputError: not a ticket number.
        TicketNotFound: not issued that day.
    """
    parse_ticket_number(number)
    text = number.strip()
    when = day or hall_day(datetime.now(UTC))
    found = _reading(engine, lambda c: store.ticket_by_number(c, when, text))
    if found is None:
        raise TicketNotFound(f"{text} ({when.isoformat()})")
    return found


def ticket_by_id(engine: Engine, ticket_id: int) -> Ticket | None:
    """The ticket with row id ``ticket_id`` as stored now (what a watcher re-reads)."""
    return _reading(engine, lambda c: store.ticket_by_id(c, ticket_id))
