"""`yipay monitor`: batch monitoring over the platform's history."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yipay.entrypoints.cli.context import container, emit_json

app = typer.Typer(help="Transaction monitoring rules and alerts.", no_args_is_help=True)


@app.command("run")
def run(
    workdir: Annotated[Path | None, typer.Option(help="Where the Parquet history goes.")] = None,
) -> None:
    """Export history to Parquet and run every batch rule on DuckDB; raise the alerts found."""
    c = container()
    target = workdir or c.settings.data_dir / "monitoring"
    with c.uow(actor="monitor") as uow:
        result = c.monitoring.run_batch(uow, target)
        uow.commit()
    c.seal()
    typer.echo(f"{result.transactions} transaction(s) scanned; {len(result.alerts)} alert(s)")


@app.command("rules")
def rules() -> None:
    """The rule catalogue with parameters in force."""
    c = container()
    emit_json(
        [
            {
                "id": r.id,
                "version": r.version,
                "title": r.title,
                "typology": r.typology,
                "mode": r.mode.value,
                "severity": r.severity,
                "parameters": {k: str(v) for k, v in c.monitoring.params(r).items()},
            }
            for r in c.monitoring.catalogue.values()
        ]
    )


@app.command("alerts")
def alerts(
    rule: Annotated[str | None, typer.Option(help="Only this rule's alerts.")] = None,
    limit: int = typer.Option(50, min=1, max=1000),
) -> None:
    """List alerts."""
    from yipay.entrypoints.views import alert_view

    c = container()
    with c.uow() as uow:
        emit_json([alert_view(a) for a in c.alerts.find(uow, rule_id=rule, limit=limit)])
