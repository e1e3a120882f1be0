"""市场监管 — the business register: public data, SAMR-style field names, no auth."""

from __future__ import annotations

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
    segment,
)
from counterapp.sim.model import Business
from counterapp.standards import credit_code


class MarketDepartment(Department):
    """Answers ``/api/enterprises/{uscc}`` and ``/api/enterprises?cerno={id}``.

    Field names follow the national enterprise credit publicity system (``uniscid``,
    ``entname``, ``enttype``, ``dom``, ``regstate``, ``estdate``, ``opscope``). The data
    is public, so the register asks for no credentials.
    """

    id = "market"
    name_zh = "市场监督管理"
    name_en = "Market Regulation"
    format = BodyFormat.JSON
    auth_summary = "none (public registry data)"

    def routes(self) -> Sequence[Route]:
        return (
            Route("GET", path("/api/enterprises"), self._by_operator),
            Route("GET", path("/api/enterprises/{uscc}"), self._by_code),
        )

    def error(self, status: int, reason: Reason | str, message: str) -> Reply:
        return self.json_reply(
            status, {"status": "error", "reason": str(reason), "message": message}
        )

    def _by_code(self, request: SimRequest, match: re.Match[str]) -> Reply:
        result = credit_code.validate(segment(match, "uscc"))
        if not result.ok or result.normalized is None:
            message = (
                f"统一社会信用代码不合法：{result.reason_zh} (invalid credit code: {result.reason})"
            )
            return self.error(400, "invalid_credit_code", message)
        business = self.population.businesses.get(result.normalized)
        if business is None:
            return self.not_found("未查询到该市场主体")
        return self.json_reply(200, self._record(business))

    def _by_operator(self, request: SimRequest, match: re.Match[str]) -> Reply:
        checked = self.check_id(request.query.get("cerno"))
        if isinstance(checked, Reply):
            return checked
        if checked not in self.population.people:
            return self.not_found("未查询到该经营者")
        codes = self.population.businesses_by_operator.get(checked, ())
        items = [self._record(self.population.businesses[c]) for c in codes]
        return self.json_reply(200, {"total": len(items), "items": items})

    def _record(self, business: Business) -> dict[str, object]:
        operator = self.population.people.get(business.operator_id)
        return {
            "uniscid": business.credit_code,
            "entname": business.name,
            "enttype": business.kind,
            "name": operator.name if operator else None,
            "cerno": business.operator_id,
            "dom": business.address,
            "regstate": business.status,
            "estdate": business.established.isoformat(),
            "opscope": business.scope,
        }
