"""Trade records. Staff post the platform's records; a merchant's own entries await review."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from yipay.access.domain import Permission, User
from yipay.adapters.db.uow import UnitOfWork
from yipay.entrypoints.api.deps import Container_, current_user, own_merchant_only, require
from yipay.entrypoints.api.idempotency import run_command
from yipay.entrypoints.api.schemas import DocumentIn, ReviewIn, TradeIn
from yipay.entrypoints.views import overdue_view, trade_record_view, trade_view
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
        trade = c.trades.register(uow, form)
        return 201, trade_record_view(c.trades.record(uow, trade.id))

    return run_command(c, request, user, data, command)


@router.get("/trades", dependencies=[require(P.TRADES_READ)])
def list_trades(
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    merchant_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    after: str | None = None,
    overdue: Annotated[
        bool,
        Query(description="Only prepayment trades past documents_due_by with no export document."),
    ] = False,
) -> list[dict[str, Any]]:
    if user.merchant_id is not None:
        merchant_id = user.merchant_id
    if overdue:
        today = c.trades.today()
        with c.uow() as uow:
            late = c.trades.overdue(uow, merchant_id=merchant_id, today=today)
        return [overdue_view(t, today) for t in late[:limit]]
    with c.uow() as uow:
        found = c.trades.find(uow, merchant_id=merchant_id, limit=limit, after=after)
    return [trade_view(t) for t in found]


@router.get("/trades/{trade_id}", dependencies=[require(P.TRADES_READ)])
def get_trade(
    trade_id: str, c: Container_, user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    with c.uow() as uow:
        record = c.trades.record(uow, trade_id)
    own_merchant_only(user, record.trade.merchant_id, TradeNotFound(f"no trade {trade_id}"))
    return trade_record_view(record)


@router.post(
    "/trades/{trade_id}/documents", status_code=201, dependencies=[require(P.TRADES_WRITE)]
)
def add_document(
    trade_id: str,
    body: DocumentIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """Attach a transport document (with its export date), an invoice or a contract."""
    from yipay.trades.domain import Provenance
    from yipay.trades.forms import document_form

    data = dict(body.model_dump(exclude_none=True))
    document = document_form(data)
    with c.uow() as uow:
        trade = c.trades.get(uow, trade_id)
    own_merchant_only(user, trade.merchant_id, TradeNotFound(f"no trade {trade_id}"))
    provenance = Provenance.MERCHANT if user.is_merchant_user else Provenance.PLATFORM

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        return 201, trade_record_view(c.trades.add_document(uow, trade_id, document, provenance))

    return run_command(c, request, user, data, command)


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
