"""`yipay`: the command line. Sub-commands live in their own modules and import lazily."""

from __future__ import annotations

import sys

import typer

from yipay.entrypoints.cli import (
    audit_cmd,
    db_cmd,
    demo_cmd,
    fx_cmd,
    intake_cmd,
    ledger_cmd,
    monitor_cmd,
    parties_cmd,
    payments_cmd,
    payouts_cmd,
    reconcile_cmd,
    reports_cmd,
    screen_cmd,
    serve_cmd,
    simulate_cmd,
    trades_cmd,
    users_cmd,
    watchlists_cmd,
)

app = typer.Typer(
    name="yipay",
    help="Cross-border collection, trade matching, FX settlement and monitoring for a market.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("demo")(demo_cmd.demo)
app.command("simulate")(simulate_cmd.simulate)
app.command("serve")(serve_cmd.serve)
app.command("reconcile")(reconcile_cmd.reconcile)
app.add_typer(db_cmd.app, name="db")
app.add_typer(parties_cmd.merchants, name="merchants")
app.add_typer(parties_cmd.buyers, name="buyers")
app.add_typer(trades_cmd.app, name="trades")
app.add_typer(intake_cmd.app, name="intake")
app.add_typer(payments_cmd.app, name="payments")
app.add_typer(fx_cmd.app, name="fx")
app.add_typer(payouts_cmd.app, name="payouts")
app.add_typer(ledger_cmd.app, name="ledger")
app.add_typer(monitor_cmd.app, name="monitor")
app.add_typer(reports_cmd.app, name="reports")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(users_cmd.app, name="users")
app.add_typer(watchlists_cmd.app, name="watchlists")
app.add_typer(screen_cmd.app, name="screen")


def run() -> None:
    """Console-script entry: our errors become one line and exit code 1; bugs still show."""
    from sqlalchemy.exc import SQLAlchemyError

    from yipay.core.errors import YipayError

    try:
        app(standalone_mode=True)
    except YipayError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        first = str(cause).splitlines()[0]
        typer.echo(f"error: database: {first}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    run()
