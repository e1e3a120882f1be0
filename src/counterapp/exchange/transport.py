"""Ask one department for one person's data: pooled, bounded, retried, never raising.

A :class:`DepartmentClient` owns one ``requests.Session`` per department (a pool of
keep-alive connections shared by concurrent lookups), its authenticator and its circuit
breaker. :meth:`DepartmentClient.fetch` returns a :class:`RawAnswer`: the bodies for the
parser, or the :class:`DepartmentStatus` that ended the call. It fetches bytes only; what
they mean is :func:`counterapp.exchange.mapping.parse_answer`'s business.

Rules every call follows:

* one overall deadline (``[http].deadline_s``) for all attempts, tokens and pages;
* retries only for idempotent methods (GET, HEAD) and only after a connect error or a
  502/503/504, with short backoff that never runs past the deadline;
* a 401/403 lets the authenticator refresh once (an OAuth2 token), then it is final;
* redirects are not followed (a credential header must not travel to another host).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

from counterapp.exchange.auth.base import Authenticator, AuthError
from counterapp.exchange.auth.client_cert import tls_options
from counterapp.exchange.auth.factory import authenticator_for
from counterapp.exchange.breaker import CircuitBreaker
from counterapp.exchange.connector import Connector, RequestSpec
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.http_exchange import Attempt, send_once
from counterapp.exchange.not_found_watch import WATCH, NotFoundWatch
from counterapp.exchange.paging import page_progress
from counterapp.exchange.raw_answer import RawAnswer, failed
from counterapp.exchange.status import DepartmentStatus

log = logging.getLogger(__name__)

DEFAULT_POOL_SIZE = 8
REFERENCE_KEY = "reference"
"""The lookup key holding a lookup's audit reference (also usable as ``{reference}`` in a
connector's path or query, for a department that wants a request serial number)."""
REFERENCE_HEADER = "X-Counter-Reference"
"""The header every request of a lookup carries: the reference its audit record names, so
a department's log and the hall's audit trail can be matched (docs/connectors.md)."""
_FAILURES = (DepartmentStatus.TIMEOUT, DepartmentStatus.UNAVAILABLE)

__all__ = ["DepartmentClient", "RawAnswer", "RetryPolicy"]


@dataclass(frozen=True)
class RetryPolicy:
    """When a call is tried again.

    Attributes:
        backoff_s: the wait before each retry; its length is the number of retries.
        statuses: HTTP statuses worth retrying (a gateway or an overloaded backend).
        methods: the idempotent methods that may be repeated.
    """

    backoff_s: tuple[float, ...] = (0.1, 0.3)
    statuses: frozenset[int] = frozenset({502, 503, 504})
    methods: frozenset[str] = frozenset({"GET", "HEAD"})

    def worth_retrying(self, method: str, attempt: Attempt) -> bool:
        """True for an idempotent request that failed to connect or met a gateway error."""
        if method not in self.methods:
            return False
        return attempt.retryable or (
            attempt.failure is None and attempt.http_status in self.statuses
        )


class DepartmentClient:
    """Everything needed to ask one department; share one per department, thread-safe.

    Args:
        connector: the department's connector.
        credentials: where its secret is; needed unless the scheme is none/client_cert.
        breaker: the department's circuit breaker (a default one when None).
        retry: the retry policy.
        pool_size: keep-alive connections kept per department.
        token_clock: monotonic clock for OAuth2 token expiry (tests).
        not_found_watch: where answers are noted to warn about a not-found status that may
            be a wrong address (the process-wide one when None).
    """

    def __init__(
        self,
        connector: Connector,
        credentials: CredentialStore | None = None,
        *,
        breaker: CircuitBreaker | None = None,
        retry: RetryPolicy | None = None,
        pool_size: int = DEFAULT_POOL_SIZE,
        token_clock: Callable[[], float] = time.monotonic,
        not_found_watch: NotFoundWatch | None = None,
    ) -> None:
        self.connector = connector
        self.breaker = breaker if breaker is not None else CircuitBreaker()
        self._credentials = credentials
        self._retry = retry if retry is not None else RetryPolicy()
        self._token_clock = token_clock
        self._not_found_watch = not_found_watch if not_found_watch is not None else WATCH
        self._session = requests.Session()
        self._session.trust_env = False  # no proxies or .netrc credentials from the env
        self._adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
        for prefix in ("http://", "https://"):
            self._session.mount(prefix, self._adapter)
        self._session.verify, self._session.cert = tls_options(connector.tls)
        self._session.headers["User-Agent"] = "counterapp"
        self._auth: Authenticator | None = None
        self._auth_lock = threading.Lock()

    def __enter__(self) -> DepartmentClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    @property
    def connections_opened(self) -> int:
        """TCP connections opened so far (keep-alive reuse keeps this low)."""
        pools = self._adapter.poolmanager.pools
        keys = list(pools.keys())
        return sum(pool.num_connections for key in keys if (pool := pools.get(key)))

    def fetch(self, request: RequestSpec | str, keys: Mapping[str, str]) -> RawAnswer:
        """Ask the department one request for one person (all pages when paginated).

        Args:
            request: the request spec, or its name in the connector.
            keys: lookup keys for the path and query placeholders, e.g. ``id_number``;
                ``reference`` (the lookup's audit reference) is also sent as the
                :data:`REFERENCE_HEADER` header of every request.

        Returns:
            The bodies for the parser, or the status that ended the call. Never raises
            for network, TLS, auth or keyring trouble.

        Raises:
            KeyError: ``request`` names no request of the connector (a programming error).
        """
        spec = request if isinstance(request, RequestSpec) else self._spec(request)
        started = time.monotonic()
        try:
            url = self.connector.http.base_url + spec.path.format_map(
                {key: quote(str(value), safe="") for key, value in keys.items()}
            )
            query = {name: value.format_map(keys) for name, value in spec.query}
        except KeyError as exc:
            return failed(
                DepartmentStatus.BAD_RESPONSE,
                f"the connector needs the lookup key {exc.args[0]!r}, which this lookup lacks",
                f"连接器需要查询条件 {exc.args[0]}，本次查询未提供",
                attempts=0,
            )
        if not self.breaker.try_acquire():
            wait = math.ceil(self.breaker.retry_after())
            return failed(
                DepartmentStatus.UNAVAILABLE,
                f"circuit open after repeated failures, retry after {wait} s",
                f"多次失败后暂停访问，{wait} 秒后重试",
                attempts=0,
            )
        try:
            headers = {REFERENCE_HEADER: keys[REFERENCE_KEY]} if keys.get(REFERENCE_KEY) else {}
            answer = self._fetch(spec, url, query, started + self.connector.http.deadline, headers)
        except Exception:  # the last line of defence: a lookup never crashes
            self.breaker.release()
            log.exception("asking %s failed unexpectedly", self.connector.department_id)
            return failed(DepartmentStatus.BAD_RESPONSE, "internal error", "内部错误")
        if answer.status in _FAILURES:
            self.breaker.record_failure()
        else:
            self.breaker.record_success()
        latency_ms = (time.monotonic() - started) * 1000
        log.debug(
            "%s %s: %s (HTTP %s) in %.0f ms, %d attempt(s)",
            self.connector.department_id,
            spec.name,
            answer.status.value if answer.status else "answered",
            answer.http_status,
            latency_ms,
            answer.attempts,
        )
        return dataclasses.replace(answer, latency_ms=latency_ms)

    def _spec(self, name: str) -> RequestSpec:
        for spec in self.connector.requests:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.connector.department_id} has no request named {name!r}")

    def _fetch(
        self,
        spec: RequestSpec,
        url: str,
        query: dict[str, str],
        deadline: float,
        headers: Mapping[str, str],
    ) -> RawAnswer:
        paging = spec.pagination
        if paging is None:
            return self._call(spec, url, query, deadline, headers)
        pages: list[bytes] = []
        attempts = 0
        seen = 0
        for number in range(1, paging.max_pages + 1):
            params = {**query, paging.page_param: str(number), paging.size_param: str(paging.size)}
            answer = self._call(spec, url, params, deadline, headers)
            attempts += answer.attempts
            if not answer.exchanged:
                if number == 1:
                    return answer
                return dataclasses.replace(
                    answer,
                    attempts=attempts,
                    message=f"page {number}: {answer.message}",
                    message_zh=f"第 {number} 页：{answer.message_zh}",
                )
            pages.append(answer.body)
            progress = page_progress(spec, answer.body)
            if progress is None or progress.records == 0 or progress.records < paging.size:
                break
            seen += progress.records
            if progress.total is not None and seen >= progress.total:
                break
        return dataclasses.replace(answer, body=pages[0], pages=tuple(pages), attempts=attempts)

    def _call(
        self,
        spec: RequestSpec,
        url: str,
        params: dict[str, str],
        deadline: float,
        headers: Mapping[str, str],
    ) -> RawAnswer:
        """One request with its retries and at most one auth refresh."""
        backoff = iter(self._retry.backoff_s)
        refreshed = False
        attempts = 0
        while True:
            if time.monotonic() >= deadline:
                limit = self.connector.http.deadline
                return failed(
                    DepartmentStatus.TIMEOUT,
                    f"the call's time limit of {limit:.1f} s ran out",
                    f"总时限 {limit:.1f} 秒已到",
                    attempts=attempts,
                )
            attempts += 1
            prepared = self._session.prepare_request(
                requests.Request(spec.method, url, params=params, headers=dict(headers))
            )
            try:
                auth = self._authenticator()
                auth.prepare(prepared, timeout=max(deadline - time.monotonic(), 0.001))
            except AuthError as exc:
                return failed(exc.status, exc.message, exc.message_zh, attempts=attempts)
            attempt = send_once(self._session, prepared, self.connector, deadline=deadline)
            if attempt.failure is None and attempt.http_status in (401, 403) and not refreshed:
                refreshed = True
                if auth.on_unauthorized(prepared):
                    continue
            if self._retry.worth_retrying(spec.method, attempt):
                delay = next(backoff, None)
                if delay is not None and time.monotonic() + delay < deadline:
                    time.sleep(delay)
                    continue
            answer = _classify(spec, attempt, attempts)
            self._not_found_watch.observe(self.connector, spec, answer)
            return answer

    def _authenticator(self) -> Authenticator:
        with self._auth_lock:
            if self._auth is None:
                self._auth = authenticator_for(
                    self.connector, self._credentials, self._session, clock=self._token_clock
                )
            return self._auth


def _classify(spec: RequestSpec, attempt: Attempt, attempts: int) -> RawAnswer:
    """Turn the last attempt into the call's answer."""
    status, ctype = attempt.http_status, attempt.content_type
    if attempt.failure is not None:
        return failed(
            attempt.failure,
            attempt.message,
            attempt.message_zh,
            http_status=status,
            content_type=ctype,
            attempts=attempts,
        )
    assert status is not None
    outcome: tuple[DepartmentStatus, str, str] | None = None
    if status in spec.not_found_status:
        outcome = (DepartmentStatus.NOT_FOUND, "no record", "部门无此人记录")
    elif status in (401, 403):
        outcome = (
            DepartmentStatus.AUTH_FAILED,
            "the department refused our credentials",
            "部门系统拒绝了本窗口的凭据",
        )
    elif status >= 500:
        outcome = (DepartmentStatus.UNAVAILABLE, "the department failed", "部门系统故障")
    elif 300 <= status < 400:
        outcome = (DepartmentStatus.BAD_RESPONSE, "unexpected redirect", "部门系统意外重定向")
    elif status >= 400 or status < 200:
        outcome = (
            DepartmentStatus.BAD_RESPONSE,
            "the department rejected the request",
            "部门系统拒绝了请求",
        )
    if outcome is not None:
        kind, message, zh = outcome
        return failed(
            kind,
            f"{message} (HTTP {status})",
            f"{zh}（HTTP {status}）",
            http_status=status,
            content_type=ctype,
            attempts=attempts,
        )
    return RawAnswer(None, status, attempt.body, ctype, 0.0, attempts=attempts)
