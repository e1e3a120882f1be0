"""Reading a department's answer body in its declared format: one module per format.

Each format turns bytes into a :class:`Document` that evaluates the connector's paths in
the format's own path language: JMESPath for JSON (:mod:`.json_format`), XPath for XML
(:mod:`.xml_format`) and column names for CSV (:mod:`.csv_format`). A body that cannot be
read at all raises :class:`FormatError` (the answer is a ``BAD_RESPONSE``); a path that
cannot be evaluated raises :class:`PathError` (a problem with that one field).
"""

from __future__ import annotations

import codecs
from typing import Protocol

from counterapp.exchange.connector import RequestSpec, ResponseFormat


class FormatError(Exception):
    """The body as a whole cannot be read; the message says why, for the clerk and logs."""


class PathError(Exception):
    """One path cannot be evaluated on this answer (several values, not a list ...)."""


class Document(Protocol):
    """A parsed answer body, or one element of a list in it, that paths are evaluated on."""

    def value(self, path: str) -> object:
        """The single raw value at ``path`` (str, int, bool, Decimal, or None when absent).

        A JSON path may also yield an object or a list, which the conversion step refuses.

        Raises:
            PathError: the path is invalid or yields several values.
        """
        ...

    def elements(self, path: str) -> tuple[Document, ...]:
        """The elements of the list at ``path`` (empty when absent), for list items.

        Raises:
            PathError: the path is invalid or does not yield a list.
        """
        ...

    def test(self, expression: str) -> bool:
        """Whether an envelope condition (``error_when``, ``not_found_when``) holds.

        Raises:
            PathError: the expression is invalid or the format has no envelopes.
        """
        ...

    def narrow(self, path: str) -> Document | None:
        """The part of the answer at ``path`` (an envelope's ``data``); None when empty.

        Raises:
            PathError: the path is invalid or does not yield one object/element.
        """
        ...


def decode(body: bytes, encoding: str) -> str:
    """Decode a body with its declared encoding, strictly.

    A UTF-8 byte order mark is dropped. A body that is not valid in the encoding is never
    read with replacement characters: it is an error naming the encoding and byte offset.

    Args:
        body: the raw body.
        encoding: the connector's declared encoding, e.g. ``utf-8`` or ``gbk``.

    Returns:
        The text.

    Raises:
        FormatError: the encoding is unknown or the body is not valid in it.
    """
    try:
        codec = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        raise FormatError(f"unknown declared encoding {encoding!r}") from None
    if codec == "utf-8":
        codec = "utf-8-sig"
    try:
        return body.decode(codec)
    except UnicodeDecodeError as error:
        raise FormatError(
            f"the body is not valid {encoding} at byte offset {error.start} "
            f"(bytes {error.object[error.start : error.start + 4].hex(' ')})"
        ) from None


def parse_body(spec: RequestSpec, body: bytes) -> Document:
    """Decode and parse one answer body as the request spec declares.

    Args:
        spec: the request, for its format, encoding and CSV row rule.
        body: the raw body of one page.

    Returns:
        The parsed document.

    Raises:
        FormatError: the body cannot be decoded or parsed.
    """
    from counterapp.exchange.formats import csv_format, json_format, xml_format

    text = decode(body, spec.encoding)
    if spec.format is ResponseFormat.JSON:
        return json_format.parse(text)
    if spec.format is ResponseFormat.XML:
        return xml_format.parse(text)
    return csv_format.parse(text, latest_by=spec.latest_row_by)


__all__ = ["Document", "FormatError", "PathError", "decode", "parse_body"]
