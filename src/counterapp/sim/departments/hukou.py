"""公安·户籍 — the household register: pinyin-initial JSON keys, HMAC-signed requests."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from counterapp.exchange.auth import hmac_signing as hs
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
from counterapp.sim.model import Household, Person


class NonceCache:
    """Nonces seen within the accepted clock window; a nonce is accepted once."""

    def __init__(self, window_s: float) -> None:
        self._window_s = window_s
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def first_use(self, nonce: str, now: float) -> bool:
        """Record a nonce; False when it was already used inside the window."""
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen = {n: t for n, t in self._seen.items() if t > now}
            expiry = self._seen.get(nonce)
            if expiry is not None and expiry > now:
                return False
            self._seen[nonce] = now + self._window_s
            return True


class HukouDepartment(Department):
    """Answers ``/api/v1/persons/{id}`` and ``/api/v1/persons/{id}/household``.

    Keys are the pinyin initials the public-security systems use (``xm`` 姓名, ``gmsfhm``
    公民身份号码 ...); dates are ``yyyyMMdd``; gender is the GB/T 2261.1 digit. The register
    still holds an old phone and residence address for people who never reported a change.
    """

    id = "hukou"
    name_zh = "公安机关（户籍）"
    name_en = "Public Security (household registration)"
    format = BodyFormat.JSON
    auth_summary = "HMAC-SHA256 signed requests (X-App-Key/X-Timestamp/X-Nonce/X-Signature)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._nonces = NonceCache(window_s=2 * hs.MAX_CLOCK_SKEW_S)

    def routes(self) -> Sequence[Route]:
        return (
            Route("GET", path("/api/v1/persons/{id}"), self._person),
            Route("GET", path("/api/v1/persons/{id}/household"), self._household),
        )

    def error(self, status: int, reason: Reason | str, message: str) -> Reply:
        # cwdm 错误代码, cwxx 错误信息; reason is for machines.
        payload = {"cwdm": str(status), "cwxx": message, "reason": str(reason)}
        return self.json_reply(status, payload)

    def authenticate(self, request: SimRequest) -> Reply | None:
        values = {
            name: request.header(name)
            for name in (
                hs.HEADER_APP_KEY,
                hs.HEADER_TIMESTAMP,
                hs.HEADER_NONCE,
                hs.HEADER_SIGNATURE,
            )
        }
        missing = [name for name, value in values.items() if not value]
        if missing:
            return self._refuse("missing_headers", f"缺少签名请求头：{', '.join(missing)}")
        app_key = values[hs.HEADER_APP_KEY] or ""
        if app_key != self.credentials.hukou_app_key:
            return self._refuse("unknown_app_key", f"未知的应用标识：{app_key}")
        stamp = values[hs.HEADER_TIMESTAMP] or ""
        if not stamp.isdigit():
            return self._refuse("bad_timestamp", "时间戳格式错误，应为 Unix 秒")
        now = self.clock()
        if abs(now - int(stamp)) > hs.MAX_CLOCK_SKEW_S:
            return self._refuse("stale_timestamp", "时间戳超出允许范围（±300 秒）")
        nonce = values[hs.HEADER_NONCE] or ""
        if len(nonce) < hs.MIN_NONCE_LENGTH:
            return self._refuse("bad_nonce", f"随机数至少 {hs.MIN_NONCE_LENGTH} 位")
        canonical = hs.canonical_string(
            request.method, request.path, request.query, stamp, nonce, request.body
        )
        signature = values[hs.HEADER_SIGNATURE] or ""
        if not hs.signature_matches(self.credentials.hukou_secret, canonical, signature):
            return self._refuse("bad_signature", "签名校验失败")
        if not self._nonces.first_use(nonce, now):
            return self._refuse("replayed_nonce", "随机数已使用（疑似重放请求）")
        return None

    def _refuse(self, reason: str, message: str) -> Reply:
        return self.error(401, reason, message)

    def _lookup(self, match: re.Match[str]) -> Person | Reply:
        checked = self.check_id(segment(match, "id"))
        if isinstance(checked, Reply):
            return checked
        person = self.population.people.get(checked)
        return person if person is not None else self.not_found("查无此人（户籍库无此身份号码）")

    def _person(self, request: SimRequest, match: re.Match[str]) -> Reply:
        person = self._lookup(match)
        if isinstance(person, Reply):
            return person
        return self.json_reply(200, person_record(person))

    def _household(self, request: SimRequest, match: re.Match[str]) -> Reply:
        person = self._lookup(match)
        if isinstance(person, Reply):
            return person
        household = self.population.households.get(person.household_number)
        if household is None:
            return self.not_found("查无此户")
        return self.json_reply(200, self._household_record(household))

    def _household_record(self, household: Household) -> dict[str, object]:
        people = self.population.people
        head = people.get(household.head_id)
        members = [people[i] for i in household.member_ids if i in people]
        return {
            "hh": household.number,
            "hjqh": household.division,
            "hjdz": household.address,
            "hzxm": head.name if head else None,
            "hzgmsfhm": household.head_id,
            "cyrs": len(members),
            "cylb": [
                {
                    "gmsfhm": m.id_number,
                    "xm": m.name,
                    "xb": m.gender,
                    "csrq": m.birth_date.strftime("%Y%m%d"),
                    "yhzgx": m.relation_to_head,
                }
                for m in members
            ],
        }


def person_record(person: Person) -> dict[str, object]:
    """The register's view of one person, stale phone and residence included."""
    return {
        "gmsfhm": person.id_number,
        "xm": person.name,
        "cym": person.former_name,
        "xb": person.gender,
        "csrq": person.birth_date.strftime("%Y%m%d"),
        "mz": person.ethnicity,
        "hjqh": person.hukou_division,
        "hjdz": person.hukou_address,
        "jzdz": person.stale_residence_address or person.residence_address,
        "lxdh": person.stale_mobile or person.mobile,
        "whcd": person.education,
        "hh": person.household_number,
        "yhzgx": person.relation_to_head,
        "ryzt": "死亡" if person.deceased else "正常",  # 人员状态
    }
