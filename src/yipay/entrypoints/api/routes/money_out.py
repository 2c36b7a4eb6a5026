"""Money leaving: statements and balances, 结汇 quotes, payouts, bank answers, returns to payers,
and the maker-checker change of a merchant's settlement account."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from yipay.access.domain import Permission, User
from yipay.adapters.db.uow import UnitOfWork
from yipay.core.errors import InvalidInput
from yipay.entrypoints.api.deps import Container_, current_user, own_merchant_only, require
from yipay.entrypoints.api.idempotency import run_command
from yipay.entrypoints.api.schemas import (
    AccountChangeIn,
    ApprovalIn,
    DecisionIn,
    DecisionWithApprovalIn,
    QuoteIn,
    WalletPayoutIn,
)
from yipay.entrypoints.views import (
    account_change_view,
    payout_view,
    quote_view,
    settlement_view,
)
from yipay.fx.errors import QuoteNotFound
from yipay.parties.errors import PartyNotFound
from yipay.payouts.errors import PayoutNotFound

router = APIRouter(tags=["money out"])
P = Permission
MAX_MESSAGE = 10 * 1024 * 1024


@router.get("/merchants/{merchant_id}/statement", dependencies=[require(P.BALANCES_READ)])
def statement(
    merchant_id: str,
    currency: str,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    start: Annotated[str, Query(alias="from")],
    end: Annotated[str, Query(alias="to")],
    fmt: Annotated[str, Query(alias="format", pattern="^(json|csv)$")] = "json",
) -> Any:
    """Opening balance, every movement in [from, to), closing balance; JSON or CSV."""
    from yipay.entrypoints.views import parse_period_bound, statement_csv, statement_view
    from yipay.ledger.domain import wallet

    own_merchant_only(user, merchant_id, PartyNotFound(f"no merchant {merchant_id}"))
    begin, finish = parse_period_bound(start, c.calendar), parse_period_bound(end, c.calendar)
    with c.uow() as uow:
        c.parties.merchant(uow, merchant_id)
        result = c.ledger.statement(uow, wallet(merchant_id, currency.upper()), begin, finish)
    if fmt == "csv":
        return Response(statement_csv(result), media_type="text/csv")
    return statement_view(result)


@router.get("/merchants/{merchant_id}/balance", dependencies=[require(P.BALANCES_READ)])
def balance(
    merchant_id: str,
    currency: str,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    as_of: str | None = None,
) -> dict[str, Any]:
    """A wallet's balance now (with what is available after holds) or as of an instant."""
    from yipay.core.clock import parse_instant
    from yipay.ledger.domain import wallet

    own_merchant_only(user, merchant_id, PartyNotFound(f"no merchant {merchant_id}"))
    ref = wallet(merchant_id, currency.upper())
    with c.uow() as uow:
        c.parties.merchant(uow, merchant_id)
        value = (
            c.ledger.balance_as_of(uow, ref, parse_instant(as_of))
            if as_of
            else c.ledger.balance(uow, ref)
        )
        available = c.ledger.available(uow, ref)
    return {
        "account": ref.code,
        "as_of": as_of,
        "balance": value.to_json(),
        "available_now": available.to_json(),
    }


@router.post("/fx/quotes", status_code=201, dependencies=[require(P.SETTLEMENTS_WRITE)])
def create_quote(
    body: QuoteIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """A firm 结汇 price for credited payments (all of a currency by default), valid briefly."""
    own_merchant_only(user, body.merchant_id, PartyNotFound(f"no merchant {body.merchant_id}"))

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        found = c.payments.quote_settlement(
            uow, body.merchant_id, body.currency.upper(), body.payment_ids
        )
        return 201, quote_view(found)

    return run_command(c, request, user, body.model_dump(), command)


@router.post("/fx/quotes/{quote_id}/accept", dependencies=[require(P.SETTLEMENTS_WRITE)])
def accept_quote(
    quote_id: str,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """Settle at the quote, once, before it expires; the CNY goes to the registered account."""
    with c.uow() as uow:
        quote = c.fx.get_quote(uow, quote_id)
    own_merchant_only(user, quote.merchant_id, QuoteNotFound(f"no quote {quote_id}"))

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        return 200, settlement_view(c.payments.accept_quote(uow, quote_id, by=user.name))

    return run_command(c, request, user, {}, command)


@router.get("/payouts", dependencies=[require(P.BALANCES_READ)])
def list_payouts(
    c: Container_,
    user: Annotated[User, Depends(current_user)],
    status: str | None = None,
    merchant_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    from yipay.payouts.domain import PayoutStatus

    statuses = None
    if status:
        try:
            statuses = [PayoutStatus(status)]
        except ValueError:
            raise InvalidInput(f"unknown payout status {status!r}") from None
    if user.merchant_id is not None:
        merchant_id = user.merchant_id
    with c.uow() as uow:
        found = c.payouts.find(uow, statuses=statuses, merchant_id=merchant_id, limit=limit)
    if user.merchant_id is not None:  # returns to payers are not a merchant's business
        found = [p for p in found if p.merchant_id == user.merchant_id]
    return [payout_view(p) for p in found]


@router.get("/payouts/{payout_id}", dependencies=[require(P.BALANCES_READ)])
def get_payout(
    payout_id: str, c: Container_, user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    with c.uow() as uow:
        payout = c.payouts.get(uow, payout_id)
    own_merchant_only(user, payout.merchant_id, PayoutNotFound(f"no payout {payout_id}"))
    return payout_view(payout)


@router.post("/payouts/{payout_id}/approve", dependencies=[require(P.PAYOUTS_APPROVE)])
def approve_payout(
    payout_id: str,
    body: ApprovalIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """The checker: never the user who asked for the payout."""

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        return 200, payout_view(c.payouts.approve(uow, payout_id, by=user.name))

    return run_command(c, request, user, body.model_dump(), command)


@router.post("/payouts/{payout_id}/decline", dependencies=[require(P.PAYOUTS_APPROVE)])
def decline_payout(
    payout_id: str,
    body: DecisionIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    if not body.reason.strip():
        raise InvalidInput("declining needs a reason")

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        return 200, payout_view(c.payouts.decline(uow, payout_id, by=user.name, reason=body.reason))

    return run_command(c, request, user, body.model_dump(), command)


@router.post("/payouts/export", dependencies=[require(P.PAYMENTS_WRITE)])
def export_payouts(
    request: Request, c: Container_, user: Annotated[User, Depends(current_user)]
) -> JSONResponse:
    """Approved payouts as pain.001 documents (one per currency); they become `sent`."""

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        files = c.payouts.export(uow)
        return 200, [
            {
                "message_id": f.message_id,
                "payouts": [p.id for p in f.payouts],
                "pain001": f.document.decode("utf-8"),
            }
            for f in files
        ]

    return run_command(c, request, user, {}, command)


@router.post("/bank-messages/status", dependencies=[require(P.PAYMENTS_WRITE)])
async def bank_status(
    request: Request, c: Container_, user: Annotated[User, Depends(current_user)]
) -> JSONResponse:
    """A raw pain.002 / pacs.002 / pacs.004 / camt.054 (XML body) applied to payouts."""
    from yipay.adapters.iso20022 import parse_status

    raw = await request.body()
    if len(raw) > MAX_MESSAGE:
        raise InvalidInput("the message is larger than 10 MB")
    events = parse_status(raw, name="request body")
    body = {"sha256": hashlib.sha256(raw).hexdigest()}

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        outcome = c.payouts.apply_status(uow, events)
        return 200, {
            "applied": [{"payout_id": p, "status": s} for p, s in outcome.applied],
            "unchanged": outcome.unchanged,
            "unmatched": outcome.unmatched,
            "review": outcome.review,
        }

    return run_command(c, request, user, body, command)


@router.post("/payments/{payment_id}/return", dependencies=[require(P.PAYMENTS_DECIDE)])
def return_payment(
    payment_id: str,
    body: DecisionIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """Send money back to the payer: from suspense, or matched/credited money whose match is
    undone first (never held, frozen or settled money)."""

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        payout = c.matching.return_to_payer(uow, payment_id, by=user.name, reason=body.reason)
        return 200, payout_view(payout)

    return run_command(c, request, user, body.model_dump(), command)


@router.post("/payments/{payment_id}/unmatch", dependencies=[require(P.PAYMENTS_DECIDE)])
def unmatch_payment(
    payment_id: str,
    body: DecisionIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """Undo a match: allocations reversed, the money back in suspense (a credit reversed
    exactly); from then on people decide this payment, not the engine."""
    from yipay.entrypoints.views import payment_view

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        c.matching.unmatch(uow, payment_id, by=user.name, reason=body.reason)
        return 200, payment_view(c.payments.get(uow, payment_id))

    return run_command(c, request, user, body.model_dump(), command)


@router.post(
    "/merchants/{merchant_id}/payouts", status_code=201, dependencies=[require(P.SETTLEMENTS_WRITE)]
)
def pay_out_wallet(
    merchant_id: str,
    body: WalletPayoutIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """Pay wallet money (e.g. after a returned payout) to the registered account."""
    from yipay.core.money import Money

    own_merchant_only(user, merchant_id, PartyNotFound(f"no merchant {merchant_id}"))
    amount = Money.of(body.amount, body.currency)

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        return 201, payout_view(c.payments.pay_out_wallet(uow, merchant_id, amount, by=user.name))

    return run_command(c, request, user, body.model_dump(), command)


@router.post(
    "/merchants/{merchant_id}/settlement-account",
    status_code=201,
    dependencies=[require(P.PARTIES_WRITE)],
)
def request_account_change(
    merchant_id: str,
    body: AccountChangeIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    """Ask to pay the merchant into another same-name account; a second user approves."""
    from yipay.parties.domain import BankAccount

    account = BankAccount(body.bank_name, body.account_no, body.account_name)

    def command(uow: UnitOfWork) -> tuple[int, Any]:
        change = c.parties.request_account_change(uow, merchant_id, account, by=user.name)
        return 201, account_change_view(change)

    return run_command(c, request, user, body.model_dump(), command)


@router.post("/account-changes/{change_id}/decision", dependencies=[require(P.PARTIES_APPROVE)])
def decide_account_change(
    change_id: str,
    body: DecisionWithApprovalIn,
    request: Request,
    c: Container_,
    user: Annotated[User, Depends(current_user)],
) -> JSONResponse:
    def command(uow: UnitOfWork) -> tuple[int, Any]:
        change = c.parties.decide_account_change(
            uow, change_id, by=user.name, approve=body.approve, reason=body.reason
        )
        return 200, account_change_view(change)

    return run_command(c, request, user, body.model_dump(), command)
