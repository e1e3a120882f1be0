"""税务 — the tax bureau: GBK-encoded CSV with Chinese headers, behind mutual TLS."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from counterapp.sim.departments.base import (
    BodyFormat,
    Department,
    Reason,
    Reply,
    Route,
    SimRequest,
    path,
    yuan,
)

CHARSET = "GBK"
COLUMNS = (
    "纳税人识别号",
    "姓名",
    "所属年度",
    "收入额",
    "已缴税额",
    "扣缴义务人",
    "扣缴义务人识别号",
    "是否欠税",
)


class TaxDepartment(Department):
    """Answers ``GET /api/v1/nsr/ndsr?nsrsbh={id}[&nd=YYYY]`` (纳税人年度收入).

    One CSV row per tax year, newest year first, amounts in yuan with two decimals, lines
    ending CRLF as the bureau's Windows export does. Authentication happens in the TLS
    handshake (a client certificate from the simulator's CA), so no request reaches this
    class without one.
    """

    id = "tax"
    name_zh = "税务"
    name_en = "Taxation"
    format = BodyFormat.CSV
    charset = CHARSET
    auth_summary = (
        "mutual TLS: client certificate signed by the simulator CA (else handshake fails)"
    )
    uses_tls = True

    def routes(self) -> Sequence[Route]:
        return (Route("GET", path("/api/v1/nsr/ndsr"), self._income),)

    def error(self, status: int, reason: Reason | str, message: str) -> Reply:
        return self._csv(status, ("错误代码", "错误原因", "错误信息"), [(status, reason, message)])

    def _income(self, request: SimRequest, match: re.Match[str]) -> Reply:
        checked = self.check_id(request.query.get("nsrsbh"))
        if isinstance(checked, Reply):
            return checked
        person = self.population.people.get(checked)
        years = self.population.tax.get(checked, ())
        if person is None or not years:
            return self.not_found("未找到该纳税人的申报记录")
        wanted = request.query.get("nd")
        if wanted is not None and not (wanted.isdigit() and len(wanted) == 4):
            return self.error(400, Reason.INVALID_REQUEST, "所属年度 nd 应为四位年份")
        rows = [
            (
                person.id_number,
                person.name,
                year.year,
                yuan(year.income_fen),
                yuan(year.tax_fen),
                year.withholding_agent,
                year.withholding_agent_code,
                "是" if year.arrears else "否",
            )
            for year in sorted(years, key=lambda y: y.year, reverse=True)
            if wanted is None or str(year.year) == wanted
        ]
        return self._csv(200, COLUMNS, rows)

    def _csv(self, status: int, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Reply:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        body = buffer.getvalue().encode("gbk", errors="replace")
        return Reply(status, body, "text/csv", CHARSET, BodyFormat.CSV)
