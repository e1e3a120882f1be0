"""Broken bodies in each department's own format: they must really be broken (or big)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from counterapp.sim import fault_bodies
from counterapp.sim.departments.base import BodyFormat, Reply

JSON = Reply(200, '{"xm":"张三","hh":"1"}'.encode(), "application/json", "utf-8", BodyFormat.JSON)
LIST = Reply(200, '[{"a":"不动产"}]'.encode(), "application/json", "utf-8", BodyFormat.JSON)
XML = Reply(
    200,
    "<?xml version='1.0' encoding='UTF-8'?>\n<response><xm>张三</xm></response>".encode(),
    "application/xml",
    "UTF-8",
    BodyFormat.XML,
)
CSV = Reply(
    200,
    "纳税人识别号,姓名,所属年度\r\n1,张三,2024\r\n1,张三,2023\r\n".encode("gbk"),
    "text/csv",
    "GBK",
    BodyFormat.CSV,
)


def test_malformed_json_and_xml_do_not_parse() -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(fault_bodies.malformed(JSON).body)
    with pytest.raises(json.JSONDecodeError):
        json.loads(fault_bodies.malformed(LIST).body)
    with pytest.raises(ET.ParseError):
        ET.fromstring(fault_bodies.malformed(XML).body)


def test_malformed_csv_is_ragged() -> None:
    rows = list(csv.reader(io.StringIO(fault_bodies.malformed(CSV).body.decode("gbk"))))
    assert {len(row) for row in rows} != {3}


def test_wrong_encoding_swaps_utf8_and_gbk() -> None:
    with pytest.raises(UnicodeDecodeError):
        fault_bodies.wrong_encoding(JSON).body.decode("utf-8")
    broken_csv = fault_bodies.wrong_encoding(CSV).body
    assert broken_csv.decode("utf-8").startswith("纳税人识别号")
    assert "纳税人识别号" not in broken_csv.decode("gbk", errors="replace")


@pytest.mark.parametrize("reply", [JSON, LIST, XML, CSV], ids=["object", "list", "xml", "csv"])
def test_oversized_is_big_and_still_valid(reply: Reply) -> None:
    streamed = fault_bodies.oversized(reply, 1)
    body = b"".join(streamed.chunks())
    assert len(body) == streamed.length
    assert 1_000_000 < streamed.length <= 1024 * 1024 + 20_000
    if reply.format is BodyFormat.XML:
        assert ET.fromstring(body).findtext("xm") == "张三"
    elif reply.format is BodyFormat.CSV:
        rows = list(csv.reader(io.StringIO(body.decode("gbk"))))
        assert rows[0] == ["纳税人识别号", "姓名", "所属年度"] and len(rows) > 1000
    else:
        data = json.loads(body)
        assert (data[1] if isinstance(data, list) else data["xm"]) in ({"a": "不动产"}, "张三")


def test_gateway_errors_are_html_and_500_is_the_departments_own() -> None:
    from counterapp.sim.credentials import derive_credentials
    from counterapp.sim.departments.market import MarketDepartment
    from counterapp.sim.model import Population

    department = MarketDepartment(Population(seed=1), derive_credentials(1))
    gateway = fault_bodies.server_error(department, 502)
    assert (gateway.status, gateway.format) == (502, BodyFormat.HTML)
    assert b"502 Bad Gateway" in gateway.body
    own = fault_bodies.server_error(department, 500)
    assert (own.status, json.loads(own.body)["reason"]) == (500, "internal_error")
    polite = fault_bodies.body_error(department)
    assert (polite.status, json.loads(polite.body)["status"]) == (200, "error")
