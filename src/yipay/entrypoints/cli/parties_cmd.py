"""`yipay merchants` and `yipay buyers`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json, fail, read_json_arg

merchants = typer.Typer(
    help="Merchants (market shops): register, list, show, KYC, FX directory, annual receipts.",
    no_args_is_help=True,
)
buyers = typer.Typer(help="Buyers (global): register, list, show.", no_args_is_help=True)

JSON_HELP = "The registration as JSON: inline, @FILE or - for stdin (see docs/api.md)."


@merchants.command("create")
def create_merchant(json_doc: Annotated[str, typer.Argument(help=JSON_HELP)]) -> None:
    """Register a merchant."""
    from yipay.entrypoints.views import merchant_view
    from yipay.parties.forms import merchant_form

    form = merchant_form(read_json_arg(json_doc))
    c = container()
    with c.uow(actor="cli") as uow:
        merchant = c.parties.register_merchant(uow, form)
        uow.commit()
    c.process()  # e.g. opens the merchant's virtual collection accounts
    emit_json(merchant_view(merchant))


@merchants.command("list")
def list_merchants(limit: int = typer.Option(50, min=1, max=1000)) -> None:
    """List merchants."""
    from yipay.entrypoints.views import merchant_view

    c = container()
    with c.uow() as uow:
        emit_json([merchant_view(m) for m in c.parties.merchants(uow, limit=limit)])


@merchants.command("show")
def show_merchant(merchant_id: str) -> None:
    """Show one merchant with its balances and this year's receipts (USD equivalent)."""
    from yipay.entrypoints.views import annual_receipts_view, balances_view, merchant_view

    c = container()
    with c.uow() as uow:
        merchant = c.parties.merchant(uow, merchant_id)
        view = merchant_view(merchant)
        view["balances"] = balances_view(c.ledger.accounts(uow, owner_id=merchant.id))
        total = c.annual_receipts.total(uow, merchant.id)
        view["annual_receipts"] = annual_receipts_view(merchant, total, c.annual_receipts.policy)
        emit_json(view)


@merchants.command("kyc")
def set_kyc(
    merchant_id: str,
    status: Annotated[str, typer.Option(help="pending, approved or rejected")],
    expires_on: Annotated[str | None, typer.Option(help="YYYY-MM-DD, last valid day")] = None,
) -> None:
    """Record a KYC decision; approval releases matched money waiting for it."""
    from yipay.core.clock import parse_date
    from yipay.entrypoints.views import merchant_view
    from yipay.parties.domain import KycStatus

    try:
        kyc = KycStatus(status.lower())
    except ValueError:
        fail("status must be pending, approved or rejected")
    expiry: date | None = parse_date(expires_on) if expires_on else None
    c = container()
    with c.uow(actor="cli") as uow:
        merchant = c.parties.set_merchant_kyc(uow, merchant_id, kyc, expiry)
        uow.commit()
    c.process()
    emit_json(merchant_view(merchant))


@merchants.command("fx-directory")
def fx_directory(
    merchant_id: str,
    registered: Annotated[
        bool, typer.Option("--registered/--unregistered", help="What SAFE's directory shows.")
    ],
    by: Annotated[str, typer.Option(help="Who checked the directory (a named user).")],
    on: Annotated[
        str | None, typer.Option("--on", help="YYYY-MM-DD registration date (--registered).")
    ] = None,
) -> None:
    """Record the merchant's registration in SAFE's trade-FX directory; above the annual
    receipts threshold its money settles only once this is recorded."""
    from yipay.core.clock import parse_date
    from yipay.entrypoints.views import merchant_view

    if registered and on is None:
        fail("--registered needs --on DATE, the registration date the directory shows")
    if not registered and on is not None:
        fail("--unregistered takes no --on date")
    registered_on = parse_date(on) if on else None
    c = container()
    with c.uow(actor=by) as uow:
        merchant = c.parties.set_fx_directory(
            uow, merchant_id, registered=registered, registered_on=registered_on, by=by
        )
        uow.commit()
    emit_json(merchant_view(merchant))


@merchants.command("annual-receipts")
def annual_receipts(
    merchant_id: str,
    year: Annotated[
        int | None, typer.Option(min=2000, max=2100, help="Calendar year (default: this one).")
    ] = None,
    all_years: Annotated[bool, typer.Option("--all", help="Every year with receipts.")] = False,
) -> None:
    """Receipts per calendar year (Shanghai) in USD equivalent, against the FX directory
    thresholds."""
    from yipay.entrypoints.views import annual_receipts_view

    c = container()
    with c.uow() as uow:
        merchant = c.parties.merchant(uow, merchant_id)
        policy = c.annual_receipts.policy
        if all_years:
            found = c.annual_receipts.totals(uow, merchant.id)
            emit_json([annual_receipts_view(merchant, t, policy) for t in found])
            return
        total = c.annual_receipts.total(uow, merchant.id, year)
        emit_json(annual_receipts_view(merchant, total, policy))


@buyers.command("create")
def create_buyer(json_doc: Annotated[str, typer.Argument(help=JSON_HELP)]) -> None:
    """Register a buyer (once, for every merchant they trade with)."""
    from yipay.entrypoints.views import buyer_view
    from yipay.parties.forms import buyer_form

    form = buyer_form(read_json_arg(json_doc))
    c = container()
    with c.uow(actor="cli") as uow:
        buyer = c.parties.register_buyer(uow, form)
        uow.commit()
    emit_json(buyer_view(buyer))


@buyers.command("list")
def list_buyers(limit: int = typer.Option(50, min=1, max=1000)) -> None:
    """List buyers."""
    from yipay.entrypoints.views import buyer_view

    c = container()
    with c.uow() as uow:
        emit_json([buyer_view(b) for b in c.parties.buyers(uow, limit=limit)])


@buyers.command("show")
def show_buyer(buyer_id: str) -> None:
    """Show one buyer."""
    from yipay.entrypoints.views import buyer_view

    c = container()
    with c.uow() as uow:
        emit_json(buyer_view(c.parties.buyer(uow, buyer_id)))


@merchants.command("account-change")
def account_change(
    merchant_id: str,
    bank_name: Annotated[str, typer.Option(help="The bank (and branch).")],
    account_no: Annotated[str, typer.Option(help="The CNY account number.")],
    account_name: Annotated[str, typer.Option(help="Must be the merchant's legal name.")],
    by: Annotated[str, typer.Option(help="Who asks (a named user).")],
) -> None:
    """Ask to change the settlement account; a second user must approve (maker-checker)."""
    from yipay.entrypoints.views import account_change_view
    from yipay.parties.domain import BankAccount

    c = container()
    with c.uow(actor=by) as uow:
        change = c.parties.request_account_change(
            uow, merchant_id, BankAccount(bank_name, account_no, account_name), by=by
        )
        uow.commit()
    emit_json(account_change_view(change))


@merchants.command("decide-change")
def decide_change(
    change_id: str,
    by: Annotated[str, typer.Option(help="The deciding user (not the one who asked).")],
    approve: Annotated[bool, typer.Option("--approve/--reject")],
    reason: Annotated[str, typer.Option(help="Why.")] = "",
) -> None:
    """Approve or reject a settlement account change."""
    from yipay.entrypoints.views import account_change_view

    c = container()
    with c.uow(actor=by) as uow:
        change = c.parties.decide_account_change(
            uow, change_id, by=by, approve=approve, reason=reason
        )
        uow.commit()
    emit_json(account_change_view(change))


@merchants.command("payout")
def payout(
    merchant_id: str,
    amount: Annotated[str, typer.Option(help="CNY amount, e.g. 1000.00")],
    by: Annotated[str, typer.Option(help="Who asks (a named user).")],
    currency: Annotated[str, typer.Option(help="Wallet currency.")] = "CNY",
) -> None:
    """Pay wallet money (e.g. after a returned payout) to the registered account."""
    from yipay.core.money import Money
    from yipay.entrypoints.views import payout_view

    c = container()
    with c.uow(actor=by) as uow:
        result = c.payments.pay_out_wallet(uow, merchant_id, Money.of(amount, currency), by=by)
        uow.commit()
    c.process()
    emit_json(payout_view(result))


@buyers.command("add-payer")
def add_payer(
    buyer_id: str,
    name: Annotated[str, typer.Option(help="The payer's name as its bank sends it.")],
    account: Annotated[str | None, typer.Option(help="The payer's account, when known.")] = None,
    relation: Annotated[
        str, typer.Option(help="agent, affiliate, family, employee or other.")
    ] = "other",
    by: Annotated[str, typer.Option(help="Who records the declaration.")] = "cli",
) -> None:
    """Record the buyer's declaration that this payer pays for it (a third party)."""
    from yipay.entrypoints.views import payer_relation_view
    from yipay.parties.domain import RelationSource
    from yipay.parties.forms import payer_relation_form

    data = {"name": name, "relation": relation} | ({"account": account} if account else {})
    payer_name, payer_account, kind = payer_relation_form(data)
    c = container()
    with c.uow(actor=by) as uow:
        added = c.parties.add_payer_relation(
            uow,
            buyer_id,
            payer_name=payer_name,
            payer_account=payer_account,
            kind=kind,
            source=RelationSource.BUYER_DECLARATION,
            by=by,
        )
        uow.commit()
    emit_json(payer_relation_view(added))
