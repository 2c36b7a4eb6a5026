"""`Idempotency-Key` on every command: same key and body → the same answer; other body → 422.

The answer is stored in the same transaction as the command's effects, so a retry after a crash
either finds both or neither.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from yipay.access.domain import User
from yipay.adapters.db.uow import UnitOfWork
from yipay.bootstrap import Container
from yipay.core.errors import InvalidInput, YipayError
from yipay.core.types_json import canonical

MAX_KEY = 200


class MissingIdempotencyKey(YipayError):
    code = "idempotency_key_required"


class IdempotencyKeyReused(InvalidInput):
    code = "idempotency_key_reused"


def request_hash(method: str, path: str, body: Any) -> str:
    return hashlib.sha256(canonical([method, path, body]).encode()).hexdigest()


def run_command(
    container: Container,
    request: Request,
    user: User,
    body: Any,
    command: Callable[[UnitOfWork], tuple[int, Any]],
) -> JSONResponse:
    key = request.headers.get("idempotency-key", "").strip()
    if not key:
        raise MissingIdempotencyKey("this request needs an Idempotency-Key header")
    if len(key) > MAX_KEY:
        raise InvalidInput(f"Idempotency-Key is longer than {MAX_KEY} characters")
    digest = request_hash(request.method, request.url.path, body)
    with container.uow(actor=user.name) as uow:
        stored = container.access.stored_response(uow, user.id, key)
        if stored is not None:
            return _replay(stored.request_hash, digest, stored.status_code, stored.body)
        status, answer = command(uow)
        raced: IntegrityError | None = None
        try:  # the key's row is unique: its insert (or the commit) fails if another request won
            container.access.remember_response(
                uow,
                user_id=user.id,
                key=key,
                method=request.method,
                path=request.url.path,
                request_hash=digest,
                status_code=status,
                body=answer,
            )
            uow.commit()
        except IntegrityError as exc:
            uow.rollback()
            raced = exc
    if raced is not None:  # a concurrent request with the same key won: answer as it did
        with container.uow() as uow:
            stored = container.access.stored_response(uow, user.id, key)
        if stored is None:
            raise raced  # not a race on the key: some other constraint refused the command
        return _replay(stored.request_hash, digest, stored.status_code, stored.body)
    container.process()
    return JSONResponse(answer, status_code=status)


def _replay(stored_hash: str, digest: str, status: int, body: Any) -> JSONResponse:
    if stored_hash != digest:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was used with a different request; use a new key"
        )
    return JSONResponse(body, status_code=status, headers={"Idempotent-Replayed": "true"})
