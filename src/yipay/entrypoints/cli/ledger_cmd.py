"""`yipay ledger`: balances, client-money backing, verification."""

from __future__ import annotations

import typer

from yipay.entrypoints.cli.context import container, emit_json

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


@app.command("backing")
def backing() -> None:
    """Client money per currency against the nostro balances that back it."""
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


@app.command("verify")
def verify() -> None:
    """Recompute the trial balance and every account against its postings; exit 1 on a break."""
    c = container()
    with c.uow() as uow:
        problems = c.ledger.verify(uow)
    for problem in problems:
        typer.echo(f"break: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo("ledger ok: every currency balances; every balance equals its postings")
