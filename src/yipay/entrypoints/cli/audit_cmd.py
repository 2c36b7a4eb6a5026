"""`yipay audit`: seal and verify the hash-chained audit log."""

from __future__ import annotations

import typer

from yipay.entrypoints.cli.context import container, emit_json

app = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)


@app.command("seal")
def seal() -> None:
    """Seal committed rows into the chain (normally done after every job)."""
    typer.echo(f"{container().seal()} row(s) sealed")


@app.command("verify")
def verify() -> None:
    """Recompute the chain; an unsealed tail is tolerated. Exit 1 on any break."""
    c = container()
    with c.uow() as uow:
        report = c.audit.verify(uow)
    for problem in report.breaks:
        typer.echo(f"break: {problem}", err=True)
    typer.echo(f"{report.sealed} sealed, {report.unsealed} not yet sealed")
    if not report.ok:
        raise typer.Exit(1)


@app.command("trail")
def trail(subject: str) -> None:
    """Every audited event about one id (a payment, merchant, trade …)."""
    c = container()
    with c.uow() as uow:
        records = c.audit.trail(uow, subject)
    emit_json(
        [
            {
                "kind": r.kind,
                "actor": r.actor,
                "recorded_at": r.recorded_at.isoformat(),
                "seal": r.seal_seq,
                "payload": r.payload,
            }
            for r in records
        ]
    )
