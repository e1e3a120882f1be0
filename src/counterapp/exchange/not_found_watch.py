"""Notice a connector whose "not found" may be a wrong address (docs/connectors.md).

A request's ``not_found_status`` (``[404]`` by default) turns those HTTP statuses into
"no record for this person". A wrong path or base URL answers 404 as well, so a typo in a
connector file would quietly tell the clerk that *every* applicant is unknown. The
transport reports each answer of each request here; the first time a request gets a
not-found status without ever having had a 2xx answer in this process, one warning is
logged, naming the connector file, the request, the address and how to check it.
``counterapp doctor`` asks the same question with :func:`suspicious_not_found` and
:func:`not_found_records`.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from counterapp.exchange.connector import Connector, RequestSpec
from counterapp.exchange.raw_answer import RawAnswer
from counterapp.exchange.status import DepartmentStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NotFoundRecord:
    """How one request of one connector has answered in this process.

    Attributes:
        department: the department id.
        request: the request's name in the connector.
        address: the method and the URL template asked (base URL + path, placeholders kept).
        not_found: answers whose HTTP status meant "no such person" (``not_found_status``).
        answered: answers with a 2xx status (the address exists).
    """

    department: str
    request: str
    address: str
    not_found: int = 0
    answered: int = 0

    @property
    def suspicious(self) -> bool:
        """True when every answer so far was a not-found status: the address may be wrong."""
        return self.not_found > 0 and self.answered == 0


def _address(connector: Connector, spec: RequestSpec) -> str:
    return f"{spec.method} {connector.http.base_url}{spec.path}"


class NotFoundWatch:
    """Counts, per request and address, not-found statuses and 2xx answers; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: dict[tuple[str, str, str], NotFoundRecord] = {}

    def observe(self, connector: Connector, spec: RequestSpec, answer: RawAnswer) -> None:
        """Note one call's answer; log the warning on a first unexplained not-found status."""
        status = answer.http_status
        if status is None:
            return
        by_status = answer.status is DepartmentStatus.NOT_FOUND and status in spec.not_found_status
        if not by_status and not 200 <= status < 300:
            return  # an error or a refusal says nothing about the address
        address = _address(connector, spec)
        key = (connector.department_id, spec.name, address)
        with self._lock:
            record = self._records.get(key) or NotFoundRecord(*key)
            if by_status:
                warn = record.not_found == 0 and record.answered == 0
                record = NotFoundRecord(*key, record.not_found + 1, record.answered)
            else:
                warn = False
                record = NotFoundRecord(*key, record.not_found, record.answered + 1)
            self._records[key] = record
        if warn:
            _warn(connector, spec, address, status)

    def records(self, connector: Connector) -> tuple[NotFoundRecord, ...]:
        """The records of the connector's requests at their current addresses, in file order;
        a request not asked yet has none."""
        with self._lock:
            found = (
                self._records.get((connector.department_id, spec.name, _address(connector, spec)))
                for spec in connector.requests
            )
            return tuple(record for record in found if record is not None)


#: The process-wide watch every :class:`~counterapp.exchange.transport.DepartmentClient`
#: reports to unless it is given its own.
WATCH = NotFoundWatch()


def not_found_records(
    connector: Connector, watch: NotFoundWatch | None = None
) -> tuple[NotFoundRecord, ...]:
    """How the connector's requests have answered so far in this process (see the module)."""
    return (watch if watch is not None else WATCH).records(connector)


def suspicious_not_found(connector: Connector, watch: NotFoundWatch | None = None) -> bool:
    """True when a request of the connector has had only not-found statuses in this process.

    That is what a wrong path or base URL looks like; ``counterapp doctor`` reports it.
    """
    return any(record.suspicious for record in not_found_records(connector, watch))


def _warn(connector: Connector, spec: RequestSpec, address: str, status: int) -> None:
    source = connector.source.absolute() if connector.source else connector.department_id
    department = connector.department_id
    log.warning(
        "%s (%s): request %r answered HTTP %d, taken as 'no record for this person', and has "
        "never answered otherwise since Counter started. A wrong path or base URL also "
        "answers %d: check that %s is the department's address (e.g. `counterapp lookup "
        "--probe --departments %s` must find the probe person), or set not_found_status = [] "
        "when the department says 'not found' inside an HTTP 200 answer.",
        department,
        source,
        spec.name,
        status,
        status,
        address,
        department,
    )
