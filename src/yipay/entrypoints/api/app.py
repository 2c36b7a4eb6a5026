"""The FastAPI application factory."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from yipay import __version__
from yipay.bootstrap import Container
from yipay.core.errors import YipayError
from yipay.entrypoints.api import problems
from yipay.entrypoints.api.routes import (
    bank_messages,
    money_out,
    oversight,
    parties,
    payments,
    screening,
    trades,
)


def create_app(container: Container | None = None) -> FastAPI:
    if container is None:
        from yipay.bootstrap import build

        container = build()
    app = FastAPI(
        title="yipay",
        version=__version__,
        description=(
            "Cross-border collection for a small-commodity market. Authenticate with"
            " `Authorization: Bearer <api key>`; send `Idempotency-Key` on every POST."
            " Errors are application/problem+json; amounts are decimal strings."
        ),
        docs_url=None,  # Swagger UI loads from a CDN; nothing here may download at run time
        redoc_url=None,
    )
    app.state.container = container
    app.add_exception_handler(YipayError, problems.yipay_error)
    app.add_exception_handler(RequestValidationError, problems.validation_error)
    app.add_exception_handler(HTTPException, problems.http_error)
    for module in (parties, trades, payments, bank_messages, money_out, oversight, screening):
        app.include_router(module.router)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__}

    return app
