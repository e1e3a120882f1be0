"""JSON answers, read with JMESPath (docs/connectors.md).

Numbers with a fraction become :class:`~decimal.Decimal` (amounts never pass through a
float); ``NaN`` and ``Infinity``, which some backends emit, become non-finite decimals that
the conversion step refuses for that one field. Nesting too deep for the parser is a
:class:`~counterapp.exchange.formats.FormatError`, not a crash.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from decimal import Decimal

import jmespath
from jmespath.exceptions import JMESPathError
from jmespath.parser import ParsedResult

from counterapp.exchange.formats import FormatError, PathError

# Python refuses to turn longer digit strings into int (CVE-2020-10735); keep them as
# Decimal so one absurd number is a problem with one field, not an unreadable answer.
_MAX_INT_DIGITS = 4000


def parse(text: str) -> JsonDocument:
    """Parse JSON text.

    Args:
        text: the decoded body.

    Returns:
        The document.

    Raises:
        FormatError: the text is not JSON or is nested too deeply.
    """
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=_parse_int, parse_constant=Decimal)
    except RecursionError:
        raise FormatError("the JSON is nested too deeply to read") from None
    except ValueError as error:
        raise FormatError(f"the body is not valid JSON: {_short(error)}") from None
    return JsonDocument(data)


class JsonDocument:
    """A JSON value that JMESPath expressions are evaluated on."""

    __slots__ = ("data",)

    def __init__(self, data: object) -> None:
        self.data = data

    def value(self, path: str) -> object:
        """The raw value at ``path``; objects and lists are returned as they are."""
        return self._search(path)

    def elements(self, path: str) -> tuple[JsonDocument, ...]:
        """The elements of the JSON array at ``path``; empty when it is null or absent."""
        found = self._search(path)
        if found is None:
            return ()
        if not isinstance(found, list):
            raise PathError(f"expected a list at {path!r}, got {type(found).__name__}")
        return tuple(JsonDocument(element) for element in found)

    def test(self, expression: str) -> bool:
        """JMESPath truthiness: false, null, "", [] and {} are false; numbers are true."""
        found = self._search(expression)
        if found is None or found is False:
            return False
        return not (isinstance(found, str | list | Mapping) and len(found) == 0)

    def narrow(self, path: str) -> JsonDocument | None:
        """The value at ``path`` as a document; None when it is null or absent."""
        found = self._search(path)
        return None if found is None else JsonDocument(found)

    def _search(self, path: str) -> object:
        try:
            return _compiled(path).search(self.data)
        except RecursionError:
            raise PathError(f"{path!r} recursed too deeply") from None
        except (JMESPathError, ValueError, TypeError, ArithmeticError) as error:
            raise PathError(f"JMESPath {path!r} failed: {_short(error)}") from None


@functools.lru_cache(maxsize=1024)
def _compiled(path: str) -> ParsedResult:
    return jmespath.compile(path)


def _parse_int(digits: str) -> int | Decimal:
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else Decimal(digits)


def _short(error: Exception) -> str:
    text = str(error).replace("\n", " ")
    return text if len(text) <= 200 else text[:200] + "…"
