"""Access queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select

from yipay.access.domain import User
from yipay.access.tables import api_keys, idempotency_keys, roles, user_roles, users


def role_permissions(conn: Connection, names: list[str]) -> dict[str, list[str]]:
    query = select(roles.c.name, roles.c.permissions).where(roles.c.name.in_(names))
    return {name: list(perms) for name, perms in conn.execute(query)}


def all_roles(conn: Connection) -> list[str]:
    return [name for (name,) in conn.execute(select(roles.c.name).order_by(roles.c.name))]


def insert_user(
    conn: Connection, user_id: str, name: str, merchant_id: str | None, at: datetime
) -> None:
    conn.execute(
        users.insert().values(
            id=user_id, name=name, merchant_id=merchant_id, active=True, created_at=at
        )
    )


def grant(conn: Connection, user_id: str, role: str) -> None:
    conn.execute(user_roles.insert().values(user_id=user_id, role=role))


def insert_key(conn: Connection, prefix: str, key_digest: str, user_id: str, at: datetime) -> None:
    conn.execute(
        api_keys.insert().values(prefix=prefix, digest=key_digest, user_id=user_id, created_at=at)
    )


def user_by_name(conn: Connection, name: str) -> Row[Any] | None:
    return conn.execute(select(users).where(users.c.name == name)).first()


def key_owner(conn: Connection, prefix: str) -> tuple[str, str] | None:
    """(digest, user id) of an unrevoked key with this prefix."""
    row = conn.execute(
        select(api_keys.c.digest, api_keys.c.user_id).where(
            api_keys.c.prefix == prefix, api_keys.c.revoked_at.is_(None)
        )
    ).first()
    return (row.digest, row.user_id) if row else None


def load_user(conn: Connection, user_id: str) -> User | None:
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None:
        return None
    names = [
        r for (r,) in conn.execute(select(user_roles.c.role).where(user_roles.c.user_id == user_id))
    ]
    perms = role_permissions(conn, names)
    granted = frozenset(p for plist in perms.values() for p in plist)
    return User(
        id=row.id,
        name=row.name,
        roles=tuple(sorted(names)),
        permissions=granted,
        merchant_id=row.merchant_id,
        active=row.active,
    )


def idempotent_response(conn: Connection, user_id: str, key: str) -> Row[Any] | None:
    return conn.execute(
        select(idempotency_keys).where(
            idempotency_keys.c.user_id == user_id, idempotency_keys.c.key == key
        )
    ).first()


def save_idempotent_response(
    conn: Connection,
    *,
    user_id: str,
    key: str,
    method: str,
    path: str,
    request_hash: str,
    status_code: int,
    response: Any,
    at: datetime,
) -> None:
    conn.execute(
        idempotency_keys.insert().values(
            user_id=user_id,
            key=key,
            method=method,
            path=path,
            request_hash=request_hash,
            status_code=status_code,
            response=response,
            created_at=at,
        )
    )
