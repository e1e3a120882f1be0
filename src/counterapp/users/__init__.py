"""Users, roles, permissions, passwords and lock-out: pure policy, no I/O.

The store keeps user rows (``counterapp.store.users``); the app layer signs people in
(``counterapp.app.users``), administers accounts (``counterapp.app.user_admin``) and
checks every guarded action with :func:`require`.
"""

from counterapp.users.accounts import AccountError, SignInFailed, SignInFailure
from counterapp.users.lockout import LockoutPolicy
from counterapp.users.passwords import PasswordHasher, ScryptParams, WeakPassword
from counterapp.users.roles import (
    ROLE_PERMISSIONS,
    Actor,
    Permission,
    PermissionDenied,
    Role,
    has_permission,
    permissions_of,
    require,
    roles_with,
)

__all__ = [
    "ROLE_PERMISSIONS",
    "AccountError",
    "Actor",
    "LockoutPolicy",
    "PasswordHasher",
    "Permission",
    "PermissionDenied",
    "Role",
    "ScryptParams",
    "SignInFailed",
    "SignInFailure",
    "WeakPassword",
    "has_permission",
    "permissions_of",
    "require",
    "roles_with",
]
