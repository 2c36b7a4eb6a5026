"""`yipay fx`: the partner bank's rates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json, read_text

app = typer.Typer(help="FX rates from the partner bank.", no_args_is_help=True)


@app.command("import-rates")
def import_rates(
    path: Annotated[Path, typer.Argument(help="CSV with base,quote,bid,ask,source,as_of")],
) -> None:
    """Import a rates file, all rows or none."""
    from yipay.fx.rates_csv import parse_rates_csv

    rates = parse_rates_csv(read_text(path), name=str(path))
    c = container()
    with c.uow(actor="cli") as uow:
        added, known = c.fx.import_rates(uow, rates)
        uow.commit()
    typer.echo(f"{path}: {added} rate(s) added, {known} already known")


@app.command("rates")
def rates() -> None:
    """The latest rate of each currency against CNY."""
    c = container()
    with c.uow() as uow:
        table = c.fx.rate_table(uow)
    emit_json(
        [
            {
                "base": r.base,
                "quote": r.quote,
                "bid": str(r.bid),
                "ask": str(r.ask),
                "source": r.source,
                "as_of": r.as_of.isoformat(),
            }
            for r in sorted(table.rates.values(), key=lambda r: r.base)
        ]
    )


@app.command("quote")
def quote(
    merchant: Annotated[str, typer.Option(help="The merchant selling.")],
    currency: Annotated[str, typer.Option(help="The currency sold (from its wallet).")],
    payment: Annotated[
        list[str] | None, typer.Option(help="A credited payment to sell (repeatable); default all.")
    ] = None,
) -> None:
    """A 结汇 quote: bid − spread (by the merchant's grade), valid for a few minutes, once."""
    from yipay.entrypoints.views import quote_view

    c = container()
    with c.uow(actor="cli") as uow:
        found = c.payments.quote_settlement(uow, merchant, currency.upper(), payment or None)
        uow.commit()
    emit_json(quote_view(found))


@app.command("accept")
def accept(
    quote_id: str, by: Annotated[str, typer.Option(help="Who accepts (a named user).")]
) -> None:
    """Settle at a quote: conversion, then a CNY payout to the registered account."""
    from yipay.entrypoints.views import settlement_view

    c = container()
    with c.uow(actor=by) as uow:
        result = c.payments.accept_quote(uow, quote_id, by=by)
        uow.commit()
    c.process()
    emit_json(settlement_view(result))
