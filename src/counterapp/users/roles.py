"""Roles, permissions and the one table that says which role may do what.

Permissions are checked in the app layer with :func:`require`, whatever the UI shows: a
clerk's call to a supervisor action fails there. Admins administer (users, keys, audit
retention); they do not process cases — separation of duties, so whoever can create
accounts cannot also accept, review or complete a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counterapp.errors import CounterError


class Role(StrEnum):
    """What a signed-in person is at the counter."""

    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(StrEnum):
    """One action the app layer guards."""

    LOOKUP = "lookup"
    CREATE_CASE = "create_case"
    REVEAL_MASKED = "reveal_masked"
    PRINT = "print"
    REVIEW_CASE = "review_case"
    COMPLETE_CASE = "complete_case"
    REJECT_CASE = "reject_case"
    RETURN_CASE = "return_case"
    VIEW_QUEUE = "view_queue"
    VIEW_REPORTS = "view_reports"
    EXPORT_AUDIT = "export_audit"
    VERIFY_AUDIT = "verify_audit"
    PURGE_AUDIT = "purge_audit"
    MANAGE_USERS = "manage_users"
    ROTATE_KEYS = "rotate_keys"
    DIAGNOSE_DEPARTMENTS = "diagnose_departments"
    RECOMPUTE_DUE_DATES = "recompute_due_dates"


_CLERK = frozenset(
    {Permission.LOOKUP, Permission.CREATE_CASE, Permission.REVEAL_MASKED, Permission.PRINT}
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: _CLERK,
    Role.SUPERVISOR: _CLERK
    | {
        Permission.REVIEW_CASE,
        Permission.COMPLETE_CASE,
        Permission.REJECT_CASE,
        Permission.RETURN_CASE,
        Permission.VIEW_QUEUE,
        Permission.VIEW_REPORTS,
        Permission.EXPORT_AUDIT,
        Permission.VERIFY_AUDIT,
        Permission.DIAGNOSE_DEPARTMENTS,
    },
    Role.ADMIN: frozenset(
        {
            Permission.MANAGE_USERS,
            Permission.ROTATE_KEYS,
            Permission.DIAGNOSE_DEPARTMENTS,
            Permission.PURGE_AUDIT,
            Permission.VERIFY_AUDIT,
            Permission.EXPORT_AUDIT,
            Permission.VIEW_QUEUE,
            Permission.VIEW_REPORTS,
            Permission.RECOMPUTE_DUE_DATES,
        }
    ),
}
"""The role → permission table; docs/users.md shows the same table."""

ROLE_NAMES_ZH: dict[Role, str] = {
    Role.CLERK: "办事员",
    Role.SUPERVISOR: "审核员",
    Role.ADMIN: "管理员",
}

# (English phrase after "may not", Chinese phrase after "无权")
PERMISSION_PHRASES: dict[Permission, tuple[str, str]] = {
    Permission.LOOKUP: ("look up department records", "查询部门数据"),
    Permission.CREATE_CASE: ("create cases", "受理办件"),
    Permission.REVEAL_MASKED: ("reveal masked values", "查看脱敏信息原文"),
    Permission.PRINT: ("print", "打印"),
    Permission.REVIEW_CASE: ("review cases", "审核办件"),
    Permission.COMPLETE_CASE: ("complete cases", "办结办件"),
    Permission.REJECT_CASE: ("reject cases", "驳回办件"),
    Permission.RETURN_CASE: ("return cases for correction", "退回办件补正"),
    Permission.VIEW_QUEUE: ("view the case queue", "查看办件队列"),
    Permission.VIEW_REPORTS: (
        "view the hall's figures and the department scorecard",
        "查看大厅统计和部门评分",
    ),
    Permission.EXPORT_AUDIT: ("export the audit trail", "导出审计日志"),
    Permission.VERIFY_AUDIT: ("verify the audit trail", "校验审计日志"),
    Permission.PURGE_AUDIT: ("purge old audit events", "清理过期审计日志"),
    Permission.MANAGE_USERS: ("manage users", "管理用户"),
    Permission.ROTATE_KEYS: ("rotate encryption keys", "轮换加密密钥"),
    Permission.DIAGNOSE_DEPARTMENTS: (
        "ask departments about a person for diagnosis",
        "以诊断为由查询部门数据",
    ),
    Permission.RECOMPUTE_DUE_DATES: (
        "recompute provisional due dates on the holiday calendar",
        "按节假日安排重新计算暂定的承诺办结日",
    ),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: the signed-in user, passed into every app-layer use case."""

    username: str
    role: Role
    display_name: str = ""
    window: str = ""


class PermissionDenied(CounterError):
    """The actor's role lacks a permission; ``str()`` and ``reason_zh`` say which and why.

    Attributes:
        actor: who tried.
        permission: what they lacked.
        reason_zh: the same message in Chinese, for the clerk's screen.
    """

    def __init__(self, actor: Actor, permission: Permission) -> None:
        self.actor = actor
        self.permission = permission
        english, chinese = PERMISSION_PHRASES[permission]
        holders = roles_with(permission)
        needs_en = " or ".join(role.value for role in holders)
        needs_zh = "或".join(ROLE_NAMES_ZH[role] for role in holders)
        super().__init__(
            f"{actor.role.value} {actor.username!r} may not {english} (needs the {needs_en} role)",
            f"{ROLE_NAMES_ZH[actor.role]} {actor.username} 无权{chinese}（需要{needs_zh}角色）",
        )


def permissions_of(role: Role) -> frozenset[Permission]:
    """Every permission ``role`` holds."""
    return ROLE_PERMISSIONS[role]


def roles_with(permission: Permission) -> tuple[Role, ...]:
    """The roles holding ``permission``, in :class:`Role` order."""
    return tuple(role for role in Role if permission in ROLE_PERMISSIONS[role])


def has_permission(actor: Actor, permission: Permission) -> bool:
    """Whether ``actor``'s role holds ``permission`` (for UIs greying out actions)."""
    return permission in ROLE_PERMISSIONS[actor.role]


def require(actor: Actor, permission: Permission) -> None:
    """Refuse unless ``actor``'s role holds ``permission``.

    Raises:
        PermissionDenied: with an English message and ``reason_zh``.
    """
    if not has_permission(actor, permission):
        raise PermissionDenied(actor, permission)
