"""What asking a department produced, before anyone reads the body.

The transport never raises for network trouble: it returns a :class:`RawAnswer` whose
``status`` is None when the HTTP exchange worked (the bodies go on to the parser,
:func:`counterapp.exchange.mapping.parse_answer`) or the :class:`DepartmentStatus` that
ended it, with a message in English and Chinese the clerk can act on.
"""

from __future__ import annotations

from dataclasses import dataclass

from counterapp.exchange.status import DepartmentStatus


@dataclass(frozen=True)
class RawAnswer:
    """One call to a department (all its attempts and pages).

    Attributes:
        status: None when the exchange worked and the body is to be parsed; else why not.
        http_status: the last HTTP status received (None when none arrived).
        body: the first page's body (b"" when the call failed).
        content_type: the ``Content-Type`` the department declared ("" when none).
        latency_ms: wall time of the whole call, retries and pages included.
        message: what happened, in English ("" when the exchange worked).
        message_zh: the same in Chinese.
        pages: every page's body in order, for the parser; ``(body,)`` for an unpaginated
            request, empty when the call failed.
        attempts: HTTP requests sent (retries, a token refresh and pages count).
    """

    status: DepartmentStatus | None
    http_status: int | None
    body: bytes
    content_type: str
    latency_ms: float
    message: str = ""
    message_zh: str = ""
    pages: tuple[bytes, ...] = ()
    attempts: int = 1

    def __post_init__(self) -> None:
        if self.status is None and not self.pages:
            object.__setattr__(self, "pages", (self.body,))

    @property
    def exchanged(self) -> bool:
        """True when the department answered and the bodies are for the parser."""
        return self.status is None

    @property
    def message_both(self) -> str:
        """Chinese and English on one line, for the clerk's department list."""
        if self.message_zh and self.message:
            return f"{self.message_zh} / {self.message}"
        return self.message or self.message_zh

    def __repr__(self) -> str:
        state = self.status.name if self.status else "exchanged"
        return (
            f"RawAnswer({state}, http={self.http_status}, {len(self.body)} bytes, "
            f"{len(self.pages)} pages, {self.latency_ms:.0f} ms, {self.message!r})"
        )


def failed(
    status: DepartmentStatus,
    message: str,
    message_zh: str,
    *,
    latency_ms: float = 0.0,
    http_status: int | None = None,
    content_type: str = "",
    attempts: int = 1,
) -> RawAnswer:
    """A call that ended without a body for the parser."""
    return RawAnswer(
        status,
        http_status,
        b"",
        content_type,
        latency_ms,
        message,
        message_zh,
        (),
        attempts,
    )
