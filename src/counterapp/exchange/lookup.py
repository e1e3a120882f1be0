"""Ask every department a lookup needs, all at once, and merge what they say.

The plan is the minimum necessary (PIPL art. 6): only the requests whose field maps give
an item the lookup needs are sent, so a department nobody needs is never asked. Every
request runs on a shared thread pool; a department's outcome is handed to ``on_outcome``
the moment its last request finishes, so a screen can show progress while slower
departments are still working. A total deadline bounds the whole lookup: a department
still silent then is reported as timed out and the lookup ends with what arrived.

When the authoritative department for an item fails or times out (it neither answers nor
says "no such person") and another connected department's connector provides the item,
that department is asked as a stand-in, at once, for just the items that went missing and
with just the requests that give them; its values are marked ``not_authoritative``
(docs/connectors.md "When the authoritative department is down"). When the authority
answers, nobody else is asked. Every value a department gives is checked against its
catalog item first; a value that does not fit is refused (:func:`screen_answer`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType

from counterapp.catalog import Catalog
from counterapp.catalog.values import LookupValues, RefusedValue
from counterapp.exchange.breaker import CircuitBreaker
from counterapp.exchange.connector import Connector, RequestSpec
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.mapping import combine_answers, parse_answer
from counterapp.exchange.normalize import merge, screen_answer
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.transport import REFERENCE_KEY, DepartmentClient
from counterapp.exchange.values import ParsedAnswer

DEFAULT_TOTAL_DEADLINE_S = 10.0
_ANSWERED = frozenset({DepartmentStatus.OK, DepartmentStatus.NOT_FOUND})


@dataclass(frozen=True)
class LookupPlan:
    """Which requests of which departments a lookup sends.

    Attributes:
        items: the catalog items wanted.
        requests: department id -> the requests to send it, in connector order.
        unservable: wanted items that no connector provides.
        fallbacks: item -> the other departments whose connectors provide it, in catalog
            department order, asked (the first that has not failed) only when the item's
            authoritative department is asked and fails or times out. Items asked of
            every provider (no connector of their authority) have none.
    """

    items: frozenset[str]
    requests: Mapping[str, tuple[RequestSpec, ...]]
    unservable: frozenset[str] = frozenset()
    fallbacks: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(self.requests)

    @property
    def fallback_departments(self) -> tuple[str, ...]:
        """The departments that may be asked only as stand-ins (not in ``requests``)."""
        named = (d for depts in self.fallbacks.values() for d in depts)
        return tuple(d for d in dict.fromkeys(named) if d not in self.requests)

    def restricted(
        self, departments: Iterable[str], fallbacks: Iterable[str] | None = None
    ) -> LookupPlan:
        """The plan for only these departments (retrying one, or what a consent covers).

        Args:
            departments: the departments whose requests are kept.
            fallbacks: the departments that may still stand in for a failed authority;
                None: only ``departments``.
        """
        keep = set(departments)
        stand_ins = keep if fallbacks is None else set(fallbacks)
        kept_fallbacks = {
            item: allowed
            for item, depts in self.fallbacks.items()
            if (allowed := tuple(d for d in depts if d in stand_ins))
        }
        return LookupPlan(
            self.items,
            MappingProxyType({d: r for d, r in self.requests.items() if d in keep}),
            self.unservable,
            MappingProxyType(kept_fallbacks),
        )


@dataclass(frozen=True)
class DepartmentOutcome:
    """How one department's part of a lookup ended.

    Attributes:
        department: the department id.
        name_zh: its Chinese name, for the clerk.
        name_en: its English name.
        status: ok, not found, timeout, auth failed, unavailable or bad response.
        latency_ms: from the start of the lookup to this department's last answer.
        message: what happened, in Chinese and English where the cause is known ("" when
            the department answered normally); ``status.label_zh`` names the state.
        answer: what it said, when it said anything readable (without refused values).
        problems: per-field problems of an answer that was otherwise read.
        refused: the values it gave that do not fit their catalog items (a sex code
            ``M``, a date left as text ...); they are not used.
        stands_in_for: the items it was asked for because their authoritative department
            failed or timed out; its values for them are not authoritative.
    """

    department: str
    name_zh: str
    name_en: str
    status: DepartmentStatus
    latency_ms: float
    message: str = ""
    answer: ParsedAnswer | None = None
    problems: tuple[str, ...] = ()
    refused: tuple[RefusedValue, ...] = ()
    stands_in_for: frozenset[str] = frozenset()

    @property
    def answered(self) -> bool:
        """True when the department gave an answer (a record or "no such person")."""
        return self.status in _ANSWERED

    @property
    def refused_count(self) -> int:
        """How many values (or list cells) of its answer were refused."""
        return len(self.refused)

    @property
    def stand_in(self) -> bool:
        """True when it was asked for some items in place of their failed authority."""
        return bool(self.stands_in_for)


@dataclass(frozen=True)
class LookupResult:
    """Everything one lookup produced."""

    id_number: str
    plan: LookupPlan
    outcomes: Mapping[str, DepartmentOutcome]
    values: LookupValues
    started_at: datetime
    wall_ms: float
    order: tuple[str, ...] = field(default=())  # departments in the order they finished

    @property
    def complete(self) -> bool:
        """True when every department asked gave an answer."""
        return all(o.answered for o in self.outcomes.values())


OutcomeCallback = Callable[[DepartmentOutcome], None]


def plan_lookup(
    connectors: Mapping[str, Connector], items: Iterable[str], catalog: Catalog
) -> LookupPlan:
    """Choose the requests that give the wanted items, and nothing else (minimum necessary).

    Each item is asked of its authoritative department when a connector for that
    department provides it (the other providers are its ``fallbacks``), else of every
    department that does. A request is sent only if it gives an item its department was
    chosen for; the copies of other items that come in the same answers are kept, so
    departments that disagree still show a conflict.
    """
    wanted = frozenset(items)
    providers: dict[str, list[str]] = {}
    for dept_id, connector in connectors.items():
        for item in connector.items & wanted:
            providers.setdefault(item, []).append(dept_id)
    position = {d.id: n for n, d in enumerate(catalog.departments)}
    chosen: dict[str, set[str]] = {}
    fallbacks: dict[str, tuple[str, ...]] = {}
    for item in sorted(providers):
        depts = providers[item]
        authority = catalog.item(item).department if item in catalog else None
        if authority in depts:
            chosen.setdefault(authority, set()).add(item)
            others = sorted(
                (d for d in depts if d != authority),
                key=lambda d: (position.get(d, len(position)), d),
            )
            if others:
                fallbacks[item] = tuple(others)
        else:
            for dept in depts:
                chosen.setdefault(dept, set()).add(item)
    requests = {
        dept_id: requests_for(connector, chosen.get(dept_id, set()))
        for dept_id, connector in connectors.items()
        if requests_for(connector, chosen.get(dept_id, set()))
    }
    return LookupPlan(
        wanted,
        MappingProxyType(requests),
        wanted - providers.keys(),
        MappingProxyType(fallbacks),
    )


def requests_for(connector: Connector, items: Iterable[str]) -> tuple[RequestSpec, ...]:
    """The connector's requests that give any of ``items``, in connector order."""
    wanted = frozenset(items)
    return tuple(spec for spec in connector.requests if spec.items & wanted)


class DepartmentExchange:
    """The departments Counter can ask, with one pooled client and breaker each.

    Share one instance for the life of the application: its clients keep connections
    alive between lookups, and its breakers remember failing departments. Thread-safe.

    Args:
        connectors: department id -> connector.
        catalog: the data catalog (authoritative departments for conflicts).
        credentials: where the departments' secrets are.
        total_deadline_s: the longest any lookup may take.
        breaker_factory: makes each department's circuit breaker.
        max_workers: requests in flight at once across all lookups.
    """

    def __init__(
        self,
        connectors: Mapping[str, Connector],
        catalog: Catalog,
        credentials: CredentialStore | None = None,
        *,
        total_deadline_s: float = DEFAULT_TOTAL_DEADLINE_S,
        breaker_factory: Callable[[], CircuitBreaker] = CircuitBreaker,
        max_workers: int = 32,
    ) -> None:
        self.connectors = MappingProxyType(dict(connectors))
        self.catalog = catalog
        self.total_deadline_s = total_deadline_s
        self.clients = MappingProxyType(
            {
                dept: DepartmentClient(conn, credentials, breaker=breaker_factory())
                for dept, conn in connectors.items()
            }
        )
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="lookup")
        self._closed = threading.Event()

    def __enter__(self) -> DepartmentExchange:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop taking lookups, drop queued requests and close every connection pool."""
        self._closed.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        for client in self.clients.values():
            client.close()

    def plan(self, items: Iterable[str]) -> LookupPlan:
        return plan_lookup(self.connectors, items, self.catalog)

    def lookup(
        self,
        id_number: str,
        items: Iterable[str],
        *,
        on_outcome: OutcomeCallback | None = None,
        departments: Iterable[str] | None = None,
        fallbacks: Iterable[str] | None = None,
        reference: str = "",
    ) -> LookupResult:
        """Ask every department the items need, concurrently, for one person.

        Args:
            id_number: the applicant's validated, normalized resident ID number.
            items: the catalog items wanted.
            on_outcome: called (in the calling thread) as each department finishes, stand-ins
                included (a department asked again as a stand-in is reported again).
            departments: restrict the plan to these departments (retrying one, or what a
                consent covers).
            fallbacks: the departments that may stand in for a failed authority; None:
                every fallback of the plan, or only ``departments`` when those are given.
            reference: the audit reference sent with every request (``app.guarded_lookup``
                mints one per lookup and names it in the audit record).

        Returns:
            The merged values, each department's outcome and the conflicts.
        """
        plan = self.plan(items)
        if departments is not None or fallbacks is not None:
            plan = plan.restricted(
                plan.departments if departments is None else departments, fallbacks
            )
        started_at = datetime.now(UTC)
        start = time.monotonic()
        keys = {"id_number": id_number, **({REFERENCE_KEY: reference} if reference else {})}
        run = _Run(self, plan, keys, start, on_outcome)
        for dept, specs in plan.requests.items():
            run.send(dept, specs)
        run.wait(start + self.total_deadline_s)

        outcomes = run.outcomes
        answers = {d: o.answer for d, o in outcomes.items() if o.answer is not None}
        unanswered = {d for d, o in outcomes.items() if not o.answered}
        values = merge(answers, self.catalog, asked=plan.items, unanswered=unanswered)
        shown = [*plan.requests, *(d for d in run.asked if d not in plan.requests)]
        return LookupResult(
            id_number=id_number,
            plan=plan,
            outcomes=MappingProxyType({d: outcomes[d] for d in shown}),
            values=values,
            started_at=started_at,
            wall_ms=(time.monotonic() - start) * 1000,
            order=tuple(run.order),
        )

    def probe(
        self, identities: Mapping[str, str], *, reference: str = ""
    ) -> dict[str, DepartmentOutcome]:
        """Send every request of each department's connector for one test identity.

        Unlike :meth:`lookup` there is no plan: a probe checks the whole connector (every
        request and field) of each department, concurrently, each with its own person.

        Args:
            identities: department id -> the validated ID number to ask it about.
            reference: the audit reference sent with every request, as for :meth:`lookup`.

        Returns:
            department id -> its outcome, in the order of ``identities``.
        """
        start = time.monotonic()
        futures: dict[Future[ParsedAnswer], tuple[str, str]] = {}
        for dept, id_number in identities.items():
            for spec in self.connectors[dept].requests:
                keys = {"id_number": id_number, **({REFERENCE_KEY: reference} if reference else {})}
                future = self._pool.submit(self._ask, dept, spec, keys)
                futures[future] = (dept, spec.name)
        done, _ = wait(futures, timeout=self.total_deadline_s)
        parts: dict[str, dict[str, ParsedAnswer]] = {dept: {} for dept in identities}
        for future in done:
            dept, name = futures[future]
            parts[dept][name] = future.result()
        elapsed = (time.monotonic() - start) * 1000
        return {
            dept: self._outcome(dept, parts[dept], elapsed)
            if len(parts[dept]) == len(self.connectors[dept].requests)
            else self._timed_out(dept)
            for dept in identities
        }

    def _ask(self, dept: str, spec: RequestSpec, keys: Mapping[str, str]) -> ParsedAnswer:
        """Run in a pool thread: one request, fetched and read."""
        raw = self.clients[dept].fetch(spec, keys)
        if raw.status is not None:
            return ParsedAnswer(raw.status, message=raw.message_both)
        return parse_answer(spec, raw.pages, department=dept, retrieved_at=datetime.now(UTC))

    def _outcome(
        self,
        dept: str,
        parts: Mapping[str, ParsedAnswer],
        latency_ms: float,
        stands_in_for: frozenset[str] = frozenset(),
    ) -> DepartmentOutcome:
        connector = self.connectors[dept]
        answer, refused = screen_answer(combine_answers(parts), self.catalog)
        return DepartmentOutcome(
            department=dept,
            name_zh=connector.name_zh,
            name_en=connector.name_en,
            status=answer.status,
            latency_ms=latency_ms,
            message=answer.message,
            answer=answer,
            problems=answer.problems,
            refused=refused,
            stands_in_for=stands_in_for,
        )

    def _timed_out(
        self, dept: str, stands_in_for: frozenset[str] = frozenset()
    ) -> DepartmentOutcome:
        connector = self.connectors[dept]
        seconds = self.total_deadline_s
        return DepartmentOutcome(
            department=dept,
            name_zh=connector.name_zh,
            name_en=connector.name_en,
            status=DepartmentStatus.TIMEOUT,
            latency_ms=seconds * 1000,
            message=self._deadline_message(),
            stands_in_for=stands_in_for,
        )

    def _deadline_message(self) -> str:
        seconds = self.total_deadline_s
        return (
            f"查询时限 {seconds:g} 秒内未答复 / no answer within the lookup's "
            f"{seconds:g} s deadline"
        )


class _Run:
    """One lookup in flight: the requests sent, the answers so far, the stand-ins asked.

    Lives in the calling thread; only :meth:`DepartmentExchange._ask` runs in the pool.
    """

    def __init__(
        self,
        exchange: DepartmentExchange,
        plan: LookupPlan,
        keys: Mapping[str, str],
        start: float,
        on_outcome: OutcomeCallback | None,
    ) -> None:
        self.exchange = exchange
        self.plan = plan
        self.keys = keys
        self.start = start
        self.on_outcome = on_outcome
        self.futures: dict[Future[ParsedAnswer], tuple[str, str]] = {}
        self.parts: dict[str, dict[str, ParsedAnswer | None]] = {}
        self.specs: dict[str, list[RequestSpec]] = {}
        self.stands_in_for: dict[str, set[str]] = {}
        self.outcomes: dict[str, DepartmentOutcome] = {}
        self.order: list[str] = []
        self.asked: list[str] = []  # every department asked, stand-ins included, in order

    def send(self, dept: str, specs: Iterable[RequestSpec]) -> None:
        if dept not in self.parts:
            self.asked.append(dept)
        parts = self.parts.setdefault(dept, {})
        for spec in specs:
            parts[spec.name] = None
            self.specs.setdefault(dept, []).append(spec)
            future = self.exchange._pool.submit(self.exchange._ask, dept, spec, self.keys)
            self.futures[future] = (dept, spec.name)

    def wait(self, deadline: float) -> None:
        pending = set(self.futures)
        while pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            done, pending = wait(pending, timeout=remaining, return_when=FIRST_COMPLETED)
            for future in done:
                dept, name = self.futures[future]
                self.parts[dept][name] = future.result()
                if all(p is not None for p in self.parts[dept].values()):
                    self.finish(self._outcome(dept))
                    if not self.outcomes[dept].answered:
                        pending |= self.stand_ins()
        for dept in self.asked:
            if dept in self.outcomes:
                continue
            done_parts = {n: p for n, p in self.parts[dept].items() if p is not None}
            if not done_parts:
                stands_in = frozenset(self.stands_in_for.get(dept, ()))
                self.finish(self.exchange._timed_out(dept, stands_in))
                continue
            late = ParsedAnswer(DepartmentStatus.TIMEOUT, message=self.exchange._deadline_message())
            parts = {n: p if p is not None else late for n, p in self.parts[dept].items()}
            self.finish(self._outcome(dept, parts))

    def _outcome(
        self, dept: str, parts: Mapping[str, ParsedAnswer | None] | None = None
    ) -> DepartmentOutcome:
        elapsed = (time.monotonic() - self.start) * 1000
        stands_in = frozenset(self.stands_in_for.get(dept, ()))
        answers = self.parts[dept] if parts is None else parts
        return self.exchange._outcome(dept, answers, elapsed, stands_in)  # type: ignore[arg-type]

    def finish(self, outcome: DepartmentOutcome) -> None:
        self.outcomes[outcome.department] = outcome
        if outcome.department in self.order:
            self.order.remove(outcome.department)
        self.order.append(outcome.department)
        if self.on_outcome is not None:
            self.on_outcome(outcome)

    def stand_ins(self) -> set[Future[ParsedAnswer]]:
        """Ask a stand-in for every item whose authority failed and nobody else will give.

        Returns:
            The futures of the requests sent.
        """
        failed = {d for d, o in self.outcomes.items() if not o.answered}
        covered = {
            item
            for dept, specs in self.specs.items()
            if dept not in failed
            for spec in specs
            for item in spec.items
        }
        catalog = self.exchange.catalog
        wanted: dict[str, set[str]] = {}
        for item, candidates in self.plan.fallbacks.items():
            if item in covered or item not in catalog:
                continue
            if catalog.item(item).department not in failed:
                continue
            stand_in = next(
                (d for d in candidates if d not in failed and d in self.exchange.connectors),
                None,
            )
            if stand_in is not None:
                wanted.setdefault(stand_in, set()).add(item)
        before = set(self.futures)
        for dept, needed in wanted.items():
            specs = requests_for(self.exchange.connectors[dept], needed)
            sent = {spec.name for spec in self.specs.get(dept, ())}
            self.stands_in_for.setdefault(dept, set()).update(needed)
            self.outcomes.pop(dept, None)  # asked again: its outcome is reported anew
            self.send(dept, [spec for spec in specs if spec.name not in sent])
        return set(self.futures) - before
