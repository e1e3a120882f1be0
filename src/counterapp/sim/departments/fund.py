"""公积金 — the housing fund centre: HTTP 200 always, errors inside a code/msg envelope."""

from __future__ import annotations

import hmac
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
)

TOKEN_HEADER = "X-Fund-Token"

# Envelope codes: 0 success; otherwise the HTTP status the error would have had.
_OK = 0


class FundDepartment(Department):
    """Answers ``GET /gjj/api/v1/account?zjhm={id}`` (个人账户信息).

    Every answer is HTTP 200 with ``{"code", "msg", "result"}``; ``code`` 0 is success and a
    failure carries the status it would have had (400 bad ID, 401 bad token, 404 no
    account). Only an unknown URL gets a real HTTP 404, from the web server in front.
    Money is integer fen; dates are ``yyyy/MM/dd``; the phone and address are the ones
    the person gave when the account was opened (stale for people who moved).
    """

    id = "fund"
    name_zh = "住房公积金中心"
    name_en = "Housing Provident Fund Centre"
    format = BodyFormat.JSON
    auth_summary = f"token in header {TOKEN_HEADER} (refusal: code 401 inside HTTP 200)"

    def routes(self) -> Sequence[Route]:
        return (Route("GET", path("/gjj/api/v1/account"), self._account),)

    def error(self, status: int, reason: Reason | str, message: str) -> Reply:
        http_status = 404 if reason == Reason.NO_SUCH_ENDPOINT else 200
        payload = {"code": status, "msg": message, "result": None}
        return self.json_reply(http_status, payload)

    def not_found(self, message: str = "未找到该职工账户") -> Reply:
        return super().not_found(message)

    def authenticate(self, request: SimRequest) -> Reply | None:
        token = request.header(TOKEN_HEADER) or ""
        if not hmac.compare_digest(token.encode(), self.credentials.fund_token.encode()):
            return self.error(401, Reason.UNAUTHORIZED, "令牌无效或已失效")
        return None

    def _account(self, request: SimRequest, match: re.Match[str]) -> Reply:
        checked = self.check_id(request.query.get("zjhm"))
        if isinstance(checked, Reply):
            return checked
        person = self.population.people.get(checked)
        account = self.population.housing_fund.get(checked)
        if person is None or account is None:
            return self.not_found()
        result = {
            "accountNo": account.account_number,
            "name": person.name,
            "idNo": person.id_number,
            "accountStatus": account.status,
            "balanceFen": account.balance_fen,
            "monthlyDepositFen": account.monthly_deposit_fen,
            "paidMonths": account.contribution_months,
            "employerName": account.employer_name,
            "openedDate": account.opened.strftime("%Y/%m/%d"),
            "mobile": person.stale_mobile or person.mobile,
            "address": person.stale_residence_address or person.residence_address,
        }
        return self.json_reply(200, {"code": _OK, "msg": "成功", "result": result})
