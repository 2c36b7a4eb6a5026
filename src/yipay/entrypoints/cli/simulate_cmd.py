"""`yipay simulate`: write a simulated market to files; `yipay simulate reconcile` writes a
labelled payment↔trade matching set (P.csv, T.csv, R.csv, truth.csv, relations.csv);
`yipay simulate transactions` writes a labelled monitoring dataset (transactions, trades, goods
lines with every laundering typology laid over the market, labels and a manifest)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yipay.entrypoints.cli.context import fail

_WHAT = ("market", "reconcile", "transactions")


def simulate(
    what: Annotated[
        str,
        typer.Argument(
            help="market: merchants, buyers, trades, payments, rates, labels; "
            "reconcile: a labelled matching set for `yipay reconcile`; "
            "transactions: a labelled monitoring dataset for `yipay monitor run`."
        ),
    ] = "market",
    days: Annotated[int, typer.Option(min=1, max=366, help="Days of market activity.")] = 7,
    merchants: Annotated[int, typer.Option(min=1, max=100_000, help="Market shops.")] = 100,
    payments: Annotated[
        int, typer.Option(min=1, max=10_000_000, help="reconcile: payments in the set.")
    ] = 5_000,
    seed: Annotated[
        int, typer.Option(min=0, help="Random seed: same seed, same market.")
    ] = 20261126,
    out: Annotated[Path, typer.Option(help="Directory for the CSV files.")] = Path(
        "data/simulated"
    ),
    transactions: Annotated[
        int,
        typer.Option(
            min=1_000, max=50_000_000, help="transactions: normal transactions in the dataset."
        ),
    ] = 50_000,
    window: Annotated[
        int, typer.Option(min=30, max=730, help="transactions: days the dataset covers.")
    ] = 180,
    file_format: Annotated[
        str, typer.Option("--format", help="transactions: csv or parquet data files.")
    ] = "csv",
    rate: Annotated[
        list[str] | None,
        typer.Option(
            help="transactions: PATTERN=RATE or TYPOLOGY=RATE (laundering transactions per "
            "normal one, e.g. cycle=0.0005); repeatable."
        ),
    ] = None,
) -> None:
    """Simulate a small-commodity market: merchants, buyers, trades, payments, rates, labels."""
    if what not in _WHAT:
        fail(f"unknown simulation {what!r}: choose {' or '.join(_WHAT)}")
    if what == "reconcile":
        _reconcile(seed, payments, out)
        return
    if what == "transactions":
        _transactions(seed, transactions, window, file_format, rate or [], out)
        return
    from yipay.simulate import SimulationConfig, write_dataset
    from yipay.simulate import simulate as run

    dataset = run(SimulationConfig(days=days, merchants=merchants, seed=seed))
    written = write_dataset(dataset, out)
    for name, rows in sorted(written.items()):
        typer.echo(f"{out / name}: {rows} row(s)")


def _reconcile(seed: int, payments: int, out: Path) -> None:
    from rich.progress import Progress

    from yipay.simulate.reconcile_records import ReconcileConfig
    from yipay.simulate.reconcile_writer import write_reconcile

    config = ReconcileConfig(seed=seed, payments=payments)
    try:
        with Progress(transient=True) as progress:
            task = progress.add_task("generating", total=payments)
            written = write_reconcile(config, out, lambda n: progress.advance(task, n))
    except OSError as exc:
        fail(f"{out}: {exc.strerror or exc}")
    for name, rows in written.items():
        typer.echo(f"{out / name}: {rows} row(s)")


def _transactions(
    seed: int, transactions: int, days: int, file_format: str, rates: list[str], out: Path
) -> None:
    from yipay.core.errors import InvalidInput
    from yipay.jobs.monitoring_dataset import write_monitoring_dataset
    from yipay.simulate.aml.config import AmlConfig, parse_rate_options, with_rates

    if file_format not in ("csv", "parquet"):
        fail(f"unknown format {file_format!r}: choose csv or parquet")
    try:
        config = with_rates(
            AmlConfig(seed=seed, transactions=transactions, days=days), parse_rate_options(rates)
        )
    except InvalidInput as exc:
        fail(str(exc))
    try:
        manifest = write_monitoring_dataset(config, out, file_format, typer.echo)
    except OSError as exc:
        fail(f"{out}: {exc.strerror or exc}")
    for name, file in sorted(manifest["files"].items()):
        typer.echo(f"{out / file}: {manifest['rows'][name]} row(s)")
    counts = manifest["transactions"]
    cases = sum(p["cases"] for p in manifest["patterns"].values())
    typer.echo(
        f"laundering: {counts['laundering']} of {manifest['rows']['transactions']} transactions "
        f"({counts['laundering_share']}) in {cases} case(s)"
    )
