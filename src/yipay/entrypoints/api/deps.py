"""Request dependencies: the container, the authenticated user, permission checks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Header, Request

from yipay.access.domain import Permission, User
from yipay.bootstrap import Container
from yipay.core.errors import NotFound, Unauthenticated


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def current_user(
    container: Annotated[Container, Depends(get_container)],
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> User:
    key = x_api_key
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value:
            raise Unauthenticated("use 'Authorization: Bearer <api key>'")
        key = value.strip()
    if not key:
        raise Unauthenticated("an API key is required (Authorization: Bearer <key>)")
    with container.uow() as uow:
        return container.access.authenticate(uow, key)


def require(permission: Permission) -> Any:
    def check(user: Annotated[User, Depends(current_user)]) -> User:
        user.require(permission)
        return user

    return Depends(check)


def own_merchant_only(user: User, merchant_id: str | None, absent: NotFound) -> None:
    """A merchant's user sees its own shop only; anything else does not exist for it.

    `absent` is the very error the service raises for an id that does not exist, so the answer
    for another shop's record cannot be told apart from the answer for no record at all.
    """
    if user.merchant_id is not None and merchant_id != user.merchant_id:
        raise absent


Container_ = Annotated[Container, Depends(get_container)]
