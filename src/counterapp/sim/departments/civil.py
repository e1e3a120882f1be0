"""民政·婚姻 — the marriage registry: XML, 年月日 dates, 男/女, API key header."""

from __future__ import annotations

import hmac
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date

from counterapp.sim import population as pop_queries
from counterapp.sim.departments.base import (
    BodyFormat,
    Department,
    Reason,
    Reply,
    Route,
    SimRequest,
    path,
)
from counterapp.sim.model import MarriageEvent, Person
from counterapp.standards.marital_status import MaritalStatus

API_KEY_HEADER = "X-Api-Key"
_EVENT_NAMES = {"marriage": "结婚登记", "divorce": "离婚登记"}


class CivilDepartment(Department):
    """Answers ``GET /hyjk/v1/hydj?sfzjhm={id}`` (婚姻登记信息查询) with an XML document.

    Element names are pinyin initials (``hyzkdm`` 婚姻状况代码, ``poxm`` 配偶姓名 ...);
    a person the household register knows but who never registered a marriage is 10 未婚
    with no records.
    """

    id = "civil"
    name_zh = "民政（婚姻登记）"
    name_en = "Civil Affairs (marriage registration)"
    format = BodyFormat.XML
    auth_summary = f"API key in header {API_KEY_HEADER} (missing: 401, wrong: 403)"

    def routes(self) -> Sequence[Route]:
        return (Route("GET", path("/hyjk/v1/hydj"), self._marriage),)

    def error(self, status: int, reason: Reason | str, message: str) -> Reply:
        root = ET.Element("response")
        _add(root, "code", str(status))
        _add(root, "reason", str(reason))
        _add(root, "message", message)
        return self._xml(status, root)

    def authenticate(self, request: SimRequest) -> Reply | None:
        key = request.header(API_KEY_HEADER)
        if not key:
            return self.error(401, Reason.UNAUTHORIZED, f"缺少 {API_KEY_HEADER} 请求头")
        if not hmac.compare_digest(key.encode(), self.credentials.civil_api_key.encode()):
            return self.error(403, Reason.FORBIDDEN, "API Key 无效或未授权")
        return None

    def _marriage(self, request: SimRequest, match: re.Match[str]) -> Reply:
        checked = self.check_id(request.query.get("sfzjhm"))
        if isinstance(checked, Reply):
            return checked
        person = self.population.people.get(checked)
        if person is None:
            return self.not_found("未查询到该公民的婚姻登记信息")
        root = ET.Element("response")
        _add(root, "code", "0")
        _add(root, "message", "成功")
        root.append(self._person_element(person))
        records = ET.SubElement(root, "records")
        for event in self._events(person.id_number):
            records.append(self._record_element(event))
        return self._xml(200, root)

    def _events(self, id_number: str) -> list[MarriageEvent]:
        return sorted(self.population.marriages.get(id_number, ()), key=lambda e: e.date)

    def _person_element(self, person: Person) -> ET.Element:
        element = ET.Element("person")
        _add(element, "xm", person.name)
        _add(element, "xb", "男" if person.gender == "1" else "女")
        _add(element, "sfzjhm", person.id_number)
        _add(element, "csrq", chinese_date(person.birth_date))
        code = pop_queries.marital_status(self.population, person.id_number)
        _add(element, "hyzkdm", code)
        _add(element, "hyzkmc", MaritalStatus(code).zh)
        spouse_id = pop_queries.current_spouse(self.population, person.id_number)
        if spouse_id is not None:
            spouse = self.population.people.get(spouse_id)
            _add(element, "poxm", spouse.name if spouse else "")
            _add(element, "posfzjhm", spouse_id)
        events = self._events(person.id_number)
        if events:
            latest = events[-1]
            _add(element, "djrq", chinese_date(latest.date))
            _add(element, "djjg", latest.office)
            _add(element, "zsbh", latest.certificate_number)
        return element

    def _record_element(self, event: MarriageEvent) -> ET.Element:
        other = self.population.people.get(event.spouse_id)
        element = ET.Element("record")
        _add(element, "ywlx", _EVENT_NAMES.get(event.kind, event.kind))  # 业务类型
        _add(element, "djrq", chinese_date(event.date))
        _add(element, "dfxm", other.name if other else "")  # 对方姓名
        _add(element, "dfsfzjhm", event.spouse_id)
        _add(element, "djjg", event.office)
        _add(element, "zsbh", event.certificate_number)
        return element

    def _xml(self, status: int, root: ET.Element) -> Reply:
        ET.indent(root)
        body = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
        return Reply(status, body, "application/xml", "UTF-8", BodyFormat.XML)


def chinese_date(value: date) -> str:
    """Render a date the way the registry prints it, e.g. 2019年05月20日."""
    return f"{value.year:04d}年{value.month:02d}月{value.day:02d}日"


def _add(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = text
    return child
