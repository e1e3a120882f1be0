"""Ask every department a lookup needs, all at once, and merge what they say.

The plan is the minimum necessary (PIPL art. 6): only the requests whose field maps give
an item the lookup needs are sent, so a department nobody needs is never asked. Every
request runs on a shared thread pool; a department's outcome is handed to ``on_outcome``
the moment its last request finishes, so a screen can show progress while slower
departments are still working. A total deadline bounds the whole lookup: a department
still silent then is reported as timed out and the lookup ends with what arrived.
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
from counterapp.catalog.values import LookupValues
from counterapp.exchange.breaker import CircuitBreaker
from counterapp.exchange.connector import Connector, RequestSpec
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.mapping import combine_answers, parse_answer
from counterapp.exchange.normalize import merge
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.transport import DepartmentClient
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
    """

    items: frozenset[str]
    requests: Mapping[str, tuple[RequestSpec, ...]]
    unservable: frozenset[str] = frozenset()

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(self.requests)


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
        answer: what it said, when it said anything readable.
        problems: per-field problems of an answer that was otherwise read.
    """

    department: str
    name_zh: str
    name_en: str
    status: DepartmentStatus
    latency_ms: float
    message: str = ""
    answer: ParsedAnswer | None = None
    problems: tuple[str, ...] = ()

    @property
    def answered(self) -> bool:
        """True when the department gave an answer (a record or "no such person")."""
        return self.status in _ANSWERED


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
    department provides it, else of every department that does. A request is sent only if
    it gives an item its department was chosen for; the copies of other items that come in
    the same answers are kept, so departments that disagree still show a conflict.
    """
    wanted = frozenset(items)
    providers: dict[str, list[str]] = {}
    for dept_id, connector in connectors.items():
        for item in connector.items & wanted:
            providers.setdefault(item, []).append(dept_id)
    chosen: dict[str, set[str]] = {}
    for item, depts in providers.items():
        authority = catalog.item(item).department if item in catalog else None
        for dept in [authority] if authority in depts else depts:
            chosen.setdefault(dept, set()).add(item)  # type: ignore[arg-type]
    requests = {
        dept_id: needed
        for dept_id, connector in connectors.items()
        if (needed := tuple(s for s in connector.requests if s.items & chosen.get(dept_id, set())))
    }
    return LookupPlan(wanted, MappingProxyType(requests), wanted - providers.keys())


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
    ) -> LookupResult:
        """Ask every department the items need, concurrently, for one person.

        Args:
            id_number: the applicant's validated, normalized resident ID number.
            items: the catalog items wanted.
            on_outcome: called (in the calling thread) as each department finishes.
            departments: restrict the plan to these departments (retrying one).

        Returns:
            The merged values, each department's outcome and the conflicts.
        """
        plan = self.plan(items)
        if departments is not None:
            keep = set(departments)
            plan = LookupPlan(
                plan.items,
                MappingProxyType({d: r for d, r in plan.requests.items() if d in keep}),
                plan.unservable,
            )
        started_at = datetime.now(UTC)
        start = time.monotonic()
        keys = {"id_number": id_number}
        futures: dict[Future[ParsedAnswer], tuple[str, str]] = {}
        parts: dict[str, dict[str, ParsedAnswer | None]] = {}
        for dept, specs in plan.requests.items():
            parts[dept] = {spec.name: None for spec in specs}
            for spec in specs:
                future = self._pool.submit(self._ask, dept, spec, keys)
                futures[future] = (dept, spec.name)

        outcomes: dict[str, DepartmentOutcome] = {}
        order: list[str] = []

        def finish(outcome: DepartmentOutcome) -> None:
            outcomes[outcome.department] = outcome
            order.append(outcome.department)
            if on_outcome is not None:
                on_outcome(outcome)

        pending = set(futures)
        deadline = start + self.total_deadline_s
        while pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            done, pending = wait(pending, timeout=remaining, return_when=FIRST_COMPLETED)
            for future in done:
                dept, name = futures[future]
                parts[dept][name] = future.result()
                if all(p is not None for p in parts[dept].values()):
                    elapsed = (time.monotonic() - start) * 1000
                    finish(self._outcome(dept, parts[dept], elapsed))  # type: ignore[arg-type]
        for dept in plan.requests:
            if dept not in outcomes:
                finish(self._timed_out(dept))

        answers = {d: o.answer for d, o in outcomes.items() if o.answer is not None}
        values = merge(answers, self.catalog, asked=plan.items)
        return LookupResult(
            id_number=id_number,
            plan=plan,
            outcomes=MappingProxyType({d: outcomes[d] for d in plan.requests}),
            values=values,
            started_at=started_at,
            wall_ms=(time.monotonic() - start) * 1000,
            order=tuple(order),
        )

    def probe(self, identities: Mapping[str, str]) -> dict[str, DepartmentOutcome]:
        """Send every request of each department's connector for one test identity.

        Unlike :meth:`lookup` there is no plan: a probe checks the whole connector (every
        request and field) of each department, concurrently, each with its own person.

        Args:
            identities: department id -> the validated ID number to ask it about.

        Returns:
            department id -> its outcome, in the order of ``identities``.
        """
        start = time.monotonic()
        futures: dict[Future[ParsedAnswer], tuple[str, str]] = {}
        for dept, id_number in identities.items():
            for spec in self.connectors[dept].requests:
                future = self._pool.submit(self._ask, dept, spec, {"id_number": id_number})
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
        self, dept: str, parts: Mapping[str, ParsedAnswer], latency_ms: float
    ) -> DepartmentOutcome:
        connector = self.connectors[dept]
        answer = combine_answers(parts)
        return DepartmentOutcome(
            department=dept,
            name_zh=connector.name_zh,
            name_en=connector.name_en,
            status=answer.status,
            latency_ms=latency_ms,
            message=answer.message,
            answer=answer,
            problems=answer.problems,
        )

    def _timed_out(self, dept: str) -> DepartmentOutcome:
        connector = self.connectors[dept]
        seconds = self.total_deadline_s
        return DepartmentOutcome(
            department=dept,
            name_zh=connector.name_zh,
            name_en=connector.name_en,
            status=DepartmentStatus.TIMEOUT,
            latency_ms=seconds * 1000,
            message=f"查询时限 {seconds:g} 秒内未答复 / no answer within the lookup's "
            f"{seconds:g} s deadline",
        )
