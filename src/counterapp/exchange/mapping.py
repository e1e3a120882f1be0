"""Turn a department's answer bodies into catalog values, as its connector file declares.

:func:`parse_answer` is the one entry point: bytes in (one body per page), a
:class:`~counterapp.exchange.values.ParsedAnswer` out. It never raises and never loops on
its input: an unreadable body is a ``BAD_RESPONSE`` saying why, an envelope can turn a
HTTP-200 answer into ``NOT_FOUND`` or an error, and a single value that does not convert is
a problem recorded against that field while the other fields still count.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime

from counterapp.catalog.values import CatalogValue, Provenance, Record
from counterapp.exchange.connector import ColumnMap, Envelope, FieldMap, RequestSpec
from counterapp.exchange.conversions import ConversionError, convert_value
from counterapp.exchange.formats import Document, FormatError, PathError, parse_body
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.values import ParsedAnswer

log = logging.getLogger(__name__)

INTERNAL_ERROR_PREFIX = "internal error while reading the answer"
MAX_PROBLEMS = 100
_MAX_MESSAGE_CHARS = 300


def parse_answer(
    spec: RequestSpec,
    bodies: Sequence[bytes],
    *,
    department: str,
    retrieved_at: datetime,
) -> ParsedAnswer:
    """Read one request's answer: every page's body, through the spec's field map.

    Single-valued items are read from the first page; list items are concatenated across
    all pages in page order.

    Args:
        spec: the request as the connector declares it.
        bodies: the body of each page, in order (one for an unpaginated request).
        department: the department id, for the values' provenance.
        retrieved_at: when the answer arrived, for the values' provenance.

    Returns:
        ``OK`` with the values and per-field problems, ``NOT_FOUND`` or ``BAD_RESPONSE``
        (or ``AUTH_FAILED`` when an envelope says the credentials were refused).
    """
    try:
        return _parse(spec, bodies, Provenance(department, retrieved_at, verified=True))
    except Exception as error:  # the last line of defence: an answer never crashes a lookup
        log.exception("reading an answer from %s failed", department)
        return ParsedAnswer.bad_response(f"{INTERNAL_ERROR_PREFIX}: {type(error).__name__}")


def combine_answers(parts: Mapping[str, ParsedAnswer]) -> ParsedAnswer:
    """One department's answer from the answers to each of its requests.

    The department answered (``OK``) when any request did: the values of all ``OK``
    requests count (the first request giving an item wins) and every other request's
    failure becomes a problem. When none did, it is ``NOT_FOUND`` if every request said so,
    else the first other failure.

    Args:
        parts: request name -> that request's answer, in the connector's request order.

    Returns:
        The department's answer.
    """
    answered = [p for p in parts.values() if p.ok]
    failed = {name: p for name, p in parts.items() if not p.ok}
    if not parts:
        return ParsedAnswer.bad_response("the connector declares no requests")
    if answered:
        values: dict[str, CatalogValue] = {}
        for part in answered:
            for item, value in part.values.items():
                values.setdefault(item, value)
        problems = [problem for part in answered for problem in part.problems]
        problems += [f"{n}: {p.status.label_en}: {p.message}" for n, p in failed.items()]
        return ParsedAnswer(DepartmentStatus.OK, values, tuple(problems))
    statuses = {p.status for p in failed.values()}
    message = "; ".join(f"{n}: {p.message}" for n, p in failed.items())
    if statuses == {DepartmentStatus.NOT_FOUND}:
        return ParsedAnswer.not_found(message)
    first = next(p for p in failed.values() if p.status is not DepartmentStatus.NOT_FOUND)
    return ParsedAnswer(first.status, problems=first.problems, message=message)


def _parse(spec: RequestSpec, bodies: Sequence[bytes], provenance: Provenance) -> ParsedAnswer:
    if not bodies:
        return ParsedAnswer.bad_response("the department sent no answer body")
    pages: list[Document] = []
    for number, body in enumerate(bodies, start=1):
        where = f"page {number}: " if len(bodies) > 1 else ""
        try:
            document = parse_body(spec, body)
        except FormatError as error:
            return ParsedAnswer.bad_response(f"{where}{error}")
        opened = _open_envelope(spec.envelope, document)
        if isinstance(opened, ParsedAnswer):
            if number > 1 and opened.status is DepartmentStatus.NOT_FOUND:
                return ParsedAnswer.bad_response(f"{where}{opened.message}")
            return opened
        pages.append(opened)
    problems = _Problems()
    values: dict[str, CatalogValue] = {}
    for field in spec.fields:
        try:
            if field.is_list:
                value: object = _list_value(field, pages, problems)
            else:
                value = _single_value(field.path, field.convert, field.value_map, pages[0])
        except (PathError, ConversionError) as error:
            problems.add(f"{field.item}: {error}")
            continue
        if value is not None:
            values[field.item] = CatalogValue(field.item, value, provenance)
    _check_total(spec, pages, values, problems)
    return ParsedAnswer(DepartmentStatus.OK, values, problems.as_tuple())


def _open_envelope(envelope: Envelope | None, document: Document) -> Document | ParsedAnswer:
    """The payload inside an envelope, or the answer the envelope's code means."""
    if envelope is None:
        return document
    try:
        if envelope.not_found_when and document.test(envelope.not_found_when):
            return ParsedAnswer.not_found(f"department said: {_message(envelope, document)}")
        if envelope.auth_failed_when and document.test(envelope.auth_failed_when):
            message = f"department said: {_message(envelope, document)}"
            return ParsedAnswer(DepartmentStatus.AUTH_FAILED, message=message)
        if envelope.error_when and document.test(envelope.error_when):
            return ParsedAnswer.bad_response(f"department said: {_message(envelope, document)}")
        if not envelope.data:
            return document
        payload = document.narrow(envelope.data)
    except PathError as error:
        return ParsedAnswer.bad_response(f"envelope: {error}")
    if payload is None:
        return ParsedAnswer.not_found("the answer holds no record (empty data)")
    return payload


def _message(envelope: Envelope, document: Document) -> str:
    if not envelope.message:
        return "(no message)"
    try:
        found = document.value(envelope.message)
    except PathError:
        return "(no message)"
    if found is None or isinstance(found, dict | list):
        return "(no message)"
    text = str(found).strip() or "(no message)"
    return text if len(text) <= _MAX_MESSAGE_CHARS else text[:_MAX_MESSAGE_CHARS] + "…"


def _single_value(
    path: str, convert: str, value_map: tuple[tuple[str, str], ...], document: Document
) -> object:
    raw = document.value(path)
    return convert_value(raw, convert=convert, value_map=dict(value_map) if value_map else None)


def _list_value(field: FieldMap, pages: Sequence[Document], problems: _Problems) -> tuple:
    records: list[Record] = []
    for page in pages:
        for element in page.elements(field.path):
            index = len(records)
            records.append(Record(_record(field, index, element, problems)))
    return tuple(records)


def _record(field: FieldMap, index: int, element: Document, problems: _Problems) -> dict:
    record: dict[str, object] = {}
    for column in field.columns:
        try:
            record[column.name] = _column_value(column, element)
        except (PathError, ConversionError) as error:
            problems.add(f"{field.item}[{index}].{column.name}: {error}")
            record[column.name] = None
    return record


def _column_value(column: ColumnMap, element: Document) -> object:
    return _single_value(column.path, column.convert, column.value_map, element)


def _check_total(
    spec: RequestSpec,
    pages: Sequence[Document],
    values: dict[str, CatalogValue],
    problems: _Problems,
) -> None:
    """Note when the paginated records that arrived are fewer or more than announced."""
    pagination = spec.pagination
    if pagination is None or not pagination.total:
        return
    try:
        total = pages[0].value(pagination.total)
    except PathError:
        return
    if isinstance(total, bool) or not isinstance(total, int):
        return
    for field in spec.fields:
        value = values.get(field.item)
        if field.is_list and field.path == pagination.items and value is not None:
            arrived = len(value.value)  # type: ignore[arg-type]
            if arrived != total:
                problems.add(
                    f"{field.item}: the department announced {total} records, {arrived} arrived"
                )


class _Problems:
    """The problem list, capped so a broken answer cannot flood the clerk's screen."""

    def __init__(self) -> None:
        self._items: list[str] = []
        self._dropped = 0

    def add(self, problem: str) -> None:
        if len(self._items) < MAX_PROBLEMS:
            self._items.append(problem)
        else:
            self._dropped += 1

    def as_tuple(self) -> tuple[str, ...]:
        if self._dropped:
            return (*self._items, f"… and {self._dropped} more problems")
        return tuple(self._items)
