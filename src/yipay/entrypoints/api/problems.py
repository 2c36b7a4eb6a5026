"""Errors as RFC 9457 problem+json. The one table mapping error classes to HTTP statuses."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from yipay.core.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Unauthenticated,
    YipayError,
)

STATUS: list[tuple[type[YipayError], int]] = [
    (Unauthenticated, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
    (InvalidInput, 422),
    (YipayError, 400),
]
TITLES = {
    400: "Bad request",
    401: "Unauthenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    415: "Unsupported media type",
    422: "Unprocessable content",
    428: "Precondition required",
    500: "Internal error",
}
MEDIA_TYPE = "application/problem+json"


def problem(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    body = {
        "type": f"https://github.com/yipay/yipay/blob/main/docs/api.md#{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "code": code,
        "detail": detail,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def status_for(exc: YipayError) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 400


async def yipay_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, YipayError)
    return problem(status_for(exc), exc.code, exc.message)


async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    if first.get("type") == "json_invalid":
        return problem(400, "malformed_json", "the request body is not valid JSON")
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    detail = f"{where}: {first.get('msg')}" if where else str(first.get("msg"))
    return problem(422, "invalid_input", detail)


async def http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return problem(exc.status_code, "http_error", str(exc.detail))
