"""Trade records. Staff post the platform's records; a merchant's own entries await review."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from yipay.access.domain import Permission, User
from yipay.adapters.db.uow import UnitOfWork
from yipay.entrypoints.api.deps import Container_, current_user, own_merchant_only, require
from yipay.entrypoints.api.idempotency import run_command
from yipay.entrypoints.api.schemas import ReviewIn, TradeIn
from yipay.entrypoints.views import trade_view
from yipay.parties.errors import PartyNotFound
from yipay.trades.errors import TradeNotFound

router = APIRouter(tags=["trades"])
P = Permission


@router.post("/trades", status_code=201, dependencies=[require(P.TRADES_WRITE)])
def create_trade(
    body: TradeIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    from yipay.trades.domain import Provenance
    from yipay.trades.forms import trade_form

    data = dict(body.model_dump(exclude_none=True))
    merchant_id = str(data.get("merchant_id", ""))
    own_merchant_only(user, merchant_id, PartyNotFound(f"no merchant {merchant_id}"))
    provenance = Provenance.MERCHANT if user.is_merchant_user else Provenance.PLATFORM
    form = trade_form(data, provenance=provenance)

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        return 201, trade_view(c.trades.register(uow, form))

    return run_command(c, request, user, data, command)


@router.get("/trades", dependencies=[require(P.TRADES_READ)])
def list_trades(
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    merchant_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    after: str | None = None,
) -> list[dict[str, Any]]:
    if user.merchant_id is not None:
        merchant_id = user.merchant_id
    with c.uow() as uow:
        found = c.trades.find(uow, merchant_id=merchant_id, limit=limit, after=after)
    return [trade_view(t) for t in found]


@router.get("/trades/{trade_id}", dependencies=[require(P.TRADES_READ)])
def get_trade(
    trade_id: str, c: Container_, user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    with c.uow() as uow:
        trade = c.trades.get(uow, trade_id)
    own_merchant_only(user, trade.merchant_id, TradeNotFound(f"no trade {trade_id}"))
    return trade_view(trade)


@router.post("/trades/{trade_id}/review", dependencies=[require(P.TRADES_REVIEW)])
def review_trade(
    trade_id: str,
    body: ReviewIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    def command(uow: UnitOfWork) -> tuple[int, Any]:
        return 200, trade_view(c.trades.verify(uow, trade_id, approve=body.approve))

    return run_command(c, request, user, body.model_dump(), command)
