"""Payments: intake, states, analysts' decisions, settlement."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from yipay.access.domain import Permission, User
from yipay.adapters.db.uow import UnitOfWork
from yipay.core.errors import InvalidInput, PermissionDenied
from yipay.entrypoints.api.deps import Container_, current_user, own_merchant_only, require
from yipay.entrypoints.api.idempotency import run_command
from yipay.entrypoints.api.schemas import ClaimDecisionIn, ClaimIn, DecisionIn, MatchIn, PaymentIn
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


# -- matching by people: suggestions, an operator's match, merchants' claims, ageing ---------------
def _staff_only(user: User, payment_id: str | None = None) -> None:
    """Scores and suspense reasons are for staff; for a merchant's user they do not exist."""
    if user.is_merchant_user:
        if payment_id is not None:
            raise PaymentNotFound(f"no payment {payment_id}")
        raise PermissionDenied("staff only")


@router.get("/payments/{payment_id}/suggestions", dependencies=[require(P.PAYMENTS_READ)])
def payment_suggestions(
    payment_id: str, c: Container_, user: Annotated[User, Depends(current_user)]
) -> list[dict[str, Any]]:
    """The engine's ranked suggestions for a payment left in suspense (staff; with scores)."""
    from yipay.entrypoints.views import suggestion_view

    _staff_only(user, payment_id)
    with c.uow() as uow:
        return [suggestion_view(s) for s in c.matching.suggestions_for(uow, payment_id)]


@router.get("/payments/{payment_id}/match", dependencies=[require(P.PAYMENTS_READ)])
def payment_match(
    payment_id: str, c: Container_, user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    """How a payment was matched: the engine's score and explanation, or who confirmed it
    (staff; 404 when it is not matched)."""
    from yipay.entrypoints.views import match_record_view
    from yipay.matching.errors import MatchNotFound

    _staff_only(user, payment_id)
    with c.uow() as uow:
        record = c.matching.match_record(uow, payment_id)
    if record is None:
        raise MatchNotFound(f"payment {payment_id} has no match record")
    return match_record_view(record)


@router.post("/payments/{payment_id}/match", dependencies=[require(P.PAYMENTS_WRITE)])
def match_payment(
    payment_id: str,
    body: MatchIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """An operator matches money in suspense to a trade of its merchant (gross, never more than
    the trade's open balance, never held or frozen money)."""
    _staff_only(user, payment_id)

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        c.matching.confirm_match(uow, payment_id, body.trade_id, by=user.name, reason=body.reason)
        return 200, payment_view(c.payments.get(uow, payment_id))

    return run_command(c, request, user, body.model_dump(), command)


@router.post(
    "/payments/{payment_id}/claims", status_code=201, dependencies=[require(P.PAYMENTS_READ)]
)
def claim_payment(
    payment_id: str,
    body: ClaimIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """A merchant claims its payment in suspense for one of its trades, with evidence."""
    from yipay.entrypoints.views import claim_view

    if not user.is_merchant_user:
        user.require(P.PAYMENTS_WRITE)  # staff may file a claim on a merchant's behalf

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        claim = c.matching.file_claim(
            uow,
            payment_id,
            body.trade_id,
            evidence=body.evidence,
            by=user.name,
            merchant_id=user.merchant_id,
        )
        return 201, claim_view(claim)

    return run_command(c, request, user, body.model_dump(), command)


@router.get("/claims", dependencies=[require(P.PAYMENTS_READ)])
def list_claims(
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    from yipay.entrypoints.views import claim_view
    from yipay.matching.domain import ClaimStatus

    try:
        wanted = ClaimStatus(status) if status else None
    except ValueError:
        raise InvalidInput(f"unknown claim status {status!r}") from None
    with c.uow() as uow:
        found = c.matching.find_claims(
            uow, status=wanted, merchant_id=user.merchant_id, limit=limit
        )
    return [claim_view(claim) for claim in found]


@router.post("/claims/{claim_id}/decision", dependencies=[require(P.PAYMENTS_WRITE)])
def decide_claim(
    claim_id: str,
    body: ClaimDecisionIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """Another user than the claimant approves (the match) or rejects (suspense) a claim."""
    from yipay.entrypoints.views import claim_view

    _staff_only(user)

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        claim = c.matching.decide_claim(
            uow, claim_id, approve=body.approve, by=user.name, reason=body.reason
        )
        return 200, claim_view(claim)

    return run_command(c, request, user, body.model_dump(), command)


@router.get("/suspense", dependencies=[require(P.PAYMENTS_READ)])
def suspense(
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    older_than_days: Annotated[int, Query(ge=0, le=36_500)] = 0,
    merchant_id: str | None = None,
) -> list[dict[str, Any]]:
    """Money in suspense for at least `older_than_days` (Asia/Shanghai calendar days), oldest
    first, with the reason and whether a suggestion or an open claim exists (staff)."""
    from yipay.entrypoints.views import suspense_view

    _staff_only(user)
    with c.uow() as uow:
        items = c.matching.suspense(uow, older_than_days=older_than_days, merchant_id=merchant_id)
    return [suspense_view(item) for item in items]
