"""`yipay trades`."""

from __future__ import annotations

from typing import Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json, read_json_arg

app = typer.Typer(help="Trade records: register, list, show, review.", no_args_is_help=True)


@app.command("create")
def create(
    json_doc: Annotated[str, typer.Argument(help="The trade as JSON: inline, @FILE or -.")],
    merchant_entered: Annotated[
        bool, typer.Option("--merchant-entered", help="Entered by the merchant: awaits review.")
    ] = False,
) -> None:
    """Register a trade (by default as the market platform's record)."""
    from yipay.entrypoints.views import trade_view
    from yipay.trades.domain import Provenance
    from yipay.trades.forms import trade_form

    provenance = Provenance.MERCHANT if merchant_entered else Provenance.PLATFORM
    form = trade_form(read_json_arg(json_doc), provenance=provenance)
    c = container()
    with c.uow(actor="cli") as uow:
        trade = c.trades.register(uow, form)
        uow.commit()
    c.process()
    emit_json(trade_view(trade))


@app.command("list")
def list_trades(
    merchant: Annotated[str | None, typer.Option(help="Only this merchant's trades.")] = None,
    limit: int = typer.Option(50, min=1, max=1000),
) -> None:
    """List trades with their open balances."""
    from yipay.entrypoints.views import trade_view

    c = container()
    with c.uow() as uow:
        emit_json([trade_view(t) for t in c.trades.find(uow, merchant_id=merchant, limit=limit)])


@app.command("show")
def show(trade_id: str) -> None:
    """Show one trade."""
    from yipay.entrypoints.views import trade_view

    c = container()
    with c.uow() as uow:
        emit_json(trade_view(c.trades.get(uow, trade_id)))


@app.command("review")
def review(
    trade_id: str,
    approve: Annotated[bool, typer.Option("--approve/--reject", help="The operator's decision.")],
) -> None:
    """An operator's review of a merchant-entered trade; approval lets matched money through."""
    from yipay.entrypoints.views import trade_view

    c = container()
    with c.uow(actor="cli") as uow:
        trade = c.trades.verify(uow, trade_id, approve=approve)
        uow.commit()
    c.process()
    emit_json(trade_view(trade))
