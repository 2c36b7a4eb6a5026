"""`yipay ledger`: balances in time, statements, reversals, backing, sealing, verification."""

from __future__ import annotations

from typing import Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json, fail

app = typer.Typer(help="The double-entry ledger.", no_args_is_help=True)


@app.command("balances")
def balances(
    owner: str | None = typer.Option(None, help="Only accounts of this merchant."),
) -> None:
    """Every account's balance (from its normal side)."""
    from yipay.entrypoints.views import balances_view

    c = container()
    with c.uow() as uow:
        emit_json(balances_view(c.ledger.accounts(uow, owner_id=owner)))


@app.command("balance")
def balance(
    account: Annotated[str, typer.Argument(help="Account code, e.g. wallet:mer_…:USD")],
    as_of: Annotated[str | None, typer.Option(help="ISO 8601 instant; default: now")] = None,
) -> None:
    """One account's balance now or as of an instant (postings booked before it)."""
    from yipay.core.clock import parse_instant
    from yipay.entrypoints.views import account_ref

    ref = account_ref(account)
    c = container()
    with c.uow() as uow:
        value = (
            c.ledger.balance_as_of(uow, ref, parse_instant(as_of))
            if as_of
            else c.ledger.balance(uow, ref)
        )
        available = c.ledger.available(uow, ref)
    emit_json(
        {
            "account": ref.code,
            "as_of": as_of,
            "balance": value.to_json(),
            "available_now": available.to_json(),
        }
    )


@app.command("statement")
def statement(
    merchant: Annotated[str, typer.Option(help="The merchant id.")],
    currency: Annotated[str, typer.Option(help="Wallet currency, e.g. USD or CNY.")],
    start: Annotated[str, typer.Option("--from", help="ISO 8601 instant or date (inclusive).")],
    end: Annotated[str, typer.Option("--to", help="ISO 8601 instant or date (exclusive).")],
    fmt: Annotated[str, typer.Option("--format", help="json or csv")] = "json",
) -> None:
    """A merchant's wallet statement: opening balance, every movement, closing balance."""
    import sys

    from yipay.entrypoints.views import parse_period_bound, statement_csv, statement_view
    from yipay.ledger.domain import wallet

    if fmt not in {"json", "csv"}:
        fail("--format must be json or csv")
    c = container()
    begin, finish = parse_period_bound(start, c.calendar), parse_period_bound(end, c.calendar)
    with c.uow() as uow:
        c.parties.merchant(uow, merchant)
        result = c.ledger.statement(uow, wallet(merchant, currency.upper()), begin, finish)
    if fmt == "csv":
        sys.stdout.write(statement_csv(result))
    else:
        emit_json(statement_view(result))


@app.command("reverse")
def reverse(
    key: Annotated[str, typer.Argument(help="External key of the entry to reverse.")],
    reason: Annotated[str, typer.Option(help="Why (kept on the reversing entry).")],
    by: Annotated[str, typer.Option(help="Who decides (a named user).")],
) -> None:
    """Correct a posted entry by its exact opposite (entries themselves never change)."""
    if not reason.strip():
        fail("a reversal needs a reason")
    c = container()
    with c.uow(actor=by) as uow:
        entry = c.ledger.reverse(uow, key, reason=reason)
        uow.commit()
    c.seal()
    emit_json(
        {"entry_id": entry.id, "external_key": entry.external_key, "reverses": entry.reverses}
    )


@app.command("backing")
def backing() -> None:
    """Client money per currency against the nostro balances that back it; exit 1 if short."""
    c = container()
    with c.uow() as uow:
        rows = c.ledger.backing(uow)
    emit_json(
        [
            {
                "currency": b.currency,
                "client_money": str(b.client_money.amount),
                "nostro": str(b.nostro.amount),
                "backed": b.backed,
            }
            for b in rows
        ]
    )
    if not all(b.backed for b in rows):
        raise typer.Exit(1)


@app.command("seal")
def seal() -> None:
    """Seal committed journal entries (and audit rows) into their hash chains."""
    typer.echo(f"{container().seal()} row(s) sealed")


@app.command("verify")
def verify() -> None:
    """Trial balance, balances vs postings, postings vs body hashes, and the entry hash chain
    (an unsealed tail is tolerated). Names every break; exit 1 if any."""
    c = container()
    with c.uow() as uow:
        report = c.ledger.verify_all(uow)
    for problem in (*report.problems, *report.chain.breaks):
        typer.echo(f"break: {problem}", err=True)
    typer.echo(
        f"{report.entries} entries; chain: {report.chain.sealed} sealed,"
        f" {report.chain.unsealed} not yet sealed"
    )
    if not report.ok:
        raise typer.Exit(1)
    typer.echo(
        "ledger ok: every currency balances; every balance equals its postings;"
        " every entry matches its hash and the chain"
    )


@app.command("fund")
def fund(
    amount: Annotated[str, typer.Argument(help="Amount, e.g. 50000.00")],
    currency: Annotated[str, typer.Argument(help="ISO 4217 code")],
    reference: Annotated[str, typer.Option(help="The bank transfer that brought it (unique).")],
    by: Annotated[str, typer.Option(help="Who records it (a named user).")],
) -> None:
    """Record the institution's own money arriving at the partner bank (Dr nostro / Cr own
    funds): the cushion that bears charges client money must not."""
    from yipay.core.money import Money
    from yipay.ledger import journal

    c = container()
    value = Money.of(amount, currency)
    if not value.is_positive:
        fail("the amount must be positive")
    with c.uow(actor=by) as uow:
        entry = c.ledger.post(
            uow, journal.own_funds_deposit(reference, c.settings.nostro_bank, value, c.clock.now())
        )
        uow.commit()
    c.seal()
    emit_json({"entry_id": entry.id, "external_key": entry.external_key})
