"""`yipay trades`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json, fail, read_json_arg, read_text

app = typer.Typer(
    help="Trade records: register, import the platform feed, list, show, review, reports.",
    no_args_is_help=True,
)


@app.command("create")
def create(
    json_doc: Annotated[str, typer.Argument(help="The trade as JSON: inline, @FILE or -.")],
    merchant_entered: Annotated[
        bool, typer.Option("--merchant-entered", help="Entered by the merchant: awaits review.")
    ] = False,
) -> None:
    """Register a trade (by default as the market platform's record)."""
    from yipay.entrypoints.views import trade_record_view
    from yipay.trades.domain import Provenance
    from yipay.trades.forms import trade_form

    provenance = Provenance.MERCHANT if merchant_entered else Provenance.PLATFORM
    form = trade_form(read_json_arg(json_doc), provenance=provenance)
    c = container()
    with c.uow(actor="cli") as uow:
        trade = c.trades.register(uow, form)
        record = c.trades.record(uow, trade.id)
        uow.commit()
    c.process()
    emit_json(trade_record_view(record))


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
    """Show one trade with its goods lines, documents and declaration."""
    from yipay.entrypoints.views import trade_record_view

    c = container()
    with c.uow() as uow:
        emit_json(trade_record_view(c.trades.record(uow, trade_id)))


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


@app.command("import")
def import_feed(
    file: Annotated[Path, typer.Argument(help="The platform feed: JSON Lines, JSON or CSV.")],
    layout: Annotated[
        str | None,
        typer.Option("--format", help="jsonl, json or csv (default: from the file name)."),
    ] = None,
) -> None:
    """Import the market platform's records, all or nothing (docs/operations.md).

    Re-sent records are unchanged; a changed record is applied as the platform's amendment
    (the previous version kept) unless it contradicts the money already allocated."""
    from yipay.entrypoints.views import import_summary_view
    from yipay.trades.feed import layout_of, read_feed
    from yipay.trades.registry import PlatformRegistry

    text = read_text(file)
    chosen = (layout or layout_of(file.name, text)).lower()
    if chosen not in {"jsonl", "json", "csv"}:
        fail(f"--format must be jsonl, json or csv; got {layout!r}")
    lines = read_feed(text, chosen)
    c = container()
    with c.uow(actor="platform-feed") as uow:
        summary = PlatformRegistry(c.trades).import_feed(uow, lines, actor="platform-feed")
        if summary.ok:
            uow.commit()
        else:
            uow.rollback()
    if summary.ok:
        c.process()
    view = import_summary_view(summary)
    if not summary.ok:
        view |= {"imported": 0, "amended": 0, "unchanged": 0, "rolled_back": True}
    emit_json(view)
    if not summary.ok:
        for p in summary.problems:
            typer.echo(f"line {p.line}: {p.field}: {p.reason}", err=True)
        more = summary.problems_total - len(summary.problems)
        if more > 0:
            typer.echo(f"... and {more} more", err=True)
        fail(f"{file}: {summary.refused} record(s) refused; nothing was imported")


@app.command("add-document")
def add_document(
    trade_id: str,
    json_doc: Annotated[str, typer.Argument(help="The document as JSON: inline, @FILE or -.")],
    merchant_entered: Annotated[
        bool, typer.Option("--merchant-entered", help="Provided by the merchant.")
    ] = False,
) -> None:
    """Attach a document (waybill, bill of lading, air waybill, TIR carnet, invoice …)."""
    from yipay.entrypoints.views import trade_record_view
    from yipay.trades.domain import Provenance
    from yipay.trades.forms import document_form

    provenance = Provenance.MERCHANT if merchant_entered else Provenance.PLATFORM
    document = document_form(read_json_arg(json_doc))
    c = container()
    with c.uow(actor="cli") as uow:
        record = c.trades.add_document(uow, trade_id, document, provenance)
        uow.commit()
    emit_json(trade_record_view(record))


@app.command("overdue")
def overdue(
    merchant: Annotated[str | None, typer.Option(help="Only this merchant's trades.")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day to judge on (default: today).")
    ] = None,
) -> None:
    """Prepayment trades whose documents_due_by passed without an export document."""
    from yipay.core.clock import parse_date
    from yipay.entrypoints.views import overdue_view

    c = container()
    today: date = parse_date(as_of) if as_of else c.trades.today()
    with c.uow() as uow:
        found = c.trades.overdue(uow, merchant_id=merchant, today=today)
    emit_json([overdue_view(t, today) for t in found])


@app.command("check-9610")
def check_9610(
    merchant: Annotated[str | None, typer.Option(help="Only this merchant's orders.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write the breaks as CSV to this file.")
    ] = None,
    tolerance: Annotated[
        str, typer.Option(help="Charges tolerance in the order's currency.")
    ] = "50",
    export_days: Annotated[
        int, typer.Option("--export-days", min=0, help="Export due within N days of the order.")
    ] = 30,
) -> None:
    """三单 check of 9610 orders: order ↔ payment ↔ waybill; prints (or writes) the breaks."""
    from dataclasses import asdict

    from yipay.core.money import to_decimal
    from yipay.reporting.three_documents import CheckPolicy, ThreeDocumentCheck, breaks_csv

    policy = CheckPolicy(to_decimal(tolerance, what="tolerance"), export_days)
    c = container()
    with c.uow() as uow:
        breaks = ThreeDocumentCheck(c.trades, c.payments, c.parties).run(
            uow, merchant_id=merchant, policy=policy
        )
    if output is not None:
        output.write_text(breaks_csv(breaks), encoding="utf-8")
        typer.echo(f"{len(breaks)} break(s) written to {output}", err=True)
    else:
        emit_json([asdict(b) for b in breaks])
