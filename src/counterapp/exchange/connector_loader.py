"""Read department connector files (docs/connectors.md) into checked :class:`Connector` values.

A connector file is edited by IT, not by programmers, so a mistake must be reported where
it is and all at once: every problem names the file with its directory, the key and the
reason, e.g. ``in /etc/counterapp/connectors/hukou.toml: requests[0].fields[3].convert:
unknown conversion 'dat:%Y'``. Path
expressions are compiled here (JMESPath, XPath) so that a typo fails at start-up, not when
the department answers. Unsafe transport settings are refused here too: plain HTTP or an
unverified TLS connection to a host other than this machine needs an explicit opt-in.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from counterapp.config.loader import user_data_dir
from counterapp.exchange.connector import (
    AuthScheme,
    AuthSettings,
    Connector,
    HttpSettings,
    ProbeIdentity,
    TlsSettings,
)
from counterapp.exchange.connector_requests import read_requests
from counterapp.exchange.connector_rules import Section, check_url, is_loopback
from counterapp.resources import resource_path
from counterapp.standards import resident_id

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
# A TLS path may start with this to mean Counter's user data directory (the demo's CA).
DATA_DIR_PLACEHOLDER = "{data_dir}"
_TOML_POSITION = re.compile(r"\s*\(at (?P<where>[^()]*)\)\s*$")
_DEPARTMENT_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
_TOP_KEYS = ("format_version", "department", "http", "tls", "auth", "requests", "probe")
_NEEDS_SECRET = (AuthScheme.API_KEY, AuthScheme.HMAC, AuthScheme.OAUTH2)
_NEEDS_APP_KEY = (AuthScheme.HMAC, AuthScheme.OAUTH2)


@dataclass(frozen=True)
class ConnectorProblem:
    """One thing wrong in a connector file.

    Attributes:
        file: the connector file (or the directory, for a problem with the directory).
        key: where in the file, e.g. ``requests[0].fields[3].convert`` (0-based indexes),
            ``line 3, column 5`` for a TOML syntax error; "" for the whole file.
        reason: what is wrong.
    """

    file: Path
    key: str
    reason: str

    def __str__(self) -> str:
        # The whole path: IT must know which directory a workstation read, not just the name.
        where = f"in {self.file.absolute()}"
        return f"{where}: {self.key}: {self.reason}" if self.key else f"{where}: {self.reason}"


class ConnectorError(Exception):
    """One or more connector files cannot be used; carries every problem, one per line."""

    def __init__(self, problems: Sequence[ConnectorProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def default_connectors_dir() -> Path:
    """The shipped demo connectors, pointing at ``counterapp sim`` on loopback."""
    return resource_path("connectors")


def load_connectors(
    directory: Path | str,
    *,
    known_items: frozenset[str] | None = None,
    data_dir: Path | None = None,
) -> dict[str, Connector]:
    """Load every ``*.toml`` file of a connectors directory.

    Args:
        directory: the connectors directory.
        known_items: the catalog's item codes; a field naming another code is a problem.
            None skips that check.
        data_dir: what ``{data_dir}`` in a TLS path stands for (the user data directory
            when None).

    Returns:
        Department id -> connector, in file name order.

    Raises:
        ConnectorError: the directory cannot be read or any file has problems; lists the
            problems of every file, not only the first bad one.
    """
    directory = Path(directory)
    try:
        files = sorted(p for p in directory.iterdir() if p.suffix == ".toml" and p.is_file())
    except OSError as exc:
        reason = f"cannot read the connectors directory: {exc.strerror or exc}"
        raise ConnectorError([ConnectorProblem(directory, "", reason)]) from None
    connectors: dict[str, Connector] = {}
    problems: list[ConnectorProblem] = []
    for file in files:
        try:
            connector = load_connector(file, known_items=known_items, data_dir=data_dir)
        except ConnectorError as exc:
            problems.extend(exc.problems)
        else:
            connectors[connector.department_id] = connector
    if problems:
        raise ConnectorError(problems)
    return connectors


def load_connector(
    path: Path | str,
    *,
    known_items: frozenset[str] | None = None,
    data_dir: Path | None = None,
) -> Connector:
    """Load and check one connector file.

    Args:
        path: the file, named ``<department-id>.toml``.
        known_items: the catalog's item codes (None skips the check).
        data_dir: what ``{data_dir}`` in a TLS path stands for (see :func:`load_connectors`).

    Returns:
        The connector, with TLS paths made absolute (relative ones are relative to the file).

    Raises:
        ConnectorError: the file cannot be read or has problems; lists all of them.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = f"cannot read the connector file: {exc.strerror or exc}"
        raise ConnectorError([ConnectorProblem(path, "", reason)]) from None
    return parse_connector(raw, path, known_items=known_items, data_dir=data_dir)


def parse_connector(
    raw: bytes,
    path: Path,
    *,
    known_items: frozenset[str] | None = None,
    data_dir: Path | None = None,
) -> Connector:
    """Check the bytes of a connector file (see :func:`load_connector`)."""
    problems: list[ConnectorProblem] = []
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConnectorError([ConnectorProblem(path, f"line {line}", "not UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        key = match.group("where") if match else ""
        reason = str(exc)[: match.start()] if match else str(exc)
        raise ConnectorError([ConnectorProblem(path, key, f"invalid TOML: {reason}")]) from None

    def report(key: str, reason: str) -> None:
        problems.append(ConnectorProblem(path, key, reason))

    root = Section(report, "", data, _TOP_KEYS)
    version = root.integer("format_version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        report("format_version", f"this Counter reads format_version {FORMAT_VERSION}")
    department = root.table("department", ("id", "name_zh", "name_en"), required=True)
    dept_id = department.text("id", required=True)
    if dept_id and not _DEPARTMENT_ID.match(dept_id):
        report("department.id", f"{dept_id!r} must be lower-case letters, digits, _ or -")
    elif dept_id and dept_id != path.stem:
        report("department.id", f"{dept_id!r} differs from the file name {path.name!r}")
    http = _http(root)
    tls = _tls(root, path, http, data_dir)
    auth = _auth(root, http, tls)
    name_zh = department.text("name_zh", required=True)
    name_en = department.text("name_en", required=True)
    requests = read_requests(root, known_items)
    probe = _probe(root)
    if problems:
        raise ConnectorError(problems)
    connector = Connector(
        department_id=dept_id,
        name_zh=name_zh,
        name_en=name_en,
        http=http,
        tls=tls,
        auth=auth,
        requests=requests,
        source=path,
        probe=probe,
    )
    _warn_default_not_found(connector, path)
    return connector


def default_not_found_requests(connector: Connector) -> tuple[str, ...]:
    """The requests that rely on the default ``not_found_status = [404]`` (none declared).

    With that default an HTTP 404 means "no such person" — but a wrong path or base URL
    answers 404 too, so such a connector reports every applicant as not found instead of
    failing. ``counterapp doctor`` may ask this as :func:`load_connector` warns at load.
    """
    return tuple(spec.name for spec in connector.requests if spec.not_found_status_implicit)


def _warn_default_not_found(connector: Connector, path: Path) -> None:
    names = default_not_found_requests(connector)
    if names:
        listed = ", ".join(repr(name) for name in names)
        log.warning(
            "in %s: request %s declares no not_found_status, so the default [404] applies: "
            "an HTTP 404 is taken as 'no record for this person', and a wrong path or base URL "
            "answers 404 too. Declare not_found_status = [404] when the department answers 404 "
            "for an unknown person, or [] when it says so inside an HTTP 200 answer.",
            path.absolute(),
            listed,
        )


def _probe(root: Section) -> ProbeIdentity | None:
    """``[probe] id_number``: the department's test identity, checked as a resident ID."""
    section = root.table("probe", ("id_number",))
    id_number = section.text("id_number")
    if not id_number:
        return None
    checked = resident_id.validate(id_number)
    if not checked.ok or checked.normalized is None:
        section.report("id_number", f"not a valid resident ID number: {checked.reason}")
        return None
    return ProbeIdentity(checked.normalized)


def _http(root: Section) -> HttpSettings:
    keys = ("base_url", "allow_plain_http", "connect_timeout_s", "read_timeout_s")
    section = root.table("http", (*keys, "max_response_bytes", "deadline_s"), required=True)
    defaults = HttpSettings(base_url="")
    allow_plain = section.flag("allow_plain_http", defaults.allow_plain_http)
    base_url = section.text("base_url", required=True).rstrip("/")
    if base_url:
        check_url(section, "base_url", base_url, allow_plain_http=allow_plain, relative=False)
    return HttpSettings(
        base_url=base_url,
        allow_plain_http=allow_plain,
        connect_timeout_s=section.number("connect_timeout_s", defaults.connect_timeout_s),
        read_timeout_s=section.number("read_timeout_s", defaults.read_timeout_s),
        max_response_bytes=section.integer("max_response_bytes", defaults.max_response_bytes),
        deadline_s=section.number("deadline_s", defaults.deadline_s, minimum=0.0),
    )


def _tls(root: Section, path: Path, http: HttpSettings, data_dir: Path | None) -> TlsSettings:
    keys = ("verify", "ca_bundle", "client_cert", "client_key", "allow_unverified")
    section = root.table("tls", keys)
    verify = section.flag("verify", True)
    allow_unverified = section.flag("allow_unverified", False)
    if not verify and not allow_unverified and http.base_url and not is_loopback(http.base_url):
        section.report(
            "verify",
            "an unverified TLS connection to another machine is refused: give the "
            "department's CA in ca_bundle, or set tls.allow_unverified = true",
        )

    def file(key: str) -> Path | None:
        text = section.text(key)
        if text.startswith(DATA_DIR_PLACEHOLDER):
            base = data_dir if data_dir is not None else user_data_dir()
            return base / text[len(DATA_DIR_PLACEHOLDER) :].lstrip("/\\")
        return (path.parent / Path(text).expanduser()) if text else None

    client_cert, client_key = file("client_cert"), file("client_key")
    if client_key and not client_cert:
        section.report("client_key", "needs tls.client_cert as well")
    return TlsSettings(verify, file("ca_bundle"), client_cert, client_key, allow_unverified)


def _auth(root: Section, http: HttpSettings, tls: TlsSettings) -> AuthSettings:
    keys = ("scheme", "keyring_entry", "app_key", "client_id", "header", "token_url", "scope")
    section = root.table("auth", keys)
    scheme_text = section.text("scheme", AuthScheme.NONE.value)
    try:
        scheme = AuthScheme(scheme_text)
    except ValueError:
        known = ", ".join(s.value for s in AuthScheme)
        section.report("scheme", f"unknown auth scheme {scheme_text!r} (known: {known})")
        scheme = AuthScheme.NONE
    app_key = section.text("app_key")
    client_id = section.text("client_id")
    if client_id and app_key and client_id != app_key:
        section.report("client_id", "differs from app_key (give one of them)")
    app_key = app_key or client_id
    auth = AuthSettings(
        scheme=scheme,
        keyring_entry=section.text("keyring_entry"),
        app_key=app_key,
        header=section.text("header", AuthSettings.header),
        token_url=section.text("token_url"),
        scope=section.text("scope"),
    )
    if scheme in _NEEDS_SECRET and not auth.keyring_entry:
        section.report("keyring_entry", f"scheme {scheme.value} needs the keyring entry")
    if scheme in _NEEDS_APP_KEY and not auth.app_key:
        section.report("app_key", f"scheme {scheme.value} needs app_key")
    if scheme is AuthScheme.API_KEY and not auth.header:
        section.report("header", "scheme api_key needs the header name")
    if scheme is AuthScheme.OAUTH2:
        if not auth.token_url:
            section.report("token_url", "scheme oauth2 needs token_url")
        else:
            check_url(
                section,
                "token_url",
                auth.token_url,
                allow_plain_http=http.allow_plain_http,
                relative=True,
            )
    if scheme is AuthScheme.CLIENT_CERT:
        if tls.client_cert is None:
            section.report("scheme", "scheme client_cert needs tls.client_cert")
        if http.base_url and not http.base_url.startswith("https://"):
            section.report("scheme", "scheme client_cert needs an https base_url")
    return auth
