"""`yipay demo`: a simulated market week through the whole main job, with a summary."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from yipay.jobs.demo import DemoSummary


def demo(
    days: Annotated[int, typer.Option(min=1, max=62, help="Days of market activity.")] = 7,
    merchants: Annotated[int, typer.Option(min=1, max=5000, help="Market shops.")] = 100,
    seed: Annotated[
        int, typer.Option(min=0, help="Random seed: same seed, same story.")
    ] = 20261126,
) -> None:
    """Simulate a week of the market; take the payments in, match, settle, monitor; summarise."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from yipay.jobs.demo import run_demo
    from yipay.settings import Settings
    from yipay.simulate import SimulationConfig

    config = SimulationConfig(days=days, merchants=merchants, seed=seed)
    console = Console()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, object] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)  # type: ignore[arg-type]

        summary = run_demo(Settings(), config, report)
    _print(console, summary)
    if summary.ledger_problems or not summary.audit_ok or not summary.backed:
        raise typer.Exit(1)


def _amount(minor: int, currency: str) -> str:
    from yipay.core.money import Money

    value: Decimal = Money.from_minor(minor, currency).amount
    return f"{value:,} {currency}"


def _print(console: Console, s: DemoSummary) -> None:
    from rich.table import Table

    cfg = s.config
    console.print(
        f"[bold]yipay demo[/]: {cfg.days} day(s) from {cfg.start}, {s.merchants} merchants,"
        f" {s.buyers} buyers, {s.trades} trade records, {s.payments} payments (seed {cfg.seed})"
    )
    console.print(
        f"  {s.bank_files_received} bank file(s) taken in (pacs.008, MT103, camt.053):"
        f" {s.payments} receipt(s), {s.duplicates} duplicate(s);"
        f" statements: {s.statement_lines} line(s), {s.statement_paired} paired,"
        f" {s.statement_breaks} break(s)"
    )
    states = Table("state", "currency", "payments", "amount", title="Payments by state")
    for state, cur, count, minor in s.by_state:
        states.add_row(state, cur, str(count), _amount(minor, cur))
    console.print(states)
    if s.waiting_reasons:
        reasons = Table("state", "why it waits", "payments", title="Money that has not moved on")
        for (state, reason), count in sorted(s.waiting_reasons.items()):
            reasons.add_row(state, reason, str(count))
        console.print(reasons)
    money = Table("sold", "settlements", "amount sold", "CNY paid out", title="Settlement (结汇)")
    for cur, count, sold, bought in s.settlements:
        money.add_row(cur, str(count), _amount(sold, cur), _amount(bought, "CNY"))
    console.print(money)
    if s.settlement_deferrals:
        console.print(f"  {s.settlement_deferrals} settlement(s) deferred to the next bank rate")
    payouts = Table(
        "payout state", "currency", "payouts", "amount", title="Payouts and returns to payers"
    )
    for state, cur, count, minor in s.payouts:
        payouts.add_row(state, cur, str(count), _amount(minor, cur))
    console.print(payouts)
    console.print(
        f"  {s.bank_files_sent} pain.001 file(s) sent, {s.bank_answers_applied} pain.002"
        f" answer(s) applied ({s.bank_dir}); {s.accounts_changed} settlement account(s) changed"
        f" under maker-checker after a rejected payout; {s.returns_to_payers} unmatched"
        " payment(s) returned to their payers after 5 days"
    )
    if s.watchlist is not None:
        source, version, entries = s.watchlist
        console.print(
            f"  screening: list {source} v{version} ({entries} fictional entries);"
            f" {s.held_on_names} payment(s) held on a payer's name hit, {s.frozen} frozen"
            " after the analyst confirmed the hit (the merchant sees only 'under review')"
        )
    alerts = Table("source", "rule", "alerts", title="Alerts by rule")
    for source, rule, count in s.alerts_by_rule:
        alerts.add_row(source, rule, str(count))
    console.print(alerts)
    console.print(
        f"  batch monitoring on DuckDB: {s.batch_alerts} rule alert(s);"
        f" same as real time: {'yes' if s.batch_matches_realtime else 'NO'}"
    )
    candidates = Table(
        "class",
        "currency",
        "candidates",
        "total",
        title="Large-value report candidates (not alerts)",
    )
    for cls, cur, count, minor in s.report_candidates:
        candidates.add_row(cls, cur, str(count), _amount(minor, cur))
    console.print(candidates)
    truth = Table(
        "injected typology",
        "outcome (payments by state; alerted)",
        title="Against the simulator's labels",
    )
    for typology, outcome in s.ground_truth.items():
        truth.add_row(typology, ", ".join(f"{k} {v}" for k, v in sorted(outcome.items())))
    console.print(truth)
    ledger = "ok" if not s.ledger_problems else "; ".join(s.ledger_problems)
    console.print(
        f"ledger: {ledger}; client money backed: {'yes' if s.backed else 'NO'};"
        f" audit chain: {s.audit_sealed} sealed, {'ok' if s.audit_ok else 'BROKEN'}"
    )
    console.print(
        f"\nBrowse it: [bold]make serve[/] (or `YIPAY_DATABASE_URL={s.database_url}"
        " yipay serve --host 127.0.0.1 --port 8000`), then e.g.\n"
        "  curl -H \"Authorization: Bearer $(python3 -c 'import json;print(json.load(open("
        f'"{s.keys_file}"))["demo-analyst"])\')" http://127.0.0.1:8000/alerts\n'
        f"API keys of the demo users are in {s.keys_file}"
    )
