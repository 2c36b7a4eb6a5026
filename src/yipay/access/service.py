"""Access use cases: create users with roles and keys; authenticate a key; remember answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from yipay.access import repository as repo
from yipay.access.domain import DEFAULT_ROLES, User, digest, new_api_key, same_digest
from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock
from yipay.core.errors import Conflict, InvalidInput, Unauthenticated
from yipay.core.ids import new_id


@dataclass(frozen=True, slots=True)
class NewUser:
    user: User
    api_key: str  # shown once; only its digest is stored


@dataclass(frozen=True, slots=True)
class StoredResponse:
    request_hash: str
    status_code: int
    body: Any


class AccessService:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def create_user(
        self, uow: UnitOfWork, name: str, roles: list[str], merchant_id: str | None = None
    ) -> NewUser:
        name = name.strip()
        if not name:
            raise InvalidInput("a user needs a name")
        if not roles:
            raise InvalidInput("a user needs at least one role")
        known = set(repo.all_roles(uow.connection))
        unknown = sorted(set(roles) - known)
        if unknown:
            raise InvalidInput(
                f"unknown role(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        if ("merchant" in roles) != (merchant_id is not None):
            raise InvalidInput("a merchant user needs --merchant, and only merchant users have one")
        if merchant_id is not None and len(roles) > 1:
            raise InvalidInput("a merchant's user holds the merchant role only")
        if repo.user_by_name(uow.connection, name):
            raise Conflict(f"a user named {name!r} exists")
        user_id = new_id("user")
        now = self.clock.now()
        try:
            with uow.connection.begin_nested():
                repo.insert_user(uow.connection, user_id, name, merchant_id, now)
        except IntegrityError:
            raise InvalidInput(f"merchant {merchant_id} does not exist") from None
        for role in sorted(set(roles)):
            repo.grant(uow.connection, user_id, role)
        key, prefix, key_digest = new_api_key()
        repo.insert_key(uow.connection, prefix, key_digest, user_id, now)
        user = repo.load_user(uow.connection, user_id)
        assert user is not None
        return NewUser(user, key)

    def authenticate(self, uow: UnitOfWork, api_key: str) -> User:
        owner = repo.key_owner(uow.connection, api_key[:12]) if api_key else None
        if owner is None or not same_digest(owner[0], digest(api_key)):
            raise Unauthenticated("unknown or revoked API key")
        user = repo.load_user(uow.connection, owner[1])
        if user is None or not user.active:
            raise Unauthenticated("this API key's user is not active")
        return user

    def roles(self, uow: UnitOfWork) -> list[str]:
        return repo.all_roles(uow.connection)

    def stored_response(self, uow: UnitOfWork, user_id: str, key: str) -> StoredResponse | None:
        row = repo.idempotent_response(uow.connection, user_id, key)
        if row is None:
            return None
        return StoredResponse(row.request_hash, row.status_code, row.response)

    def remember_response(
        self,
        uow: UnitOfWork,
        *,
        user_id: str,
        key: str,
        method: str,
        path: str,
        request_hash: str,
        status_code: int,
        body: Any,
    ) -> None:
        repo.save_idempotent_response(
            uow.connection,
            user_id=user_id,
            key=key,
            method=method,
            path=path,
            request_hash=request_hash,
            status_code=status_code,
            response=body,
            at=self.clock.now(),
        )


__all__ = ["DEFAULT_ROLES", "AccessService", "NewUser", "StoredResponse"]
