"""Connector files: every kind of mistake is named by file, key and reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from counterapp.exchange.connector import AuthScheme, ResponseFormat
from counterapp.exchange.connector_loader import (
    ConnectorError,
    ConnectorProblem,
    load_connector,
    load_connectors,
)

VALID = """\
format_version = 1

[department]
id = "hukou"
name_zh = "公安机关（户籍）"
name_en = "Public Security"

[http]
base_url = "http://127.0.0.1:8701"
read_timeout_s = 5

[auth]
scheme = "hmac"
keyring_entry = "counterapp/hukou"
app_key = "counter-demo"

[[requests]]
name = "person"
path = "/api/v1/persons/{id_number}"
format = "json"

[requests.envelope]
error_when = "code != `0`"
data = "result"

[[requests.fields]]
item = "person.name"
path = "xm"

[[requests.fields]]
item = "person.gender"
path = "xb"
value_map = { "1" = "1", "2" = "2" }

[[requests.fields]]
item = "person.birth_date"
path = "csrq"
convert = "date:%Y%m%d"

[[requests.fields]]
item = "person.ethnicity"
path = "mz"
"""

XML_REQUEST = """
[[requests]]
name = "marriage"
path = "/marriage"
query = { sfzh = "{id_number}" }
format = "xml"

[[requests.fields]]
item = "marriage.status"
path = "/response/person/hyzk"
"""


def _write(tmp_path: Path, text: str, name: str = "hukou.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path, known_items: frozenset[str] | None = None) -> list[ConnectorProblem]:
    with pytest.raises(ConnectorError) as caught:
        load_connector(path, known_items=known_items)
    return list(caught.value.problems)


def _text(problem: ConnectorProblem) -> str:
    """The message without its directory, which every message names first."""
    message = str(problem)
    prefix = f"in {problem.file.parent.absolute()}{os.sep}"
    assert message.startswith(prefix), message
    return message.removeprefix(prefix)


def _one(tmp_path: Path, text: str, known: frozenset[str] | None = None) -> str:
    problems = _problems(_write(tmp_path, text), known)
    assert len(problems) == 1, problems
    return _text(problems[0])


def test_valid_file_loads(tmp_path: Path, known_items: frozenset[str]) -> None:
    connector = load_connector(_write(tmp_path, VALID + XML_REQUEST), known_items=known_items)
    assert connector.department_id == "hukou"
    assert connector.http.read_timeout_s == 5.0
    assert connector.http.deadline == 7.0  # connect 2 + read 5
    assert connector.auth.scheme is AuthScheme.HMAC
    person, marriage = connector.requests
    assert person.fields[1].value_map == (("1", "1"), ("2", "2"))
    assert person.envelope is not None and person.envelope.data == "result"
    assert marriage.format is ResponseFormat.XML
    assert marriage.query == (("sfzh", "{id_number}"),)
    assert connector.source == tmp_path / "hukou.toml"


def test_unknown_conversion(tmp_path: Path) -> None:
    text = VALID.replace('convert = "date:%Y%m%d"', 'convert = "dat:%Y"')
    assert _one(tmp_path, text).startswith(
        "hukou.toml: requests[0].fields[2].convert: unknown conversion 'dat:%Y'"
    )


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    text = VALID.replace('name_en = "Public Security"', "name_en = Public Security")
    message = _one(tmp_path, text)
    assert message.startswith("hukou.toml: line 6, column 11: invalid TOML")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('id = "hukou"\n', ""), "hukou.toml: department.id: missing (required)"),
        (
            ("[http]\n", "[http]\nbase_ur = 'x'\n"),
            "hukou.toml: http.base_ur: unknown key 'base_ur'",
        ),
        (
            ("read_timeout_s = 5", 'read_timeout_s = "5"'),
            "hukou.toml: http.read_timeout_s: must be a number, got a string",
        ),
        (
            ("read_timeout_s = 5", "read_timeout_s = 0"),
            "hukou.toml: http.read_timeout_s: must be greater than 0, got 0",
        ),
        (
            ('scheme = "hmac"', 'scheme = "kerberos"'),
            "hukou.toml: auth.scheme: unknown auth scheme 'kerberos'",
        ),
        (
            ('format = "json"', 'format = "yaml"'),
            "hukou.toml: requests[0].format: unknown format 'yaml'",
        ),
        (
            ('path = "xm"', 'path = "xm["'),
            "hukou.toml: requests[0].fields[0].path: invalid JMESPath 'xm['",
        ),
        (
            ('error_when = "code != `0`"', 'error_when = "code !!= 0"'),
            "hukou.toml: requests[0].envelope.error_when: invalid JMESPath",
        ),
        (
            ('id = "hukou"', 'id = "civil"'),
            "hukou.toml: department.id: 'civil' differs from the file name 'hukou.toml'",
        ),
        (
            ('app_key = "counter-demo"\n', ""),
            "hukou.toml: auth.app_key: scheme hmac needs app_key",
        ),
        (
            ("/api/v1/persons/{id_number}", "/api/v1/persons/{id_number.__class__}"),
            "hukou.toml: requests[0].path: placeholder {id_number.__class__} must be",
        ),
        (
            ('value_map = { "1" = "1", "2" = "2" }', 'value_map = { "1" = 1 }'),
            "hukou.toml: requests[0].fields[1].value_map.1: must be a string, got an integer",
        ),
        (
            ("format_version = 1", "format_version = 2"),
            "hukou.toml: format_version: this Counter reads format_version 1",
        ),
    ],
)
def test_bad_values_are_named(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    assert VALID.count(change[0]) >= 1
    assert _one(tmp_path, VALID.replace(change[0], change[1], 1)).startswith(expected)


def test_invalid_xpath(tmp_path: Path) -> None:
    text = VALID + XML_REQUEST.replace("/response/person/hyzk", "/response/person[")
    assert _one(tmp_path, text).startswith(
        "hukou.toml: requests[1].fields[0].path: invalid XPath '/response/person['"
    )


def test_unknown_catalog_item(tmp_path: Path, known_items: frozenset[str]) -> None:
    text = VALID.replace('item = "person.name"', 'item = "person.nmae"')
    message = _one(tmp_path, text, known_items)
    assert message == "hukou.toml: requests[0].fields[0].item: unknown catalog item 'person.nmae'"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        VALID.replace('scheme = "hmac"', 'scheme = "magic"')
        .replace('path = "xm"', 'path = "xm["')
        .replace('convert = "date:%Y%m%d"', 'convert = "dat:%Y"')
    )
    keys = [p.key for p in _problems(_write(tmp_path, text))]
    assert keys == ["auth.scheme", "requests[0].fields[0].path", "requests[0].fields[2].convert"]


def test_plain_http_to_another_host_is_refused(tmp_path: Path) -> None:
    text = VALID.replace("http://127.0.0.1:8701", "http://10.20.0.5:8080")
    assert _one(tmp_path, text).startswith(
        "hukou.toml: http.base_url: plain http to 10.20.0.5 is refused"
    )
    allowed = text.replace("[http]\n", "[http]\nallow_plain_http = true\n")
    assert load_connector(_write(tmp_path, allowed)).http.allow_plain_http


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "[::1]", "localhost"])
def test_plain_http_to_loopback_is_fine(tmp_path: Path, host: str) -> None:
    text = VALID.replace("http://127.0.0.1:8701", f"http://{host}:8701")
    assert load_connector(_write(tmp_path, text)).http.base_url == f"http://{host}:8701"


def test_unverified_tls_to_another_host_needs_explicit_consent(tmp_path: Path) -> None:
    text = VALID.replace("http://127.0.0.1:8701", "https://hukou.gov.example").replace(
        "[auth]", "[tls]\nverify = false\n\n[auth]"
    )
    assert _one(tmp_path, text).startswith(
        "hukou.toml: tls.verify: an unverified TLS connection to another machine is refused"
    )
    allowed = text.replace("verify = false\n", "verify = false\nallow_unverified = true\n")
    assert load_connector(_write(tmp_path, allowed)).tls.verify is False


def test_tls_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    text = VALID.replace("http://127.0.0.1:8701", "https://127.0.0.1:8704").replace(
        "[auth]",
        '[tls]\nca_bundle = "certs/ca.pem"\nclient_cert = "/etc/counter/client.pem"\n'
        'client_key = "{data_dir}/sim/tls/client.key"\n\n[auth]',
    )
    path = _write(tmp_path, text)
    tls = load_connector(path, data_dir=tmp_path / "data").tls
    assert tls.ca_bundle == tmp_path / "certs" / "ca.pem"
    assert tls.client_cert == Path("/etc/counter/client.pem")
    assert tls.client_key == tmp_path / "data" / "sim" / "tls" / "client.key"


def test_client_cert_scheme_needs_a_certificate_and_https(tmp_path: Path) -> None:
    text = VALID.replace('scheme = "hmac"', 'scheme = "client_cert"')
    messages = [_text(p) for p in _problems(_write(tmp_path, text))]
    assert messages == [
        "hukou.toml: auth.scheme: scheme client_cert needs tls.client_cert",
        "hukou.toml: auth.scheme: scheme client_cert needs an https base_url",
    ]


def test_missing_tables(tmp_path: Path) -> None:
    messages = [_text(p) for p in _problems(_write(tmp_path, "format_version = 1\n"))]
    assert "hukou.toml: department: missing (this table is required)" in messages
    assert "hukou.toml: http: missing (this table is required)" in messages
    assert any(m.startswith("hukou.toml: requests: missing") for m in messages)


def test_an_item_read_twice_is_refused(tmp_path: Path) -> None:
    text = VALID.replace('item = "person.gender"', 'item = "person.name"')
    assert _one(tmp_path, text) == (
        "hukou.toml: requests[0].fields[1].item: 'person.name' is already read by "
        "requests[0].fields[0]"
    )


def test_list_item_columns(tmp_path: Path) -> None:
    text = VALID + (
        '\n[[requests.fields]]\nitem = "realestate.properties"\npath = "properties"\n'
        "[requests.fields.columns]\n"
        'certificate_number = "certNo"\n'
        'area_m2 = { path = "area", convert = "decimal" }\n'
        'bad = { path = "x", convert = "float" }\n'
    )
    assert _one(tmp_path, text).startswith(
        "hukou.toml: requests[0].fields[4].columns.bad.convert: unknown conversion 'float'"
    )
    good = load_connector(_write(tmp_path, text.replace('"float"', '"int"')))
    columns = good.requests[0].fields[4].columns
    assert [c.name for c in columns] == ["certificate_number", "area_m2", "bad"]
    assert columns[1].convert == "decimal"


def test_directory_collects_every_file_problem(tmp_path: Path) -> None:
    _write(tmp_path, VALID)
    _write(tmp_path, VALID.replace('id = "hukou"', 'id = "tax"'), "civil.toml")
    _write(tmp_path, "[department\n", "fund.toml")
    (tmp_path / "notes.txt").write_text("not a connector")
    with pytest.raises(ConnectorError) as caught:
        load_connectors(tmp_path)
    files = [p.file.name for p in caught.value.problems]
    assert files == ["civil.toml", "fund.toml"]
    (tmp_path / "civil.toml").unlink()
    (tmp_path / "fund.toml").unlink()
    assert list(load_connectors(tmp_path)) == ["hukou"]


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(ConnectorError, match="cannot read the connectors directory"):
        load_connectors(tmp_path / "nowhere")
