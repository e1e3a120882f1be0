"""Synthetic cases, applicants and consents for the case tests (and their worker processes).

Every ID number is valid (GB 11643 check character) and made up; names include a rare
character outside the BMP (𬌗, U+2C317) so encodings are exercised.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from counterapp.cases import (
    Applicant,
    ApplicantRole,
    CaseSubmission,
    FieldSource,
    FieldValue,
    Material,
    MaterialState,
)
from counterapp.consent import ConsentMethod, ConsentRecord
from counterapp.protection import FieldCipher
from counterapp.standards.resident_id import check_character
from counterapp.users import Actor, Role

if TYPE_CHECKING:
    import pytest

CLERK = Actor("clerk1", Role.CLERK, "王小明", "07")
SUPERVISOR = Actor("super1", Role.SUPERVISOR, "李审核", "")
ADMIN = Actor("admin1", Role.ADMIN, "管理员", "")
HALL = "330106001"
SERVICE = "hukou-transfer"
DEPARTMENT_FIELDS = 4  # name, id_number, hukou_address, gender
FIELD_COUNT = DEPARTMENT_FIELDS + 2
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
GIVEN = ("𬌗", "伟", "芳", "娜", "秀英", "敏", "静", "强", "磊", "洋")


def resident_id(n: int) -> str:
    """A valid, made-up resident ID: Xihu district, born 1960 + ``n`` days."""
    born = date(1960, 1, 1) + timedelta(days=n % 20_000)
    body = f"330106{born:%Y%m%d}{n % 997:03d}"
    return body + check_character(body)


def person_name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]


def address(n: int) -> str:
    return f"浙江省杭州市西湖区文三路{100 + n % 900}号{n % 30 + 1}幢{n % 6 + 1}单元"


def sample_draft(n: int, *, retrieved_at: datetime | None = None) -> CaseSubmission:
    """A hukou-transfer case for person ``n``: four department values, two typed."""
    at = retrieved_at or datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    hukou = FieldSource.from_department("hukou", at)
    id_number, name = resident_id(n), person_name(n)
    return CaseSubmission(
        service_id=SERVICE,
        form_version="2026.1",
        applicants=(Applicant(id_number, name, ApplicantRole.APPLICANT),),
        fields=(
            FieldValue("name", "person.name", name, hukou),
            FieldValue("id_number", "person.id_number", id_number, hukou),
            FieldValue("hukou_address", "person.hukou_address", address(n), hukou),
            FieldValue("gender", "person.gender", "1", hukou),
            FieldValue("destination_address", None, address(n + 7), FieldSource.typed()),
            FieldValue(
                "relation_to_head",
                "household.relation_to_head",
                "02",
                FieldSource.corrected("01", "hukou", at),
            ),
        ),
        materials=(
            Material("居民身份证", MaterialState.RECEIVED),
            Material("户口簿", MaterialState.EXEMPT, "hukou", ("household.number",)),
            Material("迁入地住房证明", MaterialState.MISSING),
        ),
    )


def sample_consent(
    n: int, *, at: datetime | None = None, recorded_by: str = CLERK.username
) -> ConsentRecord:
    """Person ``n``'s consent for :data:`SERVICE`, covering the hukou department."""
    return ConsentRecord(
        applicant_id_number=resident_id(n),
        purpose=SERVICE,
        method=ConsentMethod.ID_CARD_READER,
        departments=frozenset({"hukou"}),
        categories=frozenset({"person", "household"}),
        recorded_by=recorded_by,
        recorded_at=at or datetime.now(UTC),
    )


def calendar_ending(monkeypatch: pytest.MonkeyPatch, last_year: int) -> None:
    """Make the holiday calendar end with ``last_year``, as ``chinesecalendar`` 1.11.0 ends
    with 2026, so tests of provisional due dates still hold once the package knows 2027."""
    from counterapp.cases import deadlines

    assert last_year <= deadlines.last_calendar_year(), "the package must cover last_year"
    monkeypatch.setattr(deadlines, "last_calendar_year", lambda: last_year)


def cipher_arguments(cipher_keys: tuple[str, bytes, bytes]) -> list[str]:
    """Command-line form of (key id, data key, index key) for a worker process."""
    key_id, data_key, index_key = cipher_keys
    return [key_id, data_key.hex(), index_key.hex()]


def cipher_from_arguments(key_id: str, data_key: str, index_key: str) -> FieldCipher:
    return FieldCipher({key_id: bytes.fromhex(data_key)}, key_id, bytes.fromhex(index_key))
