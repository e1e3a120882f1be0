"""The use cases' clock: an injected ``now=`` (tests, benchmarks) or the current time."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now(now: datetime | None = None) -> datetime:
    """``now`` as an aware UTC time (the injected clock), or the current time.

    Raises:
        ValueError: ``now`` is naive (a time without a zone would be read as local).
    """
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("pass an aware datetime as now=")
    return now.astimezone(UTC)
