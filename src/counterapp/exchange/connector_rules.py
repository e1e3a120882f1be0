"""The checks a connector file's values go through, shared by the loader's sections.

:class:`Section` reads one TOML table, reports wrong types, missing and unknown keys under
their full key (``requests[0].fields[3].path``) and hands back safe defaults so that the
loader can go on and find every other problem in the same pass.
"""

from __future__ import annotations

import ipaddress
import string
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlsplit

import jmespath
import jmespath.exceptions
from lxml import etree

from counterapp.exchange.connector import ResponseFormat

Report = Callable[[str, str], None]


class Section:
    """One table of a connector file, read with type checks.

    Args:
        report: where problems go, as ``(full key, reason)``.
        prefix: the table's own key, e.g. ``requests[0]`` ("" for the top level).
        data: the table as tomllib read it.
        allowed: the keys the table may hold; any other key is reported.
    """

    def __init__(
        self, report: Report, prefix: str, data: Mapping[str, object], allowed: Sequence[str]
    ) -> None:
        self._report = report
        self.prefix = prefix
        self.data = data
        for name in data:
            if name not in allowed:
                known = ", ".join(allowed)
                self.report(name, f"unknown key {name!r} (known: {known})")

    def key(self, name: str) -> str:
        """The full key of ``name`` in this table."""
        return f"{self.prefix}.{name}" if self.prefix else name

    def report(self, name: str, reason: str) -> None:
        """Report a problem with the key ``name`` of this table ("" for the table itself)."""
        self._report(self.key(name) if name else self.prefix, reason)

    def table(self, name: str, allowed: Sequence[str], *, required: bool = False) -> Section:
        """A sub-table (empty when it is missing or not a table, which is reported)."""
        value = self.data.get(name)
        if value is None:
            if required:
                self.report(name, "missing (this table is required)")
            return Section(self._report, self.key(name), {}, allowed)
        if not isinstance(value, dict):
            self.report(name, f"must be a table, got {_kind(value)}")
            return Section(self._report, self.key(name), {}, allowed)
        return Section(self._report, self.key(name), value, allowed)

    def tables(self, name: str, allowed: Sequence[str]) -> list[Section]:
        """An array of tables (``[[name]]``); wrong elements are reported and skipped."""
        value = self.data.get(name, [])
        if not isinstance(value, list):
            self.report(name, f"must be an array of tables ([[{name}]]), got {_kind(value)}")
            return []
        sections = []
        for index, element in enumerate(value):
            key = f"{self.key(name)}[{index}]"
            if isinstance(element, dict):
                sections.append(Section(self._report, key, element, allowed))
            else:
                self._report(key, f"must be a table, got {_kind(element)}")
        return sections

    def text(self, name: str, default: str = "", *, required: bool = False) -> str:
        """A string value (surrounding white space removed)."""
        value = self.data.get(name)
        if value is None:
            if required:
                self.report(name, "missing (required)")
            return default
        if not isinstance(value, str):
            self.report(name, f"must be a string, got {_kind(value)}")
            return default
        if required and not value.strip():
            self.report(name, "must not be empty")
        return value.strip()

    def number(self, name: str, default: float, *, minimum: float | None = None) -> float:
        """A positive number (an integer is fine); ``minimum`` allows 0 and up instead."""
        value = self.data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(name, f"must be a number, got {_kind(value)}")
            return default
        if (minimum is None and value <= 0) or (minimum is not None and value < minimum):
            limit = "greater than 0" if minimum is None else f"at least {minimum:g}"
            self.report(name, f"must be {limit}, got {value}")
            return default
        return float(value)

    def integer(self, name: str, default: int, *, minimum: int = 1) -> int:
        """An integer of at least ``minimum``."""
        value = self.data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(name, f"must be an integer, got {_kind(value)}")
            return default
        if value < minimum:
            self.report(name, f"must be at least {minimum}, got {value}")
            return default
        return value

    def flag(self, name: str, default: bool) -> bool:
        """A true/false value."""
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            self.report(name, f"must be true or false, got {_kind(value)}")
            return default
        return value

    def strings(self, name: str) -> tuple[tuple[str, str], ...]:
        """A table of string values (``value_map``, ``query``), in file order."""
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            self.report(name, f"must be a table of strings, got {_kind(value)}")
            return ()
        pairs = []
        for key, element in value.items():
            if isinstance(element, str):
                pairs.append((key, element))
            else:
                self.report(f"{name}.{key}", f"must be a string, got {_kind(element)}")
        return tuple(pairs)


def is_loopback(url: str) -> bool:
    """True when the URL's host is this machine (127.0.0.0/8, ::1 or ``localhost``)."""
    return is_loopback_host((urlsplit(url).hostname or "").lower())


def is_loopback_host(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and "localhost"."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(
    section: Section, name: str, url: str, *, allow_plain_http: bool, relative: bool
) -> None:
    """Report a URL that is malformed, or plain HTTP to another machine without opt-in.

    Args:
        section: the table holding the URL.
        name: its key.
        url: the value.
        allow_plain_http: the connector's explicit opt-in to unencrypted HTTP.
        relative: a path starting with ``/`` (relative to base_url) is allowed too.
    """
    if relative and url.startswith("/"):
        return
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        section.report(name, f"not a valid URL: {exc}")
        return
    if parts.scheme not in ("http", "https") or not parts.hostname:
        section.report(name, f"must be an http:// or https:// URL with a host, got {url!r}")
    elif parts.query or parts.fragment:
        section.report(name, "must not hold a query or fragment")
    elif parts.scheme == "http" and not allow_plain_http and not is_loopback(url):
        section.report(
            name,
            f"plain http to {parts.hostname} is refused (data would cross the network "
            "unencrypted): use https, or set http.allow_plain_http = true",
        )


def path_problem(fmt: ResponseFormat, expression: str) -> str | None:
    """Why a path expression cannot be used for ``fmt`` answers, or None when it can.

    JSON paths are JMESPath, XML paths XPath 1.0 (compiled by lxml), CSV paths a column name.
    """
    if not expression:
        return "must not be empty"
    if fmt is ResponseFormat.JSON:
        try:
            jmespath.compile(expression)
        except jmespath.exceptions.JMESPathError as exc:
            if hint := _quoting_hint(expression):
                return f"invalid JMESPath {expression!r}: {hint}"
            return f"invalid JMESPath {expression!r}: {_first_line(exc)}"
    elif fmt is ResponseFormat.XML:
        try:
            etree.XPath(expression)
        except etree.XPathError as exc:
            return f"invalid XPath {expression!r}: {_first_line(exc)}"
    return None


def _unquoted_keys(expression: str) -> list[tuple[int, int]]:
    """Spans of bare words holding a non-ASCII character, outside JMESPath quotes."""
    spans: list[tuple[int, int]] = []
    quote = ""
    index = 0
    while index < len(expression):
        char = expression[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
            index += 1
        elif char in "\"'`":
            quote = char
            index += 1
        elif _word_char(char):
            end = index
            while end < len(expression) and _word_char(expression[end]):
                end += 1
            if not expression[index:end].isascii():
                spans.append((index, end))
            index = end
        else:
            index += 1
    return spans


def _word_char(char: str) -> bool:
    """Part of a bare key: a letter, digit or _ of any script (not white space)."""
    return (char.isalnum() or char == "_" or not char.isascii()) and not char.isspace()


def _quoting_hint(expression: str) -> str | None:
    """How to fix a JMESPath that fails because a key like 姓名 is not quoted, or None."""
    spans = _unquoted_keys(expression)
    if not spans:
        return None
    quoted = expression
    for start, end in reversed(spans):
        quoted = f'{quoted[:start]}"{quoted[start:end]}"{quoted[end:]}'
    first = expression[spans[0][0] : spans[0][1]]
    hint = f'quote keys that are not ASCII identifiers: "{first}"'
    try:
        jmespath.compile(quoted)
    except jmespath.exceptions.JMESPathError:
        return hint
    return f"{hint} (write '{quoted}': single quotes around it in TOML keep the double ones)"


def placeholder_problem(template: str) -> str | None:
    """Why a path or query template is unusable, or None; placeholders are plain names."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"bad placeholder in {template!r}: {exc}"
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            return f"placeholder {{{field}}} must be a plain lookup key name like {{id_number}}"
    return None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _kind(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    names |= {list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)
