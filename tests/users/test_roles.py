"""The role → permission table, and that ``require`` follows it for every pair."""

from __future__ import annotations

import itertools

import pytest

from counterapp.users import (
    ROLE_PERMISSIONS,
    Actor,
    Permission,
    PermissionDenied,
    Role,
    has_permission,
    require,
    roles_with,
)

P = Permission
EXPECTED = {
    Role.CLERK: {P.LOOKUP, P.CREATE_CASE, P.REVEAL_MASKED, P.PRINT},
    Role.SUPERVISOR: {
        P.LOOKUP, P.CREATE_CASE, P.REVEAL_MASKED, P.PRINT, P.REVIEW_CASE, P.COMPLETE_CASE,
        P.REJECT_CASE, P.RETURN_CASE, P.VIEW_QUEUE, P.VIEW_REPORTS, P.EXPORT_AUDIT,
        P.VERIFY_AUDIT, P.DIAGNOSE_DEPARTMENTS,
    },
    Role.ADMIN: {
        P.MANAGE_USERS, P.ROTATE_KEYS, P.PURGE_AUDIT, P.VERIFY_AUDIT, P.EXPORT_AUDIT,
        P.VIEW_QUEUE, P.VIEW_REPORTS, P.DIAGNOSE_DEPARTMENTS, P.RECOMPUTE_DUE_DATES,
    },
}  # fmt: skip
CASE_WORK = {
    P.LOOKUP, P.CREATE_CASE, P.REVEAL_MASKED, P.PRINT, P.REVIEW_CASE, P.COMPLETE_CASE,
    P.REJECT_CASE, P.RETURN_CASE,
}  # fmt: skip


def test_table_is_the_documented_one() -> None:
    assert {role: set(perms) for role, perms in ROLE_PERMISSIONS.items()} == EXPECTED


def test_every_permission_is_held_by_some_role() -> None:
    assert set().union(*ROLE_PERMISSIONS.values()) == set(Permission)


def test_separation_of_duties_admins_do_not_process_cases() -> None:
    assert not ROLE_PERMISSIONS[Role.ADMIN] & CASE_WORK
    assert not ROLE_PERMISSIONS[Role.SUPERVISOR] & {P.MANAGE_USERS, P.ROTATE_KEYS}


@pytest.mark.parametrize(
    ("role", "permission"),
    list(itertools.product(Role, Permission)),
    ids=lambda value: str(value),
)
def test_require_follows_the_table(role: Role, permission: Permission) -> None:
    actor = Actor(username="someone", role=role)
    allowed = permission in EXPECTED[role]
    assert has_permission(actor, permission) is allowed
    if allowed:
        require(actor, permission)
        return
    with pytest.raises(PermissionDenied) as refused:
        require(actor, permission)
    assert refused.value.actor == actor
    assert refused.value.permission is permission
    message = str(refused.value)
    assert message.startswith(f"{role.value} 'someone' may not ")
    for holder in roles_with(permission):
        assert holder.value in message
    assert "someone" in refused.value.reason_zh
    assert "无权" in refused.value.reason_zh


def test_message_names_who_what_and_which_role_is_needed() -> None:
    with pytest.raises(PermissionDenied) as refused:
        require(Actor("li", Role.CLERK), Permission.COMPLETE_CASE)
    assert str(refused.value) == "clerk 'li' may not complete cases (needs the supervisor role)"
    assert refused.value.reason_zh == "办事员 li 无权办结办件（需要审核员角色）"


def test_message_lists_every_role_that_would_do() -> None:
    with pytest.raises(PermissionDenied) as refused:
        require(Actor("li", Role.CLERK), Permission.VERIFY_AUDIT)
    assert "(needs the supervisor or admin role)" in str(refused.value)
    assert "审核员或管理员" in refused.value.reason_zh
