"""不动产 — the real-estate register: a JSON list per owner, and naturally slow."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from typing import Any

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
from counterapp.sim.model import Property

API_KEY_HEADER = "X-Api-Key"
DEFAULT_MAX_LATENCY_MS = 2000
# Each request waits between this share of the maximum and the maximum itself.
_MIN_SHARE = 0.15


class RealEstateDepartment(Department):
    """Answers ``GET /bdc/api/v2/owners/{id}/properties`` with a JSON array.

    The register keeps property records, not people: an owner of nothing gets ``[]``;
    an ID number no register knows gets 404. Each request waits a deterministic time
    (15–100 % of ``max_latency_ms``, chosen by a hash of the URL) before answering.
    """

    id = "realestate"
    name_zh = "自然资源和规划（不动产登记）"
    name_en = "Natural Resources and Planning (real estate registration)"
    format = BodyFormat.JSON
    auth_summary = f"API key in header {API_KEY_HEADER} (refusal: 401)"

    def __init__(
        self, *args: Any, max_latency_ms: int = DEFAULT_MAX_LATENCY_MS, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_latency_ms = max_latency_ms

    def routes(self) -> Sequence[Route]:
        return (Route("GET", path("/bdc/api/v2/owners/{id}/properties"), self._properties),)

    def error(self, status: int, reason: Reason | str, message: str) -> Reply:
        return self.json_reply(
            status, {"success": False, "errorCode": str(reason), "errorMsg": message}
        )

    def authenticate(self, request: SimRequest) -> Reply | None:
        key = request.header(API_KEY_HEADER) or ""
        if not hmac.compare_digest(key.encode(), self.credentials.realestate_api_key.encode()):
            return self.error(401, Reason.UNAUTHORIZED, "API Key 缺失或无效")
        return None

    def latency_s(self, request: SimRequest) -> float:
        """How long this request waits: the same URL always waits the same time."""
        if self.max_latency_ms <= 0:
            return 0.0
        digest = hashlib.sha256(f"{request.method} {request.path}".encode()).digest()
        share = _MIN_SHARE + (1 - _MIN_SHARE) * int.from_bytes(digest[:4]) / 0xFFFFFFFF
        return self.max_latency_ms * share / 1000

    def _properties(self, request: SimRequest, match: re.Match[str]) -> Reply:
        if self.wait(self.latency_s(request)):
            return self.error(503, Reason.SERVICE_UNAVAILABLE, "服务正在停止")
        checked = self.check_id(segment(match, "id"))
        if isinstance(checked, Reply):
            return checked
        if checked not in self.population.people:
            return self.not_found("不动产登记系统中无此权利人")
        owned = sorted(self.population.properties.get(checked, ()), key=lambda p: p.registered)
        return self.json_reply(200, [self._record(p, checked) for p in owned])

    def _record(self, prop: Property, owner_id: str) -> dict[str, object]:
        people = self.population.people
        co_owners = [people[i].name for i in prop.owner_ids if i != owner_id and i in people]
        return {
            "certNo": prop.certificate_number,
            "unitNo": prop.unit_number,
            "location": prop.address,
            "area": float(prop.area_m2),
            "usage": prop.use,
            "registerDate": prop.registered.isoformat(),
            "shareType": prop.share,
            "coOwners": co_owners,
        }
