"""`yipay payments`: take payments in (JSON), drive the spine, decide held money, settle."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json, fail, read_json_arg, read_text

app = typer.Typer(
    help="Inbound payments: receive, process, list, decide, settle.", no_args_is_help=True
)


@app.command("create")
def create(
    json_doc: Annotated[str, typer.Argument(help="One payment as JSON: inline, @FILE or -.")],
) -> None:
    """Receive one payment into suspense and process it through the spine."""
    from yipay.entrypoints.views import payment_view
    from yipay.intake.json_payment import parse_payment

    inbound = parse_payment(read_json_arg(json_doc))
    c = container()
    with c.uow(actor="cli") as uow:
        receipt = c.intake.receive(uow, inbound, channel="cli")
        uow.commit()
    c.process()
    with c.uow() as uow:
        view = payment_view(c.payments.get(uow, receipt.payment.id))
    view["duplicate"] = receipt.duplicate
    emit_json(view)


@app.command("import")
def import_file(
    path: Annotated[Path, typer.Argument(help="JSON Lines: one payment per line.")],
) -> None:
    """Receive every payment of a JSON Lines file, all or none, then process them."""
    from rich.progress import Progress

    from yipay.intake.service import parse_json_lines

    inbound = parse_json_lines(read_text(path).splitlines(), name=str(path))
    c = container()
    with c.uow(actor="cli") as uow:
        summary = c.intake.receive_all(uow, inbound, channel="file")
        uow.commit()
    with Progress(transient=True) as progress:
        task = progress.add_task("processing", total=None)
        report = c.process(on_step=lambda: progress.advance(task))
    typer.echo(
        f"{path}: {summary.received} received, {summary.duplicates} duplicate(s);"
        f" {report.processed} step(s) processed, {report.failed} failed"
    )


@app.command("process")
def process() -> None:
    """Resume every pending step (e.g. after a crash) until nothing is left."""
    report = container().process()
    typer.echo(f"{report.processed} step(s) processed, {report.failed} failed")
    for error in report.errors[:20]:
        typer.echo(f"  failed: {error}", err=True)


@app.command("list")
def list_payments(
    status: Annotated[str | None, typer.Option(help="Only payments in this state.")] = None,
    merchant: Annotated[str | None, typer.Option(help="Only this merchant's payments.")] = None,
    limit: int = typer.Option(50, min=1, max=1000),
) -> None:
    """List payments with their states."""
    from yipay.entrypoints.views import payment_view
    from yipay.payments.domain import PaymentStatus

    statuses = None
    if status:
        try:
            statuses = [PaymentStatus(status.lower())]
        except ValueError:
            fail(f"unknown status {status!r}; one of {', '.join(s.value for s in PaymentStatus)}")
    c = container()
    with c.uow() as uow:
        found = c.payments.find(uow, merchant_id=merchant, statuses=statuses, limit=limit)
        emit_json([payment_view(p) for p in found])


@app.command("show")
def show(payment_id: str) -> None:
    """Show one payment, its allocations, how it was matched (score, explanation) and holds."""
    from yipay.entrypoints.views import match_record_view, payment_view

    c = container()
    with c.uow() as uow:
        view = payment_view(c.payments.get(uow, payment_id))
        view["allocations"] = [
            {
                "trade_id": a.trade_id,
                "received": a.received.to_json(),
                "charges": a.charges.to_json(),
            }
            for a in c.trades.allocations_for_payment(uow, payment_id)
        ]
        record = c.matching.match_record(uow, payment_id)
        view["match"] = None if record is None else match_record_view(record)
        view["holds"] = [
            {
                "kind": h.kind.value,
                "status": h.status.value,
                "amount": h.amount.to_json(),
                "reason": h.reason,
            }
            for h in c.ledger.holds_for(uow, payment_id)
        ]
        emit_json(view)


@app.command("release")
def release(
    payment_id: str,
    analyst: Annotated[str, typer.Option(help="Who decides (a named user).")],
    reason: Annotated[str, typer.Option(help="Why the hit is a false positive.")],
) -> None:
    """Clear a held payment (false positive): the money goes on to matching."""
    _decide(payment_id, analyst, reason, release=True)


@app.command("freeze")
def freeze(
    payment_id: str,
    analyst: Annotated[str, typer.Option(help="Who decides (a named user).")],
    reason: Annotated[str, typer.Option(help="Why the hit is confirmed.")],
) -> None:
    """Confirm a hit: the money stays frozen under its compliance hold."""
    _decide(payment_id, analyst, reason, release=False)


def _decide(payment_id: str, analyst: str, reason: str, *, release: bool) -> None:
    from yipay.entrypoints.views import payment_view

    if not reason.strip():
        fail("a decision needs a reason")
    c = container()
    with c.uow(actor=analyst) as uow:
        if release:
            payment = c.screening.clear_payment(uow, payment_id, by=analyst, reason=reason)
        else:
            payment = c.screening.confirm_payment(uow, payment_id, by=analyst, reason=reason)
        uow.commit()
    c.process()
    emit_json(payment_view(payment))


@app.command("settle")
def settle(
    payment_id: str,
    by: Annotated[str, typer.Option(help="Who asks (a named user).")] = "cli",
) -> None:
    """结汇 of one credited payment: quote and accept at once, then the CNY payout."""
    from yipay.entrypoints.views import settlement_view

    c = container()
    with c.uow(actor=by) as uow:
        result = c.payments.settle(uow, payment_id, by=by)
        uow.commit()
    c.process()
    emit_json(settlement_view(result))


@app.command("return")
def return_to_payer(
    payment_id: str,
    by: Annotated[str, typer.Option(help="Who decides (a named user).")],
    reason: Annotated[str, typer.Option(help="Why the money goes back.")],
) -> None:
    """Send money back to the payer: from suspense, or matched/credited money whose match is
    undone first (never held, frozen or settled money)."""
    from yipay.entrypoints.views import payout_view

    c = container()
    with c.uow(actor=by) as uow:
        payout = c.matching.return_to_payer(uow, payment_id, by=by, reason=reason)
        uow.commit()
    c.process()
    emit_json(payout_view(payout))


@app.command("unmatch")
def unmatch(
    payment_id: str,
    by: Annotated[str, typer.Option(help="Who decides (a named user).")],
    reason: Annotated[str, typer.Option(help="Why the match is wrong.")],
) -> None:
    """Undo a match: allocations reversed, the money back in suspense (a credit reversed
    exactly); from then on people decide this payment, not the engine."""
    from yipay.entrypoints.views import payment_view

    c = container()
    with c.uow(actor=by) as uow:
        c.matching.unmatch(uow, payment_id, by=by, reason=reason)
        uow.commit()
    c.process()
    with c.uow() as uow:
        emit_json(payment_view(c.payments.get(uow, payment_id)))


@app.command("suggestions")
def suggestions(payment_id: str) -> None:
    """The engine's ranked suggestions (with scores) for a payment left in suspense."""
    from yipay.entrypoints.views import suggestion_view

    c = container()
    with c.uow() as uow:
        emit_json([suggestion_view(s) for s in c.matching.suggestions_for(uow, payment_id)])


@app.command("rematch")
def rematch(
    merchant: Annotated[
        list[str] | None, typer.Option(help="Only this merchant (repeatable); default: all.")
    ] = None,
) -> None:
    """Batch re-matching: each merchant's waiting payments and unconfirmed, unsettled engine
    matches solved together; only which trades a matched payment consumes may change."""
    from yipay.matching.batch import BatchRematch

    c = container()
    with c.uow(actor="rematch") as uow:
        report = BatchRematch(c.matching).run(uow, merchant)
        uow.commit()
    c.process()
    emit_json(
        {
            "merchants": report.merchants,
            "newly_matched": report.newly_matched,
            "re_optimised": report.re_optimised,
            "kept_as_they_were": report.kept,
            "still_waiting": report.waiting,
        }
    )


@app.command("match")
def match(
    payment_id: str,
    trade: Annotated[str, typer.Option(help="The trade the money pays.")],
    by: Annotated[str, typer.Option(help="Who decides (a named user).")],
    reason: Annotated[str, typer.Option(help="Why this payment is for this trade.")],
) -> None:
    """Match money in suspense to a trade of its merchant (gross; never held or frozen money)."""
    from yipay.entrypoints.views import payment_view

    c = container()
    with c.uow(actor=by) as uow:
        c.matching.confirm_match(uow, payment_id, trade, by=by, reason=reason)
        uow.commit()
    c.process()
    with c.uow() as uow:
        emit_json(payment_view(c.payments.get(uow, payment_id)))


@app.command("claim")
def claim(
    payment_id: str,
    trade: Annotated[str, typer.Option(help="The merchant's trade the payment is for.")],
    evidence: Annotated[str, typer.Option(help="What shows it (order, chat, invoice).")],
    by: Annotated[str, typer.Option(help="Who claims (a named user).")],
) -> None:
    """File a merchant's claim that a payment in suspense is for one of its trades."""
    from yipay.entrypoints.views import claim_view

    c = container()
    with c.uow(actor=by) as uow:
        filed = c.matching.file_claim(uow, payment_id, trade, evidence=evidence, by=by)
        uow.commit()
    emit_json(claim_view(filed))


@app.command("claims")
def claims(
    status: Annotated[str | None, typer.Option(help="open, approved or rejected.")] = None,
    merchant: Annotated[str | None, typer.Option(help="Only this merchant's claims.")] = None,
    limit: int = typer.Option(100, min=1, max=1000),
) -> None:
    """Merchants' claims on payments in suspense."""
    from yipay.entrypoints.views import claim_view
    from yipay.matching.domain import ClaimStatus

    wanted = None
    if status:
        try:
            wanted = ClaimStatus(status.lower())
        except ValueError:
            fail(f"unknown status {status!r}; one of {', '.join(s.value for s in ClaimStatus)}")
    c = container()
    with c.uow() as uow:
        found = c.matching.find_claims(uow, status=wanted, merchant_id=merchant, limit=limit)
        emit_json([claim_view(x) for x in found])


@app.command("decide-claim")
def decide_claim(
    claim_id: str,
    by: Annotated[str, typer.Option(help="The reviewer (not the claimant).")],
    approve: Annotated[bool, typer.Option("--approve/--reject")],
    reason: Annotated[str, typer.Option(help="Why.")],
) -> None:
    """Approve (the match) or reject (the money stays in suspense) a claim."""
    from yipay.entrypoints.views import claim_view

    c = container()
    with c.uow(actor=by) as uow:
        decided = c.matching.decide_claim(uow, claim_id, approve=approve, by=by, reason=reason)
        uow.commit()
    c.process()
    emit_json(claim_view(decided))


@app.command("suspense")
def suspense(
    older_than: Annotated[
        int, typer.Option("--older-than", min=0, help="At least this many days (Shanghai).")
    ] = 0,
    merchant: Annotated[str | None, typer.Option(help="Only this merchant's money.")] = None,
) -> None:
    """Money in suspense, oldest first: age in days, reason, suggestion or open claim."""
    from yipay.entrypoints.views import suspense_view

    c = container()
    with c.uow() as uow:
        items = c.matching.suspense(uow, older_than_days=older_than, merchant_id=merchant)
        emit_json([suspense_view(item) for item in items])
