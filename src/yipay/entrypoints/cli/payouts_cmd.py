"""`yipay payouts`: approve, export as pain.001, apply the bank's answers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json, fail, read_bytes

app = typer.Typer(
    help="Outbound payouts and returns: approve, export, bank answers.", no_args_is_help=True
)


@app.command("list")
def list_payouts(
    status: Annotated[str | None, typer.Option(help="Only payouts in this state.")] = None,
    merchant: Annotated[str | None, typer.Option(help="Only this merchant's payouts.")] = None,
    limit: int = typer.Option(50, min=1, max=1000),
) -> None:
    """List payouts with their states."""
    from yipay.entrypoints.views import payout_view
    from yipay.payouts.domain import PayoutStatus

    statuses = None
    if status:
        try:
            statuses = [PayoutStatus(status.lower())]
        except ValueError:
            fail(f"unknown status {status!r}; one of {', '.join(s.value for s in PayoutStatus)}")
    c = container()
    with c.uow() as uow:
        found = c.payouts.find(uow, statuses=statuses, merchant_id=merchant, limit=limit)
    emit_json([payout_view(p) for p in found])


@app.command("approve")
def approve(
    payout_id: str,
    by: Annotated[str, typer.Option(help="The approving user (not the one who asked).")],
) -> None:
    """The checker's approval: the money moves from the wallet to in-transit."""
    from yipay.entrypoints.views import payout_view

    c = container()
    with c.uow(actor=by) as uow:
        payout = c.payouts.approve(uow, payout_id, by=by)
        uow.commit()
    c.process()
    emit_json(payout_view(payout))


@app.command("decline")
def decline(
    payout_id: str,
    by: Annotated[str, typer.Option(help="The deciding user.")],
    reason: Annotated[str, typer.Option(help="Why.")],
) -> None:
    """Decline a payout waiting for approval; its hold is voided."""
    from yipay.entrypoints.views import payout_view

    if not reason.strip():
        fail("declining needs a reason")
    c = container()
    with c.uow(actor=by) as uow:
        payout = c.payouts.decline(uow, payout_id, by=by, reason=reason)
        uow.commit()
    c.process()
    emit_json(payout_view(payout))


@app.command("export")
def export(
    out: Annotated[Path, typer.Option(help="Directory for the pain.001 files.")],
) -> None:
    """Write every approved payout into pain.001 files (one per currency) for the bank."""
    from yipay.adapters.files import staged_files

    c = container()
    with staged_files(out) as stage, c.uow(actor="export") as uow:
        files = c.payouts.export(uow)
        for item in files:  # files appear only once the payouts are committed as sent
            stage.write(f"{item.message_id}.pain001.xml", item.document)
        uow.commit()
    c.seal()
    for item in files:
        typer.echo(f"{out / (item.message_id + '.pain001.xml')}: {len(item.payouts)} payout(s)")
    if not files:
        typer.echo("no approved payouts to send")


@app.command("status")
def status(
    paths: Annotated[list[Path], typer.Argument(help="pain.002, pacs.002, pacs.004 or camt.054")],
) -> None:
    """Apply the bank's answers: confirm or return payouts; a repeated file changes nothing."""
    from yipay.adapters.iso20022 import parse_status

    c = container()
    parsed = [(path, parse_status(read_bytes(path), name=str(path))) for path in paths]
    with c.uow(actor="bank") as uow:
        outcomes = [(path, c.payouts.apply_status(uow, events)) for path, events in parsed]
        uow.commit()
    c.process()
    for path, outcome in outcomes:
        typer.echo(
            f"{path}: {len(outcome.applied)} applied, {len(outcome.unchanged)} unchanged,"
            f" {len(outcome.unmatched)} unmatched, {len(outcome.review)} for review"
        )
        for line in outcome.review:
            typer.echo(f"  review: {line}", err=True)
