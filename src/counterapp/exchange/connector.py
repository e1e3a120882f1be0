"""A department connector, as declared by its TOML file (see docs/connectors.md).

These frozen dataclasses are the validated, typed form of one file; ``connector_loader``
builds them and reports every problem with the file, the key and the reason.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class AuthScheme(enum.Enum):
    NONE = "none"
    API_KEY = "api_key"
    HMAC = "hmac"
    OAUTH2 = "oauth2"
    CLIENT_CERT = "client_cert"


class ResponseFormat(enum.Enum):
    JSON = "json"
    XML = "xml"
    CSV = "csv"


@dataclass(frozen=True)
class HttpSettings:
    base_url: str
    allow_plain_http: bool = False
    connect_timeout_s: float = 2.0
    read_timeout_s: float = 5.0
    max_response_bytes: int = 2_000_000
    # Overall limit for one call (all attempts, all pages); 0 = connect + read timeout.
    deadline_s: float = 0.0

    @property
    def deadline(self) -> float:
        """Seconds one call may take in all, retries and pages included."""
        return self.deadline_s or self.connect_timeout_s + self.read_timeout_s


@dataclass(frozen=True)
class TlsSettings:
    verify: bool = True
    ca_bundle: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    # verify = false to a non-loopback host is refused unless this is true as well.
    allow_unverified: bool = False


@dataclass(frozen=True)
class AuthSettings:
    """How to authenticate; the secret itself is in the OS keyring under ``keyring_entry``.

    ``app_key`` is the public identifier (HMAC app key, OAuth2 client id, keyring user name).
    """

    scheme: AuthScheme = AuthScheme.NONE
    keyring_entry: str = ""
    app_key: str = ""
    header: str = "X-Api-Key"  # api_key
    token_url: str = ""  # oauth2, relative to base_url or absolute
    scope: str = ""  # oauth2


@dataclass(frozen=True)
class Envelope:
    """Rules for APIs that answer HTTP 200 with an error inside the body.

    Expressions are in the format's path language: JMESPath (json) or XPath (xml).
    """

    error_when: str = ""
    not_found_when: str = ""
    message: str = ""
    data: str = ""
    auth_failed_when: str = ""  # optional; truthy = the credentials were refused


@dataclass(frozen=True)
class Pagination:
    page_param: str = "page"
    size_param: str = "size"
    size: int = 50
    items: str = "records"
    total: str = "total"
    max_pages: int = 100


@dataclass(frozen=True)
class ColumnMap:
    """One sub-field of a list item: path relative to each element, optional conversion."""

    name: str
    path: str
    convert: str = ""
    value_map: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FieldMap:
    """How one catalog item is read from a department's answer."""

    item: str  # catalog item code
    path: str  # JMESPath (json) | XPath (xml) | column name (csv)
    convert: str = ""  # see docs/connectors.md "Conversions"
    value_map: tuple[tuple[str, str], ...] = ()
    columns: tuple[ColumnMap, ...] = ()  # non-empty for list items

    @property
    def is_list(self) -> bool:
        return bool(self.columns)


@dataclass(frozen=True)
class RequestSpec:
    """One request a department needs to answer for one person."""

    name: str
    method: str
    path: str  # may hold {id_number} and other lookup keys
    format: ResponseFormat
    encoding: str = "utf-8"
    query: tuple[tuple[str, str], ...] = ()
    not_found_status: tuple[int, ...] = (404,)
    envelope: Envelope | None = None
    pagination: Pagination | None = None
    fields: tuple[FieldMap, ...] = ()
    # csv: single-valued fields read the row with the greatest value in this column
    # (e.g. the latest tax year); "" reads the first row (docs/connectors.md "CSV rows")
    latest_row_by: str = ""
    # True when the file declared no not_found_status and the default (404,) applies: a
    # wrong path answers 404 too, so the loader and the transport warn (docs/connectors.md)
    not_found_status_implicit: bool = field(default=False, compare=False)

    @property
    def items(self) -> frozenset[str]:
        return frozenset(f.item for f in self.fields)


@dataclass(frozen=True)
class ProbeIdentity:
    """The test identity a department set up for health checks (``[probe]``).

    ``counterapp lookup --probe`` and ``doctor`` ask the department about this person, never
    about a real applicant, so a probe needs no applicant's consent (docs/connectors.md).
    """

    id_number: str


@dataclass(frozen=True)
class Connector:
    """One department: where it is, how to authenticate, what to ask and how to read it."""

    department_id: str
    name_zh: str
    name_en: str
    http: HttpSettings
    tls: TlsSettings = field(default_factory=TlsSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)
    requests: tuple[RequestSpec, ...] = ()
    source: Path | None = None  # the file it was loaded from
    probe: ProbeIdentity | None = None  # the department's test identity, when it has one

    @property
    def items(self) -> frozenset[str]:
        """Every catalog item this department can provide."""
        return frozenset().union(*(r.items for r in self.requests))
