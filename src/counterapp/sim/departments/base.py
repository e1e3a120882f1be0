"""What every simulated department shares: requests, replies, routing and ID checks.

A department is plain Python over the population: it turns a :class:`SimRequest` into a
:class:`Reply` in its own format. HTTP, TLS and fault injection live in
:mod:`counterapp.sim.handler`, so each department module reads as "this is how that office
answers".
"""

from __future__ import annotations

import json
import re
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import ClassVar
from urllib.parse import unquote

from counterapp.sim.credentials import SimCredentials
from counterapp.sim.model import Population
from counterapp.standards import resident_id


class BodyFormat(StrEnum):
    """The body format a department answers in (the connector's ``format``)."""

    JSON = "json"
    XML = "xml"
    CSV = "csv"
    HTML = "html"  # only gateway error pages, never a department's own answer


class Reason(StrEnum):
    """Machine-readable reasons departments put into their error bodies."""

    INVALID_ID_NUMBER = "invalid_id_number"
    INVALID_REQUEST = "invalid_request"
    NOT_FOUND = "not_found"
    NO_SUCH_ENDPOINT = "no_such_endpoint"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    INTERNAL_ERROR = "internal_error"
    SERVICE_UNAVAILABLE = "service_unavailable"


@dataclass(frozen=True)
class SimRequest:
    """One HTTP request as a department sees it.

    Attributes:
        method: upper-case HTTP method.
        path: the URL path exactly as sent (percent-encoded), without the query.
        query: decoded query parameters (the last value wins for a repeated name).
        headers: header names in lower case -> value.
        body: the request body.
    """

    method: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The value of a header, case-insensitively; None when absent."""
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Reply:
    """What a department answers.

    Attributes:
        status: the HTTP status.
        body: the encoded body.
        media_type: e.g. "application/json".
        charset: the charset the Content-Type declares, None for none.
        format: the body's format, so faults can break it in the department's own way.
        headers: extra response headers.
    """

    status: int
    body: bytes
    media_type: str
    charset: str | None
    format: BodyFormat
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset={self.charset}" if self.charset else self.media_type


Handler = Callable[[SimRequest, re.Match[str]], Reply]


@dataclass(frozen=True)
class Route:
    """One endpoint: method, a full-match path pattern and the function that answers.

    ``public`` routes skip the department's authentication (e.g. the OAuth2 token endpoint).
    """

    method: str
    pattern: re.Pattern[str]
    handler: Handler
    public: bool = False


class Department(ABC):
    """One simulated department backend.

    Subclasses set the class attributes, list their :meth:`routes` and render errors in
    their own style (:meth:`error`).
    """

    id: ClassVar[str]
    name_zh: ClassVar[str]
    name_en: ClassVar[str]
    format: ClassVar[BodyFormat]
    charset: ClassVar[str] = "utf-8"
    auth_summary: ClassVar[str] = "none"
    uses_tls: ClassVar[bool] = False

    def __init__(
        self,
        population: Population,
        credentials: SimCredentials,
        *,
        stop_event: threading.Event | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.population = population
        self.credentials = credentials
        self.stop_event = stop_event or threading.Event()
        self.clock = clock
        self._routes = tuple(self.routes())

    @abstractmethod
    def routes(self) -> Sequence[Route]:
        """The department's endpoints."""

    @abstractmethod
    def error(self, status: int, reason: Reason | str, message: str) -> Reply:
        """An error answer in the department's own style.

        Args:
            status: the HTTP status the error means (a department may still send 200).
            reason: a machine-readable reason.
            message: a human-readable message (Chinese first, as the office writes it).
        """

    def authenticate(self, request: SimRequest) -> Reply | None:
        """Refuse a request that is not properly authenticated; None lets it through."""
        return None

    def handle(self, request: SimRequest) -> Reply:
        """Route a request, authenticate it unless the route is public, and answer it."""
        allowed: list[str] = []
        for route in self._routes:
            match = route.pattern.fullmatch(request.path)
            if match is None:
                continue
            if route.method != request.method:
                allowed.append(route.method)
                continue
            if not route.public:
                refusal = self.authenticate(request)
                if refusal is not None:
                    return refusal
            return route.handler(request, match)
        if allowed:
            return self.error(405, Reason.METHOD_NOT_ALLOWED, f"只支持 {'/'.join(allowed)}")
        return self.error(404, Reason.NO_SUCH_ENDPOINT, f"接口不存在：{request.path}")

    def is_public(self, method: str, path: str) -> bool:
        """True when the request is for a public route (a token endpoint: about no person)."""
        return any(
            r.public and r.method == method and r.pattern.fullmatch(path) for r in self._routes
        )

    def check_id(self, raw: str | None) -> str | Reply:
        """Validate a resident ID number from a request (GB 11643).

        Returns:
            The normalized 18-character number, or a 400 error reply naming the problem.
        """
        if not raw:
            return self.error(400, Reason.INVALID_ID_NUMBER, "缺少证件号码 (missing ID number)")
        # The population may be generated for a day after this machine's clock: its
        # newborns' numbers must not count as born in the future.
        today = max(date.today(), self.population.today or date.min)
        result = resident_id.validate(raw, today=today)
        if not result.ok or result.normalized is None:
            return self.error(
                400,
                Reason.INVALID_ID_NUMBER,
                f"证件号码不合法：{result.reason_zh} (invalid ID number: {result.reason})",
            )
        return result.normalized

    def not_found(self, message: str = "查无此人") -> Reply:
        """The department's answer for a valid ID number it holds no records for."""
        return self.error(404, Reason.NOT_FOUND, message)

    def wait(self, seconds: float) -> bool:
        """Sleep, but wake when the simulator stops; True when it is stopping."""
        return self.stop_event.wait(seconds)

    def json_reply(
        self, status: int, payload: object, headers: tuple[tuple[str, str], ...] = ()
    ) -> Reply:
        """Encode a JSON answer (UTF-8, Chinese unescaped as real backends send it)."""
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return Reply(status, body, "application/json", "utf-8", BodyFormat.JSON, headers)


def yuan(fen: int) -> str:
    """Render integer fen as yuan with two decimals, e.g. 800000 -> "8000.00"."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def segment(match: re.Match[str], name: str) -> str:
    """The decoded value of a ``{name}`` path segment."""
    return unquote(match[name])


def path(pattern: str) -> re.Pattern[str]:
    """Compile a route pattern; ``{name}`` matches one path segment as a named group."""
    return re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern))
