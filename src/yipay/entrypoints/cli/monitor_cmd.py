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


@app.command("set")
def set_rule(
    rule_id: str,
    by: Annotated[str, typer.Option(help="Who changes it (a named user).")],
    reason: Annotated[str, typer.Option(help="Why (kept in the change log).")],
    mode: Annotated[str | None, typer.Option(help="monitor (record only) or active.")] = None,
    param: Annotated[
        list[str] | None, typer.Option(help="NAME=VALUE (repeatable); the default's value resets.")
    ] = None,
) -> None:
    """Change a rule's mode or parameters; every change is logged with who, when and why."""
    from yipay.entrypoints.cli.context import fail
    from yipay.entrypoints.views import rule_change_view
    from yipay.monitoring.domain import RuleMode

    if mode is not None and mode not in {m.value for m in RuleMode}:
        fail(f"--mode must be monitor or active, not {mode!r}")
    parameters: dict[str, str] = {}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            fail(f"--param {item!r} must be NAME=VALUE")
        parameters[name.strip()] = value
    c = container()
    with c.uow(actor=by) as uow:
        change = c.rule_settings.configure(
            uow,
            rule_id,
            by=by,
            reason=reason,
            mode=RuleMode(mode) if mode else None,
            parameters=parameters,
        )
        uow.commit()
    c.seal()
    emit_json(rule_change_view(change))


@app.command("changes")
def changes(
    rule: Annotated[str | None, typer.Option(help="Only this rule's changes.")] = None,
) -> None:
    """The log of rule changes, oldest first: who, when, why, values before and after."""
    from yipay.entrypoints.views import rule_change_view

    c = container()
    with c.uow() as uow:
        emit_json([rule_change_view(x) for x in c.rule_settings.changes(uow, rule)])
