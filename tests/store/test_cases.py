"""The case repository on both backends: round trip, encryption at rest, blind index."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from sqlalchemy import Engine, select

from counterapp.app.cases import plain_items
from counterapp.cases import Case, CaseNumber, CaseState, DueDate, TimelineEntry
from counterapp.catalog import load_catalog
from counterapp.consent import ConsentMethod
from counterapp.protection import FieldCipher, encrypted_columns, is_token, open_cipher, rotate_keys
from counterapp.standards.resident_id import check_character
from counterapp.store import cases as store
from counterapp.store.base import all_encrypted_columns
from counterapp.store.case_tables import case_applicants, case_fields, case_timeline, cases
from counterapp.store.consents import consents_for, insert_consent, link_consent
from counterapp.store.drafts import DraftNotYours, delete_draft, select_drafts, upsert_draft
from helpers.case_factory import HALL, person_name, resident_id, sample_consent, sample_draft

AT = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
PLAIN = plain_items(load_catalog())


def make_case(n: int, number: str, *, at: datetime = AT) -> Case:
    draft = sample_draft(n)
    return Case(
        number=number,
        service_id=draft.service_id,
        form_version=draft.form_version,
        state=CaseState.ACCEPTED,
        applicants=draft.applicants,
        fields=draft.fields,
        materials=draft.materials,
        accepted_at=at,
        due_date=date(2026, 3, 9),
        promised_days=5,
        clerk="clerk1",
        window="07",
        timeline=(TimelineEntry(at, CaseState.DRAFT, CaseState.ACCEPTED, "clerk1", "收件"),),
    )


def write(engine: Engine, cipher: FieldCipher, case: Case) -> int:
    with engine.begin() as connection:
        case_id = store.insert_case(
            connection, cipher, replace(case, number=store.pending_number()), PLAIN
        )
        number = store.CaseNumberAllocator().allocate(connection, HALL, AT.date())
        assert str(number) == case.number
        store.assign_number(connection, case_id, number)
    return case_id


def test_a_case_round_trips_with_every_part(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    case = make_case(3, f"{HALL}-20260302-00001")
    write(engine, cipher, case)
    with engine.connect() as connection:
        assert store.load_case(connection, cipher, case.number) == case
        assert store.load_case(connection, cipher, f"{HALL}-20260302-00002") is None


def test_the_provisional_flag_is_stored_and_changed_with_the_due_date(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    case = replace(
        make_case(6, f"{HALL}-20260302-00001"),
        due_date=date(2027, 1, 15),
        due_date_provisional=True,
    )
    write(engine, cipher, case)
    with engine.connect() as connection:
        assert store.load_case(connection, cipher, case.number) == case
        raw = connection.execute(select(cases.c.due_date_provisional)).scalar_one()
    assert raw is True
    with engine.begin() as connection:
        head = store.lock_case(connection, case.number)
        assert head is not None
        store.update_state(connection, head.id, CaseState.RETURNED, AT)
        returned = store.load_case(connection, cipher, case.number)
        assert returned is not None and returned.due_date_provisional  # no due: unchanged
        store.update_state(
            connection, head.id, CaseState.ACCEPTED, AT, due=DueDate(date(2026, 3, 9), False)
        )
        back = store.load_case(connection, cipher, case.number)
    assert back is not None
    assert (back.due_date, back.due_date_provisional) == (date(2026, 3, 9), False)


def test_a_row_written_without_the_flag_is_exact(engine: Engine) -> None:
    row = {
        "number": f"{HALL}-20260302-00001",
        "service_id": "hukou-transfer",
        "form_version": "2026.1",
        "state": "accepted",
        "accepted_at": AT,
        "due_date": date(2026, 3, 9),
        "promised_days": 5,
        "clerk": "clerk1",
        "service_window": "07",
        "updated_at": AT,
    }
    with engine.begin() as connection:
        connection.execute(cases.insert().values(**row))
        raw = connection.execute(select(cases.c.due_date_provisional)).scalar_one()
    assert raw is False  # the server default


def test_personal_values_are_tokens_and_low_levels_stay_plain(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    write(engine, cipher, make_case(4, f"{HALL}-20260302-00001"))
    with engine.connect() as connection:
        person = connection.execute(select(case_applicants)).one()
        fields = {row.field_id: row for row in connection.execute(select(case_fields)).all()}
        reason = connection.execute(select(case_timeline.c.reason)).scalar_one()
    assert is_token(person.id_number) and is_token(person.name) and is_token(reason)
    assert person.id_number_index == cipher.blind_index(resident_id(4), purpose="resident_id")
    for secret in ("name", "id_number", "hukou_address", "destination_address"):
        assert fields[secret].plain_value is None and is_token(fields[secret].secret_value)
    # person.gender (level 2) and household.relation_to_head (level 2) may stay plain;
    # the department's original of a correction is always encrypted.
    assert (fields["gender"].plain_value, fields["gender"].secret_value) == ("1", None)
    assert is_token(fields["relation_to_head"].original)
    registered = {(c.table, c.column, c.context) for c in encrypted_columns()}
    assert ("case_applicants", "name", "case_applicants.name") in registered
    assert ("case_fields", "secret_value", "case_fields.secret_value") in registered


def test_find_by_applicant_uses_the_blind_index(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    n = next(i for i in range(1000) if resident_id(i).endswith("X"))
    for sequence, (person, minutes) in enumerate([(n, 0), (n + 1, 1), (n, 2)], start=1):
        case = make_case(
            person, f"{HALL}-20260302-{sequence:05d}", at=AT + timedelta(minutes=minutes)
        )
        write(engine, cipher, case)
    with engine.connect() as connection:
        found = store.find_by_applicant(connection, resident_id(n).lower(), cipher)
        assert found == [f"{HALL}-20260302-00003", f"{HALL}-20260302-00001"]
        assert store.find_by_applicant(connection, resident_id(n), FieldCipher.generate()) == []


def test_fifteen_digit_ids_find_the_same_person(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    old = "330106800101001"  # the 15-digit form: division, YYMMDD, sequence
    new = "33010619800101001"  # the same person in 18 digits, plus the check character
    new += check_character(new)
    case = make_case(1, f"{HALL}-20260302-00001")
    person = replace(case.applicants[0], id_number=new)
    write(engine, cipher, replace(case, applicants=(person,)))
    with engine.connect() as connection:
        assert store.find_by_applicant(connection, old, cipher) == [case.number]


def test_numbers_count_per_hall_and_day(engine: Engine) -> None:
    allocator = store.CaseNumberAllocator()
    with engine.begin() as connection:
        first = [allocator.allocate(connection, HALL, date(2026, 3, 2)) for _ in range(3)]
        other_hall = allocator.allocate(connection, "330106002", date(2026, 3, 2))
        next_day = allocator.allocate(connection, HALL, date(2026, 3, 3))
    assert [n.sequence for n in first] == [1, 2, 3]
    assert (other_hall.sequence, next_day.sequence) == (1, 1)
    assert str(first[2]) == f"{HALL}-20260302-00003"


def test_a_rolled_back_number_is_handed_out_again(engine: Engine) -> None:
    allocator = store.CaseNumberAllocator()
    with pytest.raises(RuntimeError), engine.begin() as connection:
        allocator.allocate(connection, HALL, date(2026, 3, 2))
        raise RuntimeError("the submit failed")
    with engine.begin() as connection:
        assert allocator.allocate(connection, HALL, date(2026, 3, 2)) == CaseNumber(
            HALL, date(2026, 3, 2), 1
        )


def test_state_changes_and_timeline_rows(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    case = make_case(5, f"{HALL}-20260302-00001")
    write(engine, cipher, case)
    later = AT + timedelta(hours=2)
    with engine.begin() as connection:
        head = store.lock_case(connection, case.number)
        assert head is not None and head.state is CaseState.ACCEPTED
        store.update_state(connection, head.id, CaseState.RETURNED, later)
        entry = TimelineEntry(later, CaseState.ACCEPTED, CaseState.RETURNED, "super1", "缺件")
        store.append_timeline(connection, cipher, head.id, entry)
        assert store.lock_case(connection, "nope") is None
    with engine.connect() as connection:
        loaded = store.load_case(connection, cipher, case.number)
    assert loaded is not None and loaded.state is CaseState.RETURNED
    assert loaded.timeline[-1] == entry


def test_consent_records_are_found_newest_first_and_linked(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    older = sample_consent(7, at=AT)
    newer = replace(
        sample_consent(7, at=AT + timedelta(hours=1)), method=ConsentMethod.SIGNED_PAPER
    )
    with engine.begin() as connection:
        first = insert_consent(connection, cipher, older)
        insert_consent(connection, cipher, newer)
        insert_consent(connection, cipher, sample_consent(8, at=AT))
        link_consent(connection, first, f"{HALL}-20260302-00001")
    with engine.connect() as connection:
        found = consents_for(connection, cipher, resident_id(7), older.purpose)
        recent = consents_for(
            connection, cipher, resident_id(7), older.purpose, since=AT + timedelta(minutes=1)
        )
        other = consents_for(connection, cipher, resident_id(7), "marriage-registration")
    assert [s.record for s in found] == [
        newer,
        replace(older, case_number=f"{HALL}-20260302-00001"),
    ]
    assert [s.record for s in recent] == [newer]
    assert other == []


def test_drafts_are_overwritten_kept_per_owner_and_deleted(engine: Engine) -> None:
    cipher = FieldCipher.generate()
    payload = {"service": "hukou-transfer", "name": person_name(16), "amount": 12.5}
    with engine.begin() as connection:
        assert upsert_draft(connection, cipher, "clerk1", "d-1", payload, AT)
        assert not upsert_draft(
            connection,
            cipher,
            "clerk1",
            "d-1",
            {**payload, "amount": 13},
            AT + timedelta(seconds=3),
        )
        assert upsert_draft(connection, cipher, "clerk2", "d-2", {}, AT)
        with pytest.raises(DraftNotYours):
            upsert_draft(connection, cipher, "clerk2", "d-1", {}, AT)
    with engine.connect() as connection:
        (draft,) = select_drafts(connection, cipher, "clerk1")
    assert draft.payload == {**payload, "amount": 13}
    assert (draft.created_at, draft.saved_at) == (AT, AT + timedelta(seconds=3))
    with engine.begin() as connection:
        assert not delete_draft(connection, "clerk2", "d-1")
        assert delete_draft(connection, "clerk1", "d-1")
        assert select_drafts(connection, cipher, "clerk1") == []


def test_key_rotation_re_encrypts_case_columns(engine: Engine, tmp_path: Path) -> None:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    cipher = open_cipher(engine, backend)
    case = make_case(9, f"{HALL}-20260302-00001")
    write(engine, cipher, case)
    with engine.begin() as connection:
        insert_consent(connection, cipher, sample_consent(9, at=AT))
        upsert_draft(connection, cipher, "clerk1", "d-1", {"x": "y"}, AT)
    report = rotate_keys(engine, backend, columns=all_encrypted_columns())
    rotated = {(c.table, c.column): c.values for c in report.columns}
    assert rotated[("case_applicants", "name")] == 1
    assert rotated[("case_fields", "secret_value")] == 4
    assert rotated[("case_fields", "original")] == 1
    fresh = open_cipher(engine, backend)
    with engine.connect() as connection:
        assert store.load_case(connection, fresh, case.number) == case
        assert store.find_by_applicant(connection, resident_id(9), fresh) == [case.number]
        name = connection.execute(select(case_applicants.c.name)).scalar_one()
    assert name.startswith(f"v1:{report.new_key_id}:")


CASE_TABLES = {
    "cases",
    "case_applicants",
    "case_fields",
    "case_materials",
    "case_timeline",
    "case_counters",
    "consent_records",
    "case_drafts",
}


def test_the_migration_matches_the_table_declarations(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from counterapp.store.base import Base, import_all_tables

    import_all_tables()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    def mentions_ours(diff: object) -> bool:
        # A difference is a tuple ("add_column", schema, "cases", Column) or a list of them.
        for change in diff if isinstance(diff, list) else [diff]:  # type: ignore[union-attr]
            for part in change:
                owner = getattr(part, "table", part)
                name = part if isinstance(part, str) else getattr(owner, "name", None)
                if name in CASE_TABLES:
                    return True
        return False

    ours = [d for d in differences if mentions_ours(d)]
    assert ours == []


def test_the_migration_downgrades_and_upgrades_again(engine: Engine) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from counterapp.store.migrate import alembic_config, upgrade

    command.downgrade(alembic_config(engine), "0002")
    assert not CASE_TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= CASE_TABLES
