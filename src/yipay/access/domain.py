"""Users and what their roles let them do.

Roles are data (a table of role → permissions, seeded by a migration and editable), so the
regulator can read who may do what. A merchant's users are scoped to their own shop and never
see alerts, hits or reports: held money reads "under review" (no tipping-off).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from yipay.core.errors import PermissionDenied


class Permission(StrEnum):
    PARTIES_READ = "parties:read"
    PARTIES_WRITE = "parties:write"
    TRADES_READ = "trades:read"
    TRADES_WRITE = "trades:write"
    TRADES_REVIEW = "trades:review"
    PAYMENTS_READ = "payments:read"
    PAYMENTS_WRITE = "payments:write"
    PAYMENTS_DECIDE = "payments:decide"
    SETTLEMENTS_WRITE = "settlements:write"
    BALANCES_READ = "balances:read"
    ALERTS_READ = "alerts:read"
    REPORTS_READ = "reports:read"
    FX_WRITE = "fx:write"
    PAYOUTS_APPROVE = "payouts:approve"  # the checker of maker-checker on payouts
    PARTIES_APPROVE = "parties:approve"  # ... and on settlement account changes
    USERS_ADMIN = "users:admin"
    AUDIT_READ = "audit:read"
    RULES_MANAGE = "rules:manage"  # change a monitoring rule's parameters or mode (logged)


P = Permission
READ_ALL = {P.PARTIES_READ, P.TRADES_READ, P.PAYMENTS_READ, P.BALANCES_READ}
DEFAULT_ROLES: dict[str, frozenset[Permission]] = {
    "admin": frozenset(Permission),
    "operator": frozenset(
        READ_ALL
        | {
            P.PARTIES_WRITE,
            P.TRADES_WRITE,
            P.TRADES_REVIEW,
            P.PAYMENTS_WRITE,
            P.SETTLEMENTS_WRITE,
            P.FX_WRITE,
        }
    ),
    "analyst": frozenset(READ_ALL | {P.ALERTS_READ, P.REPORTS_READ, P.PAYMENTS_DECIDE}),
    "supervisor": frozenset(
        READ_ALL
        | {
            P.ALERTS_READ,
            P.REPORTS_READ,
            P.PAYMENTS_DECIDE,
            P.TRADES_REVIEW,
            P.PAYOUTS_APPROVE,
            P.PARTIES_APPROVE,
            P.RULES_MANAGE,
        }
    ),
    "auditor": frozenset(READ_ALL | {P.ALERTS_READ, P.REPORTS_READ, P.AUDIT_READ}),
    "merchant": frozenset(
        {
            P.PARTIES_READ,
            P.TRADES_READ,
            P.TRADES_WRITE,
            P.PAYMENTS_READ,
            P.BALANCES_READ,
            P.SETTLEMENTS_WRITE,
        }  # a shop sells its own wallet money (结汇), for itself only
    ),
}


@dataclass(frozen=True, slots=True)
class User:
    id: str
    name: str
    roles: tuple[str, ...]
    permissions: frozenset[str]
    merchant_id: str | None  # set for a merchant's users: they see only this shop
    active: bool = True

    @property
    def is_merchant_user(self) -> bool:
        return self.merchant_id is not None

    def require(self, permission: Permission) -> None:
        if permission.value not in self.permissions:
            raise PermissionDenied(f"{permission.value} is not granted to this user")

    def can(self, permission: Permission) -> bool:
        return permission.value in self.permissions


KEY_PREFIX = "yp_"


def new_api_key() -> tuple[str, str, str]:
    """(the key shown once, its lookup prefix, its SHA-256 digest stored instead of the key)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    return key, key[:12], digest(key)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def same_digest(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
