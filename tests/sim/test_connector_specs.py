"""The simulator's connector declarations are the exchange's model, and survive a round trip.

``render_connector`` (the simulator's writer) and ``parse_connector`` (the app's loader)
must agree on the file format: every declared department, and a connector that sets every
option of the model, comes back from its own TOML text unchanged.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counterapp.catalog import load_catalog
from counterapp.exchange.connector import (
    AuthScheme,
    AuthSettings,
    ColumnMap,
    Connector,
    Envelope,
    FieldMap,
    HttpSettings,
    Pagination,
    ProbeIdentity,
    RequestSpec,
    ResponseFormat,
    TlsSettings,
)
from counterapp.exchange.connector_loader import (
    DATA_DIR_PLACEHOLDER,
    default_connectors_dir,
    parse_connector,
)
from counterapp.exchange.mapping import parse_answer
from counterapp.exchange.status import DepartmentStatus
from counterapp.sim.connector_specs import CONNECTOR_COMMENTS, SIM_CONNECTORS
from counterapp.sim.connectors import render_connector
from counterapp.sim.departments import DEPARTMENT_CLASSES
from counterapp.sim.model import Population

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
_BY_ID = {c.department_id: c for c in SIM_CONNECTORS}


def _resolved(tls: TlsSettings, data_dir: Path) -> TlsSettings:
    """``tls`` with ``{data_dir}`` paths resolved the way the loader does."""

    def resolve(path: Path | None) -> Path | None:
        text = "" if path is None else str(path)
        if not text.startswith(DATA_DIR_PLACEHOLDER):
            return path
        return data_dir / text[len(DATA_DIR_PLACEHOLDER) :].lstrip("/\\")

    return dataclasses.replace(
        tls,
        ca_bundle=resolve(tls.ca_bundle),
        client_cert=resolve(tls.client_cert),
        client_key=resolve(tls.client_key),
    )


def _round_trip(connector: Connector, data_dir: Path, **options: object) -> Connector:
    path = data_dir / f"{connector.department_id}.toml"
    text = render_connector(connector, comments=("a comment line",))
    return parse_connector(text.encode("utf-8"), path, data_dir=data_dir, **options)


def test_declarations_cover_every_simulated_department_in_port_order() -> None:
    assert [c.department_id for c in SIM_CONNECTORS] == [cls.id for cls in DEPARTMENT_CLASSES]
    assert set(CONNECTOR_COMMENTS) <= set(_BY_ID)
    for connector in SIM_CONNECTORS:
        assert isinstance(connector, Connector)
        assert connector.source is None


@pytest.mark.parametrize("department", [c.department_id for c in SIM_CONNECTORS])
def test_every_declared_connector_survives_render_and_parse(
    department: str, tmp_path: Path
) -> None:
    declared = _BY_ID[department]
    known = frozenset(item.code for item in load_catalog())
    loaded = _round_trip(declared, tmp_path, known_items=known)
    assert loaded.source == tmp_path / f"{department}.toml"
    expected = dataclasses.replace(
        declared, source=loaded.source, tls=_resolved(declared.tls, tmp_path)
    )
    assert loaded == expected


def _everything() -> Connector:
    """A connector that sets every option of the model to something other than its default."""
    columns = (ColumnMap("amount", "amt", "decimal", (("x", "1"),)), ColumnMap("note", "n"))
    return Connector(
        "everything",
        "全部",
        "Every option",
        http=HttpSettings("https://10.0.0.9:8443", True, 1.5, 7.0, 123_456, 20.0),
        tls=TlsSettings(False, Path("/etc/ca.pem"), Path("/etc/c.pem"), Path("/etc/c.key"), True),
        auth=AuthSettings(AuthScheme.OAUTH2, "vault/x", "client-7", "X-Key", "/token", "a b"),
        requests=(
            RequestSpec(
                "rows",
                "POST",
                "/rows/{id_number}",
                ResponseFormat.CSV,
                "gbk",
                (("id", "{id_number}"), ("年", "2024")),
                (404, 410),
                fields=(FieldMap("a.year", "年度", "int"),),
                latest_row_by="年度",
            ),
            RequestSpec(
                "paged",
                "GET",
                "/paged",
                ResponseFormat.JSON,
                not_found_status=(),
                envelope=Envelope("code != `0`", "code == `404`", "msg", "data", "code == `9`"),
                pagination=Pagination("p", "n", 20, "list", "count", 7),
                fields=(
                    FieldMap("a.flag", "flag", "bool", (("Y", "true"), ("N", "false"))),
                    FieldMap("a.list", "list", columns=columns),
                ),
            ),
            RequestSpec(
                "implicit",
                "GET",
                "/implicit",
                ResponseFormat.JSON,
                fields=(FieldMap("a.name", "name"),),
                not_found_status_implicit=True,  # the file declares no not_found_status
            ),
        ),
        probe=ProbeIdentity("110101199003070011"),
    )


def _non_default_fields(objects: list[object]) -> set[str]:
    """The fields (with a default) that at least one of ``objects`` sets to another value."""
    changed = set()
    for obj in objects:
        for field in dataclasses.fields(obj):  # type: ignore[arg-type]
            if field.default is not dataclasses.MISSING:
                default = field.default
            elif field.default_factory is not dataclasses.MISSING:
                default = field.default_factory()
            else:
                continue
            if getattr(obj, field.name) != default:
                changed.add(field.name)
    return changed


def _defaulted_fields(cls: type) -> set[str]:
    return {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
    }


def test_the_everything_connector_sets_every_option() -> None:
    # Guards the round trip below: a new option in the model must be rendered too.
    c = _everything()
    fields = [f for r in c.requests for f in r.fields]
    groups: list[tuple[type, list[object]]] = [
        (HttpSettings, [c.http]),
        (TlsSettings, [c.tls]),
        (AuthSettings, [c.auth]),
        (Envelope, [r.envelope for r in c.requests if r.envelope]),
        (Pagination, [r.pagination for r in c.requests if r.pagination]),
        (RequestSpec, list(c.requests)),
        (FieldMap, list(fields)),
        (ColumnMap, [col for f in fields for col in f.columns]),
    ]
    for cls, objects in groups:
        assert _non_default_fields(objects) == _defaulted_fields(cls), cls.__name__
    assert _defaulted_fields(Connector) - _non_default_fields([c]) == {"source"}


def test_every_option_survives_render_and_parse(tmp_path: Path) -> None:
    connector = _everything()
    loaded = _round_trip(connector, tmp_path)
    assert loaded == dataclasses.replace(connector, source=tmp_path / "everything.toml")
    # not compared by ==: a file without not_found_status renders without it again
    assert [r.not_found_status_implicit for r in loaded.requests] == [False, False, True]


def test_data_dir_placeholders_stay_in_the_text() -> None:
    text = render_connector(_BY_ID["tax"])
    assert f'ca_bundle = "{DATA_DIR_PLACEHOLDER}/sim/tls/ca.pem"' in text


def test_as_declared_they_are_the_shipped_demo_connectors() -> None:
    for connector in SIM_CONNECTORS:
        dept = connector.department_id
        text = render_connector(connector, comments=CONNECTOR_COMMENTS.get(dept, ()))
        shipped = default_connectors_dir() / f"{dept}.toml"
        assert text == shipped.read_text(encoding="utf-8"), dept


def test_fund_refusal_inside_http_200_is_auth_failed(client, pick) -> None:
    # The housing fund answers a wrong token with HTTP 200 and code 401 in its envelope.
    spec = _BY_ID["fund"].requests[0]
    person = pick(lambda p: True).id_number
    reply = client.fund(person, token="demo-wrong-token-0000")
    assert reply.status_code == 200 and reply.json()["code"] == 401
    answer = parse_answer(spec, [reply.content], department="fund", retrieved_at=NOW)
    assert answer.status is DepartmentStatus.AUTH_FAILED, answer
    right = client.fund(person)
    answer = parse_answer(spec, [right.content], department="fund", retrieved_at=NOW)
    assert answer.status in (DepartmentStatus.OK, DepartmentStatus.NOT_FOUND), answer


def test_tax_single_values_come_from_the_latest_year_whatever_the_row_order(
    client, pick, population: Population
) -> None:
    person = pick(lambda p: len(population.tax.get(p.id_number, ())) >= 2).id_number
    latest = max(population.tax[person], key=lambda y: y.year)
    body = client.tax(person).content
    header, *rows = body.rstrip(b"\r\n").split(b"\r\n")
    spec = _BY_ID["tax"].requests[0]
    for ordered in (rows, rows[::-1]):
        csv_body = b"\r\n".join([header, *ordered]) + b"\r\n"
        answer = parse_answer(spec, [csv_body], department="tax", retrieved_at=NOW)
        assert answer.ok, answer
        assert answer.values["tax.tax_year"].value == latest.year
