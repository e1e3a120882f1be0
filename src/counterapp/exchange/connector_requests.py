"""Read the ``[[requests]]`` of a connector file: what to ask and how to read the answer.

Paths are checked in the language of the request's format (JMESPath for json, XPath for
xml, a column name for csv), conversions against the known ones, and item codes against
the catalog, so a connector that loads is one the parser can use.
"""

from __future__ import annotations

import codecs

from counterapp.exchange.connector import (
    ColumnMap,
    Envelope,
    FieldMap,
    Pagination,
    RequestSpec,
    ResponseFormat,
)
from counterapp.exchange.connector_rules import Section, path_problem, placeholder_problem
from counterapp.exchange.conversions import check_conversion

METHODS = ("GET", "HEAD", "POST")
_REQUEST_KEYS = (
    *("name", "method", "path", "query", "format", "encoding", "not_found_status"),
    "latest_row_by",
)
_REQUEST_TABLES = ("envelope", "pagination", "fields")
_FIELD_KEYS = ("item", "path", "convert", "value_map", "columns")
_COLUMN_KEYS = ("path", "convert", "value_map")
_ENVELOPE_KEYS = ("error_when", "not_found_when", "message", "data", "auth_failed_when")
_PAGINATION_KEYS = ("page_param", "size_param", "size", "items", "total", "max_pages")


def read_requests(root: Section, known_items: frozenset[str] | None) -> tuple[RequestSpec, ...]:
    """Read and check every ``[[requests]]`` table.

    Args:
        root: the file's top-level table.
        known_items: the catalog's item codes (None skips the check).

    Returns:
        The request specs; problems are reported through ``root``.
    """
    sections = root.tables("requests", (*_REQUEST_KEYS, *_REQUEST_TABLES))
    if root.data.get("requests") in (None, []):
        root.report("requests", "missing: a connector needs at least one [[requests]]")
    specs: list[RequestSpec] = []
    names: set[str] = set()
    items: dict[str, str] = {}
    for section in sections:
        spec = _request(section, known_items, items)
        if spec.name in names:
            section.report("name", f"another request is already named {spec.name!r}")
        names.add(spec.name)
        specs.append(spec)
    return tuple(specs)


def _request(section: Section, known: frozenset[str] | None, items: dict[str, str]) -> RequestSpec:
    name = section.text("name", required=True)
    method = section.text("method", "GET").upper()
    if method not in METHODS:
        section.report("method", f"must be one of {', '.join(METHODS)}, got {method!r}")
    path = section.text("path", required=True)
    if path and not path.startswith("/"):
        section.report("path", "must start with / (it is appended to http.base_url)")
    if problem := placeholder_problem(path):
        section.report("path", problem)
    query = section.strings("query")
    for key, value in query:
        if problem := placeholder_problem(value):
            section.report(f"query.{key}", problem)
    format_text = section.text("format", required=True)
    try:
        fmt = ResponseFormat(format_text)
    except ValueError:
        fmt = ResponseFormat.JSON
        if format_text:
            known_formats = ", ".join(f.value for f in ResponseFormat)
            section.report("format", f"unknown format {format_text!r} (known: {known_formats})")
    encoding = section.text("encoding", "utf-8")
    try:
        codecs.lookup(encoding)
    except LookupError:
        section.report("encoding", f"unknown text encoding {encoding!r}")
    latest_row_by = section.text("latest_row_by")
    if latest_row_by and fmt is not ResponseFormat.CSV:
        section.report("latest_row_by", "only csv answers have rows to choose from")
    fields = tuple(_field(sub, fmt, known, items) for sub in section.tables("fields", _FIELD_KEYS))
    if not fields:
        section.report("fields", "missing: a request needs at least one [[requests.fields]]")
    return RequestSpec(
        name=name,
        method=method,
        path=path,
        format=fmt,
        encoding=encoding,
        query=query,
        not_found_status=_statuses(section),
        not_found_status_implicit="not_found_status" not in section.data,
        envelope=_envelope(section, fmt),
        pagination=_pagination(section, fmt),
        fields=fields,
        latest_row_by=latest_row_by,
    )


def _statuses(section: Section) -> tuple[int, ...]:
    value = section.data.get("not_found_status", [404])
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 100 <= v <= 599 for v in value
    ):
        section.report("not_found_status", "must be an array of HTTP statuses (100-599)")
        return (404,)
    return tuple(value)


def _envelope(section: Section, fmt: ResponseFormat) -> Envelope | None:
    if "envelope" not in section.data:
        return None
    table = section.table("envelope", _ENVELOPE_KEYS)
    if fmt is ResponseFormat.CSV:
        section.report("envelope", "an envelope needs a json or xml answer")
    values = {key: table.text(key) for key in _ENVELOPE_KEYS}
    if not values["error_when"]:
        table.report("error_when", "missing (required)")
    for key, expression in values.items():
        if expression and (problem := path_problem(fmt, expression)):
            table.report(key, problem)
    return Envelope(**values)


def _pagination(section: Section, fmt: ResponseFormat) -> Pagination | None:
    if "pagination" not in section.data:
        return None
    table = section.table("pagination", _PAGINATION_KEYS)
    default = Pagination()
    paging = Pagination(
        page_param=table.text("page_param", default.page_param),
        size_param=table.text("size_param", default.size_param),
        size=table.integer("size", default.size),
        items=table.text("items", default.items),
        total=table.text("total", default.total),
        max_pages=table.integer("max_pages", default.max_pages),
    )
    for key in ("page_param", "size_param"):
        if not getattr(paging, key):
            table.report(key, "must not be empty")
    for key in ("items", "total"):
        if problem := path_problem(fmt, getattr(paging, key)):
            table.report(key, problem)
    return paging


def _field(
    section: Section, fmt: ResponseFormat, known: frozenset[str] | None, items: dict[str, str]
) -> FieldMap:
    item = section.text("item", required=True)
    if item and known is not None and item not in known:
        section.report("item", f"unknown catalog item {item!r}")
    if item and item in items:
        section.report("item", f"{item!r} is already read by {items[item]}")
    items.setdefault(item, section.prefix)
    path = section.text("path", required=True)
    if path and (problem := path_problem(fmt, path)):
        section.report("path", problem)
    convert = _convert(section)
    columns: list[ColumnMap] = []
    if "columns" in section.data:
        raw = section.data["columns"]  # every column name is allowed; not a table is reported
        table = section.table("columns", tuple(raw) if isinstance(raw, dict) else ())
        for name, spec in table.data.items():
            columns.append(_column(table, name, spec, fmt))
        if not columns:
            section.report("columns", "must name at least one column")
    return FieldMap(item, path, convert, section.strings("value_map"), tuple(columns))


def _column(table: Section, name: str, spec: object, fmt: ResponseFormat) -> ColumnMap:
    if isinstance(spec, str):
        column = ColumnMap(name, spec.strip())
    elif isinstance(spec, dict):
        sub = table.table(name, _COLUMN_KEYS)
        column = ColumnMap(
            name, sub.text("path", required=True), _convert(sub), sub.strings("value_map")
        )
    else:
        table.report(name, "must be a path string or a table {path, convert, value_map}")
        return ColumnMap(name, "")
    key = name if isinstance(spec, str) else f"{name}.path"
    if (column.path or isinstance(spec, str)) and (problem := path_problem(fmt, column.path)):
        table.report(key, problem)
    return column


def _convert(section: Section) -> str:
    convert = section.text("convert")
    if convert:
        try:
            check_conversion(convert)
        except ValueError as exc:
            section.report("convert", str(exc))
            return ""
    return convert
