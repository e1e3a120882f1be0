"""Write connector files (docs/connectors.md) that point Counter at a running simulator.

``counterapp sim --write-connectors DIR`` and the demo call :func:`write_connectors`. The
files name keyring entries, never secrets: ``counterapp sim`` stores the demo secrets there.
:func:`render_connector` turns any :class:`Connector` into the TOML text the loader reads
back (``parse_connector(render_connector(c))`` gives ``c`` again).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Container, Iterable, Mapping, Sequence
from pathlib import Path

from counterapp.exchange.connector import (
    AuthScheme,
    AuthSettings,
    ColumnMap,
    Connector,
    FieldMap,
    Pagination,
    ProbeIdentity,
    RequestSpec,
    TlsSettings,
)
from counterapp.exchange.connector_loader import FORMAT_VERSION
from counterapp.sim.connector_specs import CONNECTOR_COMMENTS, SIM_CONNECTORS, tls_settings
from counterapp.sim.departments import DEPARTMENT_CLASSES
from counterapp.sim.model import Population
from counterapp.sim.server import Simulator, is_loopback
from counterapp.sim.tls import TlsPaths

_TLS_DEPARTMENTS = frozenset(cls.id for cls in DEPARTMENT_CLASSES if cls.uses_tls)


def write_connectors(
    sim_or_ports: Simulator | Mapping[str, int],
    directory: Path | str,
    tls_paths: TlsPaths | None = None,
    *,
    host: str = "127.0.0.1",
) -> list[Path]:
    """Write ``<department>.toml`` for every simulated department.

    Args:
        sim_or_ports: a running simulator, or department id -> port (e.g. of a simulator
            started by another process with ``--base-port``).
        directory: where to write; created when missing. Existing files are replaced.
        tls_paths: the CA and client certificate for the tax bureau; the simulator's own
            when ``sim_or_ports`` is a simulator and this is None. The paths are written as
            given, so a path starting with ``{data_dir}`` stays a placeholder the loader
            resolves (the shipped demo connectors).
        host: the simulator's host when only ports are given.

    Returns:
        The files written, in department order.

    Raises:
        ValueError: no TLS paths for the tax bureau, or a department's port is missing.
    """
    departments = [c.department_id for c in SIM_CONNECTORS]
    probes: dict[str, str] = {}
    if isinstance(sim_or_ports, Simulator):
        probes = probe_identities(sim_or_ports.population)
        urls = {dept: sim_or_ports.url(dept) for dept in departments}
        tls = tls_paths or sim_or_ports.tls
        host = sim_or_ports.host
    else:
        missing = [dept for dept in departments if dept not in sim_or_ports]
        if missing:
            raise ValueError(f"no port for {', '.join(missing)}")
        shown = f"[{host}]" if ":" in host else host
        urls = {dept: f"{_scheme(dept)}://{shown}:{sim_or_ports[dept]}" for dept in departments}
        tls = tls_paths
    if tls is None:
        raise ValueError("the tax bureau needs TLS paths (CA and client certificate)")
    probes = (
        probe_identities(sim_or_ports.population) if isinstance(sim_or_ports, Simulator) else {}
    )
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for declared in SIM_CONNECTORS:
        dept = declared.department_id
        url = urls[dept]
        http = dataclasses.replace(
            declared.http,
            base_url=url,
            allow_plain_http=not is_loopback(host) and url.startswith("http:"),
        )
        connector = dataclasses.replace(
            declared,
            http=http,
            tls=tls_settings(tls) if dept in _TLS_DEPARTMENTS else declared.tls,
            probe=ProbeIdentity(probes[dept]) if dept in probes else None,
        )
        path = target / f"{dept}.toml"
        text = render_connector(connector, comments=CONNECTOR_COMMENTS.get(dept, ()))
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def probe_identities(population: Population) -> dict[str, str]:
    """Each simulated department's test identity: the first living person it holds a record of.

    Real departments hand IT a test account for health checks; the simulator's stand-in is
    a synthetic person the department answers for, so ``lookup --probe`` sees a record.
    """
    alive = sorted(pid for pid, person in population.people.items() if not person.deceased)
    holders: dict[str, Container[str]] = {
        "hukou": population.people,
        "civil": population.people,
        "hrss": population.social,
        "tax": population.tax,
        "fund": population.housing_fund,
        "realestate": population.properties,
        "market": population.businesses_by_operator,
    }
    probes = {}
    for dept, records in holders.items():
        held = next((pid for pid in alive if pid in records), None)
        if held is not None:
            probes[dept] = held
    return probes


def render_connector(connector: Connector, *, comments: Iterable[str] = ()) -> str:
    """The TOML text of a connector file, in the format ``connector_loader`` reads.

    Keys holding their default are left out where the loader's default is the same value
    (e.g. ``deadline_s = 0``, an unused auth ``header``), so files stay short.

    Args:
        connector: the connector; ``source`` is ignored.
        comments: lines for the comment block at the top of the file.

    Returns:
        The file's text, ending with a newline.
    """
    http = connector.http
    lines = [
        f"# Connector for the simulated {connector.name_en} ({connector.name_zh}), "
        "written by `counterapp sim`.",
        "# Demo only: the secret is in the OS keyring entry named below, never in this file.",
        *(f"# {comment}" for comment in comments),
        _kv("format_version", FORMAT_VERSION),
        "",
        "[department]",
        _kv("id", connector.department_id),
        _kv("name_zh", connector.name_zh),
        _kv("name_en", connector.name_en),
        "",
        "[http]",
        _kv("base_url", http.base_url),
        _kv("allow_plain_http", http.allow_plain_http),
        _kv("connect_timeout_s", http.connect_timeout_s),
        _kv("read_timeout_s", http.read_timeout_s),
        _kv("max_response_bytes", http.max_response_bytes),
    ]
    if http.deadline_s:
        lines.append(_kv("deadline_s", http.deadline_s))
    lines += _tls_lines(connector.tls, https=http.base_url.startswith("https:"))
    lines += _auth_lines(connector.auth)
    if connector.probe is not None:
        lines += ["", "[probe]", _kv("id_number", connector.probe.id_number)]
    for request in connector.requests:
        lines += _request_lines(request)
    return "\n".join(lines) + "\n"


def _tls_lines(tls: TlsSettings, *, https: bool) -> list[str]:
    if tls == TlsSettings() and not https:
        return []
    lines = ["", "[tls]", _kv("verify", tls.verify)]
    for key in ("ca_bundle", "client_cert", "client_key"):
        path = getattr(tls, key)
        if path is not None:
            lines.append(_kv(key, str(path)))
    if tls.allow_unverified:
        lines.append(_kv("allow_unverified", True))
    return lines


def _auth_lines(auth: AuthSettings) -> list[str]:
    lines = ["", "[auth]", _kv("scheme", auth.scheme.value)]
    for key in ("keyring_entry", "app_key", "header", "token_url", "scope"):
        value = getattr(auth, key)
        unused_header = key == "header" and (
            value == AuthSettings.header and auth.scheme is not AuthScheme.API_KEY
        )
        if value and not unused_header:
            lines.append(_kv(key, value))
    return lines


def _request_lines(request: RequestSpec) -> list[str]:
    lines = [
        "",
        "[[requests]]",
        _kv("name", request.name),
        _kv("method", request.method),
        _kv("path", request.path),
        _kv("query", dict(request.query)),
        _kv("format", request.format.value),
        _kv("encoding", request.encoding),
    ]
    if not (request.not_found_status_implicit and request.not_found_status == (404,)):
        # a file that relied on the default keeps doing so (and still warns at load)
        lines.append(_kv("not_found_status", list(request.not_found_status)))
    if request.latest_row_by:
        lines.append(_kv("latest_row_by", request.latest_row_by))
    if request.envelope is not None:
        lines += ["", "[requests.envelope]"]
        for key in ("error_when", "not_found_when", "auth_failed_when", "message", "data"):
            value = getattr(request.envelope, key)
            if value or key == "error_when":
                lines.append(_kv(key, value))
    if request.pagination is not None:
        lines += ["", "[requests.pagination]"]
        page = request.pagination
        for key in ("page_param", "size_param", "size", "items", "total", "max_pages"):
            value = getattr(page, key)
            if key != "max_pages" or value != Pagination.max_pages:
                lines.append(_kv(key, value))
    for field in request.fields:
        lines += _field_lines(field)
    return lines


def _field_lines(field: FieldMap) -> list[str]:
    lines = ["", "[[requests.fields]]", _kv("item", field.item), _kv("path", field.path)]
    if field.convert:
        lines.append(_kv("convert", field.convert))
    if field.value_map:
        lines.append(_kv("value_map", dict(field.value_map)))
    if field.columns:
        lines.append("[requests.fields.columns]")
        lines += [_kv(column.name, _column_value(column)) for column in field.columns]
    return lines


def _column_value(column: ColumnMap) -> str | dict[str, object]:
    if not column.convert and not column.value_map:
        return column.path
    value: dict[str, object] = {"path": column.path}
    if column.convert:
        value["convert"] = column.convert
    if column.value_map:
        value["value_map"] = dict(column.value_map)
    return value


def _scheme(department: str) -> str:
    return "https" if department in _TLS_DEPARTMENTS else "http"


def _kv(key: str, value: object) -> str:
    return f"{_key(key)} = {_value(value)}"


def _key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else json.dumps(key, ensure_ascii=False)


def _value(value: object) -> str:
    """A TOML value: JSON string escapes are valid TOML basic-string escapes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(str(k))} = {_value(v)}" for k, v in value.items())
        return f"{{ {inner} }}" if inner else "{}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
