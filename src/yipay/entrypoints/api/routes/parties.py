"""Merchants and buyers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from yipay.access.domain import Permission, User
from yipay.adapters.db.uow import UnitOfWork
from yipay.entrypoints.api.deps import Container_, current_user, own_merchant_only, require
from yipay.entrypoints.api.idempotency import run_command
from yipay.entrypoints.api.schemas import BuyerIn, FxDirectoryIn, KycIn, MerchantIn, PayerRelationIn
from yipay.entrypoints.views import (
    annual_receipts_view,
    balances_view,
    buyer_view,
    merchant_view,
)
from yipay.parties.errors import PartyNotFound

router = APIRouter(tags=["parties"])
P = Permission
Limit = Annotated[int, Query(ge=1, le=500)]


def _body(model: Any) -> dict[str, Any]:
    return dict(model.model_dump(exclude_none=True))


@router.post("/merchants", status_code=201, dependencies=[require(P.PARTIES_WRITE)])
def create_merchant(
    body: MerchantIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    from yipay.parties.forms import merchant_form

    data = _body(body)
    form = merchant_form(data)

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        return 201, merchant_view(c.parties.register_merchant(uow, form))

    return run_command(c, request, user, data, command)


@router.get("/merchants", dependencies=[require(P.PARTIES_READ)])
def list_merchants(
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    limit: Limit = 100,
    after: str | None = None,
) -> list[dict[str, Any]]:
    with c.uow() as uow:
        found = c.parties.merchants(uow, only_id=user.merchant_id, limit=limit, after=after)
    return [merchant_view(m) for m in found]


@router.get("/merchants/{merchant_id}", dependencies=[require(P.PARTIES_READ)])
def get_merchant(
    merchant_id: str, c: Container_, user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    own_merchant_only(user, merchant_id, PartyNotFound(f"no merchant {merchant_id}"))
    with c.uow() as uow:
        return merchant_view(c.parties.merchant(uow, merchant_id))


@router.get("/merchants/{merchant_id}/balances", dependencies=[require(P.BALANCES_READ)])
def merchant_balances(
    merchant_id: str, c: Container_, user: Annotated[User, Depends(current_user)]
) -> list[dict[str, Any]]:
    own_merchant_only(user, merchant_id, PartyNotFound(f"no merchant {merchant_id}"))
    with c.uow() as uow:
        c.parties.merchant(uow, merchant_id)
        return balances_view(c.ledger.accounts(uow, owner_id=merchant_id))


@router.post("/merchants/{merchant_id}/kyc", dependencies=[require(P.PARTIES_WRITE)])
def set_kyc(
    merchant_id: str,
    body: KycIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    from yipay.core.forms import choice, optional_date
    from yipay.parties.domain import KycStatus

    data = _body(body)
    status = choice(data, "kyc_status", KycStatus)
    expires = optional_date(data, "kyc_expires_on")

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        return 200, merchant_view(c.parties.set_merchant_kyc(uow, merchant_id, status, expires))

    return run_command(c, request, user, data, command)


@router.post("/merchants/{merchant_id}/fx-directory", dependencies=[require(P.PARTIES_APPROVE)])
def set_fx_directory(
    merchant_id: str,
    body: FxDirectoryIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """Record the merchant's registration in SAFE's trade-FX directory (or its absence). It
    lifts the settlement block above the annual threshold, so it takes parties:approve."""
    from yipay.core.forms import optional_date

    data = _body(body)
    registered_on = optional_date(data, "registered_on")

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        merchant = c.parties.set_fx_directory(
            uow,
            merchant_id,
            registered=body.registered,
            registered_on=registered_on,
            by=user.name,
        )
        return 200, merchant_view(merchant)

    return run_command(c, request, user, data, command)


@router.get("/merchants/{merchant_id}/annual-receipts", dependencies=[require(P.PARTIES_READ)])
def annual_receipts(
    merchant_id: str,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> dict[str, Any]:
    """Receipts in one calendar year (default: this one) in USD equivalent, with the FX
    directory registration and whether settlement is blocked."""
    own_merchant_only(user, merchant_id, PartyNotFound(f"no merchant {merchant_id}"))
    with c.uow() as uow:
        merchant = c.parties.merchant(uow, merchant_id)
        total = c.annual_receipts.total(uow, merchant_id, year)
        return annual_receipts_view(merchant, total, c.annual_receipts.policy)


@router.post("/buyers", status_code=201, dependencies=[require(P.PARTIES_WRITE)])
def create_buyer(
    body: BuyerIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    from yipay.parties.forms import buyer_form

    data = _body(body)
    form = buyer_form(data)

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        return 201, buyer_view(c.parties.register_buyer(uow, form))

    return run_command(c, request, user, data, command)


@router.get("/buyers", dependencies=[require(P.PARTIES_READ)])
def list_buyers(
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    limit: Limit = 100,
    after: str | None = None,
) -> list[dict[str, Any]]:
    with c.uow() as uow:
        ids = None
        if user.merchant_id is not None:
            trades = c.trades.find(uow, merchant_id=user.merchant_id, limit=10_000)
            ids = sorted({t.buyer_id for t in trades})
        return [buyer_view(b) for b in c.parties.buyers(uow, ids=ids, limit=limit, after=after)]


@router.get("/buyers/{buyer_id}", dependencies=[require(P.PARTIES_READ)])
def get_buyer(
    buyer_id: str, c: Container_, user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    with c.uow() as uow:
        buyer = c.parties.buyer(uow, buyer_id)
        if user.merchant_id is not None:
            trades = c.trades.find(uow, merchant_id=user.merchant_id, limit=10_000)
            if buyer_id not in {t.buyer_id for t in trades}:
                raise PartyNotFound(f"no buyer {buyer_id}")
        return buyer_view(buyer)


@router.post("/buyers/{buyer_id}/payers", status_code=201, dependencies=[require(P.PARTIES_WRITE)])
def add_payer(
    buyer_id: str,
    body: PayerRelationIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """The buyer declares a third party who pays for it (an agent, an affiliate, family)."""
    from yipay.entrypoints.views import payer_relation_view
    from yipay.parties.domain import RelationSource
    from yipay.parties.forms import payer_relation_form

    data = _body(body)
    name, account, kind = payer_relation_form(data)

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        relation = c.parties.add_payer_relation(
            uow,
            buyer_id,
            payer_name=name,
            payer_account=account,
            kind=kind,
            source=RelationSource.BUYER_DECLARATION,
            by=user.name,
        )
        return 201, payer_relation_view(relation)

    return run_command(c, request, user, data, command)
