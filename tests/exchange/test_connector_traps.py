"""Connector format traps (issue 10, defect 5): the default 404, Chinese keys, whose file.

The not-found warnings are checked against the simulator over loopback: a connector with a
wrong path gets the department's real 404 ("接口不存在"), which the default
``not_found_status = [404]`` takes for "no such person".
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from counterapp.exchange.connector import Connector
from counterapp.exchange.connector_loader import (
    ConnectorError,
    default_not_found_requests,
    load_connector,
    load_connectors,
    parse_connector,
)
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.mapping import parse_answer
from counterapp.exchange.not_found_watch import (
    NotFoundWatch,
    not_found_records,
    suspicious_not_found,
)
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.transport import DepartmentClient
from helpers.recorded_answers import RETRIEVED_AT, recorded

LOADER_LOG = "counterapp.exchange.connector_loader"
WATCH_LOG = "counterapp.exchange.not_found_watch"

CHINESE_KEYS = """\
format_version = 1

[department]
id = "hukou"
name_zh = "公安机关（户籍）"
name_en = "Public Security (household registration)"

[http]
base_url = "http://127.0.0.1:8701"

[[requests]]
name = "household"
path = "/api/v1/households/{id_number}"
format = "json"
not_found_status = [404]

[[requests.fields]]
item = "household.number"
path = '"户号"'

[[requests.fields]]
item = "household.head_name"
path = '"户主"."姓名"'

[[requests.fields]]
item = "household.head_id_number"
path = '"户主"."公民身份号码"'

[[requests.fields]]
item = "household.members"
path = '"成员"'
[requests.fields.columns]
name = '"姓名"'
relation = '"与户主关系"'
"""


def _write(directory: Path, text: str, name: str = "hukou.toml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _warnings(caplog: pytest.LogCaptureFixture, logger: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == logger and r.levelname == "WARNING"]


# --- a. the default not_found_status, at load --------------------------------------------


def test_relying_on_the_default_404_is_a_warning_naming_the_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = CHINESE_KEYS.replace("not_found_status = [404]\n", "")
    path = _write(tmp_path / "connectors", text)
    with caplog.at_level(logging.WARNING, logger=LOADER_LOG):
        connector = load_connector(path)
    [warning] = _warnings(caplog, LOADER_LOG)
    assert warning.startswith(f"in {path.absolute()}: request 'household' declares no ")
    assert "default [404]" in warning and "a wrong path or base URL answers 404" in warning
    assert connector.requests[0].not_found_status == (404,)
    assert default_not_found_requests(connector) == ("household",)


def test_an_explicit_not_found_status_loads_silently(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=LOADER_LOG):
        connector = load_connector(_write(tmp_path, CHINESE_KEYS))
        none = load_connector(_write(tmp_path / "b", CHINESE_KEYS.replace("= [404]", "= []")))
    assert _warnings(caplog, LOADER_LOG) == []
    assert default_not_found_requests(connector) == ()
    assert none.requests[0].not_found_status == ()


def test_the_simulator_connectors_declare_it(connectors: dict[str, Connector]) -> None:
    # what `counterapp sim --write-connectors` writes is what IT copies: no warning there
    assert all(not default_not_found_requests(c) for c in connectors.values())


# --- a. the default not_found_status, at run time ----------------------------------------


def _wrong_path(connector: Connector, path: str) -> Connector:
    person = connector.requests[0]
    return dataclasses.replace(connector, requests=(dataclasses.replace(person, path=path),))


def test_a_wrong_path_answers_404_and_warns_once(
    connectors: dict[str, Connector],
    credentials: CredentialStore,
    person_id: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    hukou = connectors["hukou"]
    wrong = _wrong_path(hukou, "/api/v1/persona/{id_number}")  # a typo: persona
    assert not suspicious_not_found(wrong)
    with (
        caplog.at_level(logging.WARNING, logger=WATCH_LOG),
        DepartmentClient(wrong, credentials) as client,
    ):
        first = client.fetch("person", {"id_number": person_id})
        second = client.fetch("person", {"id_number": person_id})
    # the trap itself: a real person, reported as unknown
    assert first.status is DepartmentStatus.NOT_FOUND and first.http_status == 404
    assert second.status is DepartmentStatus.NOT_FOUND
    [warning] = _warnings(caplog, WATCH_LOG)  # once per request, not per answer
    assert warning.startswith(f"hukou ({hukou.source}): request 'person' answered HTTP 404")
    assert "A wrong path or base URL also answers 404" in warning
    assert f"GET {hukou.http.base_url}/api/v1/persona/{{id_number}}" in warning
    assert "counterapp lookup --probe --departments hukou" in warning
    # the question `counterapp doctor` asks
    assert suspicious_not_found(wrong)
    [record] = not_found_records(wrong)
    assert (record.request, record.not_found, record.answered) == ("person", 2, 0)
    assert record.suspicious
    assert not suspicious_not_found(hukou)  # the right address is another record


def test_no_warning_once_the_request_has_answered(
    connectors: dict[str, Connector],
    credentials: CredentialStore,
    person_id: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    watch = NotFoundWatch()
    hukou = connectors["hukou"]
    unknown = "110101190001010014"  # a valid number nobody in the population has
    with (
        caplog.at_level(logging.WARNING, logger=WATCH_LOG),
        DepartmentClient(hukou, credentials, not_found_watch=watch) as client,
    ):
        found = client.fetch("person", {"id_number": person_id})
        missing = client.fetch("person", {"id_number": unknown})
    assert found.status is None and found.http_status == 200
    assert missing.status is DepartmentStatus.NOT_FOUND and missing.http_status == 404
    assert _warnings(caplog, WATCH_LOG) == []
    assert not suspicious_not_found(hukou, watch)
    person = next(r for r in not_found_records(hukou, watch) if r.request == "person")
    assert (person.not_found, person.answered) == (1, 1)


def test_an_envelope_not_found_is_not_suspicious(
    connectors: dict[str, Connector], credentials: CredentialStore, caplog: pytest.LogCaptureFixture
) -> None:
    # The housing fund says "not found" inside an HTTP 200: the address is proven right.
    watch = NotFoundWatch()
    fund = connectors["fund"]
    with (
        caplog.at_level(logging.WARNING, logger=WATCH_LOG),
        DepartmentClient(fund, credentials, not_found_watch=watch) as client,
    ):
        raw = client.fetch(fund.requests[0], {"id_number": "110101190001010014"})
    assert raw.http_status == 200
    assert _warnings(caplog, WATCH_LOG) == []
    assert not suspicious_not_found(fund, watch)


# --- b. JMESPath keys in Chinese ---------------------------------------------------------


def test_quoted_chinese_keys_read_a_recorded_answer(tmp_path: Path) -> None:
    connector = load_connector(_write(tmp_path, CHINESE_KEYS))
    [spec] = connector.requests
    assert spec.fields[1].path == '"户主"."姓名"'
    answer = parse_answer(
        spec,
        [recorded("hukou_household_zh_keys.json")],
        department="hukou",
        retrieved_at=RETRIEVED_AT,
    )
    assert answer.status is DepartmentStatus.OK, answer
    assert answer.problems == ()
    values = {item: value.value for item, value in answer.values.items()}
    assert values["household.number"] == "330106000123"
    assert values["household.head_name"] == "王𠮷"
    assert values["household.head_id_number"] == "330106199005201234"
    members = values["household.members"]
    assert isinstance(members, tuple)
    assert [(m["name"], m["relation"]) for m in members] == [("王𠮷", "户主"), ("李娜", "配偶")]


@pytest.mark.parametrize(
    ("written", "suggested", "key"),
    [("户主.姓名", '"户主"."姓名"', "户主"), ('"户主".姓名', '"户主"."姓名"', "姓名")],
)
def test_an_unquoted_chinese_key_says_to_quote_it(
    tmp_path: Path, written: str, suggested: str, key: str
) -> None:
    text = CHINESE_KEYS.replace("""path = '"户主"."姓名"'""", f"path = '{written}'")
    with pytest.raises(ConnectorError) as caught:
        load_connector(_write(tmp_path, text))
    [problem] = caught.value.problems
    assert problem.key == "requests[0].fields[1].path"
    assert f'quote keys that are not ASCII identifiers: "{key}"' in problem.reason
    assert f"write '{suggested}'" in problem.reason


def test_other_jmespath_errors_keep_the_parser_message(tmp_path: Path) -> None:
    text = CHINESE_KEYS.replace("""path = '"户号"'""", "path = 'hh['")
    with pytest.raises(ConnectorError) as caught:
        load_connector(_write(tmp_path, text))
    [problem] = caught.value.problems
    assert "invalid JMESPath 'hh['" in problem.reason and "quote" not in problem.reason


# --- c. load errors name the directory ---------------------------------------------------


def test_load_errors_name_the_directory_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "etc" / "counterapp" / "connectors"
    _write(directory, CHINESE_KEYS.replace('format = "json"', 'format = "yaml"'))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConnectorError) as caught:
        load_connectors(Path("etc/counterapp/connectors"))  # a relative directory
    assert str(caught.value) == (
        f"in {directory}/hukou.toml: requests[0].format: unknown format 'yaml' "
        "(known: json, xml, csv)"
    )


def test_a_toml_error_and_a_missing_directory_name_it_too(tmp_path: Path) -> None:
    bad = _write(tmp_path, "[department\n")
    with pytest.raises(ConnectorError) as caught:
        parse_connector(bad.read_bytes(), bad)
    assert str(caught.value).startswith(f"in {tmp_path}/hukou.toml: line 1, column 12: invalid")
    with pytest.raises(ConnectorError) as caught:
        load_connectors(tmp_path / "nowhere")
    assert str(caught.value).startswith(
        f"in {tmp_path}/nowhere: cannot read the connectors directory"
    )
