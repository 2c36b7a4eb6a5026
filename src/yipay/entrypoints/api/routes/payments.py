"""Payments: intake, states, analysts' decisions, settlement."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from yipay.access.domain import Permission, User
from yipay.adapters.db.uow import UnitOfWork
from yipay.core.errors import InvalidInput
from yipay.entrypoints.api.deps import Container_, current_user, own_merchant_only, require
from yipay.entrypoints.api.idempotency import run_command
from yipay.entrypoints.api.schemas import DecisionIn, PaymentIn
from yipay.entrypoints.views import payment_view
from yipay.payments.errors import PaymentNotFound

router = APIRouter(tags=["payments"])
P = Permission


@router.post("/payments", status_code=201, dependencies=[require(P.PAYMENTS_WRITE)])
def receive_payment(
    body: PaymentIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """Receive a credit into suspense; screening, matching and crediting follow at once."""
    from yipay.intake.json_payment import parse_payment

    data = body.model_dump(exclude_none=True)
    inbound = parse_payment(data)

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        receipt = c.intake.receive(uow, inbound, channel="api")
        view = payment_view(receipt.payment)
        view["duplicate"] = receipt.duplicate
        return (200 if receipt.duplicate else 201), view

    return run_command(c, request, user, data, command)


@router.get("/payments", dependencies=[require(P.PAYMENTS_READ)])
def list_payments(
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    merchant_id: str | None = None,
    status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    after: str | None = None,
) -> list[dict[str, Any]]:
    from yipay.payments.domain import PaymentStatus

    statuses = None
    if status == "under_review" and user.is_merchant_user:  # the status merchants are shown
        status = PaymentStatus.HELD.value
    if status:
        try:
            statuses = [PaymentStatus(status)]
        except ValueError:
            raise InvalidInput(f"unknown status {status!r}") from None
        if user.is_merchant_user and statuses[0] in {PaymentStatus.HELD, PaymentStatus.FROZEN}:
            statuses = [PaymentStatus.HELD, PaymentStatus.FROZEN]
    if user.merchant_id is not None:
        merchant_id = user.merchant_id
    with c.uow() as uow:
        found = c.payments.find(
            uow, merchant_id=merchant_id, statuses=statuses, limit=limit, after=after
        )
    return [payment_view(p, for_merchant=user.is_merchant_user) for p in found]


@router.get("/payments/{payment_id}", dependencies=[require(P.PAYMENTS_READ)])
def get_payment(
    payment_id: str, c: Container_, user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    with c.uow() as uow:
        payment = c.payments.get(uow, payment_id)
        own_merchant_only(user, payment.merchant_id, PaymentNotFound(f"no payment {payment_id}"))
        view = payment_view(payment, for_merchant=user.is_merchant_user)
        view["allocations"] = [
            {
                "trade_id": a.trade_id,
                "received": a.received.to_json(),
                "charges": a.charges.to_json(),
            }
            for a in c.trades.allocations_for_payment(uow, payment_id)
        ]
    return view


def _decide(
    c: Any, request: Request, user: User, payment_id: str, body: DecisionIn, *, release: bool
) -> JSONResponse:
    if not body.reason.strip():
        raise InvalidInput("a decision needs a reason")

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        action = c.screening.clear_payment if release else c.screening.confirm_payment
        return 200, payment_view(action(uow, payment_id, by=user.name, reason=body.reason))

    return run_command(c, request, user, body.model_dump(), command)


@router.post("/payments/{payment_id}/release", dependencies=[require(P.PAYMENTS_DECIDE)])
def release_payment(
    payment_id: str,
    body: DecisionIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """An analyst clears a held payment (false positive); matching follows."""
    return _decide(c, request, user, payment_id, body, release=True)


@router.post("/payments/{payment_id}/freeze", dependencies=[require(P.PAYMENTS_DECIDE)])
def freeze_payment(
    payment_id: str,
    body: DecisionIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """An analyst confirms a hit: the money stays frozen."""
    return _decide(c, request, user, payment_id, body, release=False)


@router.post("/payments/{payment_id}/settle", dependencies=[require(P.SETTLEMENTS_WRITE)])
def settle_payment(
    payment_id: str,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """结汇 of one credited payment at once (quote and accept); then the CNY payout."""
    from yipay.entrypoints.views import settlement_view

    with c.uow() as uow:
        payment = c.payments.get(uow, payment_id)
    own_merchant_only(user, payment.merchant_id, PaymentNotFound(f"no payment {payment_id}"))

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        view = settlement_view(c.payments.settle(uow, payment_id, by=user.name))
        return 200, {"payment_id": payment_id, **view}

    return run_command(c, request, user, {}, command)
