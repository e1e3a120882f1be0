"""人社 — social insurance: camelCase JSON, OAuth2 client credentials, paginated records."""

from __future__ import annotations

import hmac
import re
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from counterapp.sim.departments.base import (
    BodyFormat,
    Department,
    Reason,
    Reply,
    Route,
    SimRequest,
    path,
    segment,
    yuan,
)
from counterapp.sim.model import Person, SocialInsurance

TOKEN_PATH = "/oauth/token"
SCOPE = "hrss.read"
DEFAULT_TOKEN_TTL_S = 7200.0
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class IssuedToken:
    client_id: str
    scope: str
    expires_at: float


class HrssDepartment(Department):
    """Answers ``/api/v1/insured-persons/{id}`` and ``.../{id}/contributions?page=&size=``.

    Bearer tokens come from ``POST /oauth/token``; ``token_ttl_s`` (settable at run time)
    is the lifetime of tokens issued from then on, so a test can issue one already expired.
    """

    id = "hrss"
    name_zh = "人力资源和社会保障"
    name_en = "Human Resources and Social Security"
    format = BodyFormat.JSON
    auth_summary = f"OAuth2 client credentials (POST {TOKEN_PATH}, scope {SCOPE}), Bearer token"

    def __init__(self, *args: Any, token_ttl_s: float = DEFAULT_TOKEN_TTL_S, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.token_ttl_s = token_ttl_s
        self._tokens: dict[str, IssuedToken] = {}
        self._lock = threading.Lock()

    def routes(self) -> Sequence[Route]:
        return (
            Route("POST", path(TOKEN_PATH), self._token, public=True),
            Route("GET", path("/api/v1/insured-persons/{id}"), self._person),
            Route("GET", path("/api/v1/insured-persons/{id}/contributions"), self._contributions),
        )

    def error(self, status: int, reason: Reason | str, message: str) -> Reply:
        # The shape a Spring Boot backend gives its errors, plus a machine-readable code.
        payload = {
            "status": status,
            "error": _phrase(status),
            "code": str(reason),
            "message": message,
        }
        return self.json_reply(status, payload)

    def authenticate(self, request: SimRequest) -> Reply | None:
        header = request.header("Authorization") or ""
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return self._token_refusal("invalid_request", "缺少 Bearer 访问令牌")
        with self._lock:
            issued = self._tokens.get(token.strip())
        if issued is None:
            return self._token_refusal("invalid_token", "访问令牌无效 (unknown token)")
        if self.clock() >= issued.expires_at:
            return self._token_refusal("invalid_token", "访问令牌已过期 (token expired)")
        return None

    def _token_refusal(self, code: str, message: str) -> Reply:
        reply = self.error(401, code, message)
        challenge = f'Bearer realm="hrss", error="{code}"'
        return replace(reply, headers=(("WWW-Authenticate", challenge),))

    def _token(self, request: SimRequest, match: re.Match[str]) -> Reply:
        form = dict(parse_qsl(request.body.decode("utf-8", "replace")))
        if form.get("grant_type") != "client_credentials":
            return self._oauth_error(400, "unsupported_grant_type", "only client_credentials")
        client_id = form.get("client_id", "")
        secret = form.get("client_secret", "")
        valid_id = client_id == self.credentials.hrss_client_id
        valid_secret = hmac.compare_digest(
            secret.encode(), self.credentials.hrss_client_secret.encode()
        )
        if not (valid_id and valid_secret):
            return self._oauth_error(401, "invalid_client", "client authentication failed")
        scope = form.get("scope", "").strip() or SCOPE
        if set(scope.split()) - {SCOPE}:
            return self._oauth_error(400, "invalid_scope", f"the only scope is {SCOPE}")
        token = secrets.token_urlsafe(32)
        ttl = self.token_ttl_s
        with self._lock:
            now = self.clock()
            self._tokens = {t: i for t, i in self._tokens.items() if i.expires_at > now}
            self._tokens[token] = IssuedToken(client_id, scope, now + ttl)
        payload = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": max(0, int(ttl)),
            "scope": scope,
        }
        return self.json_reply(200, payload, (("Cache-Control", "no-store"),))

    def _oauth_error(self, status: int, code: str, description: str) -> Reply:
        return self.json_reply(status, {"error": code, "error_description": description})

    def _lookup(self, match: re.Match[str]) -> tuple[Person, SocialInsurance] | Reply:
        checked = self.check_id(segment(match, "id"))
        if isinstance(checked, Reply):
            return checked
        person = self.population.people.get(checked)
        record = self.population.social.get(checked)
        if person is None or record is None:
            return self.not_found("未查询到该人员的参保信息")
        return person, record

    def _person(self, request: SimRequest, match: re.Match[str]) -> Reply:
        found = self._lookup(match)
        if isinstance(found, Reply):
            return found
        person, record = found
        return self.json_reply(200, insured_person(person, record))

    def _contributions(self, request: SimRequest, match: re.Match[str]) -> Reply:
        found = self._lookup(match)
        if isinstance(found, Reply):
            return found
        try:
            page = int(request.query.get("page", "1"))
            size = int(request.query.get("size", "50"))
        except ValueError:
            return self.error(400, Reason.INVALID_REQUEST, "page 和 size 必须是整数")
        if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
            message = f"page 从 1 开始，size 取 1–{MAX_PAGE_SIZE}"
            return self.error(400, Reason.INVALID_REQUEST, message)
        months = sorted(found[1].contributions, key=lambda c: c.month, reverse=True)
        chosen = months[(page - 1) * size : page * size]
        payload = {
            "total": len(months),
            "page": page,
            "size": size,
            "records": [
                {
                    "month": c.month,
                    "employerName": c.employer_name,
                    "employerCreditCode": c.employer_credit_code,
                    "baseAmount": yuan(c.base_fen),
                    "pensionAmount": yuan(c.pension_fen),
                }
                for c in chosen
            ],
        }
        return self.json_reply(200, payload)


def insured_person(person: Person, record: SocialInsurance) -> dict[str, object]:
    """The social-insurance view of one person (current phone and address)."""
    return {
        "idNumber": person.id_number,
        "name": person.name,
        "gender": "M" if person.gender == "1" else "F",
        "birthDate": person.birth_date.isoformat(),
        "insuranceNumber": record.insurance_number,
        "cardNumber": record.card_number,
        "insuredStatus": record.status,
        "employerName": record.employer_name,
        "employerCreditCode": record.employer_credit_code,
        "firstInsuredDate": record.first_insured.isoformat(),
        "pensionEnrolled": record.pension_enrolled,
        "contributionMonths": len(record.contributions),
        "mobile": person.mobile,
        "residenceAddress": person.residence_address,
    }


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
